package offline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
)

// Icon is one entry of the manifest's icons.
type Icon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
}

// Manifest is the web app manifest (manifest.webmanifest).
type Manifest struct {
	Name            string `json:"name"`
	ShortName       string `json:"short_name"`
	Description     string `json:"description,omitempty"`
	Lang            string `json:"lang"`
	Dir             string `json:"dir"`
	ID              string `json:"id"`
	StartURL        string `json:"start_url"`
	Scope           string `json:"scope"`
	Display         string `json:"display"`
	BackgroundColor string `json:"background_color"`
	ThemeColor      string `json:"theme_color"`
	Icons           []Icon `json:"icons"`
}

// JSON renders the manifest (field order is fixed by the struct).
func (m Manifest) JSON() []byte {
	b, _ := json.Marshal(m) // only strings and slices of structs of strings
	return b
}

// Entry is one file the service worker precaches. Integrity is set for fingerprinted
// assets, so a tampered or truncated copy never enters the cache.
type Entry struct {
	URL       string `json:"url"`
	Integrity string `json:"integrity,omitempty"`
}

// Precache lists entries sorted by URL and names the cache after them: any change to any
// listed file (its integrity, or for pages the given content hash) gives a new cache name,
// so a new build installs a fresh cache and deletes the old one.
func Precache(entries []Entry, pageHashes map[string]string) (list []Entry, cacheName string) {
	list = append([]Entry(nil), entries...)
	sort.Slice(list, func(i, j int) bool { return list[i].URL < list[j].URL })
	h := sha256.New()
	for _, e := range list {
		h.Write([]byte(e.URL + "\x00" + e.Integrity + "\x00" + pageHashes[e.URL] + "\n"))
	}
	return list, CachePrefix + hex.EncodeToString(h.Sum(nil))[:16]
}

// CachePrefix starts every cache name the service worker owns; it deletes the others
// with this prefix when a new build activates.
const CachePrefix = "zeisim-"

// Engine is the engine the service worker hosts: its published URL and SRI metadata, and the
// pages that use it (a navigation to one of them starts reading and compiling it).
type Engine struct {
	URL       string   `json:"url"`
	Integrity string   `json:"integrity"`
	Pages     []string `json:"pages"`
}

// Defines are the constants the service worker is built with (esbuild's define); engine may
// be nil (no page uses the engine).
func Defines(list []Entry, cacheName string, engine *Engine) map[string]string {
	l, _ := json.Marshal(list)
	n, _ := json.Marshal(cacheName)
	p, _ := json.Marshal(CachePrefix)
	e, _ := json.Marshal(engine)
	return map[string]string{
		"__ZEISIM_PRECACHE__":     string(l),
		"__ZEISIM_CACHE__":        string(n),
		"__ZEISIM_CACHE_PREFIX__": string(p),
		"__ZEISIM_ENGINE__":       string(e),
	}
}
