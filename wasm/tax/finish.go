package tax

// finish rounds each tax's 所得割 to 100 yen, adds 均等割 and 森林環境税, and splits the
// total into instalments (tax-rules.md §1 steps 11–13, §12).
func (c *calc) finish(o levyOut) {
	r, t := &c.r, &c.tr
	cw, pw := c.m.CityWord, c.m.PrefWord
	cwe, pwe := c.m.CityWordEn, c.m.PrefWordEn
	r.DividendCredit = Split{o.div[0].ceil(), o.div[1].ceil()}
	r.HousingLoanCredit = Split{o.housing[0].ceil(), o.housing[1].ceil()}
	r.DonationCredit = Split{o.donation[0].ceil(), o.donation[1].ceil()}
	r.ForeignTaxCredit = Split{o.foreign[0].ceil(), o.foreign[1].ceil()}
	if !c.lean {
		it := &o.it
		r.IncomeTax = IncomeTax{
			TaxableIncome: it.taxable, Tax: it.tax, MarginalRate: percentText(it.row.Percent),
			DeductionsTotal: it.deductions, BasicDeduction: c.itBasic, Calculated: it.calculated,
			HousingLoan: it.housing, Reconstruction: it.recon,
		}
		if it.taxable == 0 {
			r.IncomeTax.MarginalRate = "0%"
		}
		r.City.BeforeRounding = c.text(o.city)
		r.Prefecture.BeforeRounding = c.text(o.pref)
	}
	var city, pref int64
	if !c.nonTaxIncome {
		city, pref = o.city.floorTo(100), o.pref.floorTo(100)
	}
	r.City.IncomeLevy, r.Prefecture.IncomeLevy = city, pref
	if !c.nonTaxIncome {
		if t.on {
			t.yen("city_income_levy", t.cat(cw, "所得割"), t.cat("Income levy (", cwe, ")"), city,
				t.text("算出所得割 − 税額控除 = ").yenR(o.city).s(" → 100円未満切捨て").String(), "地方税法20条の4の2第3項")
		}
		if t.on {
			t.yen("pref_income_levy", t.cat(pw, "所得割"), t.cat("Income levy (", pwe, ")"), pref,
				t.text("算出所得割 − 税額控除 = ").yenR(o.pref).s(" → 100円未満切捨て").String(), "地方税法20条の4の2第3項")
		}
	}
	if !c.nonTaxAll {
		r.City.PerCapita = c.my.CityPerCapita.V
		r.Prefecture.PerCapita = c.my.PrefPerCapita.V
		r.ForestTax = c.my.Forest.V
		if t.on {
			t.yen("city_per_capita", t.cat(cw, "均等割"), t.cat("Per-capita levy (", cwe, ")"), r.City.PerCapita, "定額", c.my.CityPerCapita.Law)
		}
		if t.on {
			t.yen("pref_per_capita", t.cat(pw, "均等割"), t.cat("Per-capita levy (", pwe, ")"), r.Prefecture.PerCapita, "定額", c.my.PrefPerCapita.Law)
		}
		if t.on {
			t.yen("forest_environment_tax", "森林環境税", "Forest environment tax", r.ForestTax, "定額（国税、均等割と併せて賦課徴収）", c.my.Forest.Law)
		}
	}
	c.withheldRest(o)
	r.City.Total = r.City.IncomeLevy + r.City.PerCapita
	r.Prefecture.Total = r.Prefecture.IncomeLevy + r.Prefecture.PerCapita
	r.Total = r.City.Total + r.Prefecture.Total + r.ForestTax
	if t.on {
		t.yen("city_total", cw, cwe, r.City.Total, t.text("").yen(city).s(" + ").yen(r.City.PerCapita).String(), "地方税法310条・314条の3")
	}
	if t.on {
		t.yen("pref_total", pw, pwe, r.Prefecture.Total, t.text("").yen(pref).s(" + ").yen(r.Prefecture.PerCapita).String(), "地方税法35条・38条")
	}
	if t.on {
		t.yen("total", "年税額", "Annual tax", r.Total, t.text("").yen(r.City.Total).s(" + ").yen(r.Prefecture.Total).s(" + ").yen(r.ForestTax).String(), "地方税法・森林環境税法")
	}
	if c.lean {
		return
	}
	r.Installments = installments(r.Total, c.m.OrdinaryMonths)
	if t.on && r.Total > 0 {
		sp, od := r.Installments.Special, r.Installments.Ordinary
		t.yen("special_collection", "特別徴収（6月分）", "Payroll deduction (June)", sp[0],
			t.text("毎月 ").yen(sp[1]).s(" = floor(").yen(r.Total).s(" / 12, 100円); 端数は6月").String(), "地方税法321条の5第1項")
		t.yen("ordinary_collection", "普通徴収（第1期）", "Self-payment (1st instalment)", od[0],
			t.text("第2〜4期 ").yen(od[1]).s(" = floor(").yen(r.Total).s(" / 4, 1,000円); 端数は第1期").String(), "地方税法320条・20条の4の2第6項")
	}
	c.collection()
}

// installments splits the annual tax: 12 payroll months June–May (floor to 100 yen, the
// remainder in June: 地方税法321条の5) and 4 ordinary instalments (floor to 1,000 yen, the
// remainder in the first: 地方税法20条の4の2第6項).
func installments(total int64, months [4]int) Installments {
	amounts := make([]int64, 16) // one allocation for both lists
	in := Installments{Special: amounts[:12:12], Ordinary: amounts[12:], OrdinaryMonths: months[:]}
	monthly := total / 12 / 100 * 100
	for i := range in.Special {
		in.Special[i] = monthly
	}
	in.Special[0] = total - monthly*11
	q := total / 4 / 1000 * 1000
	in.Ordinary[0] = total - q*3
	for i := 1; i < 4; i++ {
		in.Ordinary[i] = q
	}
	return in
}

// furusatoLimit finds the largest ふるさと納税 (in 1,000 yen) whose cost beyond 2,000 yen is
// fully returned through 住民税 and 所得税 (tax-rules.md §7.4 item 6, §14.4), by running the
// engine's own credit chain (levy) for each candidate: every cap of the law (20% 特例 cap,
// 30% / 40% of income, the 所得割 left after other credits, the 所得税 bracket, the housing
// loan interplay) is therefore the engine's, not an approximation.
//
// A candidate F qualifies when the tax reduction it brings (住民税 所得割 and 所得税 incl.
// 復興, exact, before the final 100-yen roundings) is at least (F − 2,000) × (1 − δ), where δ
// is the structural gap the law leaves when the 特例控除 rate assumes a higher 所得税 bracket
// than the taxpayer's own (δ = 0 in the usual case: the own cost is then exactly 2,000).
func (c *calc) furusatoLimit(base levyOut) {
	r, t := &c.r, &c.tr
	if c.nonTaxIncome {
		r.FurusatoOwnCost = "0"
		if t.on {
			t.yen("furusato_limit", "ふるさと納税の控除上限（自己負担2,000円）", "Hometown-tax donation limit (own cost 2,000 yen)", 0,
				"所得割が課されないため、寄附金税額控除の余地がありません", "地方税法37条の2・314条の7")
		}
		return
	}
	var off tracer
	c.searching = true
	// The chain without a ふるさと納税 donation: the assessment's own when it has none.
	zero := base
	if c.in.Credits.Donations.Furusato != 0 {
		zero = c.levy(0, &off)
	}
	res0 := zero.city.add(zero.pref)
	it0 := frac(mul64(zero.it.base, 1021), 1000)
	delta := ri(0)
	if !c.in.Credits.Donations.OneStop {
		adj := c.diff
		if c.y.KisoDiffForDonation {
			adj += max(0, c.itBasic-480000)
		}
		if gap := furusatoRate(c.taxable-adj).ITPercent - zero.it.row.Percent; gap > 0 && zero.it.taxable > 0 {
			delta = frac(mul64(gap, 1021), 100000)
		}
	}
	// lastRes and lastIT are the two parts of the last candidate's reduction: 住民税 and 所得税
	// (with 復興). With ワンストップ the 所得税 part is 0: the 申告特例控除 moves it to 住民税.
	var lastRes, lastIT, loRes, loIT rat
	ownCost := func(f int64) (rat, bool) {
		o := c.levy(f, &off)
		lastRes = res0.sub(o.city.add(o.pref))
		lastIT = it0.sub(frac(mul64(o.it.base, 1021), 1000))
		red := lastRes.add(lastIT)
		need := ri(f - 2000).mul(ri(1).sub(delta))
		return ri(f).sub(red), red.cmp(need) >= 0
	}
	hiK := mul64(c.tp.TotalForTax, 30) / 100 / 1000
	// ok runs the chain for k × 1,000 yen. The own cost of the candidate that became lo is
	// kept, so that the limit found is not run again for its own cost.
	var last, loCost rat
	ok := func(k int64) bool {
		var good bool
		last, good = ownCost(k * 1000)
		return good
	}
	// Start from where the 20% cap of 特例控除 binds (the usual limit) and let the engine
	// confirm it: two runs when the estimate is right, a binary search otherwise.
	lo, hi := int64(2), hiK+1 // ok(lo) holds trivially; the answer is the largest k ≤ hi with ok
	if est := c.furusatoEstimate(zero) / 1000; est > 2 && est <= hi {
		if ok(est) {
			lo, loCost, loRes, loIT = est, last, lastRes, lastIT
			if !ok(est + 1) {
				hi = est
			}
		} else {
			hi = est - 1
		}
	}
	if lo < hi && lo == 2 && !ok(3) {
		hi = 2
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if ok(mid) {
			lo, loCost, loRes, loIT = mid, last, lastRes, lastIT
		} else {
			hi = mid - 1
		}
	}
	limit := lo * 1000
	if limit <= 2000 {
		limit = 0
	}
	r.FurusatoLimit = limit
	cost := ri(0)
	if limit > 0 {
		cost = loCost
		// Whole yen, floored: shown beside each other, they add up to the limit − own cost
		// within a yen.
		r.FurusatoResident, r.FurusatoIncomeTax = loRes.floor(), loIT.floor()
	}
	r.FurusatoOwnCost = c.text(cost)
	c.searching = false
	if delta.sign() > 0 {
		c.note("furusato_bracket", "特例控除の割合が想定する所得税率が本人の所得税率より高いため、自己負担は2,000円を少し上回ります。",
			"The special-credit rate assumes a higher income-tax bracket than yours, so the own cost is slightly above 2,000 yen.")
	}
	if t.on {
		t.yen("furusato_limit", "ふるさと納税の控除上限（自己負担2,000円）", "Hometown-tax donation limit (own cost 2,000 yen)", limit,
			t.text("住民税と所得税の控除の合計が「寄附額 − 2,000円」以上になる最大の寄附額（1,000円単位）; 自己負担 約").yen(cost.ceil()).s("円").String(), "地方税法37条の2・314条の7・附則5条の7; 所得税法78条")
	}
}

// furusatoEstimate is the donation at which the 20% cap of 特例控除 starts to bind
// (tax-rules.md §7.4 item 6): 2,000 + min over 市 / 県 of cap / (r × share). It only seeds
// the search; the engine's own credit chain decides.
func (c *calc) furusatoEstimate(zero levyOut) int64 {
	adj := c.diff
	if c.y.KisoDiffForDonation {
		adj += max(0, c.itBasic-480000)
	}
	row := furusatoRate(c.taxable - adj)
	r := frac(row.R, 100000)
	capC := maxRat(c.calcCity.sub(c.choseiCity), ri(0)).mul(specialCap)
	capP := maxRat(c.calcPref.sub(c.choseiPref), ri(0)).mul(specialCap)
	fc := capC.div(r.mul(c.sh.SplitCity.rat()))
	fp := capP.div(r.mul(c.sh.SplitPref.rat()))
	_ = zero
	return minRat(fc, fp).floor() + 2000
}

// withheldRest credits what the 配当割・株式等譲渡所得割 left after each 所得割 against that
// tax's 均等割, and refunds the rest (還付・充当: 地方税法37条の4・314条の9; tax-rules.md §7.6;
// whole yen, rounded down: LIKELY, listed with withheld_split).
func (c *calc) withheldRest(o levyOut) {
	r, t := &c.r, &c.tr
	wc, wp := o.withheld[0].add(o.withheldOver[0]), o.withheld[1].add(o.withheldOver[1])
	if wc.sign() == 0 && wp.sign() == 0 {
		return
	}
	overC, overP := o.withheldOver[0].floor(), o.withheldOver[1].floor()
	takeC, takeP := min(overC, r.City.PerCapita), min(overP, r.Prefecture.PerCapita)
	r.City.PerCapita -= takeC
	r.Prefecture.PerCapita -= takeP
	r.WithheldCredit = Split{City: o.withheld[0].ceil() + takeC, Prefecture: o.withheld[1].ceil() + takeP}
	// What no tax took is refunded whole: the two shares' fractions of a yen are not lost.
	r.WithheldRefund = o.withheldOver[0].add(o.withheldOver[1]).sub(ri(takeC + takeP)).floor()
	if t.on && (takeC > 0 || takeP > 0) {
		t.yen("withheld_per_capita", "配当割額等控除（均等割から）", "Withheld levies credited against the per-capita levies", takeC+takeP,
			t.text("所得割から控除しきれない額 ").yen(overC+overP).s(" を均等割から控除").String(), "地方税法37条の4・314条の9")
	}
	if t.on && r.WithheldRefund > 0 {
		t.yen("withheld_refund", "配当割額等の還付・充当", "Withheld levies refunded", r.WithheldRefund,
			"所得割・均等割から控除しきれない額", "地方税法37条の4・314条の9")
	}
}
