package server

import (
	"strings"
	"testing"

	"zeisim/host/testsite"
)

func TestPrecompressed(t *testing.T) {
	files := testsite.Files()
	s := load(t, testsite.Build(t, files))
	const js = "/a/app.0123456789ab.js"
	tests := []struct {
		accept string
		want   string // "br", "gzip" or "" (identity)
	}{
		{"", ""},
		{"identity", ""},
		{"gzip", "gzip"},
		{"gzip, deflate", "gzip"},
		{"x-gzip", "gzip"},
		{"br", "br"},
		{"gzip, deflate, br, zstd", "br"},
		{"gzip;q=1.0, br;q=0.5", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"br;q=0, gzip;q=0", ""},
		{"BR;Q=0.9, GZIP;Q=0.8", "br"},
		{"*", "br"},
		{"*;q=0.5, br;q=0", "gzip"},
		{"gzip;q=0.5, identity;q=1", ""},
		{"gzip;q=bogus, br;q=2", ""},
		{"deflate, zstd", ""},
		{"*;q=0", ""}, // nothing acceptable: identity anyway rather than 406
	}
	etags := map[string]string{}
	for _, tt := range tests {
		w := do(s, "GET", js, "Accept-Encoding", tt.accept)
		if w.Code != 200 {
			t.Fatalf("%q: status %d", tt.accept, w.Code)
		}
		if got := w.Header().Get("Content-Encoding"); got != tt.want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tt.accept, got, tt.want)
		}
		if w.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("%q: Vary %q", tt.accept, w.Header().Get("Vary"))
		}
		if w.Header().Get("Content-Type") != "text/javascript; charset=utf-8" {
			t.Errorf("%q: Content-Type %q: the original type, whatever the encoding", tt.accept, w.Header().Get("Content-Type"))
		}
		want := map[string]string{"": js, "gzip": js + ".gz", "br": js + ".br"}[tt.want]
		if w.Body.String() != string(files[want]) {
			t.Errorf("%q: body is not %s", tt.accept, want)
		}
		etag := w.Header().Get("ETag")
		if strings.HasPrefix(etag, "W/") || !strings.HasPrefix(etag, `"`) {
			t.Errorf("%q: ETag %q is not strong", tt.accept, etag)
		}
		if old, ok := etags[tt.want]; ok && old != etag {
			t.Errorf("encoding %q has two ETags %s and %s", tt.want, old, etag)
		}
		etags[tt.want] = etag
	}
	if etags[""] == etags["gzip"] || etags[""] == etags["br"] || etags["gzip"] == etags["br"] {
		t.Errorf("ETags must differ per encoding: %v", etags)
	}
	// A file without sidecars has no Vary and no encoding.
	w := do(s, "GET", "/robots.txt", "Accept-Encoding", "br, gzip")
	if w.Header().Get("Content-Encoding") != "" || w.Header().Get("Vary") != "" {
		t.Errorf("robots.txt: Content-Encoding %q Vary %q", w.Header().Get("Content-Encoding"), w.Header().Get("Vary"))
	}
}

func TestConditionalAndRange(t *testing.T) {
	files := testsite.Files()
	s := load(t, testsite.Build(t, files))
	const js = "/a/app.0123456789ab.js"
	id := do(s, "GET", js).Header().Get("ETag")
	gz := do(s, "GET", js, "Accept-Encoding", "gzip").Header().Get("ETag")

	tests := []struct {
		name   string
		hdr    []string
		status int
		body   string
	}{
		{"If-None-Match same", []string{"If-None-Match", id}, 304, ""},
		{"If-None-Match list", []string{"If-None-Match", `"x", ` + id}, 304, ""},
		{"If-None-Match *", []string{"If-None-Match", "*"}, 304, ""},
		{"If-None-Match other encoding's tag", []string{"If-None-Match", gz}, 200, string(files[js])},
		{"If-None-Match gzip tag, gzip asked", []string{"If-None-Match", gz, "Accept-Encoding", "gzip"}, 304, ""},
		{"If-Match wrong", []string{"If-Match", `"nope"`}, 412, ""},
		{"If-Match right", []string{"If-Match", id}, 200, string(files[js])},
		{"Range", []string{"Range", "bytes=0-6"}, 206, string(files[js][:7])},
		{"Range suffix", []string{"Range", "bytes=-5"}, 206, string(files[js][len(files[js])-5:])},
		{"Range on gzip", []string{"Range", "bytes=0-1", "Accept-Encoding", "gzip"}, 206, string(files[js+".gz"][:2])},
		{"If-Range matching", []string{"Range", "bytes=0-6", "If-Range", id}, 206, string(files[js][:7])},
		{"If-Range stale", []string{"Range", "bytes=0-6", "If-Range", `"old"`}, 200, string(files[js])},
		{"Range unsatisfiable", []string{"Range", "bytes=100000-"}, 416, ""},
	}
	for _, tt := range tests {
		w := do(s, "GET", js, tt.hdr...)
		if w.Code != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, w.Code, tt.status)
			continue
		}
		if tt.body != "" && w.Body.String() != tt.body {
			t.Errorf("%s: body %q, want %q", tt.name, w.Body.String(), tt.body)
		}
		if tt.status == 304 && w.Header().Get("ETag") == "" {
			t.Errorf("%s: 304 without ETag", tt.name)
		}
	}
}

func TestAccepts(t *testing.T) {
	br, gz, id := accepts("br;q=0.3, gzip;q=0.7,identity;q=0.1")
	if br != 0.3 || gz != 0.7 || id != 0.1 {
		t.Errorf("got br %v gzip %v identity %v", br, gz, id)
	}
}
