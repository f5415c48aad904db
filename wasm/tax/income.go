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

	// After 損益通算 (所得税法69条) and each special deduction: the 経常所得 group, 総合譲渡
	// (short; long before ½), 一時所得 (before ½), 山林所得; General is 総所得金額.
	Current, GainShort, GainLong, Occasional, Timber int64
	General                                          int64
	LossLeft                                         int64 // a loss 損益通算 could not absorb (純損失)
	Sep                                              sepIncome
}

// sepIncome are the 分離課税 incomes of one person.
type sepIncome struct {
	LandShort, LandLong       int64 // before 特別控除 (合計所得金額 counts them so)
	LandShortDed, LandLongDed int64 // 特別控除
	Unlisted, Futures         int64
	ListedGains, ListedDiv    int64 // after 上場株式等の損益通算, before the carry-forward
	ListedCF                  int64 // 上場株式等に係る譲渡損失の繰越控除 applied
}

// sum is what the 分離課税 incomes add to 合計所得金額.
func (s *sepIncome) sum() int64 {
	return s.LandShort + s.LandLong + s.Unlisted + s.Futures + s.ListedGains + s.ListedDiv
}

// after is what they add to 総所得金額等: after 特別控除 and the carry-forward.
func (s *sepIncome) after() int64 {
	return s.sum() - s.LandShortDed - s.LandLongDed - s.ListedCF
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
	ordinary := in.Business + in.RealEstate + in.Miscellaneous + in.Dividends
	pi.Ordinary = ordinary
	pi.Sep = separateIncome(&in.Separate)

	// 総合譲渡 (所得税法33条3項・4項): the short and long parts net against each other; a net
	// loss (ゴルフ会員権など生活に通常必要でない資産) offsets nothing else (所得税法69条2項).
	// The 500,000 special deduction comes off the short part first.
	short, long := in.CapitalGains.ShortTerm, in.CapitalGains.LongTerm
	switch {
	case short < 0:
		short, long = 0, max(0, long+short)
	case long < 0:
		short, long = max(0, short+long), 0
	}
	dShort := min(500000, short)
	pi.GainShort = short - dShort
	pi.GainLong = long - min(500000-dShort, long)
	// 一時所得 (所得税法34条2項・3項): revenue − expenses − min(500,000, that); a loss is nothing.
	occ := max(0, in.Occasional.Revenue-in.Occasional.Expenses)
	pi.Occasional = occ - min(occ, 500000)
	// 山林所得 (所得税法32条3項・4項): special deduction 500,000.
	timber := in.Timber
	if timber > 0 {
		timber -= min(timber, 500000)
	}

	// 公的年金等控除 depends on the other income, which 損益通算 reaches: net everything once
	// without the pension to find it, then again with it.
	noPension := netIncomes(sal+ordinary, pi.GainShort, pi.GainLong, pi.Occasional, timber)
	pi.OtherIncome = max(0, noPension.total()+pi.Sep.sum())
	pi.PensionDed = pensionDeduction(in.Pension, age >= 65, pi.OtherIncome).ceil()
	pi.Pension = max(0, in.Pension-pi.PensionDed)
	if sal > 0 && pi.Pension > 0 && sal+pi.Pension > 100000 {
		pi.AdjPension = max(0, min(sal, 100000)+min(pi.Pension, 100000)-100000)
		sal -= pi.AdjPension
	}
	pi.Salary = sal
	n := netIncomes(sal+pi.Pension+ordinary, pi.GainShort, pi.GainLong, pi.Occasional, timber)
	pi.Current, pi.GainShort, pi.GainLong, pi.Occasional, pi.Timber, pi.LossLeft = n.cur, n.short, n.long, n.occ, n.timber, n.loss
	pi.General = n.general()
	pi.Total = n.total() + pi.Sep.sum()
	pi.TotalForTax = n.total() + pi.Sep.after()
	return pi
}

// netted are the 総合課税 incomes after 損益通算.
type netted struct{ cur, short, long, occ, timber, loss int64 }

// general is 総所得金額 (所得税法22条2項): the 経常所得, the short gain and half of the long gain
// and the 一時所得 together (1円未満切捨て).
func (n netted) general() int64 { return n.cur + n.short + (n.long+n.occ)/2 }

func (n netted) total() int64 { return n.general() + n.timber }

// netIncomes is 損益通算 (所得税法69条, 施行令198条; tax-rules.md §3.5): a loss of the 経常所得
// group (事業・不動産) is taken from the 譲渡・一時 group (short, then long, then 一時) and then
// from 山林所得; a 山林 loss from the 経常所得 group, then the 譲渡・一時 group. What is left is a
// 純損失 (carried forward only by a 青色 filer: the 繰越控除 input).
func netIncomes(cur, short, long, occ, timber int64) netted {
	n := netted{cur: cur, short: short, long: long, occ: occ, timber: timber}
	take := func(loss, v *int64) {
		d := min(*loss, *v)
		*v -= d
		*loss -= d
	}
	if n.cur < 0 {
		loss := -n.cur
		n.cur = 0
		take(&loss, &n.short)
		take(&loss, &n.long)
		take(&loss, &n.occ)
		take(&loss, &n.timber)
		n.loss += loss
	}
	if n.timber < 0 {
		loss := -n.timber
		n.timber = 0
		take(&loss, &n.cur)
		take(&loss, &n.short)
		take(&loss, &n.long)
		take(&loss, &n.occ)
		n.loss += loss
	}
	return n
}

// separateIncome applies the 分離課税 rules that need no other income: 上場株式等の譲渡損失 is
// offset against the declared 上場株式等の配当 (措置法37条の12の2第1項), then the carry-forward
// is taken from the gains and then the dividends (同条5項・6項). A loss of 一般株式等 or 先物
// counts as 0 (措置法37条の10第1項, 41条の14第1項); validation refuses a negative land gain.
func separateIncome(s *Separate) sepIncome {
	var o sepIncome
	o.LandShort, o.LandLong = max(0, s.LandShort.Gain), max(0, s.LandLong.Gain)
	o.LandShortDed, o.LandLongDed = min(s.LandShort.SpecialDeduction, o.LandShort), min(s.LandLong.SpecialDeduction, o.LandLong)
	o.Unlisted, o.Futures = max(0, s.UnlistedStockGains), max(0, s.Futures)
	o.ListedGains, o.ListedDiv = s.ListedStockGains, max(0, s.ListedDividends)
	if o.ListedGains < 0 {
		o.ListedDiv = max(0, o.ListedDiv+o.ListedGains)
		o.ListedGains = 0
	}
	o.ListedCF = min(max(0, s.ListedLossCarryforward), o.ListedGains+o.ListedDiv)
	return o
}
