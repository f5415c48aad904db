package tax

// personIncome is the income of one person (taxpayer, spouse or dependant) for one year.
type personIncome struct {
	SalaryTable  int64 // 給与所得 by 別表第五, before 所得金額調整控除
	AdjChild     int64 // 所得金額調整控除 (子ども・特別障害者等)
	AdjPension   int64 // 所得金額調整控除 (給与所得と年金所得の双方がある場合)
	Salary       int64 // 給与所得 after both
	PensionDed   int64 // 公的年金等控除額 (ceil of the exact amount)
	Pension      int64 // 公的年金等に係る雑所得
	Ordinary     int64 // 事業 + 不動産 + 雑 (非年金) + 配当 after 損益通算 of 事業・不動産 losses
	Total        int64 // 合計所得金額
	TotalForTax  int64 // 総所得金額等 (after 繰越控除)
	OtherIncome  int64 // 公的年金等に係る雑所得以外の合計所得金額 (decides the 公的年金等控除 band)
	Carryforward int64 // 繰越控除 applied
}

// pensionDeduction is the 公的年金等控除額 (所得税法35条4項, 措置法41条の15の3; NTA No.1600)
// for 収入 p at 65 or over (senior) with other income oi; exact (the ×25% rows give halves).
func pensionDeduction(p int64, senior bool, oi int64) rat {
	if p <= 0 {
		return ri(0)
	}
	var d rat
	switch {
	case senior && p <= 3300000:
		d = ri(1100000)
	case p <= 1300000:
		d = ri(600000)
	case p <= 4100000:
		d = frac(p, 4).add(ri(275000))
	case p <= 7700000:
		d = frac(mul64(p, 15), 100).add(ri(685000))
	case p <= 10000000:
		d = frac(p, 20).add(ri(1455000))
	default:
		d = ri(1955000)
	}
	switch {
	case oi > 20000000:
		d = d.sub(ri(200000))
	case oi > 10000000:
		d = d.sub(ri(100000))
	}
	return minRat(d, ri(p))
}

// computeIncome applies 所得税法 income rules (地方税法32条・313条: 所得税の例による).
// childAdj says whether 所得金額調整控除 (1) applies (措置法41条の3の3第1項: 本人・同一生計配偶者・
// 扶養親族 特別障害者, or a 扶養親族 under 23).
func computeIncome(in *Income, age int, childAdj bool, t *salaryTable) personIncome {
	var pi personIncome
	pi.SalaryTable = t.income(in.Salary)
	sal := pi.SalaryTable
	if childAdj && in.Salary > 8500000 {
		pi.AdjChild = frac(min(in.Salary, 10000000)-8500000, 10).ceil()
		sal = max(0, sal-pi.AdjChild)
	}
	// 損益通算 (所得税法69条, simplified per tax-rules.md §3.5): 事業 and 不動産 losses offset
	// the 経常所得 group; 雑所得 and 配当 are never negative here (validation).
	ordinary := in.Business + in.RealEstate + in.Miscellaneous + in.Dividends
	pi.OtherIncome = max(0, sal+ordinary)
	pi.PensionDed = pensionDeduction(in.Pension, age >= 65, pi.OtherIncome).ceil()
	pi.Pension = max(0, in.Pension-pi.PensionDed)
	if sal > 0 && pi.Pension > 0 && sal+pi.Pension > 100000 {
		pi.AdjPension = max(0, min(sal, 100000)+min(pi.Pension, 100000)-100000)
		sal -= pi.AdjPension
	}
	pi.Salary = sal
	pi.Ordinary = ordinary
	pi.Total = max(0, sal+pi.Pension+ordinary)
	pi.TotalForTax = pi.Total
	return pi
}
