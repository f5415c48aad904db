// Package headers is the single source of the site's HTTP response headers. The generator
// writes the set once (conf/headers.json, read by our host) and renders the same set for
// the other hosts a city may use: nginx, Apache (.htaccess), IIS (web.config), Caddy and
// Netlify/Cloudflare Pages (_headers). See render.go.
package headers

import "zeisim/distconf"

// SWPolicy is the one Trusted Types policy the site creates: it turns exactly "/sw.js"
// into a TrustedScriptURL so that the service worker can be registered under
// require-trusted-types-for 'script' (with trusted-types 'none' registration is refused).
const SWPolicy = "zeisim-sw"

// EnginePolicy is the Trusted Types policy that starts the engine's Worker: it accepts only
// the Worker script's own fingerprinted URL, as written into the simulator page
// (site/assets/ts/simulator/engine.ts).
const EnginePolicy = "zeisim-engine"

// Policy is the Content-Security-Policy of every response. 'wasm-unsafe-eval' is the one
// relaxation: Chromium refuses to compile WebAssembly under script-src 'self' alone.
// worker-src falls back to script-src 'self', which covers /sw.js and the engine's Worker;
// Trusted Types allow two policies, each for exactly one script URL.
const Policy = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; " +
	"img-src 'self'; style-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; " +
	"form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types " + SWPolicy + " " + EnginePolicy

// Set is the header set (the contract's distconf.HeaderSet, which validates and encodes it
// for our host), with the renderers for the other hosts (render.go).
type Set struct{ distconf.HeaderSet }

// AssetPrefix is where fingerprinted, immutable assets live.
const AssetPrefix = "/a/"

// Site returns the header set of the site.
func Site() Set {
	return Set{distconf.HeaderSet{
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
		Rules: []distconf.Rule{
			// Names carry a content hash: a changed file gets a new name, so browsers may
			// keep these for a year without asking.
			{Prefix: AssetPrefix, Headers: map[string]string{"Cache-Control": "public, max-age=31536000, immutable"}},
		},
		// Pages, /sw.js and the manifest are revalidated on every use, so a new build or
		// the maintenance page shows at once.
		Default: map[string]string{"Cache-Control": "no-cache"},
	}}
}
