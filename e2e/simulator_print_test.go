package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"zeisim/wasm/tax"
)

// showExample1 opens the simulator with tax-rules.md §17 Example 1 entered and its result shown.
func showExample1(t *testing.T) *session {
	s := newSession(t)
	s.openSimulator(t, "ja", 1280)
	fillExample1(t, s)
	if _, err := s.waitFor(settled, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	return s
}

// changeSalaryOfExample1 enters a salary of 6,000,000 in Example 1 and returns the engine's
// result for it once the page shows its total.
func (s *session) changeSalaryOfExample1(t *testing.T) tax.Result {
	s.fillField(t, "f-salary", "6,000,000")
	b := example1
	b.Income.Salary = 6000000
	want := mustAssess(t, b)
	if _, err := s.waitFor(fmt.Sprintf(`%s && document.getElementById("total").dataset.yen === "%d"`, settled, want.Total), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	return want
}

// TestSimulatorTraceOnOpen: the trace is built when opened, not on every keystroke while
// closed, and once open it follows each new result (tax-rules.md §17 Example 1, then its
// salary changed).
func TestSimulatorTraceOnOpen(t *testing.T) {
	s := showExample1(t)
	if evalAs[bool](t, s, `document.getElementById("trace").open || document.querySelector("#trace-list > li") !== null`) {
		t.Error("the trace is open or built before the resident asks")
	}
	steps := func(r tax.Result) {
		t.Helper()
		shown := s.shown(t)
		for i, st := range r.Steps {
			if got, want := shown["steps."+strconv.Itoa(i)], st.Amount; got != want {
				t.Errorf("trace step %d (%s): page %q, engine %s", i, st.ID, got, want)
			}
		}
		if n := evalAs[int](t, s, `document.querySelectorAll("#trace-list > li").length`); n != len(r.Steps) {
			t.Errorf("the trace shows %d steps, the engine gives %d", n, len(r.Steps))
		}
	}
	s.openTrace(t)
	steps(mustAssess(t, example1))
	want := s.changeSalaryOfExample1(t)
	steps(want)
	s.assertClean(t)
}

// TestSimulatorResultUpdatedInPlace: a recomputation changes the figures in the nodes already
// on screen (the browser restyles those, not the whole result), and replaces the elements
// whose listeners belong to the result they were built for (the trace's box).
// tax-rules.md §17 Example 1, then its salary at 6,000,000.
func TestSimulatorResultUpdatedInPlace(t *testing.T) {
	s := showExample1(t)
	s.eval(t, `window.zzBefore = {total: document.getElementById("total"), trace: document.getElementById("trace")}`)
	want := s.changeSalaryOfExample1(t)
	same := evalAs[map[string]bool](t, s, `({total: document.getElementById("total") === zzBefore.total, trace: document.getElementById("trace") === zzBefore.trace})`)
	if !same["total"] {
		t.Error("the total's element was rebuilt, not updated")
	}
	if same["trace"] {
		t.Error("the trace's box, whose listener shows the result it was built for, was kept")
	}
	// The text on screen, not only the data attribute, is the new figure.
	if got := evalAs[string](t, s, `document.getElementById("total").textContent.replace(/[^0-9]/g, "")`); got != strconv.FormatInt(want.Total, 10) {
		t.Errorf("the total reads %q, the engine gives %d", got, want.Total)
	}
	shown := s.shown(t)
	for field, v := range map[string]int64{"total": want.Total, "city.total": want.City.Total, "prefecture.total": want.Prefecture.Total} {
		if got := shown[field]; got != strconv.FormatInt(v, 10) {
			t.Errorf("%s: page %q, engine %d", field, got, v)
		}
	}
	s.assertClean(t)
}

// TestSimulatorPrint prints the filled page to PDF (A4) and checks the printed record: the
// entries as understood, the date and the rules version, with the trace opened for printing.
func TestSimulatorPrint(t *testing.T) {
	s := newSession(t)
	s.openSimulator(t, "ja", 1280)
	fillExample1(t, s)
	pdf, err := chromedp.Run(s.ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: new(true), PrintBackground: new(true)})
		return r.Data, err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(artifactsDir, 0o755); err == nil {
		_ = os.WriteFile(filepath.Join(artifactsDir, "simulator-ja-print.pdf"), pdf, 0o644)
	}
	rec := evalAs[string](t, s, `document.getElementById("print-record").textContent`)
	want := mustAssess(t, example1)
	for _, w := range []string{"入力内容の記録", "作成日", want.RulesVersion, "支払金額", "5,000,000円", "75万"[:0] + "750,000円"} {
		if !strings.Contains(rec, w) {
			t.Errorf("the printed record lacks %q: %q", w, oneLine(rec))
		}
	}
	if evalAs[bool](t, s, `document.getElementById("trace").open`) {
		t.Error("the trace stays open after printing")
	}
	// In print media the form is hidden, the record shown and the trace opened.
	if _, err := chromedp.Call(s.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	s.eval(t, `window.dispatchEvent(new Event("beforeprint")); true`)
	if !evalAs[bool](t, s, `document.getElementById("trace").open`) {
		t.Error("the trace is not opened for printing")
	}
	// Written by beforeprint itself: the box's "toggle" would come after the printout's layout.
	if n, want := evalAs[int](t, s, `document.querySelectorAll("#trace-list > li").length`), len(mustAssess(t, example1).Steps); n != want {
		t.Errorf("the printed trace shows %d steps, the engine gives %d", n, want)
	}
	s.setWidth(t, 794) // A4 at 96 dpi
	s.screenshot(t, "simulator-ja-print")
	if v := evalAs[string](t, s, `getComputedStyle(document.getElementById("simulator")).display + " " + getComputedStyle(document.getElementById("print-record")).display`); v != "none block" {
		t.Errorf("print media: form and record display %q, want \"none block\"", v)
	}
	s.assertClean(t)
}
