package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSimulatorComputesExample1 types the figures of tax-rules.md §17 Example 1 as a resident
// would and reads the annual total the page computed with the wasm engine.
func TestSimulatorComputesExample1(t *testing.T) {
	s := newSession(t)
	ctx, cancel := s.withTimeout(60 * time.Second)
	defer cancel()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(siteURL+"/simulator/"),
		chromedp.WaitVisible(chromedp.ID("salary")),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := s.waitFor(`document.getElementById("simulator").dataset.engine === "ready"`, 20*time.Second); err != nil {
		s.assertClean(t)
		t.Fatalf("the engine did not load: %v", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("salary"), "5000000"),
		chromedp.SendKeys(chromedp.ID("social-insurance"), "750000"),
	); err != nil {
		t.Fatal(err)
	}
	// 年税額 241,300円 = 市民税 144,300 + 県民税 96,000 + 森林環境税 1,000
	// (tax-rules.md §17 Example 1; 地方税法314条の3・35条・20条の4の2; 森林環境税法).
	got, err := s.waitFor(`document.getElementById("total").dataset.yen === "241300" && "241300"`, 10*time.Second)
	if err != nil {
		text, _ := chromedp.Run(s.ctx, chromedp.Text(chromedp.ID("total")))
		t.Fatalf("annual total: want 241300, page shows %q (%v)", text, err)
	}
	if got != "241300" {
		t.Fatalf("annual total %s, want 241300", got)
	}
	s.assertClean(t)
}
