package server

import (
	"bytes"
	"net/http"
	"strconv"
	"time"
)

// SetCommon writes the header set's "all" headers: the caller does this first on every
// response, errors and redirects included, so nothing leaves without the CSP, HSTS and the rest.
func (s *Site) SetCommon(h http.Header) {
	for k, v := range s.common {
		h[k] = v
	}
}

// ServeHTTP answers GET and HEAD for the site's files. It assumes SetCommon was applied by
// the outer handler chain; it applies it again only when used on its own (tests).
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	if h.Get("Content-Security-Policy") == "" {
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
	e := s.files[name]
	for k, v := range e.headers {
		h[k] = v
	}
	v := e.pick(r.Header.Get("Accept-Encoding"))
	h.Set("Content-Type", e.ctype)
	if e.br != nil || e.gz != nil {
		h.Set("Vary", "Accept-Encoding")
	}
	if v.encoding != "" {
		h.Set("Content-Encoding", v.encoding)
	}
	h.Set("ETag", v.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(v.data))
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
	if h.Get("Content-Security-Policy") == "" {
		s.SetCommon(h)
	}
	h.Set("Retry-After", strconv.Itoa(int(max(retryAfter.Seconds(), 1))))
	h.Set("Cache-Control", "no-store")
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
