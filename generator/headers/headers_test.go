package headers

import (
	"strings"
	"testing"
)

func TestSiteSet(t *testing.T) {
	s := Site()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	csp := s.All["Content-Security-Policy"]
	for _, want := range []string{"default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "require-trusted-types-for 'script'", "trusted-types " + SWPolicy, "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP lacks %q", want)
		}
	}
	for _, bad := range []string{"unsafe-inline", "'unsafe-eval'", "trusted-types 'none'"} {
		if strings.Contains(csp, bad) {
			t.Errorf("CSP has %q", bad)
		}
	}
	if s.Rules[0].Prefix != AssetPrefix || !strings.Contains(s.Rules[0].Headers["Cache-Control"], "immutable") {
		t.Errorf("assets rule %+v", s.Rules[0])
	}
	if s.Default["Cache-Control"] != "no-cache" {
		t.Errorf("default Cache-Control %q", s.Default["Cache-Control"])
	}
}

// TestRenderersCarryEveryHeader: each host's config sets every header of the set, with
// immutable caching on /a/ and no-cache elsewhere (Netlify/Cloudflare: their default).
func TestRenderersCarryEveryHeader(t *testing.T) {
	s := Site()
	h := Host{BaseURL: "https://zeisim.example.jp", NotFound: "/404.html", Types: map[string]string{".wasm": "application/wasm"}}
	for name, out := range map[string]string{
		"nginx":    string(s.Nginx(h)),
		"apache":   string(s.Apache(h)),
		"iis":      strings.ReplaceAll(string(s.IIS(h)), "&#39;", "'"),
		"caddy":    string(s.Caddy(h)),
		"_headers": string(s.Headers()),
	} {
		for k, v := range s.All {
			if !strings.Contains(out, k) || !strings.Contains(out, v) {
				t.Errorf("%s lacks %s: %s", name, k, v)
			}
		}
		if !strings.Contains(out, "public, max-age=31536000, immutable") {
			t.Errorf("%s lacks immutable caching", name)
		}
		if name != "_headers" && !strings.Contains(out, `"no-cache"`) {
			t.Errorf("%s lacks no-cache for pages", name)
		}
		if name != "_headers" && !strings.Contains(out, "/404.html") {
			t.Errorf("%s lacks the 404 page", name)
		}
		// Caddy types files with Go's built-in table, which knows .wasm.
		if name != "_headers" && name != "caddy" && !strings.Contains(out, "application/wasm") {
			t.Errorf("%s does not type .wasm", name)
		}
	}
}
