package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zeisim/distconf"
	"zeisim/host/testsite"
)

func load(t testing.TB, dir string) *Site {
	t.Helper()
	hs, err := distconf.ReadHeaderSet(filepath.Join(dir, "conf", "headers.json"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "conf", "integrity.json"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := distconf.ParseManifest(raw)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Load(filepath.Join(dir, "public"), hs, m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func do(s http.Handler, method, target string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "http://zeisim.test/", nil)
	// Set the raw request target, as a real client's request line would arrive.
	r.RequestURI = target
	u, err := url.ParseRequestURI(target)
	if err == nil {
		r.URL = u
	} else {
		r.URL.Path, r.URL.RawPath = target, ""
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

var securityHeaders = []string{"Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options",
	"X-Frame-Options", "Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy"}

func TestPaths(t *testing.T) {
	files := testsite.Files()
	s := load(t, testsite.Build(t, files))
	tests := []struct {
		target   string
		status   int
		body     string // for 200: the file served
		location string
	}{
		{"/", 200, "/index.html", ""},
		{"/index.html", 200, "/index.html", ""},
		{"/simulator/", 200, "/simulator/index.html", ""},
		{"/simulator", 301, "", "/simulator/"},
		{"/a/tax.0123456789ab.wasm", 200, "/a/tax.0123456789ab.wasm", ""},
		{"/robots.txt", 200, "/robots.txt", ""},
		// traversal and non-canonical spellings: refused, never repaired
		{"/../conf/integrity.json", 404, "", ""},
		{"/a/../index.html", 404, "", ""},
		{"/%2e%2e/conf/headers.json", 404, "", ""},
		{"/a/%2e%2e/%2e%2e/etc/passwd", 404, "", ""},
		{"/simulator%2Findex.html", 404, "", ""},
		// a second spelling of a served path (the probe's /%65n/ for /en/): refused
		{"/%73imulator/", 404, "", ""},
		{"/robots%2Etxt", 404, "", ""},
		{"/%72obots.txt", 404, "", ""},
		{"/simulator%2findex.html", 404, "", ""},
		{"/a%5c..%5cindex.html", 404, "", ""},
		{"//index.html", 404, "", ""},
		{"//evil.example/", 404, "", ""},
		{"/./index.html", 404, "", ""},
		{"/simulator/.", 404, "", ""},
		{"/simulator//", 404, "", ""},
		{"/index.html/", 404, "", ""},
		{"/index.html%00.txt", 404, "", ""},
		{"/a\\..\\index.html", 404, "", ""},
		{"/a/", 404, "", ""},
		{"/a", 404, "", ""},
		// dotfiles and other hosts' configuration files, even though listed in the manifest
		{"/.htaccess", 404, "", ""},
		{"/web.config", 404, "", ""},
		{"/WEB.CONFIG", 404, "", ""},
		{"/_headers", 404, "", ""},
		{"/.git/config", 404, "", ""},
		// sidecars are variants, not addresses
		{"/a/app.0123456789ab.js.gz", 404, "", ""},
		{"/a/app.0123456789ab.js.br", 404, "", ""},
		// not in the manifest
		{"/conf/integrity.json", 404, "", ""},
		{"/missing.html", 404, "", ""},
	}
	for _, tt := range tests {
		w := do(s, "GET", tt.target)
		if w.Code != tt.status {
			t.Errorf("GET %q: status %d, want %d", tt.target, w.Code, tt.status)
			continue
		}
		switch tt.status {
		case 200:
			if w.Body.String() != string(files[tt.body]) {
				t.Errorf("GET %q: body is not %s", tt.target, tt.body)
			}
		case 301:
			if got := w.Header().Get("Location"); got != tt.location {
				t.Errorf("GET %q: Location %q, want %q", tt.target, got, tt.location)
			}
		case 404:
			if w.Body.String() != string(files["/404.html"]) {
				t.Errorf("GET %q: 404 body is not the site's 404 page: %q", tt.target, w.Body.String())
			}
		}
	}
}

func TestMethods(t *testing.T) {
	s := load(t, testsite.Build(t, testsite.Files()))
	for _, m := range []string{"GET", "HEAD"} {
		if w := do(s, m, "/"); w.Code != 200 {
			t.Errorf("%s /: %d", m, w.Code)
		}
	}
	if w := do(s, "HEAD", "/"); w.Body.Len() != 0 || w.Header().Get("Content-Length") == "" {
		t.Errorf("HEAD /: body %d bytes, Content-Length %q", w.Body.Len(), w.Header().Get("Content-Length"))
	}
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "get"} {
		w := do(s, m, "/")
		if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s /: %d Allow %q, want 405 with Allow: GET, HEAD", m, w.Code, w.Header().Get("Allow"))
		}
		if strings.Contains(w.Body.String(), "index") {
			t.Errorf("%s /: served content", m)
		}
	}
}

func TestHeadersOnEveryResponse(t *testing.T) {
	s := load(t, testsite.Build(t, testsite.Files()))
	etag := do(s, "GET", "/").Header().Get("ETag")
	cases := []struct {
		name   string
		w      *httptest.ResponseRecorder
		status int
	}{
		{"200", do(s, "GET", "/"), 200},
		{"301", do(s, "GET", "/simulator"), 301},
		{"304", do(s, "GET", "/", "If-None-Match", etag), 304},
		{"404", do(s, "GET", "/nope"), 404},
		{"405", do(s, "DELETE", "/"), 405},
		{"416", do(s, "GET", "/", "Range", "bytes=99999-"), 416},
		{"429", func() *httptest.ResponseRecorder {
			w := httptest.NewRecorder()
			s.ServeTooMany(w, httptest.NewRequest("GET", "/", nil), 3e9)
			return w
		}(), 429},
		{"503", func() *httptest.ResponseRecorder {
			w := httptest.NewRecorder()
			s.ServeUnavailable(w, httptest.NewRequest("GET", "/", nil), 60e9)
			return w
		}(), 503},
	}
	for _, c := range cases {
		if c.w.Code != c.status {
			t.Errorf("%s: status %d", c.name, c.w.Code)
		}
		for _, h := range securityHeaders {
			if c.w.Header().Get(h) == "" {
				t.Errorf("%s: no %s", c.name, h)
			}
		}
		if c.w.Header().Get("Server") != "" {
			t.Errorf("%s: Server header %q", c.name, c.w.Header().Get("Server"))
		}
	}
	if got := cases[6].w.Header().Get("Retry-After"); got != "3" {
		t.Errorf("429 Retry-After %q, want 3", got)
	}
	if got := cases[7].w.Header().Get("Retry-After"); got != "60" || !strings.Contains(cases[7].w.Body.String(), "メンテナンス中") {
		t.Errorf("503: Retry-After %q body %q", got, cases[7].w.Body.String())
	}
	if got := do(s, "GET", "/a/app.0123456789ab.js").Header().Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("/a/ Cache-Control %q", got)
	}
	if got := do(s, "GET", "/").Header().Get("Cache-Control"); got != "no-cache" {
		t.Errorf("/ Cache-Control %q", got)
	}
}

func TestBuiltinMaintenancePage(t *testing.T) {
	files := testsite.Files()
	delete(files, "/maintenance.html")
	s := load(t, testsite.Build(t, files))
	w := httptest.NewRecorder()
	s.ServeUnavailable(w, httptest.NewRequest("GET", "/simulator/", nil), 0)
	if w.Code != 503 || !strings.Contains(w.Body.String(), "メンテナンス中") || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("built-in maintenance page: %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
	if w.Header().Get("Retry-After") != "1" {
		t.Errorf("Retry-After %q, want at least 1", w.Header().Get("Retry-After"))
	}
}

func TestContentTypes(t *testing.T) {
	s := load(t, testsite.Build(t, testsite.Files()))
	for target, want := range map[string]string{
		"/":                        "text/html; charset=utf-8",
		"/a/app.0123456789ab.js":   "text/javascript; charset=utf-8",
		"/a/tax.0123456789ab.wasm": "application/wasm",
		"/robots.txt":              "text/plain; charset=utf-8",
		"/nope":                    "text/html; charset=utf-8",
	} {
		if got := do(s, "GET", target).Header().Get("Content-Type"); got != want {
			t.Errorf("%s: Content-Type %q, want %q", target, got, want)
		}
	}
	if ContentType("/x.unknown") != "application/octet-stream" {
		t.Error("unknown extension must not be guessed")
	}
}

func TestLoadRefusesAlteredOrEscapingFiles(t *testing.T) {
	t.Run("altered", func(t *testing.T) {
		dir := testsite.Build(t, testsite.Files())
		os.WriteFile(filepath.Join(dir, "public", "index.html"), []byte("defaced"), 0o644)
		if _, err := loadErr(dir); err == nil {
			t.Fatal("loaded a file that differs from the manifest")
		}
	})
	t.Run("symlink out of root", func(t *testing.T) {
		outside := t.TempDir()
		secret := []byte("secret outside the docroot")
		os.WriteFile(filepath.Join(outside, "secret.txt"), secret, 0o644)
		files := testsite.Files()
		files["/secret.txt"] = secret // listed with the right hash: only the symlink is wrong
		dir := testsite.Build(t, files)
		p := filepath.Join(dir, "public", "secret.txt")
		os.Remove(p)
		if err := os.Symlink(filepath.Join(outside, "secret.txt"), p); err != nil {
			t.Fatal(err)
		}
		if _, err := loadErr(dir); err == nil {
			t.Fatal("followed a symlink out of the document root")
		}
	})
}

func loadErr(dir string) (*Site, error) {
	hs, err := distconf.ReadHeaderSet(filepath.Join(dir, "conf", "headers.json"))
	if err != nil {
		return nil, err
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "conf", "integrity.json"))
	m, err := distconf.ParseManifest(raw)
	if err != nil {
		return nil, err
	}
	return Load(filepath.Join(dir, "public"), hs, m)
}
