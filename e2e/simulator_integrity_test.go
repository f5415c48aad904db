package e2e

import (
	"net"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSimulatorEngineIntegrity alters the engine where a returning visit reads it (the service
// worker's precache, which the engine's host reads directly: the service worker, then the
// page's own Worker when the service worker fails) and checks that the page refuses to run it:
// the altered module is still valid WebAssembly that would run and answer (a custom section
// appended, which the engine ignores), so only the SRI check (site/assets/ts/lib/integrity.ts,
// in lib/enginehost.ts) can stop it. The page must say the engine failed and show no result;
// with the right bytes back, the same page computes again.
func TestSimulatorEngineIntegrity(t *testing.T) {
	s := newSession(t)
	s.openSimulator(t, "ja", 1280)
	if _, err := s.waitFor(`document.documentElement.dataset.offline === "ready" && navigator.serviceWorker.controller !== null`, 30*time.Second); err != nil {
		t.Fatalf("the service worker did not take control: %v", err)
	}
	// Every cache of the origin gets the altered module under the engine's URL.
	if got := awaitAs[string](t, s, alterCachedEngine); got != "altered" {
		t.Fatal(got)
	}
	reloadUntilEngine(t, s, "failed", "the page ran or kept waiting for an engine whose bytes do not match its hash")
	// The resident is told (site/i18n/simulator/ja.json status.engine_failed), and no figure is
	// shown, even once they type.
	if status, want := evalAs[string](t, s, `document.getElementById("status").textContent`), "計算エンジンを読み込めませんでした。ページを再読み込みしてください。"; status != want {
		t.Errorf("status %q, want %q", status, want)
	}
	s.fillField(t, "f-age", "40")
	s.fillField(t, "f-salary", "5000000")
	if n := evalAs[float64](t, s, `document.querySelectorAll("#total, [data-yen]").length`); n != 0 {
		t.Errorf("%v figures shown by a page whose engine failed its integrity check", n)
	}
	// The altered entries removed, the engine comes from the host again and the same page
	// computes: the check refused those bytes, not every engine.
	restore := `(async () => {
		const url = new URL(document.getElementById("simulator").dataset.wasm, location.href).href;
		for (const name of await caches.keys()) await (await caches.open(name)).delete(url);
		return "restored";
	})()`
	if got := awaitAs[string](t, s, restore); got != "restored" {
		t.Fatal(got)
	}
	reloadUntilEngine(t, s, "ready", "with its right bytes back the engine did not load")
}

// alterCachedEngine puts an altered engine in every cache of the origin under the engine's
// URL. The altered module is still valid WebAssembly that would run and answer: only the SRI
// check can stop it.
const alterCachedEngine = `(async () => {
		const url = new URL(document.getElementById("simulator").dataset.wasm, location.href).href;
		const good = new Uint8Array(await (await caches.match(url)).arrayBuffer());
		// A custom section (id 0) named "evil" with no payload: valid, and ignored when run.
		const extra = [0, 5, 4, 0x65, 0x76, 0x69, 0x6c];
		const bad = new Uint8Array(good.length + extra.length);
		bad.set(good);
		bad.set(extra, good.length);
		if (!WebAssembly.validate(bad)) return "the altered module is not valid WebAssembly: the test would prove nothing";
		for (const name of await caches.keys()) {
			await (await caches.open(name)).put(url, new Response(bad, { headers: { "Content-Type": "application/wasm" } }));
		}
		return "altered";
	})()`

// reloadUntilEngine reloads the simulator and waits until its data-engine is want.
func reloadUntilEngine(t *testing.T, s *session, want, failure string) {
	t.Helper()
	s.do(t, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("f-age")))
	if _, err := s.waitFor(`document.getElementById("simulator").dataset.engine === `+jsonString(want), 20*time.Second); err != nil {
		t.Fatalf("%s (data-engine=%q): %v", failure, evalAs[string](t, s, `document.getElementById("simulator").dataset.engine ?? "(unset)"`), err)
	}
}

// TestSimulatorEngineWithoutSecureContext opens the simulator over plain HTTP at one of this
// machine's own non-loopback addresses, as a city's test server on an intranet may be: no
// secure context, so no WebCrypto, Cache Storage or service worker. The engine is then
// checked by fetch's own integrity option instead (lib/enginehost.ts) and computes tax-rules.md
// §17 Example 1; without that fallback the engine failed here.
func TestSimulatorEngineWithoutSecureContext(t *testing.T) {
	ip := nonLoopbackIPv4()
	if ip == "" {
		t.Skip("this machine has no non-loopback IPv4 address to serve the site on")
	}
	h := startOpsHost(t, "-addr", ip+":0")
	s := newSession(t, chromedp.Flag("proxy-bypass-list", ip)) // the site's own address goes direct, as loopback does
	s.do(t, chromedp.Navigate(h.urls["http"]+simulatorPath("ja")), chromedp.WaitVisible(chromedp.ID("f-age")))
	if evalAs[bool](t, s, `window.isSecureContext`) {
		t.Skipf("%s is a secure context in this browser: the test would prove nothing", h.urls["http"])
	}
	if _, err := s.waitFor(`document.getElementById("simulator").dataset.engine === "ready"`, 20*time.Second); err != nil {
		t.Fatalf("the engine did not load without a secure context (data-engine=%q): %v",
			evalAs[string](t, s, `document.getElementById("simulator").dataset.engine ?? "(unset)"`), err)
	}
	s.fillField(t, "f-age", "40")
	s.fillField(t, "f-salary", "5000000")
	s.fillField(t, "f-social_insurance", "750000")
	// 年税額 241,300円 (tax-rules.md §17 Example 1; 地方税法314条の3・35条・20条の4の2; 森林環境税法).
	if _, err := s.waitFor(`document.getElementById("total")?.dataset.yen === "241300"`, 10*time.Second); err != nil {
		t.Fatalf("annual total: want 241300, page shows %q (%v)", s.shown(t)["total"], err)
	}
}

// nonLoopbackIPv4 returns an IPv4 address of an interface that is up and not loopback, or "".
func nonLoopbackIPv4() string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return ""
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() && !n.IP.IsLinkLocalUnicast() {
			return n.IP.String()
		}
	}
	return ""
}
