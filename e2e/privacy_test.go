package e2e

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"zeisim/wasm/tax"
)

// workerLog records every request the site's service worker makes on its own (its precache
// fetches, and the network-first fetches it makes for pages): they are not the page's
// requests, so the page's Network domain never sees them.
type workerLog struct {
	mu       sync.Mutex
	requests []string
}

func (w *workerLog) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.requests)
}

func (w *workerLog) since(n int) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.requests[n:]...)
}

// watchServiceWorker attaches to the site's service worker (it must be running: call it once
// the page reports data-offline="ready") and records its requests with the CDP Network domain.
// While DevTools is attached, Chromium keeps the worker running, so the same target sees all
// of the session.
func (s *session) watchServiceWorker(t *testing.T) *workerLog {
	t.Helper()
	ctx, cancel := s.withTimeout(20 * time.Second)
	defer cancel()
	infos, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var id target.ID
	for _, info := range infos {
		if info.Type == "service_worker" && strings.HasPrefix(info.URL, siteURL+"/") {
			id = info.TargetID
		}
	}
	if id == "" {
		t.Fatalf("no service worker of %s among %d targets", siteURL, len(infos))
	}
	swCtx, swCancel := chromedp.NewContext(s.ctx, chromedp.WithTargetID(id))
	t.Cleanup(swCancel)
	if err := chromedp.Do(swCtx); err != nil {
		t.Fatalf("attaching to the service worker: %v", err)
	}
	w := &workerLog{}
	reqs := chromedp.Events(swCtx, network.RequestWillBeSent)
	go func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			w.mu.Lock()
			w.requests = append(w.requests, ev.Request.URL)
			w.mu.Unlock()
		}
	}()
	if err := chromedp.Do(swCtx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{})
		return err
	})); err != nil {
		t.Fatalf("recording the service worker's requests: %v", err)
	}
	return w
}

// settle waits until neither the tab nor the service worker has started a request for a
// second and a half: the page, its assets, the engine and the worker's own update check have
// then all been fetched. It is a wait, not an assertion: the assertion is that nothing
// follows.
func (s *session) settle(t *testing.T, w *workerLog) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	last, lastW := -1, -1
	stable := time.Now()
	for time.Now().Before(deadline) {
		n, _ := s.mark()
		nw := w.count()
		if n != last || nw != lastW {
			last, lastW, stable = n, nw, time.Now()
		} else if time.Since(stable) >= 1500*time.Millisecond {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the page kept making requests for 30 s after loading")
}

// resourceEntries is how many resources the document has fetched by its own count (Resource
// Timing): a third witness beside the two Network logs.
const resourceEntries = `performance.getEntriesByType("resource").length`

// privacyHouseholds picks the households of the full session for a language: a few of the
// households suite's, each typed from an empty form.
// privacyHouseholds are the first n households of TestSimulatorHouseholds typed in lang; the
// やさしい日本語 page takes the Japanese ones (its entries are the same).
func privacyHouseholds(lang string, n int) []household {
	from := lang
	if lang == "ja-easy" {
		from = "ja"
	}
	var out []household
	for _, h := range households {
		if h.lang == from && len(out) < n {
			h.lang = lang
			out = append(out, h)
		}
	}
	return out
}

// TestPrivacyNoRequestsLeave proves the privacy promise on the wire: over a full session of
// typing and computing (several households in every language, the chart, the trace and a
// comparison) the browser makes zero requests to any other origin, and zero requests at all
// once the page, its assets, the engine and the service worker are loaded. Requests are
// recorded with the CDP Network domain on the tab and on the service worker's own target (its
// fetches count too), and cross-checked with the page's Resource Timing; every origin but
// loopback is routed to a closed port, so nothing can leave unnoticed.
func TestPrivacyNoRequestsLeave(t *testing.T) {
	s := newSession(t)
	var sw *workerLog
	walk := newPageWalk("privacy", "households", "requests seen while loading", "requests after loading", "external requests")
	for _, lang := range simulatorLanguages {
		s.openSimulator(t, lang, 1280)
		if _, err := s.waitFor(`document.documentElement.dataset.offline === "ready" && navigator.serviceWorker.controller !== null`, 30*time.Second); err != nil {
			t.Fatalf("%s: the service worker did not take control: %v", lang, err)
		}
		if sw == nil {
			sw = s.watchServiceWorker(t)
		}
		s.settle(t, sw)
		r0, _ := s.mark()
		w0 := sw.count()
		res0 := evalAs[int](t, s, resourceEntries)

		for i, h := range privacyHouseholds(lang, 3) {
			if i > 0 {
				s.press(t, "reset")
				s.eval(t, `document.getElementById("reset-yes").click(), true`)
			}
			fillHousehold(t, s, h)
			res, err := tax.Assess(normalized(h.in))
			if err != nil {
				t.Fatalf("%s: %v", h.name, err)
			}
			want := strconv.FormatInt(res.Total, 10)
			if _, err := s.waitFor(fmt.Sprintf(`document.getElementById("total")?.dataset.yen === %q`, want), 10*time.Second); err != nil {
				t.Fatalf("%s: the page does not show the engine's total %s: %v", h.name, want, err)
			}
			if _, err := s.waitFor(chartDrawn(h.in), 10*time.Second); err != nil {
				t.Fatalf("%s: no chart: %v", h.name, err)
			}
			walk.add("households", 1)
		}
		// The trace and a comparison: keep this household as A, change the salary.
		s.eval(t, `document.getElementById("trace").open = true`)
		s.press(t, "keep-a")
		s.fillField(t, "f-salary", "9,000,000")
		if _, err := s.waitFor(`document.getElementById("compare-table") !== null`, 10*time.Second); err != nil {
			t.Fatalf("%s: no comparison: %v", lang, err)
		}

		after, _ := s.since(r0, 0)
		afterW := sw.since(w0)
		for _, r := range after {
			t.Errorf("%s: the page made a request after loading: %s", lang, r)
		}
		for _, r := range afterW {
			t.Errorf("%s: the service worker made a request after the page loaded: %s", lang, r)
		}
		if n := evalAs[int](t, s, resourceEntries) - res0; n != 0 {
			t.Errorf("%s: the page fetched %d resources after loading (Resource Timing): %s", lang, n,
				evalAs[string](t, s, fmt.Sprintf(`performance.getEntriesByType("resource").slice(%d).map(e => e.name).join(" ")`, res0)))
		}
		walk.add("requests after loading", len(after)+len(afterW))
		// A request the CSP stops (connect-src 'self') never reaches the Network log: it is a
		// violation of this document, read before the next language replaces it.
		for _, v := range evalAs[[]string](t, s, `window.__cspViolations || []`) {
			t.Errorf("%s: CSP violation (a blocked request?): %s", lang, v)
		}
	}
	pageReqs, _ := s.since(0, 0)
	all := append(pageReqs, sw.since(0)...)
	walk.add("requests seen while loading", len(all)-walk.counts["requests after loading"])
	for _, r := range all {
		if otherOrigin(r) {
			t.Errorf("request to another origin: %s", r)
			walk.add("external requests", 1)
		}
		if strings.ContainsAny(r, "?#") {
			t.Errorf("a request carries a query or fragment: %s", r)
		}
	}
	s.assertClean(t)
	t.Log(walk)
}

// residentFigures are the distinctive entries TestPrivacyNoCookiesNoStorage types: none of
// them may turn up in any store of the browser unless the resident asks.
var residentFigures = []string{"4876500", "4,876,500", "731475"}

// storageState is everything a browser can keep for the site, read through DevTools and
// through the page itself.
type storageState struct {
	BrowserCookies int                 // Storage.getCookies: every cookie of the browser
	SiteCookies    int                 // Network.getCookies for the site's address
	DocumentCookie string              `json:"documentCookie"`
	Local          map[string]string   `json:"local"`
	Session        map[string]string   `json:"session"`
	IndexedDB      []string            `json:"indexedDB"`
	Caches         map[string][]string `json:"caches"`        // cache name → cached URLs
	CachedFigures  []string            `json:"cachedFigures"` // cached URL: figure found in its body
}

const readStorage = `(async () => {
	const dump = (st) => { const o = {}; for (let i = 0; i < st.length; i++) { const k = st.key(i); o[k] = st.getItem(k); } return o; };
	const figures = %s;
	const caches_ = {}, found = [];
	for (const name of await caches.keys()) {
		const c = await caches.open(name);
		caches_[name] = [];
		for (const req of await c.keys()) {
			caches_[name].push(req.url);
			const text = await (await c.match(req)).text();
			for (const f of figures) if (text.includes(f)) found.push(req.url + ": " + f);
		}
	}
	return {
		documentCookie: document.cookie,
		local: dump(localStorage),
		session: dump(sessionStorage),
		indexedDB: (await indexedDB.databases()).map(d => d.name),
		caches: caches_,
		cachedFigures: found,
	};
})()`

func (s *session) storage(t *testing.T) storageState {
	t.Helper()
	ctx, cancel := s.withTimeout(30 * time.Second)
	defer cancel()
	st, err := chromedp.Run(ctx, chromedp.Evaluate[storageState](fmt.Sprintf(readStorage, jsonString(residentFigures)), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("reading the page's storage: %v", err)
	}
	all, err := chromedp.CallBrowser(ctx, storage.GetCookies, storage.GetCookiesParams{})
	if err != nil {
		t.Fatalf("Storage.getCookies: %v", err)
	}
	st.BrowserCookies = len(all.Cookies)
	site, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{siteURL + "/", siteURL + "/simulator/", siteURL + "/en/simulator/"}})
	if err != nil {
		t.Fatalf("Network.getCookies: %v", err)
	}
	st.SiteCookies = len(site.Cookies)
	return st
}

// precacheList is the set of addresses the published service worker says it precaches.
func precacheList(t *testing.T) map[string]bool {
	t.Helper()
	src := string(httpGet(t, siteURL+"/sw.js"))
	out := map[string]bool{}
	for _, m := range regexp.MustCompile(`url:"(/[^"]*)"`).FindAllStringSubmatch(src, -1) {
		out[m[1]] = true
	}
	if len(out) < 5 {
		t.Fatalf("/sw.js names only %d files to precache", len(out))
	}
	return out
}

// checkNoResidentData fails for any cookie, any stored entry outside the one opted-in key,
// any IndexedDB database, any cache that is not the service worker's precache of the site's
// own files, and any cached body holding a figure the resident typed.
func checkNoResidentData(t *testing.T, st storageState, precache map[string]bool, optedIn bool) {
	t.Helper()
	if st.BrowserCookies != 0 || st.SiteCookies != 0 || st.DocumentCookie != "" {
		t.Errorf("cookies: %d in the browser, %d for the site, document.cookie %q", st.BrowserCookies, st.SiteCookies, st.DocumentCookie)
	}
	for k, v := range st.Local {
		if !optedIn || k != "zeisim.inputs.v1" {
			t.Errorf("localStorage holds %q = %.80q", k, v)
		}
	}
	if optedIn {
		saved := st.Local["zeisim.inputs.v1"]
		if !strings.Contains(saved, residentFigures[0]) && !strings.Contains(saved, residentFigures[1]) {
			t.Errorf("the resident asked to save, but the saved entries are %.200q", saved)
		}
	}
	for k, v := range st.Session {
		t.Errorf("sessionStorage holds %q = %.80q", k, v)
	}
	for _, db := range st.IndexedDB {
		t.Errorf("IndexedDB database %q", db)
	}
	for _, f := range st.CachedFigures {
		t.Errorf("Cache Storage holds a typed figure: %s", f)
	}
	for name, urls := range st.Caches {
		if !strings.HasPrefix(name, "zeisim-") {
			t.Errorf("a cache not of the site's service worker: %q", name)
		}
		for _, u := range urls {
			if otherOrigin(u) || strings.ContainsAny(u, "?#") || !precache[strings.TrimPrefix(u, siteURL)] {
				t.Errorf("cache %s holds %s, which is not one of the site's precached files", name, u)
			}
		}
	}
}

// TestPrivacyNoCookiesNoStorage proves the storage promise: while a resident types and
// computes, the browser holds no cookie (DevTools Storage.getCookies and Network.getCookies,
// and document.cookie), nothing in localStorage, sessionStorage or IndexedDB, and in Cache
// Storage only the service worker's precache of the site's own files, none holding a typed
// figure. Ticking "この端末に保存" stores the entries under one key and nothing else; erasing
// clears it, and the next visit starts empty.
func TestPrivacyNoCookiesNoStorage(t *testing.T) {
	precache := precacheList(t)
	s := newSession(t)
	s.openSimulator(t, "ja", 1280)
	if _, err := s.waitFor(`document.documentElement.dataset.offline === "ready"`, 30*time.Second); err != nil {
		t.Fatalf("the service worker did not install: %v", err)
	}
	s.fillField(t, "f-age", "40")
	s.fillField(t, "f-salary", residentFigures[1])
	s.fillField(t, "f-social_insurance", residentFigures[2])
	if _, err := s.waitFor(settled, 10*time.Second); err != nil {
		t.Fatalf("no result: %v", err)
	}
	s.press(t, "keep-a")
	s.fillField(t, "f-salary", "5,000,000")
	if _, err := s.waitFor(`document.getElementById("compare-table") !== null`, 10*time.Second); err != nil {
		t.Fatalf("no comparison: %v", err)
	}

	before := s.storage(t)
	if len(before.Caches) == 0 {
		t.Errorf("no service worker cache at all: the precache check below would prove nothing")
	}
	checkNoResidentData(t, before, precache, false)
	names := make([]string, 0, len(before.Caches))
	for n, urls := range before.Caches {
		names = append(names, fmt.Sprintf("%s (%d files)", n, len(urls)))
	}
	sort.Strings(names)
	t.Logf("before opting in: %d cookies, %d localStorage, %d sessionStorage, %d IndexedDB, caches %v",
		before.BrowserCookies+before.SiteCookies, len(before.Local), len(before.Session), len(before.IndexedDB), names)

	// The resident opts in: the entries are kept under one key, and nothing else appears.
	s.fillField(t, "f-salary", residentFigures[0])
	s.setCheck(t, "save-toggle", true)
	opted := s.storage(t)
	if len(opted.Local) != 1 {
		t.Errorf("after opting in localStorage holds %d keys, want the entries only", len(opted.Local))
	}
	checkNoResidentData(t, opted, precache, true)

	// Erase, then a new visit: nothing is left, nothing comes back.
	s.press(t, "erase")
	erased := s.storage(t)
	checkNoResidentData(t, erased, precache, false)
	s.openSimulator(t, "ja", 1280)
	if v := evalAs[string](t, s, `document.getElementById("f-salary").value`); v != "" {
		t.Errorf("after erasing, the next visit shows salary %q", v)
	}
	checkNoResidentData(t, s.storage(t), precache, false)
	s.assertClean(t)
}
