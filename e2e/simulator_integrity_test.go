package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSimulatorEngineIntegrity alters the engine where a returning visit reads it (the service
// worker's precache, which the engine's Worker reads directly) and checks that the page
// refuses to run it: the altered module is still valid WebAssembly that would run and answer
// (a custom section appended, which the engine ignores), so only the SRI check
// (site/assets/ts/lib/integrity.ts, in engine-worker.ts) can stop it. The page must say the
// engine failed and show no result; with the right bytes back, the same page computes again.
func TestSimulatorEngineIntegrity(t *testing.T) {
	s := newSession(t)
	s.openSimulator(t, "ja", 1280)
	if _, err := s.waitFor(`document.documentElement.dataset.offline === "ready" && navigator.serviceWorker.controller !== null`, 30*time.Second); err != nil {
		t.Fatalf("the service worker did not take control: %v", err)
	}
	// Every cache of the origin gets the altered module under the engine's URL.
	tamper := `(async () => {
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
	run := func(expr string) string {
		t.Helper()
		ctx, cancel := s.withTimeout(20 * time.Second)
		defer cancel()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("evaluating %.80q: %v", expr, err)
		}
		return v
	}
	if got := run(tamper); got != "altered" {
		t.Fatal(got)
	}
	s.do(t, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("f-age")))
	if _, err := s.waitFor(`document.getElementById("simulator").dataset.engine === "failed"`, 20*time.Second); err != nil {
		t.Fatalf("the page ran or kept waiting for an engine whose bytes do not match its hash (data-engine=%q): %v",
			evalAs[string](t, s, `document.getElementById("simulator").dataset.engine ?? "(unset)"`), err)
	}
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
	if got := run(restore); got != "restored" {
		t.Fatal(got)
	}
	s.do(t, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("f-age")))
	if _, err := s.waitFor(`document.getElementById("simulator").dataset.engine === "ready"`, 20*time.Second); err != nil {
		t.Fatalf("with its right bytes back the engine did not load: %v", err)
	}
}
