package server

import (
	"path"
	"strings"
)

// denied are names that other hosts read as configuration and the generator may place in
// public/ for them. They are never served, even when listed in the manifest.
var denied = map[string]bool{
	"web.config": true, "_headers": true, "_redirects": true, "caddyfile": true,
	"nginx.conf": true, "httpd.conf": true, "netlify.toml": true, "vercel.json": true,
}

// resolve maps a request path to the manifest name to serve. It returns name == "" for
// anything that is not exactly a served file, and redirect != "" when the path names a
// folder without its trailing slash. It accepts only the canonical spelling of a path:
// anything path.Clean would change (//, /./, /../, a trailing /.), a NUL or backslash, a
// percent-encoding other than Go's own for the decoded path (net/url keeps such a spelling
// in RawPath: /%65n/ for /en/, an encoded slash), or a dot segment (other than /.well-known/)
// is refused rather than repaired, so that no two spellings reach the same file and no
// spelling reaches outside the site.
func (s *Site) resolve(p, rawPath string) (name, redirect string) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\x00\\") || rawPath != "" {
		return "", ""
	}
	// path.Clean drops a trailing slash; compare without it rather than build "clean/".
	want := p
	if len(p) > 1 && strings.HasSuffix(p, "/") {
		want = p[:len(p)-1]
	}
	if path.Clean(p) != want {
		return "", ""
	}
	first := true
	for rest := p[1:]; ; first = false {
		seg, more, found := strings.Cut(rest, "/")
		if strings.HasPrefix(seg, ".") && !(first && seg == ".well-known") {
			return "", ""
		}
		if denied[strings.ToLower(seg)] {
			return "", ""
		}
		if !found {
			break
		}
		rest = more
	}
	if strings.HasSuffix(p, "/") {
		index, ok := s.index[p]
		if !ok {
			return "", ""
		}
		return index, ""
	}
	if s.sidecars[p] {
		return "", ""
	}
	if _, ok := s.files[p]; ok {
		return p, ""
	}
	if _, ok := s.files[p+"/index.html"]; ok {
		// p is canonical and free of "//", so "p/" cannot become an off-site redirect.
		return "", p + "/"
	}
	return "", ""
}
