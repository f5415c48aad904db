package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestAccessibilityEveryPage runs axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules on
// every page of every language (the sitemap, the 404 page and the maintenance page), each as
// the resident sees it once its scripts ran (the simulator with a computed result; the
// simulator suites check it in more states and widths).
func TestAccessibilityEveryPage(t *testing.T) {
	pages := sitePages(t)
	s := newSession(t)
	walk := newPageWalk("accessibility", "pages", "axe violations", "nodes")
	for _, path := range pages {
		visitPage(t, s, path)
		r := s.runAxe(t)
		reportAxe(t, path, r)
		if r.Passes == 0 {
			t.Errorf("%s: axe passed no rule at all: it did not really run", path)
		}
		walk.add("pages", 1)
		walk.add("axe violations", len(r.Violations))
		for _, v := range r.Violations {
			walk.add("nodes", len(v.Nodes))
		}
	}
	s.assertClean(t)
	t.Log(walk)
}

// focusables lists, in document order, every control a keyboard user must be able to reach:
// links, buttons, form fields and summaries that are rendered and enabled. It is kept in the
// page as window.__focusables so that each Tab can be located in it.
const focusables = `(() => {
	const sel = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]';
	window.__focusables = Array.from(document.querySelectorAll(sel)).filter(e =>
		!e.disabled && e.tabIndex >= 0 && e.checkVisibility({visibilityProperty: true}) &&
		!(e.localName === "summary" && e.parentElement.localName !== "details"));
	return window.__focusables.map(e => e.localName + (e.id ? "#" + e.id : "") + (e.getAttribute("href") ? "[" + e.getAttribute("href") + "]" : ""));
})()`

// focusState describes the focused element: where it is in __focusables, and whether the
// resident can see that it has focus (a focus ring: an outline or a box shadow) and see the
// element itself (inside the viewport, not covered by another element: WCAG 2.4.7, 2.4.11).
const focusState = `(() => {
	const e = document.activeElement;
	if (!e || e === document.body) return {index: -1, what: "body"};
	const cs = getComputedStyle(e);
	const r = e.getBoundingClientRect();
	const ring = (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== "none";
	const inView = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
	// WCAG 2.4.11 (AA): the focused control may be partly covered (by the sticky result
	// panel, say) but never entirely: it is covered when its centre and four points near its
	// corners all show something else.
	const mine = (n) => n !== null && (n === e || e.contains(n) || (e.labels !== null && e.labels !== undefined && Array.from(e.labels).some(l => l.contains(n))));
	const clampX = (x) => Math.min(Math.max(x, 0), innerWidth - 1), clampY = (y) => Math.min(Math.max(y, 0), innerHeight - 1);
	const points = [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]].map(([fx, fy]) => document.elementFromPoint(clampX(r.left + r.width * fx), clampY(r.top + r.height * fy)));
	const covered = inView && !points.some(mine);
	const top = points[0];
	const name = (n) => n ? n.localName + (n.id ? "#" + n.id : "") + (n.className && typeof n.className === "string" ? "." + n.className.split(" ").join(".") : "") : "";
	return {index: window.__focusables.indexOf(e), what: name(e) + " in " + name(e.parentElement) + " in " + name(e.parentElement && e.parentElement.parentElement) + (e.isConnected ? "" : " (detached)"), ring: ring, inView: inView, covered: covered, over: covered ? name(top) + " in " + name(top.parentElement) : ""};
})()`

type focused struct {
	Index   int    `json:"index"`
	What    string `json:"what"`
	Ring    bool   `json:"ring"`
	InView  bool   `json:"inView"`
	Covered bool   `json:"covered"`
	Over    string `json:"over"` // what covers it
}

// chartSettled is true once the chart (drawn 200 ms after each result) shows the latest
// result, so that no control is replaced while the walk runs.
const chartSettled = `(() => {
	const last = (n) => { const m = performance.getEntriesByName(n); return m.length ? m[m.length - 1].startTime : -1; };
	return document.getElementById("total") === null || last("zeisim:chart") > last("zeisim:result");
})()`

// tabWalk puts the focus on the first control of the page (the skip link, checked on its own)
// and presses Tab until focus leaves the last control, checking that it visits every control
// in document order with its focus visible. It returns how many controls it reached.
func tabWalk(t *testing.T, s *session, what string) int {
	t.Helper()
	// Moving the focus away from a field the resident changed fires its change event and
	// redraws the result: list the controls after that.
	s.eval(t, `document.querySelector("a[href], button, input, select, summary").focus(); window.scrollTo(0, 0); true`)
	if _, err := s.waitFor(chartSettled, 10*time.Second); err != nil {
		t.Fatalf("%s: the chart was not redrawn after the last result: %v", what, err)
	}
	want := evalAs[[]string](t, s, focusables)
	if len(want) < 10 {
		t.Fatalf("%s: only %d controls on the page: %q", what, len(want), want)
	}
	if evalAs[int](t, s, `window.__focusables.indexOf(document.activeElement)`) != 0 {
		t.Fatalf("%s: could not start the walk on the first control %s", what, want[0])
	}
	next := 1
	for step := 0; step < len(want)+10 && next < len(want); step++ {
		s.do(t, chromedp.KeyEvent(kb.Tab))
		f := evalAs[focused](t, s, focusState)
		if f.Index < 0 {
			t.Fatalf("%s: Tab %d went to %s, outside the controls (next expected: %s)", what, step+1, f.What, want[next])
		}
		if f.Index != next {
			t.Errorf("%s: Tab %d went to %s, want %s (focus order must follow the page's order)", what, step+1, want[f.Index], want[next])
		}
		if !f.Ring {
			t.Errorf("%s: %s has focus but no visible focus indicator", what, f.What)
		}
		if !f.InView || f.Covered {
			t.Errorf("%s: %s has focus but is not visible (in view %v, covered by %q)", what, f.What, f.InView, f.Over)
			s.saveViewport(t, fmt.Sprintf("focus-hidden-%d", step+1))
		}
		next = f.Index + 1
	}
	if next < len(want) {
		t.Errorf("%s: Tab reached %d of %d controls; never %q", what, next, len(want), want[next:])
	}
	return next
}

// TestAccessibilityKeyboardWalk uses the simulator with the keyboard only, in every language:
// the first Tab shows the skip link and Enter on it moves on to the main content; Tab then
// reaches every control of the empty page in order with a visible focus; the resident fills in
// a household, opens every section, keeps a scenario and compares, all with keys; and Tab
// again reaches every control of the filled page, results included.
func TestAccessibilityKeyboardWalk(t *testing.T) {
	eachLanguage(t, 1280, func(t *testing.T, s *session, lang string) {
		s.eval(t, `document.activeElement && document.activeElement.blur(); true`)
		s.do(t, chromedp.KeyEvent(kb.Tab))
		s.eval(t, `window.__focusables = [document.querySelector("a.skip")]; true`)
		skip := evalAs[focused](t, s, focusState)
		if skip.Index != 0 {
			t.Fatalf("the first Tab goes to %s, not the skip link", skip.What)
		}
		if !skip.InView || !skip.Ring {
			t.Errorf("the focused skip link is not visible (in view %v, focus ring %v)", skip.InView, skip.Ring)
		}
		s.do(t, chromedp.KeyEvent(kb.Enter), chromedp.KeyEvent(kb.Tab))
		if !evalAs[bool](t, s, `document.getElementById("main").contains(document.activeElement) && !document.querySelector("header")?.contains(document.activeElement)`) {
			t.Errorf("after the skip link, Tab goes to %s, not into the main content", evalAs[string](t, s, `document.activeElement.outerHTML.slice(0, 80)`))
		}
		empty := tabWalk(t, s, lang+" empty")

		fillExample(t, s)
		for _, sec := range evalAs[[]string](t, s, `Array.from(document.querySelectorAll("#simulator details[id^=sec-]")).map(d => d.id.slice(4))`) {
			s.openSection(t, sec)
		}
		s.press(t, "keep-a")
		s.fillField(t, "f-salary", "600万")
		if _, err := s.waitFor(`document.querySelector("#chart-slot svg") !== null && document.getElementById("compare-table") !== null`, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		filled := tabWalk(t, s, lang+" filled")
		if filled <= empty {
			t.Errorf("the filled page has %d controls, the empty one %d: the results and opened sections added none", filled, empty)
		}
		t.Logf("keyboard %s: %d controls reached on the empty page, %d on the filled page", lang, empty, filled)
		s.assertClean(t)
	})
}
