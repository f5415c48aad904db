package tax

// How the year's tax is collected beyond the two base schedules of installments: the
// 普通徴収 due dates, and the 公的年金からの特別徴収 (tax-rules.md §12.3) with the split of the
// tax between the salary, the pension and self-payment.

// pensionCollectionRules are the parameters of the 年金特徴 (地方税法321条の7の2〜321条の7の8).
type pensionCollectionRules struct {
	MinAge     int   // 65歳以上 (on 1 April of the fiscal year; the input's age is on 31 December before)
	MinPension P     // 老齢等年金給付 年額18万円以上
	Unit       int64 // each instalment floored to Unit; the remainder goes to the block's first
	UnitConf   Conf
	UnitLaw    string
	Apportion  Conf // 所得割 × 年金所得 / 合計所得金額
	Law        string
	LawProv    string // 仮徴収
}

var pensionRules = pensionCollectionRules{
	MinAge:     65,
	MinPension: P{180000, "地方税法321条の7の2第1項 (65歳以上の老齢等年金給付の受給者; 年額18万円未満は対象外)"},
	Unit:       100, UnitConf: Likely,
	UnitLaw:   "100円未満の端数は各期間の最初の月に合算 (地方税法20条の4の2第6項の例による)",
	Apportion: Likely,
	Law:       "地方税法321条の7の2・321条の7の5",
	LawProv:   "地方税法321条の7の8 (仮徴収: 前年度の年金分年税額の2分の1, 平成28年10月から平準化)",
}

// Collection kinds of a PensionInstallment.
const (
	kindOrdinary    = "ordinary"    // first year: June and August by 普通徴収
	kindProvisional = "provisional" // 仮徴収: April, June, August
	kindRegular     = "regular"     // 本徴収: October, December, February
)

// block splits total into n instalments floored to unit, the remainder in the first.
func block(total int64, n int, unit int64) []int64 {
	out := make([]int64, n)
	each := total / int64(n) / unit * unit
	for i := range out {
		out[i] = each
	}
	out[0] = total - each*int64(n-1)
	return out
}

// monthYear places month m of the fiscal year fy (April … March) in its calendar year.
func monthYear(fy, m int) int {
	if m >= 4 {
		return fy
	}
	return fy + 1
}

// collection fills the due dates and the pension schedule (after installments).
func (c *calc) collection() {
	r, fy := &c.r, c.y.FY
	months := c.m.OrdinaryMonths
	due := make([]string, len(months))
	for i, m := range months {
		due[i] = dueDate(monthYear(fy, m), m).iso()
	}
	r.Installments.OrdinaryDue = due
	c.pension()
	r.Installments.Method = collectionMethod(r.Total, c.in.Income.Salary, r.Installments.Pension.Applies)
}

// collectionMethod: a salary earner's tax is deducted by the employer (地方税法321条の3: the
// employer must collect it, the pension's share aside); otherwise a pension that qualifies
// carries it (321条の7の2); else the resident pays it (319条).
func collectionMethod(total, salary int64, pension bool) string {
	switch {
	case total == 0:
		return "none"
	case salary > 0:
		return "salary"
	case pension:
		return "pension"
	}
	return "ordinary"
}

// pension decides whether the tax on the pension is deducted from it and, if so, when.
func (c *calc) pension() {
	r, t, in := &c.r, &c.tr, &c.in
	pc := &r.Installments.Pension
	pc.Schedule = []PensionInstallment{}
	pc.Previous = in.Collection.PreviousPensionTax
	switch {
	case in.Income.Pension == 0:
		pc.Reason = "no_pension"
	case in.Taxpayer.Age < pensionRules.MinAge:
		pc.Reason = "age"
	case in.Income.Pension < pensionRules.MinPension.V:
		pc.Reason = "pension_amount"
	}
	if pc.Reason != "" {
		if pc.Previous > 0 {
			c.note("previous_pension_tax_unused", "年金からの特別徴収の対象にならないため、前年度の年金特徴税額は使っていません。",
				"The tax is not deducted from the pension this year, so the previous year's pension tax was not used.")
		}
		return
	}
	// The tax on the pension: its share of the 所得割, and the 均等割 and 森林環境税 unless a
	// salary carries them (tax-rules.md §12.3).
	levy := r.City.IncomeLevy + r.Prefecture.IncomeLevy
	var share int64
	if tp := &c.tp; levy > 0 && tp.Pension > 0 && tp.Total > 0 {
		if tp.Pension >= tp.Total {
			share = levy
		} else {
			share = frac(mul64(levy, tp.Pension), tp.Total).floor()
		}
	}
	perCapita := r.City.PerCapita + r.Prefecture.PerCapita + r.ForestTax
	pc.IncomeLevy = share
	if in.Income.Salary == 0 {
		pc.PerCapita = perCapita
	}
	pc.Annual = pc.IncomeLevy + pc.PerCapita
	if pc.Annual == 0 {
		pc.Reason = "no_tax"
		if pc.Previous > 0 {
			c.note("pension_provisional_refund", "今年度は年金にかかる税額がありません。4月以降に仮徴収された額があれば、還付（または他の税への充当）されます。",
				"There is no tax on the pension this year: anything deducted provisionally from April is refunded (or applied to other taxes).")
		}
		return
	}
	pc.Applies = true
	c.assume("pension_apportion")
	c.assume("pension_rounding")
	rest := r.Total - pc.Annual
	pc.Split = CollectionSplit{Pension: pc.Annual}
	if in.Income.Salary > 0 {
		c.assume("pension_per_capita")
		pc.Split.Salary = rest
		pc.SalarySpecial = installments(rest, c.m.OrdinaryMonths).Special
	} else {
		pc.Split.Ordinary = rest
		pc.OrdinaryRest = installments(rest, c.m.OrdinaryMonths).Ordinary
	}
	fy, unit := c.y.FY, pensionRules.Unit
	// addBlock puts one block of the schedule in: the months' amounts split by block().
	addBlock := func(kind string, total int64, months ...int) {
		for i, amount := range block(total, len(months), unit) {
			m := months[i]
			y := monthYear(fy, m)
			d := pensionDay(y, m)
			if kind == kindOrdinary {
				d = dueDate(y, m)
			}
			pc.Schedule = append(pc.Schedule, PensionInstallment{Year: y, Month: m, Date: d.iso(), Kind: kind, Amount: amount})
		}
	}
	if pc.Previous == 0 {
		// First year (no 仮徴収): half by 普通徴収 in June and August, half from the pension
		// in October, December and February.
		pc.FirstYear = true
		pc.RegularTotal = pc.Annual / 2
		pc.OrdinaryTotal = pc.Annual - pc.RegularTotal
		addBlock(kindOrdinary, pc.OrdinaryTotal, 6, 8)
	} else {
		// 仮徴収 April, June, August: half of the previous year's pension tax; 本徴収 October,
		// December, February: the rest of this year's.
		pc.ProvisionalTotal = pc.Previous / 2
		pc.RegularTotal = max(0, pc.Annual-pc.ProvisionalTotal)
		pc.Refund = max(0, pc.ProvisionalTotal-pc.Annual)
		addBlock(kindProvisional, pc.ProvisionalTotal, 4, 6, 8)
		if pc.Refund > 0 {
			c.note("pension_provisional_refund", "仮徴収の合計が今年度の年金分の税額を超えるため、10月以降の本徴収はなく、超えた"+yen(pc.Refund)+"円は還付（または他の税への充当）されます。",
				"The provisional deductions exceed this year's tax on the pension: nothing is deducted from October and the excess of "+yen(pc.Refund)+" yen is refunded (or applied to other taxes).")
		}
	}
	addBlock(kindRegular, pc.RegularTotal, 10, 12, 2)
	if !t.on {
		return
	}
	tp := &c.tp
	t.yen("pension_income_levy", "公的年金等に係る所得割額", "Income levy on the pension", pc.IncomeLevy,
		t.text("所得割 ").yen(levy).s(" × 年金所得 ").yen(tp.Pension).s(" / 合計所得金額 ").yen(tp.Total).s(" (1円未満切捨て)").String(),
		"地方税法321条の7の2 (按分は市町村の実務による)")
	var pcText string
	if pc.PerCapita > 0 {
		pcText = t.text("所得割 ").yen(pc.IncomeLevy).s(" + 均等割・森林環境税 ").yen(pc.PerCapita).String()
	} else {
		pcText = t.text("所得割 ").yen(pc.IncomeLevy).s(" (均等割・森林環境税は給与からの特別徴収)").String()
	}
	t.yen("pension_annual", "年金から差し引く住民税の年税額（年金分）", "Annual tax deducted from the pension", pc.Annual, pcText, pensionRules.Law)
	if pc.FirstYear {
		t.yen("pension_first_ordinary", "年金分のうち6月・8月の普通徴収", "Pension part paid in June and August (self-payment)", pc.OrdinaryTotal,
			t.text("").yen(pc.Annual).s(" − ").yen(pc.RegularTotal).s("; 6月 ").yen(pc.Schedule[0].Amount).s("、8月 ").yen(pc.Schedule[1].Amount).String(),
			"地方税法321条の7の2 (初年度: 年税額の2分の1を6月・8月に普通徴収)")
		t.yen("pension_regular", "年金からの特別徴収（10月・12月・2月）", "Deducted from the pension (October, December, February)", pc.RegularTotal,
			t.text("floor(").yen(pc.Annual).s(" / 2); 10月 ").yen(pc.Schedule[2].Amount).s("、12月・2月 ").yen(pc.Schedule[3].Amount).String(),
			pensionRules.Law)
	} else {
		t.yen("pension_provisional", "仮徴収（4月・6月・8月）", "Provisional deductions (April, June, August)", pc.ProvisionalTotal,
			t.text("前年度の年金分 ").yen(pc.Previous).s(" / 2; 4月 ").yen(pc.Schedule[0].Amount).s("、6月・8月 ").yen(pc.Schedule[1].Amount).String(),
			pensionRules.LawProv)
		t.yen("pension_regular", "本徴収（10月・12月・2月）", "Regular deductions (October, December, February)", pc.RegularTotal,
			t.text("").yen(pc.Annual).s(" − 仮徴収 ").yen(pc.ProvisionalTotal).s("; 10月 ").yen(pc.Schedule[3].Amount).s("、12月・2月 ").yen(pc.Schedule[4].Amount).String(),
			pensionRules.Law)
	}
	if pc.Split.Salary > 0 {
		t.yen("salary_part", "給与から差し引く分（年額）", "Part deducted from the salary (year)", pc.Split.Salary,
			t.text("").yen(r.Total).s(" − 年金分 ").yen(pc.Annual).s("; 6月 ").yen(pc.SalarySpecial[0]).s("、7月〜5月 ").yen(pc.SalarySpecial[1]).String(),
			"地方税法321条の3・321条の5")
	}
	if pc.Split.Ordinary > 0 {
		t.yen("ordinary_part", "納付書・口座振替で納める分（年額）", "Part paid by yourself (year)", pc.Split.Ordinary,
			t.text("").yen(r.Total).s(" − 年金分 ").yen(pc.Annual).s("; 第1期 ").yen(pc.OrdinaryRest[0]).s("、第2〜4期 ").yen(pc.OrdinaryRest[1]).String(),
			"地方税法319条・320条")
	}
}
