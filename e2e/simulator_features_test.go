package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"zeisim/wasm/tax"
)

// example1 is tax-rules.md §17 Example 1, the household most tests start from.
var example1 = tax.Input{FiscalYear: 2026, Municipality: "142051", Taxpayer: tax.Person{Age: 40, Disability: "none", Status: "none"},
	Income: tax.Income{Salary: 5000000}, Deductions: tax.Deductions{SocialInsurance: 750000}}

// selfEmployed pays by 普通徴収: 事業所得 4,000,000円, 社会保険料 600,000円.
var selfEmployed = tax.Input{FiscalYear: 2026, Taxpayer: tax.Person{Age: 50}, Income: tax.Income{Business: 4000000}, Deductions: tax.Deductions{SocialInsurance: 600000}}

func fillExample1(t *testing.T, s *session) {
	t.Helper()
	s.fillField(t, "f-age", "40")
	s.fillField(t, "f-salary", "500万")
	s.fillField(t, "f-social_insurance", "75万")
	if _, err := s.waitFor(settled, 10*time.Second); err != nil {
		t.Fatalf("no result: %v", err)
	}
}

// settled is true once the page shows the engine's answer to the last entries: a total, and
// no assessment on its way (#sim[data-pending], e2e/README.md).
const settled = `document.getElementById("total")?.dataset.yen !== undefined && !("pending" in document.getElementById("sim").dataset)`

func mustAssess(t *testing.T, in tax.Input) tax.Result {
	t.Helper()
	r, err := tax.Assess(in)
	if err != nil {
		t.Fatalf("engine: %v", err)
	}
	return r
}

// badValues are wrong entries of each kind, with the reason they are wrong.
var badValues = map[string][]string{
	"yen":        {"abc", "5万3億", "-100", "1.5", "１２３円４５"},
	"yen_signed": {"abc", "1.5", "万万"},
	"age":        {"200", "四十", "4.5"},
	"year":       {"20xx", "1800"},
}

// TestSimulatorBadInput types a wrong entry into every field in turn. Each must show its own
// message naming the field, linked with aria-describedby and listed in the result area, with no
// total and no NaN shown; fixing the field brings the result back.
func TestSimulatorBadInput(t *testing.T) {
	eachLanguage(t, 1280, func(t *testing.T, s *session, lang string) {
		s.eval(t, `for (const d of document.querySelectorAll("#simulator details")) d.open = true; true`)
		s.setCheck(t, "f-has_spouse", true)
		s.fillField(t, "spouse-rel_age", "38")
		s.press(t, "add-dependent")
		s.fillField(t, "dep-1-rel_age", "10")
		fillExample1(t, s)
		type field struct{ ID, Kind, Label string }
		fields := evalAs[[]field](t, s, `Array.from(document.querySelectorAll("#simulator input[type=text]")).map(e => ({
				ID: e.id,
				Kind: e.dataset.kind,
				Label: document.querySelector("label[for='" + e.id + "']").textContent,
			}))`)
		if len(fields) < 35 {
			t.Fatalf("only %d text fields found", len(fields))
		}
		if lang == "en" {
			fields = fields[:8] // the messages come from the same code; check the English wording on a few
		}
		for i, f := range fields {
			vals := badValues[f.Kind]
			bad := vals[i%len(vals)]
			original := evalAs[string](t, s, fmt.Sprintf(`document.getElementById(%q).value`, f.ID))
			s.fillField(t, f.ID, bad)
			errText := evalAs[string](t, s, fmt.Sprintf(`document.getElementById(%q).textContent`, f.ID+"-error"))
			if errText == "" || !strings.Contains(errText, strings.TrimSpace(f.Label)) {
				t.Errorf("%s = %q: message %q does not name the field %q", f.ID, bad, errText, f.Label)
			}
			if lang == "en" && regexp.MustCompile(`[ぁ-んァ-ヶ]`).MatchString(strings.ReplaceAll(errText, f.Label, "")) {
				t.Errorf("%s: English page shows a Japanese message %q", f.ID, errText)
			}
			described := evalAs[string](t, s, fmt.Sprintf(`document.getElementById(%q).getAttribute("aria-describedby") || ""`, f.ID))
			if !strings.Contains(" "+described+" ", " "+f.ID+"-error ") {
				t.Errorf("%s: aria-describedby %q does not include its message", f.ID, described)
			}
			if evalAs[string](t, s, fmt.Sprintf(`document.getElementById(%q).getAttribute("aria-invalid")`, f.ID)) != "true" {
				t.Errorf("%s: not marked aria-invalid", f.ID)
			}
			summary := evalAs[string](t, s, `document.getElementById("problems")?.textContent ?? ""`)
			if !strings.Contains(summary, errText) {
				t.Errorf("%s: the result area does not say what to fix (%q)", f.ID, oneLine(summary))
			}
			if evalAs[bool](t, s, `document.getElementById("total") !== null`) {
				t.Errorf("%s: a total is shown although the entry is wrong", f.ID)
			}
			if evalAs[bool](t, s, `document.body.innerText.includes("NaN") || document.body.innerText.includes("undefined")`) {
				t.Errorf("%s: the page shows NaN or undefined", f.ID)
			}
			// Put the field back as it was: the page must work again.
			s.clearFocused(t)
			s.typeText(t, original)
			if _, err := s.waitFor(settled, 5*time.Second); err != nil {
				t.Fatalf("%s: after fixing the entry there is no result: %v", f.ID, err)
			}
			if got := evalAs[string](t, s, fmt.Sprintf(`document.getElementById(%q).textContent`, f.ID+"-error")); got != "" {
				t.Errorf("%s: message %q stays after the fix", f.ID, got)
			}
		}
		// The household typed here (Example 1 with a spouse and a child) as the engine sees it.
		in, err := tax.Decode([]byte(s.lastInput(t)))
		if err != nil {
			t.Fatal(err)
		}
		if in.Income.Salary != 5000000 || in.Spouse == nil || len(in.Dependents) != 1 {
			t.Fatalf("after all the mistakes the page sends %+v", in)
		}
		want := mustAssess(t, in)
		if got := s.shown(t)["total"]; got != strconv.FormatInt(want.Total, 10) {
			t.Errorf("after all the mistakes the total is %s, engine computes %d", got, want.Total)
		}
		s.assertClean(t)
	})
}

// axeResult is what the test keeps of axe-core's report.
type axeResult struct {
	Violations []struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target  []any  `json:"target"`
			Summary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes int `json:"passes"`
}

// runAxe injects axe-core (installed by make deps from e2e/package.json) through the DevTools
// protocol and runs the WCAG 2.0/2.1/2.2 A and AA rules on the page as it is.
func (s *session) runAxe(t *testing.T) axeResult {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is not installed (make deps runs npm ci in e2e/): %v", err)
	}
	s.eval(t, string(src)+";true")
	ctx, cancel := s.withTimeout(60 * time.Second)
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}, resultTypes: ["violations"]}).then(r => ({violations: r.violations, passes: r.passes.length}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	return res
}

func reportAxe(t *testing.T, what string, r axeResult) {
	t.Helper()
	for _, v := range r.Violations {
		for _, n := range v.Nodes {
			t.Errorf("axe %s: %s (%s) at %v: %s", what, v.ID, v.Help, n.Target, oneLine(n.Summary))
		}
	}
	t.Logf("axe %s: %d violations", what, len(r.Violations))
}

// TestSimulatorAxe runs axe-core on the simulator in every language: empty, filled (with every
// section, the trace, the chart table and a comparison open), and with an error shown.
func TestSimulatorAxe(t *testing.T) {
	for _, lang := range simulatorLanguages {
		for _, width := range []int64{1280, 375} {
			t.Run(fmt.Sprintf("%s-%d", lang, width), func(t *testing.T) {
				s := newSession(t)
				s.openSimulator(t, lang, width)
				reportAxe(t, "empty", s.runAxe(t))
				fillExample(t, s)
				s.press(t, "keep-a")
				s.fillField(t, "f-salary", "600万")
				if _, err := s.waitFor(`document.querySelector("#chart-slot svg") !== null && document.getElementById("compare-table") !== null`, 10*time.Second); err != nil {
					t.Fatal(err)
				}
				s.eval(t, `for (const d of document.querySelectorAll("#sim details")) d.open = true; true`)
				reportAxe(t, "filled", s.runAxe(t))
				s.fillField(t, "f-salary", "abc")
				reportAxe(t, "with an error", s.runAxe(t))
				s.assertClean(t)
			})
		}
	}
}

// TestSimulatorCalendarDownload presses the .ics button with the keyboard and reads the file
// the browser saved: a blob: URL download must work under the site's CSP, and the file must
// hold the engine's four 普通徴収 instalments.
func TestSimulatorCalendarDownload(t *testing.T) {
	s := newSession(t)
	dir := t.TempDir()
	progress := chromedp.BrowserEvents(s.ctx, browser.DownloadProgress)
	if _, err := chromedp.CallBrowser(s.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: new(true),
	}); err != nil {
		t.Fatal(err)
	}
	s.openSimulator(t, "ja", 1280)
	// A self-employed resident pays by 普通徴収 (地方税法319条): the page offers the calendar
	// for that schedule only (a salary earner's tax is deducted by the employer).
	fillHousehold(t, s, household{name: "self-employed", lang: "ja", in: selfEmployed})
	if _, err := s.waitFor(`document.getElementById("collection-method")?.dataset.method === "ordinary"`, 10*time.Second); err != nil {
		t.Fatalf("the page does not say the tax is paid by 普通徴収: %v", err)
	}
	s.press(t, "ics")
	var file string
	done := make(chan error, 1)
	go func() {
		for ev, err := range progress {
			if err != nil {
				done <- err
				return
			}
			if ev.State == browser.DownloadProgressStateCompleted {
				file = filepath.Join(dir, ev.GUID)
				done <- nil
				return
			}
			if ev.State == browser.DownloadProgressStateCanceled {
				done <- fmt.Errorf("the download was cancelled")
				return
			}
		}
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no download completed")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	want := mustAssess(t, selfEmployed)
	if !strings.HasPrefix(text, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(text, "END:VCALENDAR\r\n") {
		t.Fatalf("not an iCalendar file:\n%s", text)
	}
	if n := strings.Count(text, "BEGIN:VEVENT"); n != len(want.Installments.Ordinary) {
		t.Errorf("%d events, want %d", n, len(want.Installments.Ordinary))
	}
	unfolded := strings.ReplaceAll(strings.ReplaceAll(text, "\r\n ", ""), `\,`, ",")
	for i, v := range want.Installments.Ordinary {
		if !strings.Contains(unfolded, fmt.Sprintf("第%d期 %s", i+1, formatYen("ja", v))) {
			t.Errorf("instalment %d of %d yen is not in the calendar", i+1, v)
		}
	}
	// Due dates: the last day of June, August, October and January, moved past a weekend
	// (地方税法20条の5第2項): 2026-06-30 Tue, 2026-08-31 Mon, 2026-10-31 Sat → 11-02, 2027-01-31 Sun → 02-01.
	for _, d := range []string{"20260630", "20260831", "20261102", "20270201"} {
		if !strings.Contains(text, "DTSTART;VALUE=DATE:"+d+"\r\n") {
			t.Errorf("no instalment due on %s", d)
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line longer than 75 octets (RFC 5545 §3.1): %q", line)
		}
	}
	s.assertClean(t)
}

// TestSimulatorStorage checks the privacy promise: nothing is stored until the resident ticks
// "この端末に保存", the saved entries come back on the next visit, one click erases them, and
// no figure ever appears in the address.
func TestSimulatorStorage(t *testing.T) {
	s := newSession(t)
	s.openSimulator(t, "ja", 1280)
	fillExample1(t, s)
	if n := evalAs[int](t, s, `localStorage.length + sessionStorage.length`); n != 0 {
		t.Fatalf("%d items stored without the resident asking", n)
	}
	if c := evalAs[string](t, s, `document.cookie`); c != "" {
		t.Fatalf("cookie set: %q", c)
	}
	s.setCheck(t, "save-toggle", true)
	s.fillField(t, "f-social_insurance", "７５０，０００")
	stored := evalAs[string](t, s, `localStorage.getItem("zeisim.inputs.v1") || ""`)
	if !strings.Contains(stored, "７５０，０００") || !strings.Contains(stored, "500万") {
		t.Fatalf("the saved entries are %q", stored)
	}
	if n := evalAs[int](t, s, `localStorage.length`); n != 1 {
		t.Errorf("%d keys stored, want only the entries", n)
	}
	// The next visit shows the saved entries and their result.
	s.do(t, chromedp.Reload())
	if _, err := s.waitFor(settled, 20*time.Second); err != nil {
		t.Fatalf("the saved entries did not come back: %v", err)
	}
	if got, want := s.shown(t)["total"], strconv.FormatInt(mustAssess(t, example1).Total, 10); got != want {
		t.Errorf("restored total %s, want %s", got, want)
	}
	if !evalAs[bool](t, s, `document.getElementById("save-toggle").checked`) {
		t.Error("the save box is not ticked after restoring")
	}
	s.press(t, "erase")
	if n := evalAs[int](t, s, `localStorage.length`); n != 0 {
		t.Errorf("erase left %d items", n)
	}
	if evalAs[bool](t, s, `document.getElementById("save-toggle").checked`) {
		t.Error("the save box is still ticked after erasing")
	}
	s.fillField(t, "f-salary", "600万")
	if n := evalAs[int](t, s, `localStorage.length`); n != 0 {
		t.Errorf("entries stored again after erasing")
	}
	if u := evalAs[string](t, s, `location.search + location.hash`); u != "" {
		t.Errorf("the address carries %q", u)
	}
	if a := evalAs[string](t, s, `document.getElementById("simulator").getAttribute("action") || ""`); a != "" {
		t.Errorf("the form has an action: %q", a)
	}
	s.mu.Lock()
	for _, r := range s.requests {
		if strings.Contains(r, "?") || strings.Contains(r, "5000000") || strings.Contains(r, "750000") {
			t.Errorf("a request carries figures: %s", r)
		}
	}
	s.mu.Unlock()
	s.assertClean(t)
}

// TestSimulatorCompare keeps Example 1 as scenario A, raises the salary and checks B − A per
// line against the engine.
func TestSimulatorCompare(t *testing.T) {
	eachLanguage(t, 1280, func(t *testing.T, s *session, lang string) {
		fillExample1(t, s)
		s.press(t, "keep-a")
		s.fillField(t, "f-salary", "6,000,000")
		// The table follows each keystroke's result: wait for the last one (settled), not for
		// the first table, which may show "6,0" (60円) on a busy machine.
		if _, err := s.waitFor(settled+` && document.getElementById("compare-table") !== null`, 5*time.Second); err != nil {
			t.Fatal(err)
		}
		b := example1
		b.Income.Salary = 6000000
		ra, rb := mustAssess(t, example1), mustAssess(t, b)
		shown := s.shown(t)
		for i, w := range map[int]int64{0: rb.Total - ra.Total, 1: rb.City.Total - ra.City.Total, 2: rb.Prefecture.Total - ra.Prefecture.Total, 9: rb.TaxableIncome - ra.TaxableIncome} {
			if got := shown["diff."+strconv.Itoa(i)]; got != strconv.FormatInt(w, 10) {
				t.Errorf("difference line %d: page %s, engine %d", i, got, w)
			}
		}
		changes := evalAs[string](t, s, `document.querySelector(".changes").textContent`)
		if !strings.Contains(changes, formatYen(lang, 5000000)) || !strings.Contains(changes, formatYen(lang, 6000000)) {
			t.Errorf("the changed entry is not listed: %q", changes)
		}
		s.press(t, "compare-stop")
		if evalAs[bool](t, s, `document.getElementById("compare-table") !== null`) {
			t.Error("the comparison stays after stopping")
		}
		s.assertClean(t)
	})
}

// TestSimulatorReflow checks WCAG 1.4.10: at 320 CSS px (a 1280 px window at 400%) and 640 px
// (200% zoom), empty and filled with everything open, nothing scrolls sideways.
func TestSimulatorReflow(t *testing.T) {
	eachLanguage(t, 320, func(t *testing.T, s *session, lang string) {
		check := func(what string) {
			for _, w := range []int64{320, 640} {
				s.setWidth(t, w)
				s.eval(t, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))`)
				wide := evalAs[[]string](t, s, `(() => {
						const vw = document.documentElement.clientWidth, out = [];
						if (document.documentElement.scrollWidth > vw) out.push("page " + document.documentElement.scrollWidth + " > " + vw);
						for (const e of document.querySelectorAll("#sim *")) {
							const r = e.getBoundingClientRect();
							if (r.width > 0 && r.right > vw + 1) out.push((e.id ? "#" + e.id : e.tagName + "." + e.className) + " right " + Math.round(r.right));
						}
						return out.slice(0, 10);
					})()`)
				if len(wide) > 0 {
					t.Errorf("%s at %d px: horizontal overflow: %v", what, w, wide)
				}
			}
		}
		check("empty")
		fillExample(t, s)
		s.press(t, "keep-a")
		s.fillField(t, "f-salary", "600万")
		s.eval(t, `for (const d of document.querySelectorAll("#sim details")) d.open = true; true`)
		if _, err := s.waitFor(`document.querySelector("#chart-slot svg") !== null`, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		check("filled")
		s.setWidth(t, 320)
		s.eval(t, `new Promise(r => setTimeout(r, 300))`)
		s.screenshot(t, "simulator-"+lang+"-320-filled")
		s.assertClean(t)
	})
}

// TestSimulatorResetAsks: 「入力をすべて消す」 asks first, with the focus on the safe answer;
// やめる keeps every entry, すべて消す erases them and the result.
func TestSimulatorResetAsks(t *testing.T) {
	eachLanguage(t, 375, func(t *testing.T, s *session, lang string) {
		fillExample1(t, s)
		s.press(t, "reset")
		if got := s.activeID(t); got != "reset-no" {
			t.Fatalf("focus after 入力をすべて消す is on #%s, want the cancel answer", got)
		}
		if q := evalAs[string](t, s, `document.getElementById("reset-question")?.textContent ?? ""`); q == "" {
			t.Fatal("no question asked")
		}
		s.do(t, chromedp.KeyEvent(kb.Enter)) // やめる
		if v := evalAs[string](t, s, `document.getElementById("f-salary").value`); v != "500万" {
			t.Fatalf("cancel erased the salary (now %q)", v)
		}
		if n := evalAs[int](t, s, `document.querySelectorAll("#reset-confirm").length`); n != 0 {
			t.Fatal("the question stays after cancel")
		}
		s.press(t, "reset")
		s.do(t, chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)), chromedp.KeyEvent(kb.Enter)) // すべて消す
		if v := evalAs[string](t, s, `document.getElementById("f-salary").value + document.getElementById("f-age").value`); v != "" {
			t.Fatalf("entries left after erasing: %q", v)
		}
		if _, err := s.waitFor(`!document.getElementById("total")`, 5*time.Second); err != nil {
			t.Fatal("the result stays after erasing")
		}
		s.assertClean(t)
	})
}
