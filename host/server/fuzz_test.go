package server

import (
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"testing"

	"zeisim/host/testsite"
)

// FuzzResolve throws arbitrary request paths at the mapping and at the handler. Whatever the
// path, the answer is a listed, non-denied file or nothing; the response body is always one
// of the site's own files (never anything else from disk), and a redirect never leaves the site.
func FuzzResolve(f *testing.F) {
	for _, seed := range []string{"/", "/index.html", "/simulator", "/../etc/passwd", "/%2e%2e/", "//x", "/a/./b",
		"/.htaccess", "/web.config", "/a/app.0123456789ab.js.br", "/\x00", "/a\\b", "/.well-known/x", "/simulator/.."} {
		f.Add(seed, "")
	}
	f.Add("/simulator/index.html", "/simulator%2Findex.html")
	files := testsite.Files()
	s := load(f, testsite.Build(f, files))
	bodies := map[string]bool{}
	for _, b := range files {
		bodies[string(b)] = true
	}
	f.Fuzz(func(t *testing.T, p, raw string) {
		name, redirect := s.resolve(p, raw)
		if name != "" {
			if _, ok := s.files[name]; !ok {
				t.Fatalf("%q resolved to %q, not a served file", p, name)
			}
			if name != p && name != p+"index.html" {
				t.Fatalf("%q resolved to a different name %q", p, name)
			}
			for _, seg := range strings.Split(name, "/") {
				if seg == ".." || seg == "." || (strings.HasPrefix(seg, ".") && seg != ".well-known") || denied[strings.ToLower(seg)] {
					t.Fatalf("%q resolved to %q with a refused segment %q", p, name, seg)
				}
			}
		}
		if redirect != "" && (!strings.HasPrefix(redirect, "/") || strings.HasPrefix(redirect, "//") || path.Clean(redirect)+"/" != redirect) {
			t.Fatalf("%q redirected to %q", p, redirect)
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.URL.Path, r.URL.RawPath = p, raw
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		switch w.Code {
		case http.StatusOK, http.StatusNotFound:
			if !bodies[w.Body.String()] {
				t.Fatalf("%q: body is none of the site's files", p)
			}
		case http.StatusMovedPermanently:
		default:
			t.Fatalf("%q: status %d", p, w.Code)
		}
	})
}
