#!/usr/bin/env bash
# Lighthouse, mobile with its simulated throttling (4x CPU, slow 4G), in the machine's
# Chromium, against our host serving DIST on loopback. Each page RUNS times; the median of
# each figure is printed beside the target (performance 95, accessibility, best practices and
# SEO 100). Lighthouse's figures move from run to run on a busy machine: read medians.
# Usage: run.sh HOST_BINARY DIST [RUNS]
set -euo pipefail
bin=$1 dist=$2 runs=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$bin" -dir "$dist" -addr "127.0.0.1:$port" -rate 0 >/dev/null 2>"$out/host.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$out"' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
for path in / /simulator/ /en/simulator/ /easy/simulator/ /guide/ /payment/; do
	for i in $(seq "$runs"); do
		CHROME_PATH=${CHROMIUM:-/usr/bin/chromium} "$here/node_modules/.bin/lighthouse" "http://127.0.0.1:$port$path" --quiet \
			--output=json --output-path="$out/r$i.json" --only-categories=performance,accessibility,best-practices,seo \
			--chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>&1
	done
	node -e '
		const fs = require("fs"), [dir, runs, path] = process.argv.slice(1);
		const rs = [...Array(+runs).keys()].map((i) => JSON.parse(fs.readFileSync(dir + "/r" + (i + 1) + ".json")));
		const med = (f) => { const v = rs.map(f).sort((a, b) => a - b); return v[(v.length - 1) >> 1]; };
		const c = (k) => med((r) => Math.round(r.categories[k].score * 100));
		const a = (k) => Math.round(med((r) => r.audits[k].numericValue));
		console.log(`lighthouse ${path}: performance ${c("performance")} (target 95) · accessibility ${c("accessibility")} · best practices ${c("best-practices")} · SEO ${c("seo")} (targets 100) · TBT ${a("total-blocking-time")} ms (target 150) · LCP ${a("largest-contentful-paint")} ms · CLS ${med((r) => r.audits["cumulative-layout-shift"].numericValue).toFixed(3)} · median of ${runs}`);
	' "$out" "$runs" "$path"
done
