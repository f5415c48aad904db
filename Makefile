# zeisim: two commands do everything on a fresh Debian machine.
#   make run    build the site and serve it on http://127.0.0.1:8080/
#   make test   install what the tests need, then vet, unit, wasm and browser tests
SHELL := /bin/bash
GO ?= go
DIST ?= dist
ADDR ?= 127.0.0.1:8080
CHROMIUM ?= /usr/bin/chromium
NODE ?= node

.PHONY: all build run test deps check unit test-wasm e2e bench clean audit

all: build

build:
	$(GO) run ./generator -out $(DIST)

run: build
	$(GO) run ./host -dir $(DIST) -addr $(ADDR)

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

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./wasm/... ./generator/... ./host/...
	@GOOS=js GOARCH=wasm $(GO) build -trimpath -buildvcs=false -ldflags='-s -w' -o /tmp/zeisim-tax.wasm ./wasm && \
	raw=$$(stat -c %s /tmp/zeisim-tax.wasm) && \
	gz=$$(gzip -9 -c /tmp/zeisim-tax.wasm | wc -c) && \
	br=$$( (command -v brotli >/dev/null && brotli -q 11 -c /tmp/zeisim-tax.wasm || echo) | wc -c) && \
	echo "wasm size: raw $$raw bytes, gzip -9 $$gz bytes, brotli -q11 $$br bytes"

clean:
	rm -rf $(DIST)

# audit checks the modules against the Go vulnerability database. The database is on the
# open internet: where it cannot be reached, say so plainly instead of passing silently.
# Point GOVULNDB at a mirror (file:///path or https://...) on a closed network.
GOVULNCHECK ?= golang.org/x/vuln/cmd/govulncheck@v1.1.4
audit:
	@out=$$($(GO) run $(GOVULNCHECK) $${GOVULNDB:+-db $$GOVULNDB} ./... 2>&1); rc=$$?; \
	if echo "$$out" | grep -q 'fetching vulnerabilities'; then \
		echo "audit: NOT CHECKED: the vulnerability database cannot be reached from this machine."; \
		echo "audit: set GOVULNDB=file:///path/to/mirror (or an https mirror) and run make audit again."; \
		echo "$$out" | tail -1; exit 2; \
	fi; echo "$$out"; exit $$rc
