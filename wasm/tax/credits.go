package tax

// itResult is the national income tax (所得税) as far as the resident tax needs it (§14).
type itResult struct {
	donationDed int64 // 寄附金控除
	deductions  int64
	taxable     int64 // 課税総所得金額
	taxableAll  int64 // 課税総所得金額等 (with the 分離 and 山林 課税標準)
	row         itRate
	calculated  int64 // 算出税額
	div         int64 // 配当控除
	housing     int64 // 住宅借入金等特別控除 applied
	residual    int64 // 住宅ローン控除のうち所得税から控除しきれなかった額
	base        int64 // 基準所得税額
	recon       int64 // 復興特別所得税 (1円未満切捨て)
	tax         int64 // 申告納税額 (100円未満切捨て, before 源泉)
}

// incomeTax computes 所得税 for the income year. donations is what enters the 寄附金控除
// (0 under the ワンストップ特例, which needs no return).
func (c *calc) incomeTax(donations int64) itResult {
	var it itResult
	forTax := c.tp.TotalForTax
	if donations > 0 {
		it.donationDed = max(0, min(donations, forTax*40/100)-2000)
	}
	it.deductions = c.dedIT + it.donationDed
	gen, _ := c.generalForTax()
	it.taxable = max(0, gen-it.deductions) / 1000 * 1000
	it.row = incomeTaxRow(it.taxable)
	if it.taxable > 0 {
		it.calculated = mul64(it.taxable, it.row.Percent)/100 - it.row.Deduction
	}
	sepTax, sepTaxable := c.separateIncomeTax(max(0, it.deductions-gen))
	it.calculated += sepTax
	it.taxableAll = it.taxable + sepTaxable
	if div := c.in.Income.Dividends; div > 0 {
		over := min(div, max(0, it.taxableAll-10000000))
		it.div = min(frac(mul64(div-over, 10)+mul64(over, 5), 100).floor(), it.calculated)
	}
	left := it.calculated - it.div
	if hl := c.in.Credits.HousingLoan.Credit; hl > 0 {
		it.housing = min(hl, left)
		it.residual = hl - it.housing
	}
	it.base = left - it.housing
	it.recon = mul64(it.base, 21) / 1000
	it.tax = (it.base + it.recon) / 100 * 100
	return it
}

// levyOut is the 所得割 of both taxes after every credit, for one ふるさと納税 amount.
type levyOut struct {
	city, pref   rat // after credits, 定額減税 and 調整措置; before the 100-yen floor
	div          [2]rat
	housing      [2]rat
	donation     [2]rat
	teigaku      [2]rat
	measure      [2]rat
	foreign      [2]rat // 外国税額控除
	withheld     [2]rat // 配当割・株式等譲渡所得割 taken from 所得割
	withheldOver [2]rat // the part no 所得割 could take (to 均等割, then refunded)
	it           itResult
	capped       bool // 特例控除 cut by the 20% cap
	clamped      bool // a donation credit cut by the remaining 所得割
	over30       bool // donations above 30% of 総所得金額等
	furusatoDed  int64
}

// levy applies the 税額控除 in statutory order, per tax (tax-rules.md §7, §8.4), for the
// ふるさと納税 amount furusato; everything else comes from the input. It is also the
// function the ふるさと納税 limit search runs, so the limit is the engine's own answer.
func (c *calc) levy(furusato int64, t *tracer) levyOut {
	var o levyOut
	in := &c.in
	don := &in.Credits.Donations
	itDon := int64(0)
	if !don.OneStop {
		itDon = furusato + don.PrefDesignated + don.MuniDesignated
	}
	o.it = c.incomeTax(itDon)
	c.incomeTaxSteps(&o.it, t)
	if c.nonTaxIncome {
		o.city, o.pref = ri(0), ri(0)
		c.withheld(&o, &o.city, &o.pref, t)
		return o
	}
	cw, pw := c.m.CityWord, c.m.PrefWord
	cwe, pwe := c.m.CityWordEn, c.m.PrefWordEn
	sh := c.sh
	city := c.calcCity.sub(c.choseiCity)
	pref := c.calcPref.sub(c.choseiPref)
	capCity, capPref := city, pref // 特例控除 cap base: 所得割 after 調整控除 only

	// 配当控除 (地方税法附則5条; tax-rules.md §7.2): all 総合課税 dividends are taken as
	// 利益の配当 (the contract has no other kind).
	if div := in.Income.Dividends; div > 0 {
		over := min(div, max(0, c.taxableAll-10000000))
		under := div - over
		dc := ri(under).mul(sh.DivHighCity.rat()).add(ri(over).mul(sh.DivLowCity.rat()))
		dp := ri(under).mul(sh.DivHighPref.rat()).add(ri(over).mul(sh.DivLowPref.rat()))
		o.div[0] = minRat(ri(dc.ceil()), city)
		o.div[1] = minRat(ri(dp.ceil()), pref)
		city, pref = city.sub(o.div[0]), pref.sub(o.div[1])
		if t.on {
			t.rat("dividend_credit_city", t.cat("配当控除（", cw, "）"), t.cat("Dividend credit (", cwe, ")"), o.div[0],
				t.text("1,000万円以下の部分 ").yen(under).s(" × ").pct(sh.DivHighCity).s(" + 超える部分 ").yen(over).s(" × ").pct(sh.DivLowCity).String(), sh.DivHighCity.Law)
		}
		if t.on {
			t.rat("dividend_credit_pref", t.cat("配当控除（", pw, "）"), t.cat("Dividend credit (", pwe, ")"), o.div[1],
				t.text("1,000万円以下の部分 ").yen(under).s(" × ").pct(sh.DivHighPref).s(" + 超える部分 ").yen(over).s(" × ").pct(sh.DivLowPref).String(), sh.DivHighPref.Law)
		}
	}

	// 住宅借入金等特別税額控除 (地方税法附則5条の4の2; §7.3).
	if hl := &in.Credits.HousingLoan; hl.Credit > 0 {
		c.housing(&o, &city, &pref, t)
	}

	// 寄附金税額控除 (地方税法37条の2・314条の7; §7.4).
	if furusato > 0 || don.PrefDesignated > 0 || don.MuniDesignated > 0 {
		c.donations(&o, furusato, capCity, capPref, &city, &pref, t)
	}

	// 外国税額控除 (§7.5).
	c.foreign(&o, &city, &pref, t)

	// 配当割額控除・株式等譲渡所得割額控除 (§7.6), after the other credits.
	c.withheld(&o, &city, &pref, t)

	// 定額減税 residual (令和7年度分, 地方税法附則5条の13).
	if tg := c.y.TeigakuResidual.V; tg > 0 && c.spouse() != nil && c.sp.dependant && c.column == 3 && c.tp.Total <= 18050000 {
		sum := city.add(pref)
		if sum.sign() > 0 {
			p := minRat(ri(ri(tg).mul(pref).div(sum).floor()), pref)
			cc := minRat(ri(tg).sub(p), city)
			o.teigaku = [2]rat{cc, p}
			city, pref = city.sub(cc), pref.sub(p)
			if t.on {
				t.rat("teigaku_city", t.cat("定額減税（", cw, "）"), t.cat("Flat-rate tax cut (", cwe, ")"), cc, t.text("").yen(tg).s(" − ").s(pw).s("分").String(), c.y.TeigakuResidual.Law)
			}
			if t.on {
				t.rat("teigaku_pref", t.cat("定額減税（", pw, "）"), t.cat("Flat-rate tax cut (", pwe, ")"), p, t.text("").yen(tg).s(" × ").s(pw).s("所得割 / 所得割の合計 (1円未満切捨て)").String(), c.y.TeigakuResidual.Law)
			}
		}
	}

	// 所得割の調整措置 (地方税法附則3条の3第2項・第5項; §8.4).
	L := c.limitIncome
	if forTax := c.tp.TotalForTax; forTax > L {
		s := ri(L).sub(ri(forTax).sub(city.add(pref)))
		if s.sign() > 0 {
			mc := minRat(s.mul(sh.AdjMeasureCity.rat()), city)
			mp := minRat(s.mul(sh.AdjMeasurePref.rat()), pref)
			o.measure = [2]rat{mc, mp}
			city, pref = city.sub(mc), pref.sub(mp)
			c.assume("adjustment_measure_split")
			if t.on {
				t.rat("adjustment_measure", "所得割の調整措置（控除額）", "Income-levy adjustment near the limit", s,
					t.text("").yen(L).s(" − (").yen(forTax).s(" − 所得割 ").yenR(city.add(pref).add(mc).add(mp)).s(")").String(), "地方税法附則3条の3第2項・第5項")
			}
			if t.on {
				t.rat("adjustment_measure_city", t.cat("調整措置（", cw, "）"), t.cat("Adjustment (", cwe, ")"), mc, t.text("控除額 × ").pct(sh.AdjMeasureCity).String(), sh.AdjMeasureCity.Law)
			}
			if t.on {
				t.rat("adjustment_measure_pref", t.cat("調整措置（", pw, "）"), t.cat("Adjustment (", pwe, ")"), mp, t.text("控除額 × ").pct(sh.AdjMeasurePref).String(), sh.AdjMeasurePref.Law)
			}
		}
	}
	o.city, o.pref = city, pref
	return o
}

func (c *calc) housing(o *levyOut, city, pref *rat, t *tracer) {
	in, y, sh := &c.in, c.y, c.sh
	hl := &in.Credits.HousingLoan
	cw, pw := c.m.CityWord, c.m.PrefWord
	cwe, pwe := c.m.CityWordEn, c.m.PrefWordEn
	if hl.MoveInYear < 2009 || hl.MoveInYear > y.HousingLastMoveIn {
		c.note("housing_not_eligible", "入居年 "+itoa(int64(hl.MoveInYear))+" の住宅ローン控除は住民税から控除されません（対象は平成21年〜"+itoa(int64(y.HousingLastMoveIn))+"年入居）。",
			"A home moved into in "+itoa(int64(hl.MoveInYear))+" gives no resident-tax housing-loan credit.")
		return
	}
	if t.on {
		t.yen("housing_loan_residual", "住宅ローン控除の控除残額", "Housing-loan credit left over from income tax", o.it.residual,
			t.text("").yen(hl.Credit).s(" − 所得税額 ").yen(o.it.calculated-o.it.div).String(), "地方税法附則5条の4の2第1項")
	}
	if o.it.residual <= 0 {
		return
	}
	seven := hl.MoveInYear >= 2014 && hl.MoveInYear <= 2021
	capBase := o.it.taxableAll
	if y.HousingCapBasePlus && hl.MoveInYear >= 2016 && hl.MoveInYear <= 2025 {
		capBase += max(0, c.itBasic-480000)
		c.assume("housing_cap_base")
	}
	if hl.MoveInYear == 2014 || hl.MoveInYear == 2022 {
		c.assume("housing_rate_year")
	}
	rc, rp, capC, capP := sh.Housing5City, sh.Housing5Pref, sh.Housing5CapCity, sh.Housing5CapPref
	if seven {
		rc, rp, capC, capP = sh.Housing7City, sh.Housing7Pref, sh.Housing7CapCity, sh.Housing7CapPref
	}
	res := ri(o.it.residual)
	hc := minRat(minRat(res.mul(sh.SplitCity.rat()), ri(capBase).mul(rc.rat())), ri(capC))
	hp := minRat(minRat(res.mul(sh.SplitPref.rat()), ri(capBase).mul(rp.rat())), ri(capP))
	c.assume("housing_rounding")
	o.housing[0] = minRat(ri(hc.ceil()), *city)
	o.housing[1] = minRat(ri(hp.ceil()), *pref)
	*city, *pref = city.sub(o.housing[0]), pref.sub(o.housing[1])
	f := func(share, r Rate, capY int64) string {
		return t.text("min(").yen(o.it.residual).s(" × ").rat(share.rat()).s(", ").yen(capBase).s(" × ").pct(r).s(", ").yen(capY).s("), 1円未満切上げ").String()
	}
	if t.on {
		t.rat("housing_loan_credit_city", t.cat("住宅借入金等特別税額控除（", cw, "）"), t.cat("Housing-loan credit (", cwe, ")"), o.housing[0], f(sh.SplitCity, rc, capC), rc.Law)
	}
	if t.on {
		t.rat("housing_loan_credit_pref", t.cat("住宅借入金等特別税額控除（", pw, "）"), t.cat("Housing-loan credit (", pwe, ")"), o.housing[1], f(sh.SplitPref, rp, capP), rp.Law)
	}
}

func (c *calc) donations(o *levyOut, furusato int64, capCity, capPref rat, city, pref *rat, t *tracer) {
	in, y, sh := &c.in, c.y, c.sh
	don := &in.Credits.Donations
	cw, pw := c.m.CityWord, c.m.PrefWord
	cwe, pwe := c.m.CityWordEn, c.m.PrefWordEn
	cap30 := frac(mul64(c.tp.TotalForTax, 30), 100)
	// 基本控除: 市 counts ふるさと納税 + 市-designated, 県 ふるさと納税 + 県-designated.
	gc := minRat(ri(furusato+don.MuniDesignated), cap30)
	gp := minRat(ri(furusato+don.PrefDesignated), cap30)
	o.over30 = ri(furusato+max(don.MuniDesignated, don.PrefDesignated)).cmp(cap30) > 0
	baseC := maxRat(gc.sub(ri(2000)), ri(0)).mul(sh.KifuCity.rat())
	baseP := maxRat(gp.sub(ri(2000)), ri(0)).mul(sh.KifuPref.rat())
	if t.on {
		t.rat("donation_basic_city", t.cat("寄附金 基本控除（", cw, "）"), t.cat("Donation credit: basic part (", cwe, ")"), baseC,
			t.text("(min(寄附金, 総所得金額等×30%) − 2,000) × ").pct(sh.KifuCity).String(), sh.KifuCity.Law)
	}
	if t.on {
		t.rat("donation_basic_pref", t.cat("寄附金 基本控除（", pw, "）"), t.cat("Donation credit: basic part (", pwe, ")"), baseP,
			t.text("(min(寄附金, 総所得金額等×30%) − 2,000) × ").pct(sh.KifuPref).String(), sh.KifuPref.Law)
	}
	var spC, spP, shC, shP rat
	spC, spP, shC, shP = ri(0), ri(0), ri(0), ri(0)
	if furusato > 2000 {
		f := minRat(ri(furusato), cap30).sub(ri(2000))
		adj := c.diff
		if y.KisoDiffForDonation {
			adj += max(0, c.itBasic-480000)
			if y.KisoDiffForDonationConf != Confirmed {
				c.assume("donation_kiso_diff")
			}
		}
		x := c.taxable - adj
		row := c.donationRate(x)
		r := frac(row.R, 100000)
		if t.on {
			t.yen("donation_personal_adjustment", "人的控除差調整額", "Personal-deduction difference for donations", adj,
				t.text("人的控除額の差 ").yen(c.diff).s(" + max(0, 所得税の基礎控除 ").yen(c.itBasic).s(" − 480,000)").String(), "地方税法37条の2第11項・314条の7第11項")
		}
		if t.on {
			t.rat("donation_special_rate", "特例控除の割合", "Special credit rate", r.mulInt(100),
				t.text("課税総所得金額 − 人的控除差調整額 = ").yen(x).s(" → ").pctR(r).s(" (= 90% − 所得税率 ").int(row.ITPercent).s("% × 1.021)").String(), "地方税法37条の2第2項・附則5条の6")
		}
		fr := f.mul(r)
		spC = fr.mul(sh.SplitCity.rat())
		spP = fr.mul(sh.SplitPref.rat())
		limC, limP := maxRat(capCity, ri(0)).mul(specialCap), maxRat(capPref, ri(0)).mul(specialCap)
		if spC.cmp(limC) > 0 || spP.cmp(limP) > 0 {
			o.capped = true
		}
		if t.on {
			t.rat("donation_special_city", t.cat("寄附金 特例控除（", cw, "）"), t.cat("Donation credit: special part (", cwe, ")"), minRat(spC, limC),
				t.text("(").yen(furusato).s(" − 2,000) × ").pctR(r).s(" × ").rat(sh.SplitCity.rat()).s(" = ").yenR(spC).s("; 上限 所得割(調整控除後) ").yenR(capCity).s(" × 20% = ").yenR(limC).String(), sh.SplitCity.Law)
		}
		if t.on {
			t.rat("donation_special_pref", t.cat("寄附金 特例控除（", pw, "）"), t.cat("Donation credit: special part (", pwe, ")"), minRat(spP, limP),
				t.text("(").yen(furusato).s(" − 2,000) × ").pctR(r).s(" × ").rat(sh.SplitPref.rat()).s(" = ").yenR(spP).s("; 上限 所得割(調整控除後) ").yenR(capPref).s(" × 20% = ").yenR(limP).String(), sh.SplitPref.Law)
		}
		spC, spP = minRat(spC, limC), minRat(spP, limP)
		if don.OneStop && row.ITPercent > 0 {
			ratio := frac(mul64(row.ITPercent, 1021), row.R)
			shC, shP = spC.mul(ratio), spP.mul(ratio)
			if t.on {
				t.rat("donation_onestop_city", t.cat("申告特例控除（", cw, "）"), t.cat("One-stop special credit (", cwe, ")"), shC,
					t.text("特例控除 × ").int(row.ITPercent*1021).s(" / ").int(row.R).String(), "地方税法附則5条の7・5条の8")
			}
			if t.on {
				t.rat("donation_onestop_pref", t.cat("申告特例控除（", pw, "）"), t.cat("One-stop special credit (", pwe, ")"), shP,
					t.text("特例控除 × ").int(row.ITPercent*1021).s(" / ").int(row.R).String(), "地方税法附則5条の7・5条の8")
			}
		}
	}
	var dc, dp rat
	if donationCeilPerComponent {
		dc = ri(baseC.ceil() + spC.ceil() + shC.ceil())
		dp = ri(baseP.ceil() + spP.ceil() + shP.ceil())
	} else {
		dc = ri(baseC.add(spC).add(shC).ceil())
		dp = ri(baseP.add(spP).add(shP).ceil())
	}
	c.assume("donation_rounding")
	if dc.cmp(*city) > 0 || dp.cmp(*pref) > 0 {
		o.clamped = true
	}
	o.donation[0], o.donation[1] = minRat(dc, *city), minRat(dp, *pref)
	*city, *pref = city.sub(o.donation[0]), pref.sub(o.donation[1])
	if t.on {
		t.rat("donation_credit_city", t.cat("寄附金税額控除（", cw, "）"), t.cat("Donation credit (", cwe, ")"), o.donation[0],
			"基本 + 特例 + 申告特例, 1円未満切上げ (所得割が限度)", "地方税法314条の7")
	}
	if t.on {
		t.rat("donation_credit_pref", t.cat("寄附金税額控除（", pw, "）"), t.cat("Donation credit (", pwe, ")"), o.donation[1],
			"基本 + 特例 + 申告特例, 1円未満切上げ (所得割が限度)", "地方税法37条の2")
	}
}

// specialCap is the cap of the 特例控除: 20% of the 所得割 after 調整控除 (地方税法37条の2第2項・
// 314条の7第2項).
var specialCap = frac(20, 100)

// donationCeilPerComponent chooses the rounding point of the 寄附金税額控除 (tax-rules.md §7.4
// item 5, UNSURE): false = exact sum per tax, rounded up once (the documented default, which
// reproduces §17 Example 4); true = each component rounded up.
const donationCeilPerComponent = false

func (c *calc) incomeTaxSteps(it *itResult, t *tracer) {
	if !t.on {
		return
	}
	law := c.y.IncomeTax.Law
	if it.donationDed > 0 {
		if t.on {
			t.yen("income_tax_donation_deduction", "所得税 寄附金控除", "Income tax: donation deduction", it.donationDed,
				"min(寄附金, 総所得金額等 × 40%) − 2,000", "所得税法78条")
		}
	}
	if t.on {
		t.yen("income_tax_basic_deduction", "所得税 基礎控除", "Income tax: basic deduction", c.itBasic, t.text("合計所得金額 ").yen(c.tp.Total).s(" の区分").String(), law)
	}
	if t.on {
		t.yen("income_tax_deductions", "所得税 所得控除の合計", "Income tax: total deductions", it.deductions, "所得税の控除額の合計", "所得税法72条〜86条")
	}
	if t.on {
		t.yen("income_tax_taxable", "所得税 課税総所得金額", "Income tax: taxable income", it.taxable,
			t.text("(").yen(c.tp.TotalForTax).s(" − ").yen(it.deductions).s("), 1,000円未満切捨て").String(), "国税通則法118条1項")
	}
	if t.on {
		t.yen("income_tax_calculated", "所得税 算出税額", "Income tax: computed tax", it.calculated,
			t.text("").yen(it.taxable).s(" × ").int(it.row.Percent).s("% − ").yen(it.row.Deduction).String(), "所得税法89条")
	}
	if it.div > 0 {
		if t.on {
			t.yen("income_tax_dividend_credit", "所得税 配当控除", "Income tax: dividend credit", it.div, "配当所得 × 10% (1,000万円超の部分 5%)", "所得税法92条")
		}
	}
	if it.housing > 0 {
		if t.on {
			t.yen("income_tax_housing_loan", "所得税 住宅借入金等特別控除", "Income tax: housing-loan credit", it.housing, "min(控除額, 算出税額 − 配当控除)", "租税特別措置法41条")
		}
	}
	if t.on {
		t.yen("income_tax_reconstruction", "復興特別所得税", "Reconstruction surtax", it.recon, t.text("").yen(it.base).s(" × 2.1%, 1円未満切捨て").String(), "東日本大震災復興財源確保法13条")
	}
	if t.on {
		t.yen("income_tax", "所得税及び復興特別所得税", "Income tax incl. reconstruction surtax", it.tax,
			t.text("(").yen(it.base).s(" + ").yen(it.recon).s("), 100円未満切捨て（源泉徴収税額の控除前）").String(), "国税通則法119条1項")
	}
}
