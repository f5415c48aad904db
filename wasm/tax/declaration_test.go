package tax

import (
	"encoding/json"
	"testing"
)

// TestDeclarationLines: the 申告書 carries each figure on its line, at the 住民税 amount on
// the 市民税・県民税申告書 and at the 所得税 amount in the 確定申告書's box.
func TestDeclarationLines(t *testing.T) {
	type line struct {
		amount, ret int64
	}
	for _, tc := range []struct {
		name string
		in   Input
		want map[string]line
		hand []string // lines written by hand from the papers
		none []string // lines that must not be there
	}{
		// 給与 5,500,000: 給与所得 5,500,000 × 20% + 440,000 → 3,960,000 (所得税法28条, 別表第五);
		// 生命保険料 新 80,000: 住民税 28,000 (地方税法314条の2第1項5号), 所得税 40,000 (所得税法76条);
		// 地震保険料 30,000: 15,000 / 30,000 (314条の2第1項5号の2, 所得税法77条); 配偶者・一般扶養:
		// 330,000 / 380,000 (314条の2第1項10号・11号, 所得税法83条・84条); 基礎控除: 430,000 /
		// 680,000 (314条の2第2項; 措置法41条の16の2, 令和7年分 合計所得 336万超489万以下).
		{"family with salary (example 2)", Input{FiscalYear: 2026, Taxpayer: Person{Age: 40}, Income: Income{Salary: 5500000},
			Deductions: Deductions{SocialInsurance: 850000, LifeInsurance: LifeInsurance{GeneralNew: 80000}, EarthquakeInsurance: EarthquakeInsurance{Earthquake: 30000}},
			Spouse:     &Relative{Age: 40, LivingTogether: true}, Dependents: []Relative{{Age: 17, LivingTogether: true}, {Age: 12, LivingTogether: true}}},
			map[string]line{
				"revenue.salary": {5500000, 5500000}, "income.salary": {3960000, 3960000}, "income.total": {3960000, 3960000},
				"deduction.social_insurance": {850000, 850000}, "deduction.life_insurance": {28000, 40000},
				"deduction.earthquake": {15000, 30000}, "deduction.spouse": {330000, 380000}, "deduction.dependents": {330000, 380000},
				"deduction.basic": {430000, 680000}, "deduction.total": {1983000, 2360000},
				// 課税される所得金額 3,960,000 − 2,360,000 = 1,600,000; × 5% = 80,000 (所得税法89条);
				// 復興特別所得税 80,000 × 2.1% = 1,680 (復興財源確保法13条).
				"income_tax.taxable": {0, 1600000}, "income_tax.calculated": {0, 80000}, "income_tax.total": {0, 81680},
			}, nil, []string{"deduction.donations", "resident.furusato"}},
		// 公的年金等 2,000,000 at 66: 公的年金等控除 1,100,000 → 雑所得 900,000 (所得税法35条4項,
		// 措置法41条の15の3); 事業所得 given as income, so its revenue is written by hand.
		{"pensioner with a business", Input{FiscalYear: 2026, Taxpayer: Person{Age: 66}, Income: Income{Pension: 2000000, Business: 300000}},
			map[string]line{
				"revenue.pension": {2000000, 2000000}, "income.pension": {900000, 900000}, "income.business": {300000, 300000},
				"income.total": {1200000, 1200000},
			}, []string{"revenue.business"}, nil},
		// 一時所得: 1,200,000 − 400,000 − 500,000 = 300,000, half enters 総所得金額 (所得税法34条・22条2項2号);
		// ふるさと納税 50,000 by 確定申告: 寄附金控除 48,000 on the 確定申告書 only (所得税法78条), the
		// donation itself on 第二表 「住民税に関する事項」 (地方税法317条の3第1項).
		{"salary, maturity payout and furusato", Input{FiscalYear: 2026, Taxpayer: Person{Age: 45}, Income: Income{Salary: 6000000,
			Occasional: Occasional{Revenue: 1200000, Expenses: 400000}}, Credits: CreditInput{Donations: Donations{Furusato: 50000}}},
			map[string]line{
				"revenue.occasional": {1200000, 1200000}, "income.gains_occasional": {150000, 150000},
				"income.salary": {4360000, 4360000}, "income.total": {4510000, 4510000},
				"deduction.donations": {0, 48000}, "resident.furusato": {50000, 50000},
			}, nil, nil},
		// 上場株式等の譲渡所得 declared: on 第三表 (措置法37条の11), with the 株式等譲渡所得割 withheld
		// credited (地方税法37条の4・314条の9); the 税額 then comes from 第三表, not the 第一表 lines.
		{"declared listed gains", Input{FiscalYear: 2026, Taxpayer: Person{Age: 50}, Income: Income{Salary: 4000000,
			Separate: Separate{ListedStockGains: 1000000}}, Credits: CreditInput{Withheld: Withheld{StockLevy: 50000}}},
			map[string]line{"separate.listed_stock_gains": {1000000, 1000000}, "resident.stock_levy": {50000, 50000}},
			nil, []string{"income_tax.total"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustAssess(t, tc.in)
			got := map[string]DeclarationLine{}
			for _, l := range r.Declaration {
				if _, dup := got[l.ID]; dup {
					t.Errorf("line %s twice", l.ID)
				}
				got[l.ID] = l
			}
			for id, w := range tc.want {
				l, ok := got[id]
				if !ok {
					t.Errorf("no line %s", id)
					continue
				}
				if l.Amount != w.amount || l.ReturnAmount != w.ret {
					t.Errorf("%s: 申告書 %d / 確定申告書 %d, want %d / %d", id, l.Amount, l.ReturnAmount, w.amount, w.ret)
				}
			}
			for _, id := range tc.hand {
				if l := got[id]; !l.Hand || l.Amount != 0 {
					t.Errorf("%s: %+v, want a line written by hand", id, l)
				}
			}
			for _, id := range tc.none {
				if _, ok := got[id]; ok {
					t.Errorf("line %s where it does not apply", id)
				}
			}
		})
	}
}

// TestDeclarationAddsUp: on every golden household the deduction lines add up to the 合計 on
// both forms, the 合計 of the incomes is the result's 総所得金額 path, every line names its
// 確定申告書 place, and return-only lines carry nothing on the 申告書.
func TestDeclarationAddsUp(t *testing.T) {
	for name, g := range loadGolden(t) {
		t.Run(name, func(t *testing.T) {
			var in Input
			if err := json.Unmarshal(g.Input, &in); err != nil {
				t.Fatal(err)
			}
			r := mustAssess(t, in)
			var res, ret int64
			var total *DeclarationLine
			for i, l := range r.Declaration {
				if l.Return == "" || l.ReturnEn == "" || l.Label == "" || l.LabelEn == "" {
					t.Errorf("line %s lacks a text: %+v", l.ID, l)
				}
				if l.ReturnOnly && l.Amount != 0 {
					t.Errorf("return-only line %s carries %d on the 申告書", l.ID, l.Amount)
				}
				if l.Section != "deduction" {
					continue
				}
				if l.ID == "deduction.total" {
					total = &r.Declaration[i]
					continue
				}
				res += l.Amount
				ret += l.ReturnAmount
			}
			if total == nil {
				t.Fatal("no deduction total")
			}
			if total.Amount != res || total.ReturnAmount != ret || total.Amount != r.DeductionsTotal || total.ReturnAmount != r.IncomeTax.DeductionsTotal {
				t.Errorf("deductions add up to %d / %d; lines say %d / %d; result %d / %d",
					res, ret, total.Amount, total.ReturnAmount, r.DeductionsTotal, r.IncomeTax.DeductionsTotal)
			}
		})
	}
}
