# zeisim: two commands do everything on a fresh Debian machine.
#   make run    build the site and serve it on http://127.0.0.1:8080/
#   make test   install what the tests need, then vet, unit, wasm and browser tests
SHELL := /bin/bash
GO ?= go
DIST ?= dist
ADDR ?= 127.0.0.1:8080
CHROMIUM ?= /usr/bin/chromium
NODE ?= node

.PHONY: all build run dev repro test deps check unit test-wasm e2e bench bench-sim fuzz bench-deps bench-host bench-site observatory lighthouse clean audit sbom update-report environment-report

all: build

# The browser the suites run against goes into 様式第2号 (when it is installed).
TESTED_BROWSER = $(shell $(CHROMIUM) --version 2>/dev/null)

build:
	$(GO) run ./generator -out $(DIST) -tested-browser "$(TESTED_BROWSER)"

run: build
	$(GO) run ./host -dir $(DIST) -addr $(ADDR)

# dev rebuilds on every change under content/, site/ and wasm/ (drafts included) and serves
# the site with the real host's headers. MUNICIPALITY=141003 builds the 横浜市 site.
dev:
	$(GO) run ./dev -out $(DIST) -addr $(ADDR) $(if $(MUNICIPALITY),-municipality $(MUNICIPALITY))

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
	@missing=""; \
	for need in chromium:chromium brotli:brotli openssl:openssl $(NODE):nodejs java:default-jre-headless nft:nftables ip:iproute2; do \
		command -v $${need%%:*} >/dev/null || missing="$$missing $${need#*:}"; \
	done; \
	fc-list 2>/dev/null | grep -qi ipa || missing="$$missing fonts-ipafont-gothic fontconfig"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@# axe-core (run inside the browser by the e2e suite), the Nu Html Checker (vnu-jar, run with
	@# the machine's Java) and the TypeScript checker, pinned in e2e/package-lock.json;
	@# --ignore-scripts because install scripts would reach the internet.
	cd e2e && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/...
	$(NODE) e2e/node_modules/typescript/bin/tsc -p site/assets/ts
	$(NODE) e2e/node_modules/typescript/bin/tsc -p site/assets/sw

unit:
	$(GO) test ./wasm/... ./generator/... ./host/... ./layering/... ./dev/... ./distconf/...

# The engine's tests again, compiled to WebAssembly and run under Node: catches any
# platform difference between the native and the browser build.
# They run compiled with the shipped module's flags (the generator prints them) and packed
# as it is (generator/cmd/wasmpack).
test-wasm:
	flags=$$($(GO) run ./generator -print-wasm-flags) && \
	$(GO) build -o /tmp/zeisim-wasmpack ./generator/cmd/wasmpack && \
	eval GOOS=js GOARCH=wasm $(GO) test "$$flags" "-exec='/tmp/zeisim-wasmpack -exec'" ./wasm/tax/...

# The browser suites (simulator, offline, privacy, CSP, accessibility, HTML validity,
# operations). A failing test leaves a screenshot and what the page said in
# e2e/artifacts/<test>/ (cleared first, so what is there belongs to this run).
# ZEISIM_E2E_URL=https://... runs them against a deployed site instead of a fresh build.
E2E_TIMEOUT ?= 60m
e2e:
	rm -rf e2e/artifacts
	ZEISIM_CHROMIUM=$(CHROMIUM) $(GO) test -count=1 -timeout $(E2E_TIMEOUT) ./e2e/...

bench: bench-deps bench-site
	$(GO) test -run '^$$' -bench . -benchmem ./wasm/... ./host/...
	@$(MAKE) --no-print-directory bench-host
	@flags=$$($(GO) run ./generator -print-wasm-flags) && \
	eval GOOS=js GOARCH=wasm $(GO) build "$$flags" -o /tmp/zeisim-tax.wasm ./wasm && \
	$(GO) build -o /tmp/zeisim-wasmpack ./generator/cmd/wasmpack && \
	/tmp/zeisim-wasmpack /tmp/zeisim-tax.wasm /tmp/zeisim-tax-packed.wasm && \
	raw=$$(stat -c %s /tmp/zeisim-tax-packed.wasm) && \
	gz=$$(gzip -9 -c /tmp/zeisim-tax-packed.wasm | wc -c) && \
	br=$$( (command -v brotli >/dev/null && brotli -q 11 -c /tmp/zeisim-tax-packed.wasm || echo) | wc -c) && \
	printf 'package main\n\nimport "syscall/js"\n\nfunc main() {\n\tjs.Global().Set("hello", js.FuncOf(func(js.Value, []js.Value) any { return "hi" }))\n\tselect {}\n}\n' > /tmp/zeisim-hello.go && \
	eval GOOS=js GOARCH=wasm $(GO) build "$$flags" -o /tmp/zeisim-hello.wasm /tmp/zeisim-hello.go && \
	anchor=$$( (command -v brotli >/dev/null && brotli -q 11 -c /tmp/zeisim-hello.wasm || echo) | wc -c) && \
	/tmp/zeisim-wasmpack /tmp/zeisim-hello.wasm /tmp/zeisim-hello-packed.wasm && \
	packed=$$( (command -v brotli >/dev/null && brotli -q 11 -c /tmp/zeisim-hello-packed.wasm || echo) | wc -c) && \
	echo "wasm size (packed as shipped): raw $$raw bytes, gzip -9 $$gz bytes, brotli -q11 $$br bytes" && \
	echo "wasm brotli: ours $$br B, anchor (Go's syscall/js hello, same flags) $$anchor B as linked, $$packed B packed the same way; ratio $$(awk "BEGIN{printf \"%.3f\", $$br/$$anchor}") to the first, $$(awk "BEGIN{printf \"%.3f\", $$br/$$packed}") to the second (target 500,000 B)"
	@$(MAKE) --no-print-directory bench-sim
	@$(MAKE) --no-print-directory lighthouse

# The simulator in headless Chromium: navigation → first result (first visit, cold, warm), one
# recomputation, the chart; alone, it needs neither wrk nor nginx. BENCHTIME=20x for steadier
# figures on a busy machine.
BENCHTIME ?= 10x
bench-sim:
	ZEISIM_CHROMIUM=$(CHROMIUM) $(GO) test -run '^$$' -bench Simulator -benchtime $(BENCHTIME) ./e2e/

# fuzz runs the engine's fuzz targets for FUZZTIME each (a short seed-corpus run is part of unit).
FUZZTIME ?= 60s
# It also runs the differential against the independent reference (wasm/reference) on
# DIFF_N random households (make test runs 10,000).
DIFF_N ?= 200000
fuzz:
	for f in FuzzJSONReader FuzzAssessJSON FuzzAssess; do \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) ./wasm/tax || exit 1; \
	done
	$(GO) test -run '^$$' -fuzz '^FuzzMerge$$' -fuzztime $(FUZZTIME) ./generator/wasmdata
	ZEISIM_DIFF_N=$(DIFF_N) $(GO) test -count=1 -v -run TestDifferential ./wasm/reference | grep -E 'differential|^(ok|FAIL)'


# wrk, nginx and its brotli_static module for the host-vs-nginx comparison, Hugo for the
# generator's (not needed by make test).
bench-deps:
	@if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null || ! command -v hugo >/dev/null || ! [ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]; then \
		echo "installing wrk, nginx, libnginx-mod-http-brotli-static, hugo"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx libnginx-mod-http-brotli-static hugo >/dev/null; \
	fi

# Our host against nginx on the same dist/ with the same headers, loopback only, bounded runs.
bench-host: build
	@$(GO) build -trimpath -o /tmp/zeisim-host ./host
	$(GO) run ./host/cmd/hostbench -dist $(DIST) -host /tmp/zeisim-host -d 5s -rounds 2

# Lighthouse (mobile, simulated throttling) on six pages, medians of RUNS (default 3).
RUNS ?= 3
lighthouse: build
	@# npm install, not ci: npm 11 writes a lock for lighthouse that its own ci calls out of sync
	@# (third-party-web); lighthouse itself is pinned exactly.
	cd e2e/lighthouse && npm install --ignore-scripts --no-audit --no-fund --loglevel=error
	@$(GO) build -trimpath -o /tmp/zeisim-host ./host
	CHROMIUM=$(CHROMIUM) bash e2e/lighthouse/run.sh /tmp/zeisim-host $(DIST) $(RUNS)

# The MDN HTTP Observatory against the TLS host on loopback, with a throwaway test CA.
observatory: build
	cd host/observatory && npm ci --ignore-scripts --no-audit --no-fund >/dev/null && \
		echo '{}' > node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json
	@$(GO) build -trimpath -o /tmp/zeisim-host ./host
	$(GO) run ./host/cmd/devcert -dir /tmp/zeisim-observatory
	bash host/observatory/run.sh /tmp/zeisim-host $(DIST) /tmp/zeisim-observatory

# bench-site: the real site's build (engine link reported apart), 1,000 synthetic pages,
# and Hugo on the same pages (installed by bench-deps).
bench-site:
	$(GO) test -run '^$$' -bench . -benchtime 5x ./generator/...
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	echo "real site, cold compression cache:" && $(GO) run ./generator -out $$tmp/dist -cache $$tmp/cache -timings && \
	echo "real site, warm cache:" && $(GO) run ./generator -out $$tmp/dist -cache $$tmp/cache -timings

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

# sbom writes a CycloneDX bill of materials of the host and generator binaries.
sbom:
	@mkdir -p bin $(DIST)/conf
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/host ./host
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/generator ./generator
	$(GO) run ./generator/cmd/reports sbom -o $(DIST)/conf/sbom.cdx.json bin/host bin/generator
	@echo "sbom: $(DIST)/conf/sbom.cdx.json"

# update-report writes 様式第3号 (the monthly software update report) from two builds: last
# month's (its folder, or its conf/environment.json) and this one:
#   make update-report PREV=/srv/zeisim/dist-2026-11 DATE=2026-12-10
update-report: build
	$(GO) run ./generator/cmd/reports update -prev $(PREV) -cur $(DIST) -date $(DATE) -o $(DIST)/conf/update-report.csv
	@echo "様式第3号: $(DIST)/conf/update-report.csv"

# environment-report writes 様式第2号 with the TLS facts of the running host (its -admin-addr):
#   make environment-report ADMIN=http://127.0.0.1:9090
environment-report:
	$(GO) run ./generator/cmd/reports environment -cur $(DIST) -running $(ADMIN) -o $(DIST)/conf/environment-running.csv
	@echo "様式第2号: $(DIST)/conf/environment-running.csv"
