// Package headers is the single source of the site's HTTP response headers. The generator
// writes the set once (conf/headers.json) and the host applies it to every response.
package headers

import "encoding/json"

// Policy is the Content-Security-Policy of every page. 'wasm-unsafe-eval' is the one
// relaxation: Chromium refuses to compile WebAssembly under script-src 'self' alone.
const Policy = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; " +
	"img-src 'self'; style-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; " +
	"form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'"

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
			{Prefix: AssetPrefix, Headers: map[string]string{"Cache-Control": "public, max-age=31536000, immutable"}},
		},
		Default: map[string]string{"Cache-Control": "no-cache"},
	}
}

// JSON renders the set for our host. Map keys are sorted by encoding/json, so the output is
// deterministic.
func (s Set) JSON() ([]byte, error) { return json.MarshalIndent(s, "", "  ") }
