// Package testsite builds small generator-shaped sites (public/ + conf/) in a test's temporary
// folder, so host tests do not depend on the real build.
package testsite

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zeisim/distconf"
)

// Headers is the header set the fixtures use (the contract's type: distconf.HeaderSet).
var Headers = distconf.HeaderSet{
	All: map[string]string{
		"Content-Security-Policy":      "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'",
		"Strict-Transport-Security":    "max-age=63072000; includeSubDomains",
		"X-Content-Type-Options":       "nosniff",
		"X-Frame-Options":              "DENY",
		"Referrer-Policy":              "no-referrer",
		"Permissions-Policy":           "camera=(), microphone=()",
		"Cross-Origin-Opener-Policy":   "same-origin",
		"Cross-Origin-Resource-Policy": "same-origin",
	},
	Rules:   []distconf.Rule{{Prefix: "/a/", Headers: map[string]string{"Cache-Control": "public, max-age=31536000, immutable"}}},
	Default: map[string]string{"Cache-Control": "no-cache"},
}

// Files is a typical site: pages, a fingerprinted script with br and gzip sidecars, the 404
// page, and the server-config files the generator may leave for other hosts.
func Files() map[string][]byte {
	js := []byte(strings.Repeat("console.log('zeisim');\n", 64))
	return map[string][]byte{
		"/index.html":               []byte("<!doctype html><title>トップ</title><p>index"),
		"/simulator/index.html":     []byte("<!doctype html><title>試算</title><p>simulator"),
		"/404.html":                 []byte("<!doctype html><title>404</title><p>ページが見つかりません"),
		"/maintenance.html":         []byte("<!doctype html><title>メンテナンス中</title><p>メンテナンス中です"),
		"/a/app.0123456789ab.js":    js,
		"/a/app.0123456789ab.js.gz": Gzip(js),
		"/a/app.0123456789ab.js.br": append([]byte("BR:"), js[:40]...), // stands in for brotli bytes: the host never decodes
		"/a/tax.0123456789ab.wasm":  []byte("\x00asm\x01\x00\x00\x00"),
		"/robots.txt":               []byte("User-agent: *\nAllow: /\n"),
		"/web.config":               []byte("<configuration/>"),
		"/_headers":                 []byte("/*\n  X-Test: 1\n"),
		"/.htaccess":                []byte("Deny from all\n"),
	}
}

// Gzip compresses b.
func Gzip(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// Build writes files into dir/public with conf/headers.json and conf/integrity.json listing
// every one of them, and returns dir.
func Build(t testing.TB, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	WriteTo(t, dir, files)
	return dir
}

// WriteTo is Build into a given folder; conf/ is written through the contract (distconf).
func WriteTo(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, "public", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	conf := filepath.Join(dir, "conf")
	if err := os.MkdirAll(conf, 0o755); err != nil {
		t.Fatal(err)
	}
	hdr, err := Headers.Encode()
	if err != nil {
		t.Fatal(err)
	}
	man, err := distconf.NewManifest(files).Encode()
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{distconf.HeadersFile: hdr, distconf.ManifestFile: man} {
		if err := os.WriteFile(filepath.Join(conf, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
