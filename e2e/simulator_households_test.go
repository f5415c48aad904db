package e2e

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"zeisim/wasm/tax"
)

// household is one resident's papers, typed into the page with the keyboard. The expectation
// is never written here: it is what the engine itself computes natively (tax.Assess) for the
// same household, so the test checks that the page passes every entry through and shows every
// figure exactly; the engine's own tests cite the law for each figure.
type household struct {
	name      string
	lang      string
	in        tax.Input
	pensionSI int64 // the part of social insurance typed from the pension slip
	style     int   // which way of writing amounts to start with (see amountText)
}

func people(p ...tax.Relative) []tax.Relative { return p }

func spouse(r tax.Relative) *tax.Relative { return &r }

var households = []household{
	{name: "single salaried 5,000,000 (tax-rules §17 Example 1)", lang: "ja", style: 1, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 40},
		Income: tax.Income{Salary: 5000000}, Deductions: tax.Deductions{SocialInsurance: 750000}}},
	{name: "couple with two children (Example 2)", lang: "en", style: 2, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 42},
		Income:     tax.Income{Salary: 5500000},
		Deductions: tax.Deductions{SocialInsurance: 850000, LifeInsurance: tax.LifeInsurance{GeneralNew: 80000}, EarthquakeInsurance: tax.EarthquakeInsurance{Earthquake: 30000}},
		Spouse:     spouse(tax.Relative{Age: 40, LivingTogether: true}),
		Dependents: people(tax.Relative{Age: 17, LivingTogether: true}, tax.Relative{Age: 12, LivingTogether: true})}},
	{name: "pensioner aged 70 (Example 3)", lang: "ja", style: 3, pensionSI: 150000, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 70},
		Income: tax.Income{Pension: 2500000}, Deductions: tax.Deductions{SocialInsurance: 150000}}},
	{name: "Example 1 with furusato 50,000 one-stop (Example 4)", lang: "en", style: 0, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 40},
		Income: tax.Income{Salary: 5000000}, Deductions: tax.Deductions{SocialInsurance: 750000},
		Credits: tax.CreditInput{Donations: tax.Donations{Furusato: 50000, OneStop: true}}}},
	{name: "part-timer 1,000,000 (non-taxable)", lang: "ja", style: 2, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 35}, Income: tax.Income{Salary: 1000000}}},
	{name: "no income at all", lang: "ja", style: 0, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 30}}},
	{name: "public assistance", lang: "en", style: 1, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 45, PublicAssistance: true}, Income: tax.Income{Salary: 2000000}}},
	{name: "single parent with two children", lang: "ja", style: 1, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 38, Status: "single_parent"},
		Income: tax.Income{Salary: 3000000}, Deductions: tax.Deductions{SocialInsurance: 450000},
		Dependents: people(tax.Relative{Age: 10, LivingTogether: true}, tax.Relative{Age: 8, LivingTogether: true})}},
	{name: "high earner with furusato and housing loan", lang: "ja", style: 3, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 48},
		Income: tax.Income{Salary: 15000000}, Deductions: tax.Deductions{SocialInsurance: 1500000},
		Credits: tax.CreditInput{Donations: tax.Donations{Furusato: 200000}, HousingLoan: tax.HousingLoan{Credit: 200000, MoveInYear: 2022}}}},
	{name: "self-employed with small business mutual aid", lang: "en", style: 1, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 50},
		Income: tax.Income{Business: 4000000}, Deductions: tax.Deductions{SocialInsurance: 600000, SmallBusinessMutualAid: 840000}}},
	{name: "working pensioner with a pensioner spouse", lang: "ja", style: 2, pensionSI: 60000, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 66},
		Income: tax.Income{Salary: 1000000, Pension: 1800000}, Deductions: tax.Deductions{SocialInsurance: 200000},
		Spouse: spouse(tax.Relative{Age: 64, LivingTogether: true, Income: tax.Income{Pension: 800000}})}},
	{name: "spouse with salary 1,200,000 (配偶者特別控除)", lang: "en", style: 3, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 45},
		Income: tax.Income{Salary: 7000000}, Deductions: tax.Deductions{SocialInsurance: 1000000},
		Spouse: spouse(tax.Relative{Age: 44, LivingTogether: true, Income: tax.Income{Salary: 1200000}})}},
	{name: "co-residing elderly parent and a student of 19", lang: "ja", style: 0, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 52},
		Income: tax.Income{Salary: 8000000}, Deductions: tax.Deductions{SocialInsurance: 1150000},
		Dependents: people(tax.Relative{Age: 75, LivingTogether: true, LinealAscendant: true, Income: tax.Income{Pension: 600000}}, tax.Relative{Age: 19, LivingTogether: true})}},
	{name: "specially disabled taxpayer", lang: "ja", style: 1, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 55, Disability: "special"}, Income: tax.Income{Salary: 2000000}}},
	{name: "widow on a pension", lang: "en", style: 2, pensionSI: 90000, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 68, Status: "widow"}, Income: tax.Income{Pension: 3000000},
		Deductions: tax.Deductions{SocialInsurance: 90000}}},
	{name: "working student", lang: "ja", style: 3, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 20, WorkingStudent: true}, Income: tax.Income{Salary: 1200000}}},
	{name: "medical expenses", lang: "ja", style: 0, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 41}, Income: tax.Income{Salary: 4500000},
		Deductions: tax.Deductions{SocialInsurance: 680000, MedicalExpenses: tax.MedicalExpenses{Paid: 300000, Reimbursed: 50000}}}},
	{name: "self-medication", lang: "en", style: 1, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 33}, Income: tax.Income{Salary: 3800000},
		Deductions: tax.Deductions{SocialInsurance: 560000, SelfMedication: 50000}}},
	{name: "fiscal year 2025", lang: "ja", style: 2, in: tax.Input{
		FiscalYear: 2025, Taxpayer: tax.Person{Age: 40}, Income: tax.Income{Salary: 5000000}, Deductions: tax.Deductions{SocialInsurance: 750000}}},
	{name: "fiscal year 2027 (provisional)", lang: "en", style: 3, in: tax.Input{
		FiscalYear: 2027, Taxpayer: tax.Person{Age: 40}, Income: tax.Income{Salary: 6000000}, Deductions: tax.Deductions{SocialInsurance: 900000}}},
	{name: "dividends, side income and a rental loss", lang: "en", style: 0, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 47},
		Income:     tax.Income{Salary: 5000000, Dividends: 200000, Miscellaneous: 300000, RealEstate: -500000},
		Deductions: tax.Deductions{SocialInsurance: 750000}}},
	{name: "every kind of insurance premium and a casualty loss", lang: "ja", style: 2, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 58}, Income: tax.Income{Salary: 6200000},
		Deductions: tax.Deductions{SocialInsurance: 900000, CasualtyLoss: 100000,
			LifeInsurance:       tax.LifeInsurance{GeneralNew: 40000, GeneralOld: 100000, CareMedical: 40000, PensionNew: 30000, PensionOld: 50000},
			EarthquakeInsurance: tax.EarthquakeInsurance{Earthquake: 20000, LongTermOld: 10000}}}},
	{name: "designated donations without one-stop", lang: "ja", style: 3, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 60}, Income: tax.Income{Salary: 4200000},
		Deductions: tax.Deductions{SocialInsurance: 630000},
		Credits:    tax.CreditInput{Donations: tax.Donations{Furusato: 30000, PrefDesignated: 10000, MuniDesignated: 20000}}}},
	{name: "pensioner 70 with last year's pension tax 85,000 (Example 3, 仮徴収)", lang: "ja", style: 1, pensionSI: 150000, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 70},
		Income: tax.Income{Pension: 2500000}, Deductions: tax.Deductions{SocialInsurance: 150000},
		Collection: tax.CollectionInput{PreviousPensionTax: 85000}}},
	{name: "working pensioner: salary, pension and last year's pension tax", lang: "en", style: 2, pensionSI: 120000, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 67},
		Income: tax.Income{Salary: 2000000, Pension: 2000000}, Deductions: tax.Deductions{SocialInsurance: 300000},
		Collection: tax.CollectionInput{PreviousPensionTax: 50000}}},
	{name: "pensioner with a business, first year of pension deduction", lang: "ja", style: 3, pensionSI: 150000, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 70},
		Income: tax.Income{Pension: 2500000, Business: 600000}, Deductions: tax.Deductions{SocialInsurance: 150000}}},
	{name: "pensioner whose provisional deductions exceed this year's tax", lang: "en", style: 0, pensionSI: 150000, in: tax.Input{
		FiscalYear: 2025, Taxpayer: tax.Person{Age: 72},
		Income: tax.Income{Pension: 2500000}, Deductions: tax.Deductions{SocialInsurance: 150000},
		Collection: tax.CollectionInput{PreviousPensionTax: 200000}}},
	{name: "Example 1 declaring a 特定口座 gain with the levy withheld", lang: "en", style: 1, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 40},
		Income:     tax.Income{Salary: 5000000, Separate: tax.Separate{ListedStockGains: 1000000}},
		Deductions: tax.Deductions{SocialInsurance: 750000},
		Credits:    tax.CreditInput{Withheld: tax.Withheld{StockLevy: 50000}}}},
	{name: "a share loss against declared dividends, with a carry-forward", lang: "ja", style: 2, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 66},
		Income:     tax.Income{Pension: 2200000, Separate: tax.Separate{ListedStockGains: -300000, ListedDividends: 800000, ListedLossCarryforward: 100000}},
		Deductions: tax.Deductions{SocialInsurance: 180000},
		Credits:    tax.CreditInput{Withheld: tax.Withheld{DividendLevy: 40000}}}},
	{name: "an insurance maturity payout (一時所得)", lang: "ja", style: 0, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 60},
		Income:     tax.Income{Salary: 4000000, Occasional: tax.Occasional{Revenue: 3000000, Expenses: 2200000}},
		Deductions: tax.Deductions{SocialInsurance: 600000}}},
	{name: "disabled adult child living apart", lang: "en", style: 1, in: tax.Input{
		FiscalYear: 2026, Taxpayer: tax.Person{Age: 62, Disability: "general"}, Income: tax.Income{Salary: 4800000},
		Deductions: tax.Deductions{SocialInsurance: 720000},
		Dependents: people(tax.Relative{Age: 30, Disability: "special", Income: tax.Income{Salary: 500000}})}},
}

// chartDrawn is a script that is true once the chart section is done: the chart of the tax
// against salary, or for a household without a salary the sentence saying it is not drawn.
func chartDrawn(in tax.Input) string {
	if in.Income.Salary > 0 {
		return `document.querySelector("#chart-slot svg") !== null`
	}
	return `document.getElementById("chart-no-salary") !== null`
}

// expectedFigures is every figure the page must show for a result, keyed like data-field.
func expectedFigures(r tax.Result) map[string]string {
	m := map[string]string{}
	put := func(k string, v int64) { m[k] = strconv.FormatInt(v, 10) }
	put("total", r.Total)
	put("city.income_levy", r.City.IncomeLevy)
	put("city.per_capita", r.City.PerCapita)
	put("city.total", r.City.Total)
	put("prefecture.income_levy", r.Prefecture.IncomeLevy)
	put("prefecture.per_capita", r.Prefecture.PerCapita)
	put("prefecture.total", r.Prefecture.Total)
	put("forest_environment_tax", r.ForestTax)
	put("salary_income", r.SalaryIncome)
	put("pension_income", r.PensionIncome)
	put("total_income", r.TotalIncome)
	put("total_income_for_tax", r.TotalIncomeForTax)
	put("deductions_total", r.DeductionsTotal)
	put("taxable_income", r.TaxableIncome)
	for name, s := range map[string]tax.Split{"adjustment_credit": r.AdjustmentCredit, "dividend_credit": r.DividendCredit, "housing_loan_credit": r.HousingLoanCredit,
		"donation_credit": r.DonationCredit, "foreign_tax_credit": r.ForeignTaxCredit, "withheld_credit": r.WithheldCredit} {
		if s.City == 0 && s.Prefecture == 0 {
			continue // the page lists the credits that apply only
		}
		put(name+".city", s.City)
		put(name+".prefecture", s.Prefecture)
	}
	put("furusato_limit", r.FurusatoLimit)
	if r.FurusatoLimit > 0 {
		put("furusato_resident", r.FurusatoResident)
		if r.FurusatoIncomeTax > 0 {
			put("furusato_income_tax", r.FurusatoIncomeTax)
		}
	}
	if r.WithheldRefund > 0 {
		put("withheld_refund", r.WithheldRefund)
	}
	// The schedules the page shows follow the engine's method: payroll months only where a
	// salary is involved, none at all without tax (the applicable one first, others folded).
	method := r.Installments.Method
	if method == "salary" {
		for i, v := range r.Installments.Special {
			put("installments.special."+strconv.Itoa(i), v)
		}
	}
	if method != "none" {
		for i, v := range r.Installments.Ordinary {
			put("installments.ordinary."+strconv.Itoa(i), v)
		}
	}
	if p := r.Installments.Pension; p.Applies {
		put("installments.pension.annual", p.Annual)
		for i, v := range p.Schedule {
			put("installments.pension.schedule."+strconv.Itoa(i), v.Amount)
		}
		if p.Refund > 0 {
			put("installments.pension.refund", p.Refund)
		}
		if p.Split.Salary > 0 {
			put("installments.pension.split.salary", p.Split.Salary)
		}
		if p.Split.Ordinary > 0 {
			put("installments.pension.split.ordinary", p.Split.Ordinary)
			for i, v := range p.OrdinaryRest {
				put("installments.pension.ordinary_rest."+strconv.Itoa(i), v)
			}
		}
	}
	for i, st := range r.Steps {
		m["steps."+strconv.Itoa(i)] = st.Amount
	}
	m["rules_version"] = r.RulesVersion
	return m
}

func formatYen(lang string, v int64) string {
	if readsJapanese(lang) {
		return commas(v) + "円"
	}
	return "¥" + commas(v)
}

// TestSimulatorHouseholds types each household with the keyboard, as a resident would, and
// checks that the page handed the engine exactly that household and shows exactly what the
// engine computes for it natively: every figure, the instalments and each trace step; or,
// when the engine rejects the household, each of its messages in the page's language.
func TestSimulatorHouseholds(t *testing.T) {
	if len(households) < 20 {
		t.Fatalf("only %d households", len(households))
	}
	s := newSession(t)
	for _, h := range households {
		t.Run(h.lang+"/"+h.name, func(t *testing.T) { checkHousehold(t, s, h) })
	}
}

// checkHousehold opens the simulator in h's language, types h with the keyboard and compares
// what the page sent and shows with what the engine computes natively for it.
func checkHousehold(t *testing.T, s *session, h household) {
	t.Helper()
	s.openSimulator(t, h.lang, 1280)
	fillHousehold(t, s, h)

	raw := s.lastInput(t)
	got, err := tax.Decode([]byte(raw))
	if err != nil {
		t.Fatalf("the page sent input the engine cannot read: %v\n%s", err, raw)
	}
	want := normalized(h.in)
	if !reflect.DeepEqual(normalized(got), want) {
		t.Fatalf("the page sent\n%s\nwant\n%s", jsonString(normalized(got)), jsonString(want))
	}

	res, err := tax.Assess(want)
	var verr *tax.ValidationError
	if errors.As(err, &verr) {
		text := evalAs[string](t, s, `document.getElementById("problems")?.textContent ?? ""`)
		for _, fe := range verr.Errors {
			msg := fe.Message
			if !readsJapanese(h.lang) {
				msg = fe.MessageEn
			}
			if !strings.Contains(text, msg) {
				t.Errorf("the page does not show the engine's message %q for %s; it says %q", msg, fe.Field, oneLine(text))
			}
		}
		if evalAs[bool](t, s, `document.getElementById("total") !== null`) {
			t.Errorf("a rejected household still shows a total")
		}
		s.assertClean(t)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	s.openTrace(t)
	shown := s.shown(t)
	for k, v := range expectedFigures(res) {
		if shown[k] != v {
			t.Errorf("%s: page shows %q, engine computes %q", k, shown[k], v)
		}
	}
	if n := len(res.Steps); evalAs[int](t, s, `document.querySelectorAll("#trace-list > li").length`) != n {
		t.Errorf("the trace does not show the engine's %d steps", n)
	}
	if txt := evalAs[string](t, s, `document.getElementById("total").textContent`); txt != formatYen(h.lang, res.Total) {
		t.Errorf("total reads %q, want %q", txt, formatYen(h.lang, res.Total))
	}
	state := "none"
	if res.NonTaxable.PerCapita && res.NonTaxable.IncomeLevy {
		state = "all"
	} else if res.NonTaxable.IncomeLevy {
		state = "income_levy"
	}
	if got := evalAs[string](t, s, `document.getElementById("non-taxable").dataset.state`); got != state {
		t.Errorf("non-taxable state %q, want %q", got, state)
	}
	reason := res.NonTaxable.Reason
	if !readsJapanese(h.lang) && res.NonTaxable.ReasonEn != "" {
		reason = res.NonTaxable.ReasonEn
	}
	if reason != "" && !strings.Contains(evalAs[string](t, s, `document.getElementById("non-taxable").textContent`), reason) {
		t.Errorf("the reason %q is not shown", reason)
	}
	checkCollection(t, s, res)
	if _, err := s.waitFor(chartDrawn(h.in), 10*time.Second); err != nil {
		t.Errorf("no chart (or, without a salary, no word why): %v", err)
	}
	s.assertClean(t)
}

// checkCollection compares the collection schedule the page shows with the engine's: the
// 普通徴収 due dates, and for the tax on the pension each deduction's kind and day, in order,
// and whether it is the first year.
func checkCollection(t *testing.T, s *session, res tax.Result) {
	t.Helper()
	if got := evalAs[string](t, s, `document.getElementById("collection-method")?.dataset.method ?? ""`); got != res.Installments.Method {
		t.Errorf("collection method on the page %q, engine %q", got, res.Installments.Method)
	}
	due := evalAs[[]string](t, s, `Array.from(document.querySelectorAll("ol.ordinary[aria-labelledby=h-ordinary] > li")).map((li) => li.dataset.date ?? "")`)
	wantDue := res.Installments.OrdinaryDue
	if res.Installments.Method == "none" {
		wantDue = []string{} // nothing to pay: no schedule
	}
	if !reflect.DeepEqual(due, wantDue) {
		t.Errorf("普通徴収 due dates on the page %v, engine %v", due, res.Installments.OrdinaryDue)
	}
	p := res.Installments.Pension
	shown := evalAs[string](t, s, `document.getElementById("pension-collection")?.dataset.applies ?? "absent"`)
	switch {
	case p.Reason == "no_pension" || res.Installments.Method == "none":
		if shown != "absent" {
			t.Errorf("no pension or no tax, but the page shows a pension block (%s)", shown)
		}
		return
	case shown != strconv.FormatBool(p.Applies):
		t.Fatalf("pension deduction shown %s, engine applies=%v (%s)", shown, p.Applies, p.Reason)
	case !p.Applies:
		return
	}
	want := make([]string, len(p.Schedule))
	for i, x := range p.Schedule {
		want[i] = x.Kind + " " + x.Date
	}
	got := evalAs[[]string](t, s, `Array.from(document.querySelectorAll("#pension-schedule > li")).map((li) => li.dataset.kind + " " + li.dataset.date)`)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pension schedule on the page %v, engine %v", got, want)
	}
	if fy := evalAs[string](t, s, `document.getElementById("pension-collection").dataset.firstYear`); fy != strconv.FormatBool(p.FirstYear) {
		t.Errorf("first year shown %s, engine %v", fy, p.FirstYear)
	}
}
