package tax

import (
	"slices"
	"strings"
	"testing"
)

// example3 is tax-rules.md §17 Example 3: 70, 公的年金 2,500,000, 社会保険料 150,000 → 年税額 85,000,
// all of it on the pension (no salary: 均等割 and 森林環境税 go with the pension, §12.3).
func example3(prev int64) Input {
	return Input{FiscalYear: 2026, Taxpayer: Person{Age: 70}, Income: Income{Pension: 2500000},
		Deductions: Deductions{SocialInsurance: 150000}, Collection: CollectionInput{PreviousPensionTax: prev}}
}

type slot struct {
	month  int
	kind   string
	date   string
	amount int64
}

func schedule(p *PensionCollection) []slot {
	out := make([]slot, len(p.Schedule))
	for i, s := range p.Schedule {
		out[i] = slot{s.Month, s.Kind, s.Date, s.Amount}
	}
	return out
}

// TestPensionCollection: the 年金特徴 schedule, tax-rules.md §12.3 and §17 Example 3. Amounts
// are whole hundreds with the remainder in the first month of each block (§12.3, LIKELY).
func TestPensionCollection(t *testing.T) {
	cases := []struct {
		name, cite string
		in         Input
		annual     int64
		split      CollectionSplit
		firstYear  bool
		refund     int64
		want       []slot
	}{
		{
			name: "Example 3, first year", cite: "§17 Example 3: June/August 普通徴収 42,500 in two parts, October–February 42,500 / 3",
			in: example3(0), annual: 85000, split: CollectionSplit{Pension: 85000}, firstYear: true,
			want: []slot{
				{6, kindOrdinary, "2026-06-30", 21300}, {8, kindOrdinary, "2026-08-31", 21200},
				{10, kindRegular, "2026-10-15", 14300}, {12, kindRegular, "2026-12-15", 14100}, {2, kindRegular, "2027-02-15", 14100},
			},
		},
		{
			name: "Example 3, continuing with the same 85,000", cite: "§17 Example 3: 仮徴収 85,000 × 1/6 (remainder in April), 本徴収 (85,000 − 42,500) / 3",
			in: example3(85000), annual: 85000, split: CollectionSplit{Pension: 85000},
			want: []slot{
				{4, kindProvisional, "2026-04-15", 14300}, {6, kindProvisional, "2026-06-15", 14100}, {8, kindProvisional, "2026-08-14", 14100},
				{10, kindRegular, "2026-10-15", 14300}, {12, kindRegular, "2026-12-15", 14100}, {2, kindRegular, "2027-02-15", 14100},
			},
		},
		{
			name: "previous 60,000", cite: "§12.3 [S-TOMIKA]: 60,000 → 仮徴収 10,000 × 3; 本徴収 (85,000 − 30,000) / 3",
			in: example3(60000), annual: 85000, split: CollectionSplit{Pension: 85000},
			want: []slot{
				{4, kindProvisional, "2026-04-15", 10000}, {6, kindProvisional, "2026-06-15", 10000}, {8, kindProvisional, "2026-08-14", 10000},
				{10, kindRegular, "2026-10-15", 18400}, {12, kindRegular, "2026-12-15", 18300}, {2, kindRegular, "2027-02-15", 18300},
			},
		},
		{
			name: "仮徴収 above this year's tax", cite: "§12.3: 本徴収 = 年税額 − 仮徴収計 < 0 → none; the excess 100,000 − 85,000 is refunded",
			in: example3(200000), annual: 85000, split: CollectionSplit{Pension: 85000}, refund: 15000,
			want: []slot{
				{4, kindProvisional, "2026-04-15", 33400}, {6, kindProvisional, "2026-06-15", 33300}, {8, kindProvisional, "2026-08-14", 33300},
				{10, kindRegular, "2026-10-15", 0}, {12, kindRegular, "2026-12-15", 0}, {2, kindRegular, "2027-02-15", 0},
			},
		},
		{
			// 給与 2,000,000 → 給与所得 1,320,000 − 所得金額調整控除 100,000 = 1,220,000 (措置法41条の3の3第2項);
			// 年金 2,000,000 − 1,100,000 = 900,000; 合計 2,120,000; 課税 2,120,000 − 300,000 − 430,000 = 1,390,000;
			// 所得割 市 83,400 − 1,500 = 81,900, 県 55,947.5 − 1,000 → 54,900; 計 136,800; 年税額 142,100.
			name: "salary and pension", cite: "§12.3: 所得割 × 年金所得 / 総所得 = floor(136,800 × 900,000 / 2,120,000) = 58,075 from the pension; 均等割 with the salary",
			in:     Input{FiscalYear: 2026, Taxpayer: Person{Age: 67}, Income: Income{Salary: 2000000, Pension: 2000000}, Deductions: Deductions{SocialInsurance: 300000}},
			annual: 58075, split: CollectionSplit{Salary: 142100 - 58075, Pension: 58075}, firstYear: true,
			want: []slot{
				{6, kindOrdinary, "2026-06-30", 14538}, {8, kindOrdinary, "2026-08-31", 14500},
				{10, kindRegular, "2026-10-15", 9837}, {12, kindRegular, "2026-12-15", 9600}, {2, kindRegular, "2027-02-15", 9600},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := mustAssess(t, c.in)
			p := &r.Installments.Pension
			if !p.Applies || p.Annual != c.annual || p.Split != c.split || p.FirstYear != c.firstYear || p.Refund != c.refund {
				t.Fatalf("applies %v annual %d split %+v first %v refund %d; want annual %d split %+v first %v refund %d (%s)",
					p.Applies, p.Annual, p.Split, p.FirstYear, p.Refund, c.annual, c.split, c.firstYear, c.refund, c.cite)
			}
			if got := schedule(p); !slices.Equal(got, c.want) {
				t.Errorf("schedule\n got %v\nwant %v\n(%s)", got, c.want, c.cite)
			}
			if p.Split.Salary+p.Split.Pension+p.Split.Ordinary != r.Total {
				t.Errorf("split %+v does not sum to %d", p.Split, r.Total)
			}
		})
	}
}

// TestPensionCollectionSalaryPart: the rest of the tax by salary month (§12.1 on the salary
// part: floor(84,025 / 12, 100) = 7,000, June 84,025 − 77,000).
func TestPensionCollectionSalaryPart(t *testing.T) {
	r := mustAssess(t, Input{FiscalYear: 2026, Taxpayer: Person{Age: 67}, Income: Income{Salary: 2000000, Pension: 2000000}, Deductions: Deductions{SocialInsurance: 300000}})
	p := &r.Installments.Pension
	want := []int64{7025, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000}
	if !slices.Equal(p.SalarySpecial, want) || p.OrdinaryRest != nil {
		t.Errorf("salary part %v / ordinary %v, want %v / nil", p.SalarySpecial, p.OrdinaryRest, want)
	}
	if !hasAssumption(&r, "pension_per_capita") || !hasAssumption(&r, "pension_apportion") || !hasAssumption(&r, "pension_rounding") {
		t.Errorf("assumptions %v", r.Assumptions)
	}
}

// TestPensionCollectionOtherIncome: without a salary, the tax on other income is paid by
// 普通徴収 (§12.2 on that part) and the 均等割 goes with the pension (§12.3).
func TestPensionCollectionOtherIncome(t *testing.T) {
	// 事業所得 600,000 + 年金所得 1,400,000 (§17 Ex. 3 pension; other income ≤ 10M keeps the
	// 1,100,000 deduction) = 2,000,000; 課税 2,000,000 − 150,000 − 430,000 = 1,420,000;
	// 市 85,200 − 1,500 = 83,700; 県 57,155 − 1,000 → 56,100; 所得割 139,800; 年税額 145,100.
	// 年金分 = floor(139,800 × 1,400,000 / 2,000,000) + 5,300 = 97,860 + 5,300 = 103,160.
	r := mustAssess(t, Input{FiscalYear: 2026, Taxpayer: Person{Age: 70}, Income: Income{Pension: 2500000, Business: 600000}, Deductions: Deductions{SocialInsurance: 150000}})
	p := &r.Installments.Pension
	if r.Total != 145100 || p.IncomeLevy != 97860 || p.PerCapita != 5300 || p.Annual != 103160 {
		t.Fatalf("total %d, pension part %d + %d = %d; want 145,100, 97,860 + 5,300 = 103,160", r.Total, p.IncomeLevy, p.PerCapita, p.Annual)
	}
	// 145,100 − 103,160 = 41,940: 第2〜4期 floor(41,940 / 4, 1,000) = 10,000, 第1期 11,940.
	if p.Split != (CollectionSplit{Pension: 103160, Ordinary: 41940}) || !slices.Equal(p.OrdinaryRest, []int64{11940, 10000, 10000, 10000}) || p.SalarySpecial != nil {
		t.Errorf("split %+v, ordinary %v, salary %v", p.Split, p.OrdinaryRest, p.SalarySpecial)
	}
}

func hasAssumption(r *Result, id string) bool {
	for _, a := range r.Assumptions {
		if a.ID == id {
			return true
		}
	}
	return false
}

// TestPensionCollectionDoesNotApply: under 65, a pension under 180,000, no pension, or no
// tax on the pension (§12.3 conditions).
func TestPensionCollectionDoesNotApply(t *testing.T) {
	for _, c := range []struct {
		name   string
		in     Input
		reason string
	}{
		{"under 65", Input{FiscalYear: 2026, Taxpayer: Person{Age: 64}, Income: Income{Pension: 2500000}}, "age"},
		{"pension under 180,000", Input{FiscalYear: 2026, Taxpayer: Person{Age: 70}, Income: Income{Pension: 179999, Salary: 3000000}}, "pension_amount"},
		{"no pension", Input{FiscalYear: 2026, Taxpayer: Person{Age: 70}, Income: Income{Salary: 3000000}}, "no_pension"},
		// 65+ single: 住民税 non-taxable up to 年金収入 1,550,000 (§17 Example 3 note).
		{"non-taxable pensioner", Input{FiscalYear: 2026, Taxpayer: Person{Age: 70}, Income: Income{Pension: 1550000}}, "no_tax"},
		// A pension whose 所得 is 0 under a salary: nothing falls on it (均等割 with the salary).
		{"pension income 0 with a salary", Input{FiscalYear: 2026, Taxpayer: Person{Age: 70}, Income: Income{Pension: 1000000, Salary: 5000000}}, "no_tax"},
	} {
		r := mustAssess(t, c.in)
		p := &r.Installments.Pension
		if p.Applies || p.Reason != c.reason || len(p.Schedule) != 0 || p.Annual != 0 || hasAssumption(&r, "pension_rounding") {
			t.Errorf("%s: applies %v reason %q schedule %v annual %d", c.name, p.Applies, p.Reason, p.Schedule, p.Annual)
		}
	}
}

// TestPreviousPensionTaxInput: the JSON door reads collection.previous_pension_tax and
// rejects bad values naming the field, in Japanese and English.
func TestPreviousPensionTaxInput(t *testing.T) {
	in, err := Decode([]byte(`{"taxpayer":{"age":70},"income":{"pension":2500000},"collection":{"previous_pension_tax":85000}}`))
	if err != nil || in.Collection.PreviousPensionTax != 85000 {
		t.Fatalf("decoded %+v, %v", in.Collection, err)
	}
	for _, c := range []struct{ json, contains string }{
		{`{"taxpayer":{"age":70},"collection":{"previous_pension_tax":-1}}`, "0以上"},
		{`{"taxpayer":{"age":70},"collection":{"previous_pension_tax":"85000"}}`, "数値"},
		{`{"taxpayer":{"age":70},"collection":{"previous_pension_tax":850.5}}`, "整数"},
		{`{"taxpayer":{"age":70},"collection":{"previous_pension_tax":10000000001}}`, "大きすぎ"},
		{`{"taxpayer":{"age":60},"collection":{"previous_pension_tax":85000}}`, "65歳以上"},
		{`{"taxpayer":{"age":70},"collection":{"previous_pension":85000}}`, "不明な項目"},
		{`{"taxpayer":{"age":70},"collection":[]}`, "オブジェクト"},
	} {
		_, err := AssessJSON([]byte(c.json))
		ve, ok := err.(*ValidationError)
		if !ok || len(ve.Errors) == 0 {
			t.Errorf("%s: accepted (%v)", c.json, err)
			continue
		}
		e := ve.Errors[0]
		if !strings.HasPrefix(e.Field, "collection") || !strings.Contains(e.Message, c.contains) || e.MessageEn == "" {
			t.Errorf("%s: %+v, want a message on collection… containing %q", c.json, e, c.contains)
		}
	}
}

// TestOrdinaryDueFromEngine: every municipality's 普通徴収 due dates for every year, in
// order, one per instalment, each on an open day in its month or just after.
func TestOrdinaryDueFromEngine(t *testing.T) {
	for _, m := range municipalities {
		for _, y := range years {
			r := mustAssess(t, Input{FiscalYear: y.FY, Municipality: m.Code, Taxpayer: Person{Age: 40}, Income: Income{Salary: 5000000}})
			due := r.Installments.OrdinaryDue
			if len(due) != len(r.Installments.Ordinary) || !slices.IsSorted(due) {
				t.Fatalf("%s FY%d: due %v", m.Code, y.FY, due)
			}
			for i, d := range due {
				mo := m.OrdinaryMonths[i]
				last := dayNumber(lastDay(monthYear(y.FY, mo), mo))
				n := -1
				for k := 0; k <= 7; k++ {
					if c := civilOf(last + k); c.iso() == d {
						n = k
						if closed(c) {
							t.Errorf("%s FY%d: due %s is a closed day", m.Code, y.FY, d)
						}
					}
				}
				if n < 0 {
					t.Errorf("%s FY%d: due %s is not within a week after the end of month %d", m.Code, y.FY, d, mo)
				}
			}
		}
	}
	// Fujisawa FY2026 (months 6/8/10/1, tax-rules.md §12.2): 10/31 is a Saturday, 1/31 a Sunday.
	r := mustAssess(t, Input{FiscalYear: 2026, Taxpayer: Person{Age: 40}, Income: Income{Salary: 5000000}})
	if want := []string{"2026-06-30", "2026-08-31", "2026-11-02", "2027-02-01"}; !slices.Equal(r.Installments.OrdinaryDue, want) {
		t.Errorf("FY2026 due %v, want %v", r.Installments.OrdinaryDue, want)
	}
}
