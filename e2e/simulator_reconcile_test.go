package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// reconcileRow is one line of the 「通知書と比べる」 table as the page shows it.
type reconcileRow struct {
	Line, Label, Notice, Simulated, Diff, Match string
}

func (s *session) reconcileRows(t *testing.T) map[string]reconcileRow {
	rows := evalAs[[]reconcileRow](t, s, `Array.from(document.querySelectorAll("#reconcile-table tbody tr")).map(tr => ({
		Line: tr.dataset.line, Label: tr.querySelector("th").textContent, Match: tr.dataset.match,
		Notice: tr.querySelector("[data-notice]").dataset.notice,
		Simulated: tr.querySelector("[data-simulated]").dataset.simulated,
		Diff: tr.querySelector("[data-diff]").dataset.diff,
	}))`)
	out := map[string]reconcileRow{}
	for _, r := range rows {
		out[r.Line] = r
	}
	return out
}

// TestSimulatorReconcile fills Example 1 with the keyboard, opens 「通知書と比べる」 and types
// the lines of a notice: (a) the notice of Example 1 itself, written the ways residents type
// figures, must match on every line; (b) a notice whose 所得控除 and 年税額 differ must show those
// two lines with the differences from tax.Assess and the deduction causes, the 年税額 following
// from the 所得控除; (c) an unreadable amount gets a message naming its field. The notice
// figures are never stored, even with "save on this device" on, and never reach the engine.
func TestSimulatorReconcile(t *testing.T) {
	eachLanguage(t, 1280, func(t *testing.T, s *session, lang string) {
		s.setCheck(t, "save-toggle", true)
		fillExample1(t, s)
		sentBefore := s.lastInput(t)
		// tax-rules.md §17 Example 1: 総所得金額 3,560,000; 所得控除 1,180,000; 課税総所得 2,380,000;
		// 調整控除 市 1,500 / 県 1,000; 所得割 141,300 / 94,700; 均等割 3,000 / 1,300; 森林環境税
		// 1,000; 年税額 241,300; 特別徴収 6月 20,200, 7月以降 20,100 (地方税法314条の3・314条の6・
		// 35条・37条・321条の5; 森林環境税法).
		want := mustAssess(t, example1)
		cityCredits := want.AdjustmentCredit.City + want.DividendCredit.City + want.HousingLoanCredit.City + want.DonationCredit.City
		prefCredits := want.AdjustmentCredit.Prefecture + want.DividendCredit.Prefecture + want.HousingLoanCredit.Prefecture + want.DonationCredit.Prefecture
		lines := []struct {
			key   string
			value int64
			typed string // how the resident types it
		}{
			{"total_income_for_tax", want.TotalIncomeForTax, "356万"},
			{"deductions_total", want.DeductionsTotal, "1,180,000"},
			{"taxable_income", want.TaxableIncome, "２，３８０，０００円"},
			{"city_credits", cityCredits, "1500"},
			{"pref_credits", prefCredits, "1,000"},
			{"city_income_levy", want.City.IncomeLevy, "141,300"},
			{"pref_income_levy", want.Prefecture.IncomeLevy, "94,700円"},
			{"city_per_capita", want.City.PerCapita, "3,000"},
			{"pref_per_capita", want.Prefecture.PerCapita, "1,300"},
			{"forest", want.ForestTax, "1,000"},
			{"total", want.Total, "241,300"},
			{"special_june", want.Installments.Special[0], "20,200"},
			{"special_monthly", want.Installments.Special[1], "20,100"},
		}
		if want.Total != 241300 {
			t.Fatalf("Example 1: engine computes 年税額 %d, tax-rules.md §17 says 241,300", want.Total)
		}
		// The block is collapsed until the resident opens it.
		if evalAs[bool](t, s, `document.getElementById("reconcile").open`) {
			t.Error("「通知書と比べる」 is open before the resident asks")
		}
		s.tabTo(t, "reconcile-summary")
		s.do(t, chromedp.KeyEvent(kb.Enter))
		if !evalAs[bool](t, s, `document.getElementById("reconcile").open`) {
			t.Fatal("Enter did not open 「通知書と比べる」")
		}

		// (a) Every line of the notice as the engine computes it.
		for _, l := range lines {
			s.fillField(t, "n-"+l.key, l.typed)
		}
		if st := evalAs[string](t, s, `document.getElementById("reconcile-verdict")?.dataset.state ?? ""`); st != "match" {
			t.Errorf("(a) verdict %q, want match: %q", st, oneLine(evalAs[string](t, s, `document.getElementById("reconcile-out").textContent`)))
		}
		verdict := evalAs[string](t, s, `document.getElementById("reconcile-verdict").textContent`)
		if !strings.Contains(verdict, strconv.Itoa(len(lines))) {
			t.Errorf("(a) the verdict %q does not say all %d lines match", verdict, len(lines))
		}
		rows := s.reconcileRows(t)
		if len(rows) != len(lines) {
			t.Errorf("(a) %d rows compared, want %d", len(rows), len(lines))
		}
		for _, l := range lines {
			r := rows[l.key]
			v := strconv.FormatInt(l.value, 10)
			if r.Notice != v || r.Simulated != v || r.Diff != "0" || r.Match != "true" {
				t.Errorf("(a) %s: notice %s, simulator %s, difference %s (match %s); want %s on both sides", l.key, r.Notice, r.Simulated, r.Diff, r.Match, v)
			}
		}
		if evalAs[bool](t, s, `document.getElementById("reconcile-causes") !== null`) {
			t.Error("(a) causes are listed although everything matches")
		}

		// (b) A notice for the same resident with 50,000 more 社会保険料 than typed into the
		// simulator: its 所得控除 and 年税額 are the engine's for that household (50,000 less
		// 課税総所得金額 at 市 6% and 県 4.025%, each 所得割 floored to 100円: 地方税法314条の3・35条,
		// tax-rules.md §17 Example 1). Only those two lines are typed.
		withMore := example1
		withMore.Deductions.SocialInsurance += 50000
		other := mustAssess(t, withMore)
		noticeDeductions, noticeTotal := other.DeductionsTotal, other.Total
		if noticeDeductions != want.DeductionsTotal+50000 || noticeTotal >= want.Total {
			t.Fatalf("the notice household: 所得控除 %d, 年税額 %d; want 50,000 more and less tax than %d, %d", noticeDeductions, noticeTotal, want.DeductionsTotal, want.Total)
		}
		for _, l := range lines {
			s.fillField(t, "n-"+l.key, "")
		}
		s.fillField(t, "n-deductions_total", strconv.FormatInt(noticeDeductions, 10))
		s.fillField(t, "n-total", strconv.FormatInt(noticeTotal, 10))
		if st := evalAs[string](t, s, `document.getElementById("reconcile-verdict")?.dataset.state ?? ""`); st != "differ" {
			t.Errorf("(b) verdict %q, want differ", st)
		}
		rows = s.reconcileRows(t)
		for key, d := range map[string]int64{"deductions_total": noticeDeductions - want.DeductionsTotal, "total": noticeTotal - want.Total} {
			r, ok := rows[key]
			if !ok {
				t.Errorf("(b) the comparison has no line %s: %v", key, rows)
				continue
			}
			if r.Diff != strconv.FormatInt(d, 10) || r.Match != "false" {
				t.Errorf("(b) %s: difference %s (match %s), want %d", key, r.Diff, r.Match, d)
			}
		}
		if len(rows) != 2 {
			t.Errorf("(b) %d lines compared, only 2 were typed", len(rows))
		}
		first := rows["deductions_total"].Label
		if v := evalAs[string](t, s, `document.getElementById("reconcile-verdict").textContent`); !strings.Contains(v, first) {
			t.Errorf("(b) the verdict %q does not name the first differing line %q", v, first)
		}
		causes := evalAs[map[string][]string](t, s, `(() => {
			const out = {};
			for (const li of document.querySelectorAll("#reconcile-causes > li")) out[li.dataset.line] = Array.from(li.querySelectorAll("[data-cause]")).map(e => e.dataset.cause);
			return out;
		})()`)
		if got := strings.Join(causes["deductions_total"], " "); got != "deduction_amounts deduction_family deduction_undeclared" {
			t.Errorf("(b) causes for 所得控除: %q, want the deduction causes of faq.md", got)
		}
		if got := strings.Join(causes["total"], " "); got != "follows" {
			t.Errorf("(b) causes for 年税額: %q, want it to follow from 所得控除", got)
		}
		text := evalAs[string](t, s, `document.getElementById("reconcile-causes").textContent`)
		if !strings.Contains(text, first) {
			t.Errorf("(b) the causes do not name %q: %q", first, oneLine(text))
		}
		s.screenshot(t, "simulator-"+lang+"-reconcile")
		faq := evalAs[string](t, s, `document.getElementById("reconcile-faq")?.getAttribute("href") ?? ""`)
		if !strings.Contains(faq, "/faq/#") {
			t.Errorf("(b) no link to the FAQ section on notices: %q", faq)
		}

		// (c) An unreadable amount: a message naming the field, linked to it, and no verdict of
		// "match" while it stands.
		s.fillField(t, "n-city_per_capita", "abc")
		label := evalAs[string](t, s, `document.querySelector("label[for=n-city_per_capita]").textContent`)
		errText := evalAs[string](t, s, `document.getElementById("n-city_per_capita-error").textContent`)
		if errText == "" || !strings.Contains(errText, label) {
			t.Errorf("(c) message %q does not name the field %q", errText, label)
		}
		described := evalAs[string](t, s, `document.getElementById("n-city_per_capita").getAttribute("aria-describedby")`)
		if !strings.Contains(" "+described+" ", " n-city_per_capita-error ") {
			t.Errorf("(c) aria-describedby %q does not include the message", described)
		}
		if evalAs[string](t, s, `document.getElementById("n-city_per_capita").getAttribute("aria-invalid")`) != "true" {
			t.Error("(c) the field is not marked aria-invalid")
		}
		if st := evalAs[string](t, s, `document.getElementById("reconcile-verdict")?.dataset.state ?? ""`); st != "invalid" {
			t.Errorf("(c) verdict %q, want invalid", st)
		}
		if evalAs[bool](t, s, `document.body.innerText.includes("NaN") || document.body.innerText.includes("undefined")`) {
			t.Error("(c) the page shows NaN or undefined")
		}
		s.clearFocused(t)
		if got := evalAs[string](t, s, `document.getElementById("n-city_per_capita-error").textContent`); got != "" {
			t.Errorf("(c) message %q stays after the field is emptied", got)
		}

		// Personal data: nothing of the notice is stored, nor handed to the engine.
		stored := evalAs[string](t, s, `localStorage.getItem("zeisim.inputs.v1") ?? ""`)
		if stored == "" {
			t.Error("the entries were not saved although saving is on: the check below would prove nothing")
		}
		if strings.Contains(stored, "n-") || strings.Contains(stored, strconv.FormatInt(noticeDeductions, 10)) {
			t.Errorf("notice figures were stored: %s", stored)
		}
		if got := s.lastInput(t); got != sentBefore {
			t.Errorf("typing the notice changed what the engine gets:\n%s\nwas\n%s", got, sentBefore)
		}
		s.assertClean(t)
	})
}
