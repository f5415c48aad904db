package tax

import "testing"

// TestSalaryTableBoundaries checks 所得税法別表第五 on every boundary row of each year's table
// (tax-rules.md §3.1.2) and the formula rows above 6,600,000 (所得税法28条3項).
func TestSalaryTableBoundaries(t *testing.T) {
	tests := []struct {
		table *salaryTable
		pay   int64
		want  int64
	}{
		// 令和6年分 (FY2025): 55万 minimum, irregular rows 1,619,000–1,627,999.
		{&salary2024, 550999, 0}, {&salary2024, 551000, 1000}, {&salary2024, 1618999, 1068999},
		{&salary2024, 1619000, 1069000}, {&salary2024, 1619999, 1069000}, {&salary2024, 1620000, 1070000},
		{&salary2024, 1621999, 1070000}, {&salary2024, 1622000, 1072000}, {&salary2024, 1623999, 1072000},
		{&salary2024, 1624000, 1074000}, {&salary2024, 1627999, 1074000}, {&salary2024, 1628000, 1076800},
		{&salary2024, 1799999, 1177600}, {&salary2024, 1800000, 1180000}, {&salary2024, 3599999, 2437200},
		{&salary2024, 3600000, 2440000}, {&salary2024, 6599999, 4836800}, {&salary2024, 6600000, 4840000},
		{&salary2024, 8499999, 6549999}, {&salary2024, 8500000, 6550000}, {&salary2024, 20000000, 18050000},
		// 令和7年分 (FY2026): 65万 minimum, no irregular rows; Osaka FY2026 example 5,436,629 → 3,908,800.
		{&salary2025, 650999, 0}, {&salary2025, 651000, 1000}, {&salary2025, 1899999, 1249999},
		{&salary2025, 1900000, 1250000}, {&salary2025, 1903999, 1250000}, {&salary2025, 1904000, 1252800},
		{&salary2025, 3599999, 2437200}, {&salary2025, 3600000, 2440000}, {&salary2025, 5000000, 3560000},
		{&salary2025, 5436629, 3908800}, {&salary2025, 6599999, 4836800}, {&salary2025, 6600000, 4840000},
		{&salary2025, 8499999, 6549999}, {&salary2025, 8500000, 6550000},
		// 令和8年分 (FY2027, 74万 special): irregular rows 2,191,000–2,199,999 (§3.1.2 pitfall 1).
		{&salary2026, 740999, 0}, {&salary2026, 741000, 1000}, {&salary2026, 2190999, 1450999},
		{&salary2026, 2191000, 1451000}, {&salary2026, 2192999, 1451000}, {&salary2026, 2193000, 1453000},
		{&salary2026, 2195999, 1453000}, {&salary2026, 2196000, 1456000}, {&salary2026, 2199999, 1456000},
		{&salary2026, 2200000, 1460000}, {&salary2026, 2203999, 1460000}, {&salary2026, 2204000, 1462800},
		{&salary2026, 3600000, 2440000}, {&salary2026, 6600000, 4840000},
	}
	for _, tt := range tests {
		if got := tt.table.income(tt.pay); got != tt.want {
			t.Errorf("%d table: 給与収入 %d → %d, want %d", tt.table.Year, tt.pay, got, tt.want)
		}
	}
	// Monotone and never above the pay, row by row, over the whole table range.
	for _, tab := range []*salaryTable{&salary2024, &salary2025, &salary2026} {
		prev := int64(0)
		for pay := int64(0); pay <= 7000000; pay += 1000 {
			got := tab.income(pay)
			if got < prev || got > pay {
				t.Fatalf("%d table: %d → %d after %d", tab.Year, pay, got, prev)
			}
			prev = got
		}
	}
}

// TestPensionDeductionEdges: 公的年金等控除 at each band edge (tax-rules.md §3.2, NTA No.1600).
func TestPensionDeductionEdges(t *testing.T) {
	tests := []struct {
		pay    int64
		senior bool
		oi     int64
		income int64 // 公的年金等に係る雑所得 (floor to the yen)
	}{
		{1300000, false, 0, 700000}, {1300002, false, 0, 700001}, // §3.2 example
		{600000, false, 0, 0}, {4100000, false, 0, 2800000}, {4100001, false, 0, 2800000},
		{7700000, false, 0, 5860000}, {7700001, false, 0, 5860000}, {10000000, false, 0, 8045000},
		{12000000, false, 0, 10045000},
		{1100000, true, 0, 0}, {3300000, true, 0, 2200000}, {3300001, true, 0, 2200000}, {2500000, true, 0, 1400000},
		{2500000, true, 10000001, 1500000}, // OI 1,000万超: −100,000
		{2500000, true, 20000001, 1600000}, // OI 2,000万超: −200,000
		{1300000, false, 10000001, 800000},
	}
	for _, tt := range tests {
		d := pensionDeduction(tt.pay, tt.senior, tt.oi).ceil()
		if got := max(0, tt.pay-d); got != tt.income {
			t.Errorf("年金 %d senior=%v OI=%d: income %d, want %d", tt.pay, tt.senior, tt.oi, got, tt.income)
		}
	}
}

// TestInsuranceEdges: 生命保険料・地震保険料控除 at each row edge (tax-rules.md §4.2, §4.3).
func TestInsuranceEdges(t *testing.T) {
	tests := []struct {
		name string
		rows []insRow
		p    int64
		want int64
	}{
		{"住民税 新", lifeNewResident, 12000, 12000}, {"住民税 新", lifeNewResident, 12001, 12001},
		{"住民税 新", lifeNewResident, 32000, 22000}, {"住民税 新", lifeNewResident, 32001, 22001},
		{"住民税 新", lifeNewResident, 56000, 28000}, {"住民税 新", lifeNewResident, 56001, 28000},
		{"住民税 旧", lifeOldResident, 15000, 15000}, {"住民税 旧", lifeOldResident, 15001, 15001},
		{"住民税 旧", lifeOldResident, 40000, 27500}, {"住民税 旧", lifeOldResident, 40001, 27501},
		{"住民税 旧", lifeOldResident, 70000, 35000}, {"住民税 旧", lifeOldResident, 70001, 35000},
		{"所得税 新", lifeNewIT, 20000, 20000}, {"所得税 新", lifeNewIT, 40000, 30000},
		{"所得税 新", lifeNewIT, 80000, 40000}, {"所得税 新", lifeNewIT, 80001, 40000},
		{"所得税 旧", lifeOldIT, 100000, 50000}, {"所得税 旧", lifeOldIT, 50001, 37501},
		{"住民税 旧長期", longTermOldResident, 5000, 5000}, {"住民税 旧長期", longTermOldResident, 5001, 5001},
		{"住民税 旧長期", longTermOldResident, 15000, 10000}, {"住民税 旧長期", longTermOldResident, 15001, 10000},
		{"所得税 旧長期", longTermOldIT, 20000, 15000},
	}
	for _, tt := range tests {
		if got := insurance(tt.rows, tt.p); got != tt.want {
			t.Errorf("%s %d → %d, want %d", tt.name, tt.p, got, tt.want)
		}
	}
	// Ebina FY2024 check (§4.2): 旧一般 20,000 + 新一般 15,000 + 旧年金 65,000 + 新年金 30,000 → 61,750.
	if _, _, _, got := residentInsurance.life(&LifeInsurance{GeneralOld: 20000, GeneralNew: 15000, PensionOld: 65000, PensionNew: 30000}); got != 61750 {
		t.Errorf("Ebina example: %d, want 61,750", got)
	}
	// Total cap 70,000: three categories at their maximum 28,000 each.
	if _, _, _, got := residentInsurance.life(&LifeInsurance{GeneralNew: 90000, CareMedical: 90000, PensionNew: 90000}); got != 70000 {
		t.Errorf("cap: %d, want 70,000", got)
	}
	eq := []struct{ quake, old, want int64 }{{20000, 0, 10000}, {1, 0, 1}, {50000, 0, 25000}, {60000, 0, 25000}, {10000, 15000, 15000}, {40000, 15000, 25000}}
	for _, e := range eq {
		if got := residentInsurance.earthquake(&EarthquakeInsurance{Earthquake: e.quake, LongTermOld: e.old}); got != e.want {
			t.Errorf("地震 %d + 旧長期 %d → %d, want %d", e.quake, e.old, got, e.want)
		}
	}
}

// household builds a FY household whose taxpayer has exactly total 合計所得金額 (as business
// income), optionally with a spouse or dependant whose 合計所得金額 is relInc.
func deductionOf(t *testing.T, in Input, step string) int64 {
	t.Helper()
	r := mustAssess(t, in)
	a, ok := stepAmounts(&r)[step]
	if !ok {
		return 0
	}
	v, err := parseIntStr(a)
	if err != nil {
		t.Fatalf("%s = %q", step, a)
	}
	return v
}

// TestDeductionBandEdges: each deduction table at and around its band edges (§4.4–§4.6).
func TestDeductionBandEdges(t *testing.T) {
	withSpouse := func(fy int, tp, sp int64) Input {
		return Input{FiscalYear: fy, Taxpayer: Person{Age: 45}, Income: Income{Business: tp}, Spouse: &Relative{Age: 45, Income: Income{Business: sp}}}
	}
	withDep := func(fy int, age int, dep int64) Input {
		return Input{FiscalYear: fy, Taxpayer: Person{Age: 50}, Income: Income{Business: 6000000}, Dependents: []Relative{{Age: age, Income: Income{Business: dep}}}}
	}
	tests := []struct {
		name string
		in   Input
		step string
		want int64
	}{
		// 配偶者控除 / 配偶者特別控除 (住民税, 地方税法314条の2第1項9号・10号の3).
		{"FY2026 spouse 580,000 → 配偶者控除", withSpouse(2026, 5000000, 580000), "deduction_spouse", 330000},
		{"FY2026 spouse 580,001 → 特別 330,000", withSpouse(2026, 5000000, 580001), "deduction_spouse_special", 330000},
		{"FY2025 spouse 480,001 → 特別 330,000", withSpouse(2025, 5000000, 480001), "deduction_spouse_special", 330000},
		{"FY2025 spouse 580,000 → 特別", withSpouse(2025, 5000000, 580000), "deduction_spouse_special", 330000},
		{"FY2027 spouse 620,000 → 配偶者控除", withSpouse(2027, 5000000, 620000), "deduction_spouse", 330000},
		{"spouse 1,000,000", withSpouse(2026, 5000000, 1000000), "deduction_spouse_special", 330000},
		{"spouse 1,000,001", withSpouse(2026, 5000000, 1000001), "deduction_spouse_special", 310000},
		{"spouse 1,050,001", withSpouse(2026, 5000000, 1050001), "deduction_spouse_special", 260000},
		{"spouse 1,300,001", withSpouse(2026, 5000000, 1300001), "deduction_spouse_special", 30000},
		{"spouse 1,330,000", withSpouse(2026, 5000000, 1330000), "deduction_spouse_special", 30000},
		{"spouse 1,330,001", withSpouse(2026, 5000000, 1330001), "deduction_spouse_special", 0},
		{"taxpayer 9,000,000", withSpouse(2026, 9000000, 0), "deduction_spouse", 330000},
		{"taxpayer 9,000,001", withSpouse(2026, 9000001, 0), "deduction_spouse", 220000},
		{"taxpayer 9,500,001", withSpouse(2026, 9500001, 0), "deduction_spouse", 110000},
		{"taxpayer 10,000,001", withSpouse(2026, 10000001, 0), "deduction_spouse", 0},
		{"taxpayer 9,200,000, spouse 1,100,000 (900–950万 column)", withSpouse(2026, 9200000, 1100000), "deduction_spouse_special", 180000},
		{"elderly spouse", Input{FiscalYear: 2026, Taxpayer: Person{Age: 75}, Income: Income{Business: 5000000}, Spouse: &Relative{Age: 72}}, "deduction_spouse", 380000},
		// 扶養控除 by age (地方税法314条の2第1項11号).
		{"dependant 15 (年少)", withDep(2026, 15, 0), "deduction_dependents", 0},
		{"dependant 16", withDep(2026, 16, 0), "deduction_dependents", 330000},
		{"dependant 19 (特定)", withDep(2026, 19, 0), "deduction_dependents", 450000},
		{"dependant 22 (特定)", withDep(2026, 22, 0), "deduction_dependents", 450000},
		{"dependant 23", withDep(2026, 23, 0), "deduction_dependents", 330000},
		{"dependant 70 (老人)", withDep(2026, 70, 0), "deduction_dependents", 380000},
		{"dependant FY2026 income 580,000", withDep(2026, 30, 580000), "deduction_dependents", 330000},
		{"dependant FY2026 income 580,001", withDep(2026, 30, 580001), "deduction_dependents", 0},
		{"dependant FY2025 income 480,001", withDep(2025, 30, 480001), "deduction_dependents", 0},
		{"dependant FY2027 income 620,000", withDep(2027, 30, 620000), "deduction_dependents", 330000},
		// 特定親族特別控除 (FY2026+, 住民税 amounts, §4.5).
		{"特定親族 580,001", withDep(2026, 20, 580001), "deduction_specific_relative", 450000},
		{"特定親族 950,000", withDep(2026, 20, 950000), "deduction_specific_relative", 450000},
		{"特定親族 950,001", withDep(2026, 20, 950001), "deduction_specific_relative", 410000},
		{"特定親族 1,000,001", withDep(2026, 20, 1000001), "deduction_specific_relative", 310000},
		{"特定親族 1,200,001", withDep(2026, 20, 1200001), "deduction_specific_relative", 30000},
		{"特定親族 1,230,001", withDep(2026, 20, 1230001), "deduction_specific_relative", 0},
		{"特定親族 FY2025 (none)", withDep(2025, 20, 600000), "deduction_specific_relative", 0},
		{"特定親族 FY2027 620,001", withDep(2027, 20, 620001), "deduction_specific_relative", 450000},
		// 基礎控除 tiers (地方税法314条の2第2項).
		{"basic 24,000,000", Input{FiscalYear: 2026, Taxpayer: Person{Age: 50}, Income: Income{Business: 24000000}}, "deduction_basic", 430000},
		{"basic 24,000,001", Input{FiscalYear: 2026, Taxpayer: Person{Age: 50}, Income: Income{Business: 24000001}}, "deduction_basic", 290000},
		{"basic 24,500,001", Input{FiscalYear: 2026, Taxpayer: Person{Age: 50}, Income: Income{Business: 24500001}}, "deduction_basic", 150000},
		{"basic 25,000,001", Input{FiscalYear: 2026, Taxpayer: Person{Age: 50}, Income: Income{Business: 25000001}}, "deduction_basic", 0},
		// 所得税 基礎控除 by year (§14.2).
		{"IT basic 2025 1,320,000", Input{FiscalYear: 2026, Income: Income{Business: 1320000}}, "income_tax_basic_deduction", 950000},
		{"IT basic 2025 1,320,001", Input{FiscalYear: 2026, Income: Income{Business: 1320001}}, "income_tax_basic_deduction", 880000},
		{"IT basic 2025 6,550,001", Input{FiscalYear: 2026, Income: Income{Business: 6550001}}, "income_tax_basic_deduction", 580000},
		{"IT basic 2026 4,890,000", Input{FiscalYear: 2027, Income: Income{Business: 4890000}}, "income_tax_basic_deduction", 1040000},
		{"IT basic 2026 4,890,001", Input{FiscalYear: 2027, Income: Income{Business: 4890001}}, "income_tax_basic_deduction", 670000},
		{"IT basic 2024", Input{FiscalYear: 2025, Income: Income{Business: 3000000}}, "income_tax_basic_deduction", 480000},
		// 勤労学生 (合計所得 ≤ limit and non-employment income ≤ 100,000).
		{"student FY2026 850,000", Input{FiscalYear: 2026, Taxpayer: Person{Age: 20, WorkingStudent: true}, Income: Income{Salary: 1500000}}, "deduction_working_student", 260000},
		{"student FY2026 851,000", Input{FiscalYear: 2026, Taxpayer: Person{Age: 20, WorkingStudent: true}, Income: Income{Salary: 1501000}}, "deduction_working_student", 0},
		{"student FY2025 750,000", Input{FiscalYear: 2025, Taxpayer: Person{Age: 20, WorkingStudent: true}, Income: Income{Salary: 1300000}}, "deduction_working_student", 260000},
		{"student FY2027 890,000", Input{FiscalYear: 2027, Taxpayer: Person{Age: 20, WorkingStudent: true}, Income: Income{Salary: 1630000}}, "deduction_working_student", 260000},
		// 障害者控除 (本人 / 同居特別障害者).
		{"self special", Input{FiscalYear: 2026, Taxpayer: Person{Age: 40, Disability: "special"}, Income: Income{Salary: 4000000}}, "deduction_disability", 300000},
		{"dependant special living together", Input{FiscalYear: 2026, Taxpayer: Person{Age: 40}, Income: Income{Salary: 4000000}, Dependents: []Relative{{Age: 10, Disability: "special", LivingTogether: true}}}, "deduction_disability", 530000},
		{"dependant special apart", Input{FiscalYear: 2026, Taxpayer: Person{Age: 40}, Income: Income{Salary: 4000000}, Dependents: []Relative{{Age: 10, Disability: "special"}}}, "deduction_disability", 300000},
		// 医療費控除: threshold min(100,000, 5%).
		{"medical below 2,000,000 income", Input{FiscalYear: 2026, Income: Income{Business: 1000000}, Deductions: Deductions{MedicalExpenses: MedicalExpenses{Paid: 80000}}}, "deduction_medical", 30000},
		{"medical cap 2,000,000", Input{FiscalYear: 2026, Income: Income{Business: 10000000}, Deductions: Deductions{MedicalExpenses: MedicalExpenses{Paid: 3000000}}}, "deduction_medical", 2000000},
		{"self-medication", Input{FiscalYear: 2026, Income: Income{Business: 3000000}, Deductions: Deductions{SelfMedication: 50000}}, "deduction_self_medication", 38000},
		{"self-medication cap", Input{FiscalYear: 2026, Income: Income{Business: 3000000}, Deductions: Deductions{SelfMedication: 200000}}, "deduction_self_medication", 88000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := deductionOf(t, tt.in, tt.step); got != tt.want {
				t.Errorf("%s = %d, want %d", tt.step, got, tt.want)
			}
		})
	}
}

// TestAdjustmentCreditEdges: 調整控除 at T = 2,000,000 and the 50,000 floor (§6.1).
func TestAdjustmentCreditEdges(t *testing.T) {
	// business income chosen so that T = income − deductions exactly (単身: 430,000; with
	// spouse and a 17-year-old: 330,000 + 330,000 + 430,000 = 1,090,000).
	tests := []struct {
		name       string
		in         Input
		city, pref int64
	}{
		{"T = 2,000,000, D = 50,000", Input{FiscalYear: 2026, Income: Income{Business: 2430000}}, 1500, 1000},
		{"T = 2,000,000, D = 150,000 (spouse + dependant)", Input{FiscalYear: 2026, Income: Income{Business: 3090000},
			Spouse: &Relative{Age: 40}, Dependents: []Relative{{Age: 17}}}, 4500, 3000},
		{"T = 2,010,000, D = 150,000 → base 140,000", Input{FiscalYear: 2026, Income: Income{Business: 3100000},
			Spouse: &Relative{Age: 40}, Dependents: []Relative{{Age: 17}}}, 4200, 2800},
		{"T = 2,100,000, D = 150,000 → base 50,000", Input{FiscalYear: 2026, Income: Income{Business: 3190000},
			Spouse: &Relative{Age: 40}, Dependents: []Relative{{Age: 17}}}, 1500, 1000},
		{"T = 30,000 → base 30,000", Input{FiscalYear: 2026, Income: Income{Business: 460000}}, 900, 600},
		{"合計所得 25,000,001 → none", Input{FiscalYear: 2026, Income: Income{Business: 25000001}}, 0, 0},
	}
	for _, tt := range tests {
		r := mustAssess(t, tt.in)
		if r.AdjustmentCredit.City != tt.city || r.AdjustmentCredit.Prefecture != tt.pref {
			t.Errorf("%s: 調整控除 %+v, want %d / %d", tt.name, r.AdjustmentCredit, tt.city, tt.pref)
		}
	}
}

// TestNonTaxableLines reproduces the salary-only lines of tax-rules.md §8.2 (藤沢市, 1級地)
// for N = 0…4 in each fiscal year: at the line the levy is not charged, one yen above it is.
func TestNonTaxableLines(t *testing.T) {
	type line struct {
		n                   int
		perCapita, incomeLv [3]int64 // FY2025, FY2026, FY2027
	}
	lines := []line{
		{0, [3]int64{1000000, 1100000, 1190000}, [3]int64{1000000, 1100000, 1190000}},
		{1, [3]int64{1560000, 1660000, 1750000}, [3]int64{1703999, 1770000, 1860000}},
		{2, [3]int64{2059999, 2059999, 2100000}, [3]int64{2215999, 2215999, 2215999}},
		{3, [3]int64{2559999, 2559999, 2559999}, [3]int64{2715999, 2715999, 2715999}},
		{4, [3]int64{3059999, 3059999, 3059999}, [3]int64{3215999, 3215999, 3215999}},
	}
	household := func(fy int, n int, salary int64) Input {
		in := Input{FiscalYear: fy, Taxpayer: Person{Age: 35}, Income: Income{Salary: salary}}
		if n > 0 {
			in.Spouse = &Relative{Age: 35}
		}
		for range max(0, n-1) {
			in.Dependents = append(in.Dependents, Relative{Age: 5})
		}
		return in
	}
	for _, l := range lines {
		for i, fy := range []int{2025, 2026, 2027} {
			at := mustAssess(t, household(fy, l.n, l.perCapita[i]))
			above := mustAssess(t, household(fy, l.n, l.perCapita[i]+1))
			if !at.NonTaxable.PerCapita || above.NonTaxable.PerCapita {
				t.Errorf("FY%d N=%d 均等割 line %d: at %v, above %v", fy, l.n, l.perCapita[i], at.NonTaxable, above.NonTaxable)
			}
			at = mustAssess(t, household(fy, l.n, l.incomeLv[i]))
			above = mustAssess(t, household(fy, l.n, l.incomeLv[i]+1))
			if !at.NonTaxable.IncomeLevy || above.NonTaxable.IncomeLevy {
				t.Errorf("FY%d N=%d 所得割 line %d: at %v, above %v", fy, l.n, l.incomeLv[i], at.NonTaxable, above.NonTaxable)
			}
			if at.City.IncomeLevy != 0 || at.Prefecture.IncomeLevy != 0 {
				t.Errorf("FY%d N=%d: 所得割 charged at the line", fy, l.n)
			}
		}
	}
}

// TestAdjustmentMeasure: the 調整措置 cases of tax-rules.md §8.4 (full shortfall, no 10% cap).
func TestAdjustmentMeasure(t *testing.T) {
	// [S-KOGA] / seido-keisan: 合計所得 1,130,000 with limit 1,120,000 (N=1) → 所得割 10,000 in total
	// before the 100-yen floors (the shortfall is taken in full).
	in := Input{FiscalYear: 2026, Taxpayer: Person{Age: 40}, Income: Income{Business: 1130000}, Spouse: &Relative{Age: 40}}
	r := mustAssess(t, in)
	if got := frac(0, 1).add(parseRat(t, r.City.BeforeRounding)).add(parseRat(t, r.Prefecture.BeforeRounding)); got.cmp(ri(10000)) != 0 {
		t.Errorf("所得割 after 調整措置 = %s, want 10,000 (総所得金額等 − L)", got)
	}
	// [S-TANAGURA]: 総所得金額等 2,200,000, L 2,170,000 (N=4) → 所得割 30,000 in total.
	in = Input{FiscalYear: 2026, Taxpayer: Person{Age: 40}, Income: Income{Business: 2200000}, Spouse: &Relative{Age: 40},
		Dependents: []Relative{{Age: 10}, {Age: 8}, {Age: 6}}}
	r = mustAssess(t, in)
	if got := parseRat(t, r.City.BeforeRounding).add(parseRat(t, r.Prefecture.BeforeRounding)); got.cmp(ri(30000)) != 0 {
		t.Errorf("所得割 after 調整措置 = %s, want 30,000", got)
	}
}
