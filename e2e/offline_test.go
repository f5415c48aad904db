package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
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
