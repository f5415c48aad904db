package loadbench

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"zeisim/distconf"
)

// brotliModule is Debian's ngx_brotli static module (libnginx-mod-http-brotli-static): with
// it nginx sends the same .br sidecars our host sends to a client that offers br.
const brotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"

func haveBrotliModule() bool {
	_, err := os.Stat(brotliModule)
	return err == nil
}

// endpoints are where nginx listens and the certificate its TLS listener uses.
type endpoints struct {
	http, https, cert, key string
	brotli                 bool
}

// nginxConf renders a hardened nginx configuration equivalent to our host: same headers
// (add_header ... always, repeated per location as nginx requires), GET/HEAD only, dotfiles
// denied, precompressed sidecars (gzip_static, and brotli_static when the module is
// installed), sendfile, same timeouts and header cap, a JSON-ish access log buffered like
// ours; TLS with the host's CRYPTREC suites and groups (host/tlsconf).
func nginxConf(dist, tmp string, ep endpoints) (string, error) {
	c, err := distconf.Read(dist)
	if err != nil {
		return "", err
	}
	hs := c.Headers
	headers := func(extra map[string]string) string {
		all := maps.Clone(hs.All)
		maps.Copy(all, extra)
		var s strings.Builder
		for _, k := range slices.Sorted(maps.Keys(all)) {
			fmt.Fprintf(&s, "      add_header %s %q always;\n", k, all[k])
		}
		return s.String()
	}
	var w strings.Builder
	if ep.brotli {
		fmt.Fprintf(&w, "load_module %s;\n", brotliModule)
	}
	fmt.Fprintf(&w, `worker_processes auto;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 4096; }
http {
  server_tokens off;
  sendfile on;
  tcp_nopush on;
  types {
    text/html html; text/css css; text/javascript js mjs; application/json json; application/wasm wasm;
    image/svg+xml svg; image/png png; image/x-icon ico; text/plain txt; application/xml xml;
    application/manifest+json webmanifest; font/woff2 woff2;
  }
  charset utf-8;
  charset_types text/css text/javascript text/plain;
  default_type application/octet-stream;
  client_header_timeout 5s;
  client_body_timeout 10s;
  send_timeout 60s;
  keepalive_timeout 60s;
  keepalive_requests 1000000;
  large_client_header_buffers 4 16k;
  client_max_body_size 1k;
  gzip_static on;
%[4]s
  limit_req_zone $binary_remote_addr zone=perclient:10m rate=1000000r/s;
  log_format json escape=json '{"time":"$time_iso8601","client":"$remote_addr","method":"$request_method","path":"$uri","status":$status,"bytes":$body_bytes_sent,"duration_ms":$request_time,"ua":"$http_user_agent"}';
  access_log %[1]s/access.log json buffer=64k flush=1s;
  client_body_temp_path %[1]s/body; proxy_temp_path %[1]s/proxy; fastcgi_temp_path %[1]s/fastcgi;
  uwsgi_temp_path %[1]s/uwsgi; scgi_temp_path %[1]s/scgi;
  server {
    listen %[2]s;
    listen %[5]s ssl;
    ssl_certificate %[6]s;
    ssl_certificate_key %[7]s;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384;
    ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384;
    ssl_ecdh_curve prime256v1:secp384r1;
    ssl_session_cache shared:SSL:10m;
    root %[3]s;
    index index.html;
    limit_req zone=perclient burst=1000000 nodelay;
    location ~ /\. { return 404; }
`, tmp, ep.http, filepath.Join(dist, "public"), brotliStatic(ep.brotli), ep.https, ep.cert, ep.key)
	for _, r := range hs.Rules {
		fmt.Fprintf(&w, "    location ^~ %s {\n      limit_except GET { deny all; }\n%s    }\n", r.Prefix, headers(r.Headers))
	}
	fmt.Fprintf(&w, "    location / {\n      limit_except GET { deny all; }\n%s    }\n  }\n}\n", headers(hs.Default))
	file := filepath.Join(tmp, "nginx.conf")
	return file, os.WriteFile(file, []byte(w.String()), 0o644)
}

func brotliStatic(on bool) string {
	if on {
		return "  brotli_static on;"
	}
	return ""
}
