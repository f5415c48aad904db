package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// requiredCSP are the directives every page must be served with (architecture.md, security.md
// §3): a page without them would pass the violation count below without proving anything.
var requiredCSP = []string{
	"default-src 'none'",
	"script-src 'self' 'wasm-unsafe-eval'",
	"style-src 'self'",
	"connect-src 'self'",
	"base-uri 'none'",
	"form-action 'none'",
	"frame-ancestors 'none'",
	"require-trusted-types-for 'script'",
}

// forbiddenCSP are sources that would open the policy up again.
var forbiddenCSP = []string{"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "data:", "blob:", "http:", "https:", " * ", "'strict-dynamic'"}

// headerValue reads a response header as the browser received it, whatever its case (HTTP/2
// names are lower case).
func headerValue(h network.Headers, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return fmt.Sprint(v)
		}
	}
	return ""
}

// pageProblems is what the browser reports about the document open in s that a page of ours
// must never have: scripts and stylesheets without Subresource Integrity, inline scripts and
// styles, style attributes and event-handler attributes (in the DOM as it is after the page's
// own scripts ran, so elements the simulator builds count too).
const pageProblems = `(() => {
	const out = [];
	const sri = /^sha(256|384|512)-[A-Za-z0-9+/]+=*$/;
	for (const e of document.querySelectorAll("script")) {
		if (!e.hasAttribute("src")) out.push("inline script: " + e.textContent.slice(0, 60));
		else if (!sri.test(e.integrity)) out.push("script without integrity: " + e.src);
	}
	for (const e of document.querySelectorAll('link[rel~="stylesheet"], link[rel="modulepreload"], link[rel="preload"]')) {
		if (!sri.test(e.integrity)) out.push("link without integrity: " + e.rel + " " + e.href);
	}
	for (const e of document.querySelectorAll("style")) out.push("inline style element");
	for (const e of document.querySelectorAll("*")) {
		for (const a of e.attributes) {
			if (a.name === "style" || a.name.startsWith("on")) out.push(e.localName + (e.id ? "#" + e.id : "") + " has " + a.name + "=" + a.value.slice(0, 40));
		}
	}
	return out;
})()`

// subresourceCount is how many scripts and stylesheets the open document loads.
const subresourceCount = `document.querySelectorAll('script[src], link[rel~="stylesheet"]').length`

// visitPage opens path in s and waits until the page has done everything it does on its own:
// loaded, registered the service worker (pages with the site script), and, on the simulator,
// loaded the engine and computed tax-rules.md §17 Example 1 with its chart, so that the
// dynamically built result is checked too. It returns the response the browser got.
func visitPage(t *testing.T, s *session, path string) *network.Response {
	t.Helper()
	ctx, cancel := s.withTimeout(60 * time.Second)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(siteURL+path))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if resp.Status != 200 {
		t.Errorf("%s: HTTP %d", path, resp.Status)
	}
	if _, err := s.waitFor(`document.readyState === "complete"`, 20*time.Second); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if evalAs[bool](t, s, `document.getElementById("simulator") !== null`) {
		if _, err := s.waitFor(`document.getElementById("simulator").dataset.engine === "ready"`, 20*time.Second); err != nil {
			t.Fatalf("%s: the engine did not load: %v", path, err)
		}
		fillExample1(t, s)
		if _, err := s.waitFor(`document.querySelector("#chart-slot svg") !== null`, 10*time.Second); err != nil {
			t.Fatalf("%s: no chart: %v", path, err)
		}
	}
	if evalAs[bool](t, s, `document.querySelector('script[src*="/site."]') !== null`) {
		state, err := s.waitFor(`document.documentElement.dataset.offline || ""`, 30*time.Second)
		if err != nil {
			t.Fatalf("%s: the service worker did not register: %v", path, err)
		}
		if state != "ready" {
			t.Errorf("%s: service worker %s", path, state)
		}
	}
	return resp
}

// TestCSPNoViolationsOnEveryPage opens every page of every language (the sitemap, the 404
// page and the maintenance page) in one browser and proves, as the browser sees it, that each
// is served with the strict Content-Security-Policy and, under it, has zero CSP violations
// (the securitypolicyviolation event, which also catches a blocked wasm compile), zero console
// errors or warnings, no request to another origin, and SRI on every script and stylesheet.
func TestCSPNoViolationsOnEveryPage(t *testing.T) {
	pages := sitePages(t)
	s := newSession(t)
	walk := newPageWalk("csp", "pages", "scripts and stylesheets", "CSP violations", "console errors", "external requests", "other problems")
	for _, path := range pages {
		r0, e0 := s.mark()
		resp := visitPage(t, s, path)
		walk.add("pages", 1)
		csp := headerValue(resp.Headers, "Content-Security-Policy")
		if csp == "" {
			t.Errorf("%s: no Content-Security-Policy header", path)
			walk.add("other problems", 1)
		}
		for _, d := range requiredCSP {
			if !strings.Contains(csp, d) {
				t.Errorf("%s: the CSP lacks %q: %s", path, d, csp)
				walk.add("other problems", 1)
			}
		}
		for _, d := range forbiddenCSP {
			if strings.Contains(" "+csp+" ", d) {
				t.Errorf("%s: the CSP allows %s: %s", path, d, csp)
				walk.add("other problems", 1)
			}
		}
		walk.add("scripts and stylesheets", evalAs[int](t, s, subresourceCount))
		for _, p := range evalAs[[]string](t, s, pageProblems) {
			t.Errorf("%s: %s", path, p)
			walk.add("other problems", 1)
		}
		violations := evalAs[[]string](t, s, `window.__cspViolations || []`)
		for _, v := range violations {
			t.Errorf("%s: CSP violation: %s", path, v)
		}
		walk.add("CSP violations", len(violations))
		reqs, errs := s.since(r0, e0)
		for _, e := range errs {
			t.Errorf("%s: console: %s", path, e)
		}
		walk.add("console errors", len(errs))
		for _, r := range reqs {
			if otherOrigin(r) {
				t.Errorf("%s: request to another origin: %s", path, r)
				walk.add("external requests", 1)
			}
		}
	}
	t.Log(walk)
}
