#!/usr/bin/env bash
# Starts the TLS host on loopback (HTTPS + redirect-only HTTP, test CA from devcert) and runs
# scan.mjs against it. Usage: run.sh HOST_BINARY DIST CERT_DIR
set -euo pipefail
bin=$1 dist=$2 certs=$3
here=$(cd "$(dirname "$0")" && pwd)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
https_port=$(free_port) http_port=$(free_port)
"$bin" -dir "$dist" -tls-addr "127.0.0.1:$https_port" -redirect-addr "127.0.0.1:$http_port" \
	-cert "$certs/cert.pem" -key "$certs/key.pem" >/dev/null 2>"$certs/host.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
	curl -s -o /dev/null --cacert "$certs/ca.pem" "https://localhost:$https_port/" && break
	sleep 0.1
done
# The package's npx wrapper overwrites NODE_EXTRA_CA_CERTS, so node runs the script directly.
# The hosted Observatory grades only "/"; here every language's home and simulator page is
# graded, and the security documents (the pages the city links to its own site).
cd "$here"
for path in / /simulator/ /en/ /en/simulator/ /easy/ /easy/simulator/ /security/operations/; do
NODE_EXTRA_CA_CERTS="$certs/ca.pem" node scan.mjs "$http_port" "$https_port" "$path" | tee "$certs/observatory${path//\//-}json" |
	node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);
	for (const [k,t] of Object.entries(r.tests)) console.log((t.pass?"pass ":"FAIL ")+String(t.modifier).padStart(4)+"  "+k+"  "+t.result);
	console.log("Observatory "+r.path+": grade "+r.grade+", score "+r.score+", "+r.passed+"/"+r.of+" tests passed (HTTP status "+r.status+")");})'
done
