package server

import (
	"bytes"
	"maps"
	"mime"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"zeisim/host/testsite"
)

// TestPreconditionsMatchServeContent holds the whole-body path to http.ServeContent's answers:
// for every representation, method and combination of conditional and range headers, status,
// body and every header must be what ServeContent gives for the same representation, except
// that a compressed 200 now carries its Content-Length (ServeContent sends it chunked).
func TestPreconditionsMatchServeContent(t *testing.T) {
	files := testsite.Files()
	s := load(t, testsite.Build(t, files))
	const js = "/a/app.0123456789ab.js"
	e := s.files[js]
	past := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat)
	future := time.Now().Add(24 * time.Hour).UTC().Format(http.TimeFormat)
	for _, v := range []*variant{e.identity, e.gz, e.br} {
		other := e.identity.etag
		if v == e.identity {
			other = e.gz.etag
		}
		weak := "W/" + v.etag
		conds := [][]string{
			nil,
			{"If-None-Match", v.etag},
			{"If-None-Match", weak},
			{"If-None-Match", other},
			{"If-None-Match", "*"},
			{"If-None-Match", `"a", ` + v.etag},
			{"If-None-Match", `"a",,` + weak + `, "b"`},
			{"If-None-Match", `garbage, ` + v.etag},
			{"If-None-Match", `"unterminated`},
			{"If-None-Match", ","},
			{"If-Match", v.etag},
			{"If-Match", weak},
			{"If-Match", other},
			{"If-Match", "*"},
			{"If-Match", `"a" , ` + v.etag},
			{"If-Match", `garbage`},
			{"If-Match", ","},
			{"If-Match", other, "If-None-Match", v.etag},
			{"If-Match", v.etag, "If-None-Match", v.etag},
			{"If-Match", v.etag, "If-None-Match", other},
			{"If-Modified-Since", past},
			{"If-Modified-Since", future},
			{"If-Modified-Since", "not a date"},
			{"If-Unmodified-Since", past},
			{"If-None-Match", other, "If-Modified-Since", future},
			{"Range", "bytes=0-3"},
			{"Range", "bytes=-2"},
			{"Range", "bytes=0-1,3-4"},
			{"Range", "bytes=999999-"},
			{"Range", "bytes=garbage"},
			{"Range", "bytes=0-3", "If-Range", v.etag},
			{"Range", "bytes=0-3", "If-Range", weak},
			{"Range", "bytes=0-3", "If-Range", other},
			{"Range", "bytes=0-3", "If-Range", past},
			{"Range", "bytes=0-3", "If-None-Match", v.etag},
			{"Range", "bytes=0-3", "If-Match", other},
		}
		for _, method := range []string{"GET", "HEAD"} {
			for _, cond := range conds {
				hdr := append([]string{"Accept-Encoding", map[string]string{"": "identity", "gzip": "gzip", "br": "br"}[v.encoding]}, cond...)
				got := do(s, method, js, hdr...)
				want := referenceServe(s, method, js, v, e, hdr)
				name := method + " " + v.encoding + " " + sprintHeaders(cond)
				if got.Code != want.Code {
					t.Errorf("%s: status %d, ServeContent %d", name, got.Code, want.Code)
					continue
				}
				unboundary(got)
				unboundary(want)
				if !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
					t.Errorf("%s: body %q, ServeContent %q", name, got.Body.Bytes(), want.Body.Bytes())
				}
				gh, wh := got.Header().Clone(), want.Header().Clone()
				if got.Code == 200 {
					if gh.Get("Content-Length") != strconv.Itoa(len(v.data)) {
						t.Errorf("%s: Content-Length %q, want %d", name, gh.Get("Content-Length"), len(v.data))
					}
					if _, ok := wh["Content-Length"]; v.encoding != "" && !ok {
						wh.Set("Content-Length", gh.Get("Content-Length")) // ServeContent's chunked answer
					}
				}
				for _, k := range slices.Sorted(maps.Keys(gh)) {
					if !slices.Equal(gh[k], wh[k]) {
						t.Errorf("%s: %s %q, ServeContent %q", name, k, gh[k], wh[k])
					}
				}
				for k := range wh {
					if _, ok := gh[k]; !ok {
						t.Errorf("%s: no %s, ServeContent sends %q", name, k, wh[k])
					}
				}
			}
		}
	}
}

// referenceServe is the host's former path: the headers set one by one, then http.ServeContent.
func referenceServe(s *Site, method, target string, v *variant, e *entry, hdr []string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h := w.Header()
	for k, v := range testsite.Headers.All {
		h.Set(k, v)
	}
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Type", e.ctype)
	h.Set("Vary", "Accept-Encoding")
	if v.encoding != "" {
		h.Set("Content-Encoding", v.encoding)
	}
	h.Set("ETag", v.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(v.data))
	if w.Code >= 400 {
		// ServeContent's 416 drops Cache-Control and its 412 keeps the file's; the host marks
		// both no-store like its other errors (an answer about one request is not to be cached).
		h.Set("Cache-Control", "no-store")
	}
	return w
}

// unboundary replaces a multipart answer's random boundary with a fixed one.
func unboundary(w *httptest.ResponseRecorder) {
	_, params, err := mime.ParseMediaType(w.Header().Get("Content-Type"))
	if b := params["boundary"]; err == nil && b != "" {
		w.Header().Set("Content-Type", strings.ReplaceAll(w.Header().Get("Content-Type"), b, "BOUNDARY"))
		body := bytes.ReplaceAll(w.Body.Bytes(), []byte(b), []byte("BOUNDARY"))
		w.Body.Reset()
		w.Body.Write(body)
	}
}

func sprintHeaders(kv []string) string {
	var b bytes.Buffer
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteString(kv[i] + ": " + kv[i+1] + "; ")
	}
	return b.String()
}
