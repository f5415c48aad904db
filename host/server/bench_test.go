package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"zeisim/host/testsite"
)

// benchSite is testsite.Files plus a page of the real site's size (about 7.5 kB, 3.2 kB gzip).
func benchSite(b *testing.B) *Site {
	files := testsite.Files()
	page := []byte("<!doctype html><title>試算</title>" + strings.Repeat("<p>所得割の税率は10%です。</p>\n", 200))
	files["/guide/index.html"] = page
	files["/guide/index.html.gz"] = testsite.Gzip(page)
	return load(b, testsite.Build(b, files))
}

// BenchmarkServe is the site handler alone (no log, no limiter) for the answers a browser gets
// most: a page, a fingerprinted asset, a revalidation answered 304, and a 404. Network and
// net/http's own work are not in these figures: make bench-host measures those against nginx.
func BenchmarkServe(b *testing.B) {
	s := benchSite(b)
	etag := do(s, "GET", "/guide/", "Accept-Encoding", "gzip").Header().Get("ETag")
	cases := []struct {
		name, target string
		hdr          []string
		status       int
	}{
		{"page-gzip", "/guide/", []string{"Accept-Encoding", "gzip, deflate, br, zstd"}, 200},
		{"asset-gzip", "/a/app.0123456789ab.js", []string{"Accept-Encoding", "gzip"}, 200},
		{"page-identity", "/guide/", nil, 200},
		{"not-modified", "/guide/", []string{"Accept-Encoding", "gzip", "If-None-Match", etag}, 304},
		{"head", "/guide/", []string{"Accept-Encoding", "gzip"}, 200},
		{"not-found", "/nope/", nil, 404},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			method := "GET"
			if c.name == "head" {
				method = "HEAD"
			}
			r := httptest.NewRequest(method, c.target, nil)
			for i := 0; i+1 < len(c.hdr); i += 2 {
				r.Header.Set(c.hdr[i], c.hdr[i+1])
			}
			var w testsite.Writer
			b.ReportAllocs()
			cpu := testsite.CPUTime()
			for b.Loop() {
				w.Reset()
				s.ServeHTTP(&w, r)
				if w.Status != c.status {
					b.Fatalf("status %d, want %d", w.Status, c.status)
				}
			}
			testsite.ReportCPU(b, cpu)
		})
	}
}

var _ http.ResponseWriter = (*testsite.Writer)(nil)
