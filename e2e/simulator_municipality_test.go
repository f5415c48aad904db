package e2e

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSimulatorOtherMunicipalityBuild builds the same sources for 横浜市 (-municipality 141003,
// a designated city with its own rates: 市 8% / 県 2%, 地方税法314条の3第2項), serves that
// build with the real host and types Example 1: the page names 横浜市 without offering another
// municipality and shows the engine's 横浜市 figures.
func TestSimulatorOtherMunicipalityBuild(t *testing.T) {
	if builtDist == "" {
		t.Skip(remoteSkipReason)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dist := filepath.Join(t.TempDir(), "dist")
	cmd := exec.Command("go", "run", "./generator", "-municipality", "141003", "-out", dist)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the 横浜市 site: %v\n%s", err, out)
	}
	host := startHostOn(t, dist, "-addr", "127.0.0.1:0")
	in := example1
	in.Municipality = "141003"
	want := mustAssess(t, in)
	// 藤沢市 gives 241,300円 for the same household (tax-rules.md §17 Example 1); 横浜市's differs
	// by the 指定都市 split of the 所得割 and its own 均等割 (横浜みどり税), so a page that sent
	// 藤沢市 would show another total.
	if want.Total == 241300 {
		t.Fatalf("the 横浜市 profile gives 藤沢市's total: the test would not tell them apart")
	}
	s := newSession(t)
	ctx, cancel := s.withTimeout(60 * time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(host.urls["http"]+"/simulator/"), chromedp.WaitVisible(chromedp.ID("f-age"))); err != nil {
		t.Fatal(err)
	}
	if _, err := s.waitFor(`document.getElementById("simulator").dataset.engine === "ready"`, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	if n := evalAs[int](t, s, `document.querySelectorAll("#f-municipality").length`); n != 0 {
		t.Errorf("the 横浜市 site offers a choice of municipality")
	}
	if got := evalAs[string](t, s, `document.getElementById("f-municipality-fixed")?.textContent ?? ""`); !strings.Contains(got, "横浜市") {
		t.Errorf("the form names %q, want 横浜市", got)
	}
	fillExample1(t, s)
	wantText := strconv.FormatInt(want.Total, 10)
	if _, err := s.waitFor(`document.getElementById("total")?.dataset.yen === "`+wantText+`"`, 10*time.Second); err != nil {
		t.Fatalf("total %q, want %s (the engine's 横浜市 figure)", s.shown(t)["total"], wantText)
	}
	if got := s.shown(t)["city.total"]; got != strconv.FormatInt(want.City.Total, 10) {
		t.Errorf("市民税 %s, want %d (the 指定都市 share)", got, want.City.Total)
	}
	// This build is served from another port than the suite's site, so assertClean (which
	// treats that as another origin) does not apply: requests go to this host only.
	reqs, errs := s.since(0, 0)
	for _, r := range reqs {
		if !fromOrigin(r, host.urls["http"]) {
			t.Errorf("request outside the 横浜市 build: %s", r)
		}
	}
	for _, e := range errs {
		t.Errorf("page error: %s", e)
	}
}
