// Package headers is the single source of the site's HTTP response headers. The generator
// writes the set once (conf/headers.json, read by our host) and renders the same set for
// the other hosts a city may use: nginx, Apache (.htaccess), IIS (web.config), Caddy and
// Netlify/Cloudflare Pages (_headers). See render.go.
package headers

import (
	"encoding/json"
	"fmt"
	"strings"
)

// SWPolicy is the one Trusted Types policy the site creates: it turns exactly "/sw.js"
// into a TrustedScriptURL so that the service worker can be registered under
// require-trusted-types-for 'script' (with trusted-types 'none' registration is refused).
const SWPolicy = "zeisim-sw"

// Policy is the Content-Security-Policy of every response. 'wasm-unsafe-eval' is the one
// relaxation: Chromium refuses to compile WebAssembly under script-src 'self' alone.
// worker-src falls back to script-src 'self', which covers /sw.js.
const Policy = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; " +
	"img-src 'self'; style-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; " +
	"form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types " + SWPolicy

// Rule adds headers to the responses whose path starts with Prefix.
type Rule struct {
	Prefix  string            `json:"prefix"`
	Headers map[string]string `json:"headers"`
}

// Set is the header set: All on every response (errors included), then the first matching
// Rule, else Default.
type Set struct {
	All     map[string]string `json:"all"`
	Rules   []Rule            `json:"rules"`
	Default map[string]string `json:"default"`
}

// AssetPrefix is where fingerprinted, immutable assets live.
const AssetPrefix = "/a/"

// Site returns the header set of the site.
func Site() Set {
	return Set{
		All: map[string]string{
			"Content-Security-Policy":      Policy,
			"Strict-Transport-Security":    "max-age=63072000; includeSubDomains",
			"X-Content-Type-Options":       "nosniff",
			"X-Frame-Options":              "DENY",
			"Referrer-Policy":              "no-referrer",
			"Permissions-Policy":           "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()",
			"Cross-Origin-Opener-Policy":   "same-origin",
			"Cross-Origin-Resource-Policy": "same-origin",
		},
		Rules: []Rule{
			// Names carry a content hash: a changed file gets a new name, so browsers may
			// keep these for a year without asking.
			{Prefix: AssetPrefix, Headers: map[string]string{"Cache-Control": "public, max-age=31536000, immutable"}},
		},
		// Pages, /sw.js and the manifest are revalidated on every use, so a new build or
		// the maintenance page shows at once.
		Default: map[string]string{"Cache-Control": "no-cache"},
	}
}

// Validate refuses a set that some host could not express the same way: overlapping
// prefixes (nginx picks the longest, our host the first), and names or values that would
// break out of a quoted config string.
func (s Set) Validate() error {
	for i, a := range s.Rules {
		if !strings.HasPrefix(a.Prefix, "/") || !strings.HasSuffix(a.Prefix, "/") {
			return fmt.Errorf("header rule %q: a prefix is a folder such as \"/a/\"", a.Prefix)
		}
		for j, b := range s.Rules {
			if i != j && strings.HasPrefix(b.Prefix, a.Prefix) {
				return fmt.Errorf("header rules %q and %q overlap: hosts disagree on which applies", a.Prefix, b.Prefix)
			}
		}
	}
	for _, m := range append([]map[string]string{s.All, s.Default}, ruleMaps(s)...) {
		for k, v := range m {
			if strings.ContainsAny(k, " :\"'\\\r\n<>&") || k == "" {
				return fmt.Errorf("header name %q is not a plain token", k)
			}
			if strings.ContainsAny(v, "\"\\\r\n`") {
				return fmt.Errorf("header %s: value %q has a character some host configs cannot quote", k, v)
			}
		}
	}
	return nil
}

func ruleMaps(s Set) []map[string]string {
	out := make([]map[string]string, len(s.Rules))
	for i, r := range s.Rules {
		out[i] = r.Headers
	}
	return out
}

// JSON renders the set for our host. Map keys are sorted by encoding/json, so the output is
// deterministic.
func (s Set) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(s, "", "  ")
	return append(b, '\n'), err
}
