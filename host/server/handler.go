package server

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"time"
)

// SetCommon writes the header set's "all" headers: the caller does this first on every
// response, errors and redirects included, so nothing leaves without the CSP, HSTS and the rest.
func (s *Site) SetCommon(h http.Header) { setFields(h, s.common) }

// SetCommonPlain writes the header set for the redirect-only plain-HTTP listener: the "all"
// headers without those that only a secure origin may send (see secureOnly).
func (s *Site) SetCommonPlain(h http.Header) { setFields(h, s.plainCommon) }

// hasCommon reports whether SetCommon was applied (the policy is never absent from the set).
func hasCommon(h http.Header) bool {
	_, ok := h["Content-Security-Policy"]
	return ok
}

// ServeHTTP answers GET and HEAD for the site's files. It assumes SetCommon was applied by
// the outer handler chain; it applies it again only when used on its own (tests).
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	if !hasCommon(h) {
		s.SetCommon(h)
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		h.Set("Cache-Control", "no-store")
		plain(w, r, http.StatusMethodNotAllowed, "405 method not allowed\n")
		return
	}
	name, redirect := s.resolve(r.URL.Path, r.URL.RawPath)
	if redirect != "" {
		h.Set("Cache-Control", "no-cache")
		http.Redirect(w, r, redirect, http.StatusMovedPermanently)
		return
	}
	if name == "" {
		s.serveNotFound(w, r)
		return
	}
	v := s.files[name].pick(r.Header.Get("Accept-Encoding"))
	setFields(h, v.validators)
	if conditional(r.Header) {
		// Preconditions and byte ranges are net/http's own evaluation (RFC 9110 §13, §14),
		// for the same representation; the fast path below is only for requests without them.
		setFields(h, v.entity)
		http.ServeContent(&servedContent{ResponseWriter: w, length: len(v.data)}, r, "", time.Time{}, bytes.NewReader(v.data))
		return
	}
	// The whole representation, in one Write with its Content-Length (http.ServeContent sends
	// a body with Content-Encoding chunked, without a length, and copies through a buffer).
	setFields(h, v.entity)
	setFields(h, v.whole)
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	if rf, ok := w.(io.ReaderFrom); ok && v.sealed != nil && r.TLS == nil {
		// A large file on a plain connection: net/http passes the region to the connection,
		// which sends it with sendfile. (Under TLS the bytes must pass through the process.)
		rf.ReadFrom(v.sealed.Region())
		return
	}
	w.Write(v.data)
}

func (s *Site) serveNotFound(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-cache")
	if s.notFound == nil {
		plain(w, r, http.StatusNotFound, "404 page not found\n")
		return
	}
	writeEntry(w, r, http.StatusNotFound, s.notFound)
}

// ServeUnavailable answers 503 with Retry-After and the maintenance page, whatever was asked:
// used for maintenance mode and after tampering is detected.
func (s *Site) ServeUnavailable(w http.ResponseWriter, r *http.Request, retryAfter time.Duration) {
	s.refusal(w.Header(), retryAfter)
	writeEntry(w, r, http.StatusServiceUnavailable, s.maintenance)
}

// ServeTooMany answers 429 with Retry-After for a client over its request rate.
func (s *Site) ServeTooMany(w http.ResponseWriter, r *http.Request, retryAfter time.Duration) {
	s.refusal(w.Header(), retryAfter)
	plain(w, r, http.StatusTooManyRequests, "429 too many requests\n")
}

// refusal sets the headers shared by 429 and 503: the header set, Retry-After in whole
// seconds (at least 1), and no caching of the refusal.
func (s *Site) refusal(h http.Header, retryAfter time.Duration) {
	if !hasCommon(h) {
		s.SetCommon(h)
	}
	h.Set("Retry-After", strconv.Itoa(int(max(retryAfter.Seconds(), 1))))
	h.Set("Cache-Control", "no-store")
}

// conditional reports whether a request asks for a precondition or a range.
func conditional(h http.Header) bool {
	for _, k := range [...]string{"If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "If-Range", "Range"} {
		if _, ok := h[k]; ok {
			return true
		}
	}
	return false
}

// servedContent adjusts what http.ServeContent writes: a whole compressed representation gets
// its Content-Length (ServeContent leaves it to the caller when Content-Encoding is set, and
// would send it chunked), and an error (412, 416, for which ServeContent keeps or drops the
// file's Cache-Control) is marked no-store like the host's other errors.
type servedContent struct {
	http.ResponseWriter
	length int
}

func (w *servedContent) WriteHeader(code int) {
	h := w.Header()
	switch {
	case code == http.StatusOK && h.Get("Content-Length") == "":
		h.Set("Content-Length", strconv.Itoa(w.length))
	case code >= 400:
		h.Set("Cache-Control", "no-store")
	}
	w.ResponseWriter.WriteHeader(code)
}

func writeEntry(w http.ResponseWriter, r *http.Request, status int, e *entry) {
	h := w.Header()
	h.Set("Content-Type", e.ctype)
	h.Set("Content-Length", strconv.Itoa(len(e.identity.data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(e.identity.data)
	}
}

func plain(w http.ResponseWriter, r *http.Request, status int, body string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write([]byte(body))
	}
}
