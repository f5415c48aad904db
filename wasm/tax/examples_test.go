package tax

import (
	"testing"
)

// want is one expected figure of the trace: the step id and its exact amount.
type want struct {
	step   string
	amount string
}

// stepAmounts indexes a result's trace by step id.
func stepAmounts(r *Result) map[string]string {
	m := make(map[string]string, len(r.Steps))
	for _, s := range r.Steps {
		m[s.ID] = s.Amount
	}
	return m
}

func checkSteps(t *testing.T, r *Result, wants []want) {
	t.Helper()
	got := stepAmounts(r)
	for _, w := range wants {
		a, ok := got[w.step]
		if !ok {
			t.Errorf("step %s missing from the trace", w.step)
			continue
		}
		if a != w.amount {
			t.Errorf("step %s = %s, want %s", w.step, a, w.amount)
		}
	}
}

func mustAssess(t *testing.T, in Input) Result {
	t.Helper()
	r, err := Assess(in)
	if err != nil {
		t.Fatalf("Assess: %v", err)
	}
	return r
}

func example1(fy int) Input {
	return Input{FiscalYear: fy, Taxpayer: Person{Age: 40}, Income: Income{Salary: 5000000}, Deductions: Deductions{SocialInsurance: 750000}}
}

// TestWorkedExamples reproduces every worked example of tax-rules.md §17 (藤沢市, 令和8年度)
// figure by figure. Each expected amount is the one printed in §17, with its legal basis.
func TestWorkedExamples(t *testing.T) {
	ex4 := example1(2026)
	ex4.Credits.Donations = Donations{Furusato: 50000, OneStop: true}
	tests := []struct {
		name  string
		in    Input
		wants []want
		total int64
		city  Levy
		pref  Levy
	}{
		{
			name: "Example 1: single, 給与収入 5,000,000, 社会保険料 750,000",
			in:   example1(2026),
			wants: []want{
				{"salary_income", "3560000"},        // 別表第五: A = 1,250,000; A×3.2 − 440,000 (所得税法28条4項)
				{"total_income", "3560000"},         // 合計所得金額 (地方税法292条1項13号)
				{"total_income_for_tax", "3560000"}, // 総所得金額等
				{"income_levy_limit", "450000"},     // 附則3条の3: 350,000 + 100,000
				{"deduction_social_insurance", "750000"},
				{"deduction_basic", "430000"}, // 地方税法314条の2第2項
				{"deductions_total", "1180000"},
				{"taxable_income", "2380000"},      // 1,000円未満切捨て (地方税法20条の4の2第1項)
				{"city_calculated", "142800"},      // × 6%
				{"pref_calculated", "95795"},       // × 4.025% (水源環境保全税 0.025% を含む)
				{"personal_diff", "50000"},         // 基礎控除の差 50,000 (地方税法37条1号イ)
				{"adjustment_base", "50000"},       // max(50,000 − 380,000, 50,000)
				{"adjustment_credit_city", "1500"}, // 3%
				{"adjustment_credit_pref", "1000"}, // 2%
				{"city_income_levy", "141300"},     // 141,300 → 141,300 (地方税法20条の4の2第3項)
				{"pref_income_levy", "94700"},      // 94,795 → 94,700
				{"city_total", "144300"},
				{"pref_total", "96000"},
				{"forest_environment_tax", "1000"}, // 森林環境税法
				{"total", "241300"},
				{"special_collection", "20200"},          // June 20,200; July–May 20,100 (地方税法321条の5)
				{"ordinary_collection", "61300"},         // 第1期 61,300; 第2–4期 60,000
				{"income_tax_basic_deduction", "680000"}, // 所得税 基礎控除 2025: 336万超489万以下
				{"income_tax_taxable", "2130000"},
				{"income_tax_calculated", "115500"}, // 10% − 97,500
				{"income_tax_reconstruction", "2425"},
				{"income_tax", "117900"},
				{"furusato_limit", "61000"}, // §17 Example 4: ≈ 2,000 + 28,260 / (0.7979 × 3/5)
			},
			total: 241300,
			city:  Levy{IncomeLevy: 141300, PerCapita: 3000, Total: 144300},
			pref:  Levy{IncomeLevy: 94700, PerCapita: 1300, Total: 96000},
		},
		{
			name: "Example 2: couple, two children, 給与収入 5,500,000",
			in: Input{FiscalYear: 2026, Taxpayer: Person{Age: 40}, Income: Income{Salary: 5500000},
				Deductions: Deductions{SocialInsurance: 850000, LifeInsurance: LifeInsurance{GeneralNew: 80000}, EarthquakeInsurance: EarthquakeInsurance{Earthquake: 30000}},
				Spouse:     &Relative{Age: 40, LivingTogether: true},
				Dependents: []Relative{{Age: 17, LivingTogether: true}, {Age: 12, LivingTogether: true}}},
			wants: []want{
				{"salary_income", "3960000"},          // A = 1,375,000 × 3.2 − 440,000
				{"household_count", "3"},              // spouse + child 17 + child 12 (年少も数える)
				{"income_levy_limit", "1820000"},      // 350,000×4 + 100,000 + 320,000
				{"per_capita_limit", "1710000"},       // 350,000×4 + 100,000 + 210,000 (1級地)
				{"deduction_life_insurance", "28000"}, // 新 > 56,000 → 28,000
				{"deduction_earthquake", "15000"},     // ½
				{"deduction_spouse", "330000"},
				{"deduction_dependents", "330000"}, // child A only (年少扶養 0)
				{"deduction_basic", "430000"},
				{"deductions_total", "1983000"},
				{"taxable_income", "1977000"},
				{"city_calculated", "118620"},
				{"pref_calculated", "79574.25"},
				{"personal_diff", "150000"},   // 基礎 50,000 + 配偶者 50,000 + 一般扶養 50,000
				{"adjustment_base", "150000"}, // T ≤ 200万: min(150,000, 1,977,000)
				{"adjustment_credit_city", "4500"},
				{"adjustment_credit_pref", "3000"},
				{"city_income_levy", "114100"}, // 114,120 → 114,100
				{"pref_income_levy", "76500"},  // 76,574.25 → 76,500
				{"city_total", "117100"},
				{"pref_total", "77800"},
				{"total", "195900"},
				{"special_collection", "16600"},      // June 16,600; July–May 16,300
				{"income_tax_deductions", "2360000"}, // 生命 40,000 + 地震 30,000 + 配偶者 380,000 + 扶養 380,000 + 基礎 680,000 + 社保 850,000
				{"income_tax_taxable", "1600000"},
				{"income_tax_calculated", "80000"},
				{"income_tax_reconstruction", "1680"},
				{"income_tax", "81600"},
			},
			total: 195900,
			city:  Levy{IncomeLevy: 114100, PerCapita: 3000, Total: 117100},
			pref:  Levy{IncomeLevy: 76500, PerCapita: 1300, Total: 77800},
		},
		{
			name: "Example 3: pensioner 70, 公的年金 2,500,000, 社会保険料 150,000",
			in:   Input{FiscalYear: 2026, Taxpayer: Person{Age: 70}, Income: Income{Pension: 2500000}, Deductions: Deductions{SocialInsurance: 150000}},
			wants: []want{
				{"pension_deduction", "1100000"}, // 65歳以上, ≤ 3,300,000, OI = 0 (所得税法35条4項)
				{"pension_income", "1400000"},
				{"total_income", "1400000"},
				{"deductions_total", "580000"}, // 150,000 + 430,000
				{"taxable_income", "820000"},
				{"city_calculated", "49200"},
				{"pref_calculated", "33005"},
				{"adjustment_base", "50000"}, // min(50,000, 820,000)
				{"adjustment_credit_city", "1500"},
				{"adjustment_credit_pref", "1000"},
				{"city_income_levy", "47700"},
				{"pref_income_levy", "32000"}, // 32,005 → 32,000
				{"city_total", "50700"},
				{"pref_total", "33300"},
				{"total", "85000"},
				{"income_tax_basic_deduction", "880000"}, // 所得税 2025: 132万超336万以下
				{"income_tax_taxable", "370000"},
				{"income_tax", "18800"}, // 18,500 + 388
			},
			total: 85000,
			city:  Levy{IncomeLevy: 47700, PerCapita: 3000, Total: 50700},
			pref:  Levy{IncomeLevy: 32000, PerCapita: 1300, Total: 33300},
		},
		{
			name: "Example 4: Example 1 + ふるさと納税 50,000 (ワンストップ特例)",
			in:   ex4,
			wants: []want{
				{"donation_basic_city", "2880"},            // (50,000 − 2,000) × 6% (地方税法314条の7第1項)
				{"donation_basic_pref", "1920"},            // × 4%
				{"donation_personal_adjustment", "250000"}, // 50,000 + (680,000 − 480,000) (37条の2第11項)
				{"donation_special_rate", "79.79"},         // X = 2,130,000 → 90 − 10×1.021
				{"donation_special_city", "22979.52"},      // 48,000 × 79.79% × 3/5
				{"donation_special_pref", "15319.68"},      // × 2/5
				{"donation_onestop_city", "2940.48"},       // × 10.21/79.79 (附則5条の7)
				{"donation_onestop_pref", "1960.32"},
				{"donation_credit_city", "28800"}, // ceil of the per-tax sum (§7.4(5) default)
				{"donation_credit_pref", "19200"},
				{"city_income_levy", "112500"},
				{"pref_income_levy", "75500"}, // 75,595 → 75,500
				{"total", "193300"},           // = 241,300 − 48,000
				{"furusato_limit", "61000"},
			},
			total: 193300,
			city:  Levy{IncomeLevy: 112500, PerCapita: 3000, Total: 115500},
			pref:  Levy{IncomeLevy: 75500, PerCapita: 1300, Total: 76800},
		},
		{
			name: "Example 5: single, 給与収入 1,101,000 (所得割の調整措置)",
			in:   Input{FiscalYear: 2026, Taxpayer: Person{Age: 30}, Income: Income{Salary: 1101000}},
			wants: []want{
				{"salary_income", "451000"}, // 1,101,000 − 650,000
				{"per_capita_limit", "450000"},
				{"income_levy_limit", "450000"},
				{"taxable_income", "21000"}, // 451,000 − 430,000
				{"city_calculated", "1260"},
				{"pref_calculated", "845.25"},
				{"adjustment_base", "21000"}, // min(50,000, 21,000)
				{"adjustment_credit_city", "630"},
				{"adjustment_credit_pref", "420"},
				{"adjustment_measure", "55.25"},      // 450,000 − (451,000 − 1,055.25) (附則3条の3第2項)
				{"adjustment_measure_city", "33.15"}, // 6/10
				{"adjustment_measure_pref", "22.1"},  // 4/10
				{"city_income_levy", "500"},          // 596.85 → 500
				{"pref_income_levy", "400"},          // 403.15 → 400
				{"total", "6200"},
			},
			total: 6200,
			city:  Levy{IncomeLevy: 500, PerCapita: 3000, Total: 3500},
			pref:  Levy{IncomeLevy: 400, PerCapita: 1300, Total: 1700},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustAssess(t, tt.in)
			checkSteps(t, &r, tt.wants)
			if r.Total != tt.total {
				t.Errorf("total = %d, want %d", r.Total, tt.total)
			}
			if r.City.IncomeLevy != tt.city.IncomeLevy || r.City.PerCapita != tt.city.PerCapita || r.City.Total != tt.city.Total {
				t.Errorf("city = %+v, want %+v", r.City, tt.city)
			}
			if r.Prefecture.IncomeLevy != tt.pref.IncomeLevy || r.Prefecture.PerCapita != tt.pref.PerCapita || r.Prefecture.Total != tt.pref.Total {
				t.Errorf("prefecture = %+v, want %+v", r.Prefecture, tt.pref)
			}
		})
	}
}

// TestExampleVariants covers the variants §17 states for other years and roundings.
func TestExampleVariants(t *testing.T) {
	tests := []struct {
		name  string
		in    Input
		total int64
		extra func(t *testing.T, r *Result)
	}{
		// §17 Example 1, FY2025: 給与所得 also 3,560,000, 住民税 identical; 所得税 2024 課税 2,330,000 → 138,300.
		{"Example 1 FY2025", example1(2025), 241300, func(t *testing.T, r *Result) {
			if r.SalaryIncome != 3560000 || r.IncomeTax.TaxableIncome != 2330000 || r.IncomeTax.Tax != 138300 {
				t.Errorf("salary income %d, income tax %+v; want 3,560,000 and 2,330,000 → 138,300", r.SalaryIncome, r.IncomeTax)
			}
		}},
		// §17 Example 1, FY2027, 水源環境保全税 assumed to continue: 241,300; 所得税 2026: 基礎 1,040,000 → 課税 1,770,000 → 90,300.
		{"Example 1 FY2027 (provisional)", example1(2027), 241300, func(t *testing.T, r *Result) {
			if !r.Provisional {
				t.Error("FY2027 must be flagged provisional")
			}
			if r.IncomeTax.TaxableIncome != 1770000 || r.IncomeTax.Tax != 90300 {
				t.Errorf("income tax %+v, want taxable 1,770,000 and tax 90,300", r.IncomeTax)
			}
			found := false
			for _, a := range r.Assumptions {
				found = found || a.ID == "suigen_fy2027"
			}
			if !found {
				t.Error("FY2027 result must list the suigen_fy2027 assumption")
			}
		}},
		// §17 Example 5 compare: 給与収入 1,110,000 → 所得割 900 / 600, no 調整措置, 年税額 6,800.
		{"Example 5 compare 1,110,000", Input{FiscalYear: 2026, Taxpayer: Person{Age: 30}, Income: Income{Salary: 1110000}}, 6800, func(t *testing.T, r *Result) {
			if r.City.IncomeLevy != 900 || r.Prefecture.IncomeLevy != 600 {
				t.Errorf("所得割 %d / %d, want 900 / 600", r.City.IncomeLevy, r.Prefecture.IncomeLevy)
			}
			if _, ok := stepAmounts(r)["adjustment_measure"]; ok {
				t.Error("no 調整措置 expected at 1,110,000")
			}
		}},
		// §17 Example 5: 給与収入 ≤ 1,100,000 → fully non-taxable.
		{"Example 5 compare 1,100,000", Input{FiscalYear: 2026, Taxpayer: Person{Age: 30}, Income: Income{Salary: 1100000}}, 0, func(t *testing.T, r *Result) {
			if !r.NonTaxable.PerCapita || !r.NonTaxable.IncomeLevy || r.NonTaxable.Code != "per_capita_limit" {
				t.Errorf("non_taxable = %+v", r.NonTaxable)
			}
		}},
		// §17 Example 3 check: a single 65+ pensioner is not taxed up to 年金収入 1,550,000.
		{"Example 3 line 1,550,000", Input{FiscalYear: 2026, Taxpayer: Person{Age: 70}, Income: Income{Pension: 1550000}}, 0, nil},
		// 1,551,000 → 雑所得 451,000: the same figures as Example 5 (調整措置 → 500 / 400 + 5,300).
		{"Example 3 line 1,551,000", Input{FiscalYear: 2026, Taxpayer: Person{Age: 70}, Income: Income{Pension: 1551000}}, 6200, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustAssess(t, tt.in)
			if r.Total != tt.total {
				t.Errorf("total = %d, want %d", r.Total, tt.total)
			}
			if tt.extra != nil {
				tt.extra(t, &r)
			}
		})
	}
}
