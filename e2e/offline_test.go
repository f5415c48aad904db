package e2e

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"zeisim/generator/offline"
)

// goOffline cuts the network of one target (a tab or a service worker): every request it
// makes from now on fails as if the machine were disconnected.
func goOffline(ctx context.Context, tg *chromedp.Target) error {
	if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
		return err
	}
	offline := true
	_, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &offline,
		MatchedNetworkConditions:    []*network.Conditions{{URLPattern: "", Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	})
	return err
}

// TestSimulatorWorksOffline loads the simulator once, cuts the network of the page and of
// its service worker, reloads, and computes tax-rules.md §17 Example 1 from the cache.
func TestSimulatorWorksOffline(t *testing.T) {
	s := newSession(t)
	ctx, cancel := s.withTimeout(90 * time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(siteURL+"/simulator/"), chromedp.WaitVisible(chromedp.ID("f-salary"))); err != nil {
		t.Fatal(err)
	}
	// site.js marks the document once the service worker is active (it has precached
	// everything before activating), and clients.claim() makes it control this page.
	if _, err := s.waitFor(`document.documentElement.dataset.offline === "ready" && navigator.serviceWorker.controller !== null`, 30*time.Second); err != nil {
		state, _ := chromedp.Run(s.ctx, chromedp.Evaluate[string](`document.documentElement.dataset.offline || "(unset)"`))
		s.assertClean(t)
		t.Fatalf("the service worker did not take control (data-offline=%s): %v", state, err)
	}
	infos, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var sw *target.Info
	for _, info := range infos {
		if info.Type == "service_worker" && strings.HasPrefix(info.URL, siteURL) {
			sw = info
		}
	}
	if sw == nil {
		t.Fatalf("no service worker target among %d targets", len(infos))
	}
	swCtx, swCancel := chromedp.NewContext(s.ctx, chromedp.WithTargetID(sw.TargetID))
	defer swCancel()
	if err := chromedp.Do(swCtx, chromedp.Func(goOffline)); err != nil {
		t.Fatalf("cutting the service worker's network: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Func(goOffline)); err != nil {
		t.Fatalf("cutting the page's network: %v", err)
	}
	// Offline now: the host is unreachable for both, so this reload is served by the cache.
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("f-salary"))); err != nil {
		t.Fatalf("reloading offline: %v", err)
	}
	if _, err := s.waitFor(`document.getElementById("simulator").dataset.engine === "ready"`, 30*time.Second); err != nil {
		s.assertClean(t)
		t.Fatalf("the engine did not load offline: %v", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-age"), "40"),
		chromedp.SendKeys(chromedp.ID("f-salary"), "5000000"),
		chromedp.SendKeys(chromedp.ID("f-social_insurance"), "750000"),
	); err != nil {
		t.Fatal(err)
	}
	// 年税額 241,300円 = 市民税 144,300 + 県民税 96,000 + 森林環境税 1,000
	// (tax-rules.md §17 Example 1; 地方税法314条の3・35条・20条の4の2; 森林環境税法).
	if _, err := s.waitFor(`document.getElementById("total")?.dataset.yen === "241300"`, 10*time.Second); err != nil {
		text, _ := chromedp.Run(s.ctx, chromedp.Text(chromedp.ID("total")))
		t.Fatalf("annual total offline: want 241300, page shows %q (%v)", text, err)
	}
	s.assertClean(t)
}

// buildNextRelease builds the site again, as the city's next publication: the same sources
// with one sentence added to the top page and one rule added to the stylesheet, so the next
// build has other page bytes, another fingerprinted stylesheet and so another precache list
// and cache name. It returns the new dist folder.
func buildNextRelease(t *testing.T, sentence string) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	content, site, dist := filepath.Join(tmp, "content"), filepath.Join(tmp, "site"), filepath.Join(tmp, "dist")
	for src, dst := range map[string]string{"content": content, "site": site} {
		if err := os.CopyFS(dst, os.DirFS(filepath.Join(root, src))); err != nil {
			t.Fatalf("copying %s: %v", src, err)
		}
	}
	for file, add := range map[string]string{
		filepath.Join(content, "ja", "index.md"):         "\n" + sentence + "\n",
		filepath.Join(site, "assets", "css", "site.css"): "\nhtml { --zeisim-release: 2; }\n",
	} {
		f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
		if err == nil {
			_, err = f.WriteString(add)
			err = errors.Join(err, f.Close())
		}
		if err != nil {
			t.Fatalf("changing %s: %v", file, err)
		}
	}
	cmd := exec.Command("go", "run", "./generator", "-content", content, "-site", site, "-out", dist)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the next release: %v\n%s", err, out)
	}
	return dist
}

// cacheNameOf reads the cache name a build's service worker precaches into.
func cacheNameOf(t *testing.T, dist string) string {
	t.Helper()
	sw, err := os.ReadFile(filepath.Join(dist, "public", "sw.js"))
	if err != nil {
		t.Fatal(err)
	}
	names := regexp.MustCompile(regexp.QuoteMeta(offline.CachePrefix)+`[0-9a-f]{16}`).FindAllString(string(sw), -1)
	if len(names) == 0 {
		t.Fatalf("no cache name in %s/public/sw.js", dist)
	}
	return names[0]
}

// stylesheetOf is the fingerprinted stylesheet a build's top page links.
func stylesheetOf(t *testing.T, dist string) string {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(dist, "public", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	css := regexp.MustCompile(`/a/site\.[0-9a-f]+\.css`).FindString(string(page))
	if css == "" {
		t.Fatalf("no stylesheet linked from %s/public/index.html", dist)
	}
	return css
}

// cacheContents lists every Cache Storage cache of the tab's origin with the paths it holds,
// and whether its copy of the top page contains the sentence.
const cacheContents = `(async (sentence) => {
  const out = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    const top = await cache.match("/");
    out[name] = {
      paths: (await cache.keys()).map((r) => new URL(r.url).pathname),
      topHasSentence: top ? (await top.text()).includes(sentence) : false,
    };
  }
  return out;
})(%s)`

type cachedBuild struct {
	Paths          []string `json:"paths"`
	TopHasSentence bool     `json:"topHasSentence"`
}

// TestOfflineNewBuildTakesOver publishes a new build while a resident has the old one cached
// and a simulator tab open, the way the city will publish every change: the operator restarts
// the host on the same address with the new build. The resident's next visit must bring the
// new pages; the new service worker must install beside the old one, take control of every
// tab, delete the old cache and leave exactly the new build for offline use; the tab still
// open on the old build must keep computing; and offline afterwards the new build must answer.
func TestOfflineNewBuildTakesOver(t *testing.T) {
	if builtDist == "" {
		t.Skip(remoteSkipReason)
	}
	const sentence = "この文は、次の版が届いたことを確かめるためのものです。"
	nextDist := buildNextRelease(t, sentence)
	current := startOpsHost(t, "-addr", "127.0.0.1:0")
	origin := current.urls["http"]
	oldCache, newCache := cacheNameOf(t, current.dist), cacheNameOf(t, nextDist)
	oldCSS, newCSS := stylesheetOf(t, current.dist), stylesheetOf(t, nextDist)
	if oldCache == newCache || oldCSS == newCSS {
		t.Fatalf("the next build is not new: cache %s → %s, stylesheet %s → %s", oldCache, newCache, oldCSS, newCSS)
	}
	caches := func(s *session) map[string]cachedBuild {
		ctx, cancel := s.withTimeout(20 * time.Second)
		defer cancel()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]cachedBuild](fmt.Sprintf(cacheContents, jsonString(sentence)), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("reading Cache Storage: %v", err)
		}
		return v
	}
	// Example 1 with 年税額 241,300円 (tax-rules.md §17 Example 1; 地方税法314条の3・35条・20条の4の2;
	// 森林環境税法), and the same household with 給与 400万 for the recomputation.
	total := func(s *session, want int64, what string) {
		t.Helper()
		if _, err := s.waitFor(fmt.Sprintf(`document.getElementById("total")?.dataset.yen === "%d"`, want), 15*time.Second); err != nil {
			t.Fatalf("%s: want %d, the page shows %q (%v)", what, want, s.shown(t)["total"], err)
		}
	}
	lower := example1
	lower.Income.Salary = 4000000

	// 1. A visit on the current build: the worker precaches it and takes control.
	oldTab := newSession(t)
	ctx, cancel := oldTab.withTimeout(60 * time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(origin+"/simulator/"), chromedp.WaitVisible(chromedp.ID("f-salary"))); err != nil {
		t.Fatal(err)
	}
	if _, err := oldTab.waitFor(`document.getElementById("simulator").dataset.engine === "ready" && document.documentElement.dataset.offline === "ready" && navigator.serviceWorker.controller !== null`, 30*time.Second); err != nil {
		t.Fatalf("the current build's service worker did not take control: %v", err)
	}
	// A returning visit on the current build: its service worker hosts the engine.
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("f-salary"))); err != nil {
		t.Fatal(err)
	}
	if _, err := oldTab.waitFor(`document.getElementById("simulator").dataset.engine === "ready" && globalThis.zeisim.host === "service-worker"`, 30*time.Second); err != nil {
		t.Fatalf("the current build's service worker does not host the engine (host %q): %v", evalAs[string](t, oldTab, `String(globalThis.zeisim?.host)`), err)
	}
	fillExample1(t, oldTab)
	total(oldTab, 241300, "on the current build")
	if got := caches(oldTab); len(got) != 1 || !slices.Contains(got[oldCache].Paths, oldCSS) || got[oldCache].TopHasSentence {
		t.Fatalf("Cache Storage on the current build: %+v, want only %s holding %s", got, oldCache, oldCSS)
	}

	// 2. The next build goes live on the same address.
	current.stop(t)
	next := startHostOn(t, nextDist, "-addr", strings.TrimPrefix(origin, "http://"))
	if next.urls["http"] != origin {
		t.Fatalf("the next build is served on %s, not on %s", next.urls["http"], origin)
	}

	// 3. The resident comes back in a second tab: pages come from the network first, so the new
	// top page shows at once; its visit finds the new sw.js, which installs and takes over.
	tabCtx, closeTab := chromedp.NewContext(oldTab.ctx)
	t.Cleanup(closeTab) // registered before record's, so a failure's screenshot comes first
	newTab := record(t, tabCtx, "new-tab")
	ctx2, cancel2 := newTab.withTimeout(60 * time.Second)
	defer cancel2()
	if err := chromedp.Do(ctx2, chromedp.Navigate(origin+"/"), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	if text := evalAs[string](t, newTab, `document.body.innerText`); !strings.Contains(text, sentence) {
		t.Fatalf("the visit after the release shows the old top page")
	}
	if _, err := newTab.waitFor(fmt.Sprintf(`caches.keys().then((k) => k.length === 1 && k[0] === %q && navigator.serviceWorker.controller !== null)`, newCache), 60*time.Second); err != nil {
		t.Fatalf("the new service worker did not take over (caches %v): %v", slices.Collect(maps.Keys(caches(newTab))), err)
	}
	got := caches(newTab)
	if nb := got[newCache]; len(got) != 1 || !slices.Contains(nb.Paths, newCSS) || slices.Contains(nb.Paths, oldCSS) || !nb.TopHasSentence {
		t.Errorf("Cache Storage after the release: %+v, want only %s holding %s (not %s) and the new top page", got, newCache, newCSS, oldCSS)
	}
	if !evalAs[bool](t, oldTab, `navigator.serviceWorker.controller !== null`) {
		t.Error("the tab open on the old build lost its service worker")
	}

	// 4. The tab still showing the old build keeps computing. Its engine's host was replaced:
	// the new build's service worker hosts the same engine (only a page and the stylesheet
	// changed), so the tab moved its calls to it.
	oldTab.fillField(t, "f-salary", "400万")
	total(oldTab, mustAssess(t, lower).Total, "the old tab after the release")
	if moved, host := evalAs[float64](t, oldTab, `performance.getEntriesByName("zeisim:engine-moved").length`), evalAs[string](t, oldTab, `globalThis.zeisim.host`); moved != 1 || host != "service-worker" {
		t.Errorf("after the release the old tab moved its engine %v times, to %q; want once, to the new service worker", moved, host)
	}

	// 5. The host goes away (as the network would): the new build answers from the cache.
	next.stop(t)
	if err := chromedp.Do(ctx2, chromedp.Reload(), chromedp.WaitReady("body")); err != nil {
		t.Fatalf("reloading with the host down: %v", err)
	}
	if text := evalAs[string](t, newTab, `document.body.innerText`); !strings.Contains(text, sentence) {
		t.Error("offline, the top page is not the new build's")
	}
	if err := chromedp.Do(ctx2, chromedp.Navigate(origin+"/simulator/"), chromedp.WaitVisible(chromedp.ID("f-salary"))); err != nil {
		t.Fatalf("opening the simulator with the host down: %v", err)
	}
	if _, err := newTab.waitFor(`document.getElementById("simulator").dataset.engine === "ready"`, 30*time.Second); err != nil {
		t.Fatalf("the engine did not load from the new cache: %v", err)
	}
	fillExample1(t, newTab)
	total(newTab, 241300, "offline on the new build")

	// 6. Nothing went wrong on the way, in either tab.
	for _, s := range []*session{oldTab, newTab} {
		violations := evalAs[[]string](t, s, `window.__cspViolations || []`)
		reqs, errs := s.since(0, 0)
		if len(violations) > 0 {
			t.Errorf("CSP violations: %q", violations)
		}
		for _, e := range errs {
			t.Errorf("console: %s", e)
		}
		for _, r := range reqs {
			if !fromOrigin(r, origin) {
				t.Errorf("a request not to %s: %s", origin, r)
			}
		}
	}
}
