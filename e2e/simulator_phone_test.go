package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// inViewport is a script testing whether the element with the id is at least partly inside the
// visible window and not hidden.
func inViewport(id string) string {
	return `(() => { const e = document.getElementById("` + id + `"); if (!e || e.hidden) return false;
		const r = e.getBoundingClientRect(); return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight; })()`
}

// TestSimulatorPhone is the simulator at 375 px as a resident uses it: the running total stays
// in view while typing (a bar at the bottom while the result is off-screen), 計算する brings the
// result into view with the focus on it, the empty form's 計算する says what to enter, and an
// error link takes one click to reach its field.
func TestSimulatorPhone(t *testing.T) {
	eachLanguage(t, 375, func(t *testing.T, s *session, lang string) {
		// Empty form: 計算する answers visibly and puts the focus on the first field.
		s.press(t, "calculate")
		if got := evalAs[string](t, s, `document.getElementById("form-prompt").textContent`); got == "" {
			t.Error("計算する on the empty form shows nothing")
		}
		if got := s.activeID(t); got != "f-age" {
			t.Errorf("focus after 計算する on the empty form: #%s, want #f-age", got)
		}
		fillExample1(t, s)
		// 241,300円: tax-rules.md §17 Example 1.
		if _, err := s.waitFor(inViewport("sticky-total"), 5*time.Second); err != nil {
			t.Fatalf("no running total in view while typing at 375 px: %v", err)
		}
		// The engine answers each keystroke in turn: the bar settles on the last one.
		if _, err := s.waitFor(`document.getElementById("sticky-yen")?.textContent === `+jsonString(formatYen(lang, 241300)), 5*time.Second); err != nil {
			t.Errorf("the bar shows %q, want %q", evalAs[string](t, s, `document.getElementById("sticky-yen")?.textContent ?? ""`), formatYen(lang, 241300))
		}
		s.press(t, "calculate")
		if _, err := s.waitFor(inViewport("result-heading")+` && document.activeElement.id === "result-heading"`, 5*time.Second); err != nil {
			t.Fatalf("計算する does not bring the result into view (focus on #%s)", s.activeID(t))
		}
		if _, err := s.waitFor(`document.getElementById("sticky-total").hidden`, 5*time.Second); err != nil {
			t.Error("the bar stays over the result it duplicates")
		}
		s.screenshot(t, "phone-result-"+lang)

		// A wrong entry: the link in the list of problems reaches its field with one click,
		// although the click blurs the field being typed in.
		s.fillField(t, "f-salary", "abc")
		if _, err := s.waitFor(`document.querySelector("#problems a") !== null`, 5*time.Second); err != nil {
			t.Fatal("no list of problems")
		}
		s.fillField(t, "f-age", "41") // another field edited, its change fires on the click
		s.do(t, chromedp.Click(chromedp.CSS("#problems a")))
		if got := s.activeID(t); got != "f-salary" {
			t.Errorf("one click on the error link: focus on #%s, want #f-salary", got)
		}
		s.assertClean(t)
	})
}

// TestSimulatorQuickStart: a pensioner says 年金 and sees the pension slip's section, not the
// salary slip's; the choice feeds nothing to the engine.
func TestSimulatorQuickStart(t *testing.T) {
	eachLanguage(t, 375, func(t *testing.T, s *session, lang string) {
		s.press(t, "quick-pension")
		if got := evalAs[string](t, s, `["salary", "pension"].map((id) => document.getElementById("sec-" + id).open).join(",")`); got != "false,true" {
			t.Errorf("after 年金: salary, pension sections open = %s, want false,true", got)
		}
		if got := evalAs[string](t, s, `document.getElementById("quick-pension").getAttribute("aria-pressed")`); got != "true" {
			t.Errorf("年金 is not shown as chosen (aria-pressed %q)", got)
		}
		s.fillField(t, "f-age", "70")
		s.fillField(t, "f-pension", "250万")
		if _, err := s.waitFor(`document.getElementById("total")?.dataset.yen !== undefined`, 10*time.Second); err != nil {
			t.Fatal("no result")
		}
		if strings.Contains(s.lastInput(t), "quick") {
			t.Errorf("the choice reached the engine: %s", s.lastInput(t))
		}
		s.assertClean(t)
	})
}
