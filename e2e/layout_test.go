package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// widest names the elements that stick out of the viewport on the right, widest first.
const widest = `(() => {
	const w = document.documentElement.clientWidth, out = [];
	// Inside a box that scrolls on its own (a wide table's region) and itself fits, content
	// may be wider: the page is not.
	const clipped = (e) => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
		const o = getComputedStyle(p).overflowX; if ((o === "auto" || o === "scroll" || o === "hidden") && p.getBoundingClientRect().right <= w + 0.5) return true; } return false; };
	for (const e of document.body.querySelectorAll("*")) {
		if (clipped(e)) continue;
		const r = e.getBoundingClientRect();
		if (r.right > w + 0.5 && r.width > 0 && e.checkVisibility()) out.push([r.right, e.localName + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.split(" ")[0] : "") + " (" + Math.round(r.right) + "px)"]);
	}
	out.sort((a, b) => b[0] - a[0]);
	return out.slice(0, 5).map(x => x[1]);
})()`

// TestPagesFitAndScreenshots opens every page (the simulator with Example 1 typed in) and
// checks that none is wider than a 320 px viewport (WCAG 1.4.10 Reflow: 1,280 px at 400 %),
// then writes full-page screenshots at 375 and 1,280 px to artifacts/pages/ so that the
// design can be judged page by page.
func TestPagesFitAndScreenshots(t *testing.T) {
	s := newSession(t)
	dir := filepath.Join(artifactsDir, "pages")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	walk := newPageWalk("layout", "pages", "too wide at 320 px", "screenshots")
	for _, path := range sitePages(t) {
		s.setWidth(t, 375)
		visitPage(t, s, path)
		s.setWidth(t, 320)
		time.Sleep(100 * time.Millisecond) // one layout after the resize
		if over := evalAs[[]string](t, s, widest); len(over) > 0 || evalAs[bool](t, s, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
			t.Errorf("%s is wider than 320 px: %s", path, strings.Join(over, ", "))
			walk.add("too wide at 320 px", 1)
		}
		name := strings.Trim(strings.ReplaceAll(strings.TrimSuffix(path, ".html"), "/", "_"), "_")
		if name == "" {
			name = "home"
		}
		for _, w := range []int64{375, 1280} {
			s.setWidth(t, w)
			time.Sleep(100 * time.Millisecond)
			ctx, cancel := s.withTimeout(30 * time.Second)
			img, err := chromedp.Run(ctx, chromedp.FullScreenshot(80)) // quality < 100: JPEG
			cancel()
			if err != nil {
				t.Fatalf("%s: screenshot: %v", path, err)
			}
			if err := os.WriteFile(filepath.Join(dir, name+"-"+strconv.FormatInt(w, 10)+".jpg"), img, 0o644); err != nil {
				t.Fatal(err)
			}
			walk.add("screenshots", 1)
		}
		walk.add("pages", 1)
	}
	s.assertClean(t)
	t.Log(walk)
}
