# zeisim: two commands do everything on a fresh Debian machine.
#   make run    build the site and serve it on http://127.0.0.1:8080/
#   make test   install what the tests need, then vet, unit, wasm and browser tests
SHELL := /bin/bash
GO ?= go
DIST ?= dist
ADDR ?= 127.0.0.1:8080
CHROMIUM ?= /usr/bin/chromium
NODE ?= node

.PHONY: all build run dev repro test deps check unit test-wasm e2e bench bench-site clean

all: build

build:
	$(GO) run ./generator -out $(DIST)

run: build
	$(GO) run ./host -dir $(DIST) -addr $(ADDR)

# dev rebuilds on every change under content/, site/ and wasm/ (drafts included) and serves
# the site with the real host's headers. MUNICIPALITY=141003 builds the 横浜市 site.
dev:
	$(GO) run ./generator -dev -out $(DIST) -addr $(ADDR) $(if $(MUNICIPALITY),-municipality $(MUNICIPALITY))

# repro builds the site twice from empty caches into two folders and compares them byte
# for byte.
repro:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(GO) run ./generator -out $$tmp/one -cache $$tmp/cache-one >/dev/null && \
	$(GO) run ./generator -out $$tmp/two -cache '' >/dev/null && \
	diff -r $$tmp/one $$tmp/two && \
	echo "repro: two builds are byte-identical ($$(find $$tmp/one -type f | wc -l) files)"

test: deps check unit test-wasm e2e

# deps installs what a fresh Debian machine lacks for the tests: Chromium and a Japanese
# font (without one, screenshots show boxes and contrast checks cannot measure text).
deps:
	@if [ ! -x $(CHROMIUM) ] || ! fc-list 2>/dev/null | grep -qi ipa || ! command -v $(NODE) >/dev/null; then \
		echo "installing chromium, fonts-ipafont-gothic, nodejs"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-ipafont-gothic nodejs >/dev/null; \
	fi

check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/...

unit:
	$(GO) test ./wasm/... ./generator/... ./host/...

# The engine's tests again, compiled to WebAssembly and run under Node: catches any
# platform difference between the native and the browser build.
test-wasm:
	GOOS=js GOARCH=wasm $(GO) test -exec="$$($(GO) env GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm/tax/...

e2e:
	ZEISIM_CHROMIUM=$(CHROMIUM) $(GO) test -count=1 ./e2e/...

bench: bench-site
	$(GO) test -run '^$$' -bench . -benchmem ./wasm/... ./host/...
	@GOOS=js GOARCH=wasm $(GO) build -trimpath -buildvcs=false -ldflags='-s -w' -o /tmp/zeisim-tax.wasm ./wasm && \
	raw=$$(stat -c %s /tmp/zeisim-tax.wasm) && \
	gz=$$(gzip -9 -c /tmp/zeisim-tax.wasm | wc -c) && \
	br=$$( (command -v brotli >/dev/null && brotli -q 11 -c /tmp/zeisim-tax.wasm || echo) | wc -c) && \
	echo "wasm size: raw $$raw bytes, gzip -9 $$gz bytes, brotli -q11 $$br bytes"

# bench-site: the real site's build (engine link reported apart), 1,000 synthetic pages,
# and Hugo on the same pages when it is installed (apt-get install hugo).
bench-site:
	$(GO) test -run '^$$' -bench . -benchtime 5x ./generator/...
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	echo "real site, cold compression cache:" && $(GO) run ./generator -out $$tmp/dist -cache $$tmp/cache -timings && \
	echo "real site, warm cache:" && $(GO) run ./generator -out $$tmp/dist -cache $$tmp/cache -timings

clean:
	rm -rf $(DIST)
