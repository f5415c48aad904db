package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"
)

// TestSimulatorEngineHosts follows the engine's host through a resident's visits
// (site/assets/ts/simulator/engine.ts, site/assets/sw/sw.ts): a first visit has no service
// worker yet and runs the engine in the page's own Worker; a returning visit runs it in the
// service worker, which read and compiled it as the page was requested; the service worker
// hosts only the engine its build published; once the browser has stopped the service
// worker, the next entry starts it again and still gets its answer, or, when the engine it
// then reads fails its check, the page says so. Each figure is the engine's own (mustAssess),
// shown on the page.
func TestSimulatorEngineHosts(t *testing.T) {
	s := newSession(t)
	s.openSimulator(t, "ja", 1280)
	if got := evalAs[string](t, s, `globalThis.zeisim.host`); got != "worker" {
		t.Errorf("first visit: the engine runs in %q, want the page's own Worker", got)
	}
	if _, err := s.waitFor(`document.documentElement.dataset.offline === "ready" && navigator.serviceWorker.controller !== null`, 30*time.Second); err != nil {
		t.Fatalf("the service worker did not take control: %v", err)
	}

	// A returning visit: the service worker's engine answers.
	reloadUntilEngine(t, s, "ready", "the engine did not load on the returning visit")
	if got := evalAs[string](t, s, `globalThis.zeisim.host`); got != "service-worker" {
		t.Fatalf("returning visit: the engine runs in %q, want the service worker", got)
	}
	// 年税額 241,300円 = 市民税 144,300 + 県民税 96,000 + 森林環境税 1,000
	// (tax-rules.md §17 Example 1; 地方税法314条の3・35条・20条の4の2; 森林環境税法).
	fillExample1(t, s)
	if _, err := s.waitFor(`document.getElementById("total")?.dataset.yen === "241300"`, 10*time.Second); err != nil {
		t.Fatalf("returning visit, Example 1: want 241300, the page shows %q (%v)", s.shown(t)["total"], err)
	}

	// The service worker hosts its own build's engine only: asked for another (a page of an
	// older build), it says so, and such a page starts its own Worker.
	refused := awaitAs[string](t, s, `new Promise((resolve) => {
		const c = navigator.serviceWorker;
		const on = (e) => { if (e.data && e.data.op === "failed") { c.removeEventListener("message", on); resolve(e.data.message); } };
		c.addEventListener("message", on);
		const url = new URL(document.getElementById("simulator").dataset.wasm, location.href).href;
		c.controller.postMessage({ op: "engine", url, integrity: "sha384-" + "A".repeat(64) });
		setTimeout(() => resolve("no answer within 10 s"), 10000);
	})`)
	if !strings.Contains(refused, "another engine") {
		t.Errorf("asked for an engine it does not host, the service worker answered %q", refused)
	}

	// The browser stops an idle service worker (after 30 s without events). The next entry
	// starts it again; it reads, checks and starts the engine and answers.
	s.do(t, stopServiceWorkers)
	lower := example1
	lower.Income.Salary = 4000000
	want := mustAssess(t, lower).Total
	s.fillField(t, "f-salary", "400万")
	if _, err := s.waitFor(fmt.Sprintf(`document.getElementById("total")?.dataset.yen === "%d"`, want), 20*time.Second); err != nil {
		t.Fatalf("after the service worker was stopped: want %d, the page shows %q (%v)", want, s.shown(t)["total"], err)
	}
	if got := evalAs[string](t, s, `globalThis.zeisim.host`); got != "service-worker" {
		t.Errorf("after the service worker was stopped and started again: the engine runs in %q", got)
	}
	s.assertClean(t) // no CSP violation, console error or request elsewhere up to here

	// Stopped again, it finds the cached engine altered when it starts again mid-page: the
	// page says the engine failed (site/i18n/simulator/ja.json status.engine_failed) and
	// shows no figure, instead of waiting or showing the last one.
	if got := awaitAs[string](t, s, alterCachedEngine); got != "altered" {
		t.Fatal(got)
	}
	s.do(t, stopServiceWorkers)
	s.fillField(t, "f-salary", "300万")
	if _, err := s.waitFor(`document.getElementById("sim").dataset.state === "problems" && !("pending" in document.getElementById("sim").dataset)`, 20*time.Second); err != nil {
		t.Fatalf("with its engine altered, the restarted service worker's page is in state %q (%v)", evalAs[string](t, s, `String(document.getElementById("sim").dataset.state)`), err)
	}
	if text := evalAs[string](t, s, `document.getElementById("problems").textContent`); !strings.Contains(text, "計算エンジンを読み込めませんでした") {
		t.Errorf("the page lists %q, want the engine's failure", text)
	}
	if n := evalAs[float64](t, s, `document.querySelectorAll("#total, [data-yen]").length`); n != 0 {
		t.Errorf("%v figures shown after the engine failed", n)
	}
}

// stopServiceWorkers stops the browser's service workers, as it does after 30 s without events.
var stopServiceWorkers = chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
	if _, err := cdp.Call(ctx, tg, serviceworker.Enable, cdp.Empty{}); err != nil {
		return err
	}
	_, err := cdp.Call(ctx, tg, serviceworker.StopAllWorkers, cdp.Empty{})
	return err
})
