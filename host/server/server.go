// Package server is the hardened static host's request path: it serves only the files named
// in the integrity manifest, verified and held in memory, with the generator's header set on
// every response.
package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// HeaderSet mirrors the generator's conf/headers.json.
type HeaderSet struct {
	All   map[string]string `json:"all"`
	Rules []struct {
		Prefix  string            `json:"prefix"`
		Headers map[string]string `json:"headers"`
	} `json:"rules"`
	Default map[string]string `json:"default"`
}

type manifest struct {
	Files map[string]struct {
		SHA256 string `json:"sha256"`
		Size   int    `json:"size"`
	} `json:"files"`
}

type file struct {
	data    []byte
	ctype   string
	etag    string
	headers http.Header
}

// Site is a loaded, verified site. It is immutable after Load and safe for concurrent use.
type Site struct {
	files    map[string]*file
	common   http.Header
	notFound *file
}

// contentTypes is fixed so that the answer never depends on the machine's mime.types.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json",
	".wasm":        "application/wasm",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".xml":         "application/xml",
	".webmanifest": "application/manifest+json",
}

// Load reads dir/conf and every file of the manifest from dir/public, checking each against
// its SHA-256. A file that does not match stops the load: altered content is never served.
func Load(dir string) (*Site, error) {
	var hs HeaderSet
	if err := readJSON(filepath.Join(dir, "conf", "headers.json"), &hs); err != nil {
		return nil, err
	}
	var m manifest
	if err := readJSON(filepath.Join(dir, "conf", "integrity.json"), &m); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(filepath.Join(dir, "public"))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	s := &Site{files: map[string]*file{}, common: toHeader(hs.All)}
	names := make([]string, 0, len(m.Files))
	for n := range m.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		want := m.Files[name]
		data, err := root.ReadFile(strings.TrimPrefix(name, "/"))
		if err != nil {
			return nil, fmt.Errorf("manifest file %s: %w", name, err)
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != want.SHA256 {
			return nil, fmt.Errorf("manifest file %s: SHA-256 %s, manifest says %s", name, got, want.SHA256)
		}
		extra := hs.Default
		for _, r := range hs.Rules {
			if strings.HasPrefix(name, r.Prefix) {
				extra = r.Headers
				break
			}
		}
		ctype, ok := contentTypes[path.Ext(name)]
		if !ok {
			ctype = "application/octet-stream"
		}
		s.files[name] = &file{data: data, ctype: ctype, etag: `"` + hex.EncodeToString(sum[:16]) + `"`, headers: toHeader(extra)}
	}
	s.notFound = s.files["/404.html"]
	return s, nil
}

func readJSON(name string, v any) error {
	b, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func toHeader(m map[string]string) http.Header {
	h := http.Header{}
	for k, v := range m {
		h.Set(k, v)
	}
	return h
}

// ServeHTTP answers GET and HEAD for the site's files.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range s.common {
		h[k] = v
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := r.URL.Path
	if !strings.HasPrefix(name, "/") || strings.Contains(name, "\x00") {
		s.serveNotFound(w, r)
		return
	}
	clean := path.Clean(name)
	if strings.HasSuffix(name, "/") && clean != "/" {
		clean += "/"
	}
	if clean != name {
		s.serveNotFound(w, r)
		return
	}
	if strings.HasSuffix(name, "/") {
		name += "index.html"
	} else if _, ok := s.files[name]; !ok {
		if _, ok := s.files[name+"/index.html"]; ok {
			http.Redirect(w, r, name+"/", http.StatusMovedPermanently)
			return
		}
	}
	f, ok := s.files[name]
	if !ok {
		s.serveNotFound(w, r)
		return
	}
	s.serveFile(w, r, f)
}

func (s *Site) serveFile(w http.ResponseWriter, r *http.Request, f *file) {
	h := w.Header()
	for k, v := range f.headers {
		h[k] = v
	}
	h.Set("Content-Type", f.ctype)
	h.Set("ETag", f.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}

func (s *Site) serveNotFound(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-cache")
	if s.notFound == nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	h.Set("Content-Type", s.notFound.ctype)
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(s.notFound.data)
	}
}
