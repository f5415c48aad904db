package tax

// 分離課税 and 山林所得: the 課税標準 taxed apart from 課税総所得金額 (tax-rules.md §5, §11).

// sepKind is one 課税標準 taxed apart, in the order 所得控除 reach them (tax-rules.md §5:
// 分離短期 → 分離長期 → 一般株式等 → 上場株式等の譲渡 → 上場株式等の配当 → 先物 → 山林).
type sepKind struct {
	id, ja, en string
	// Rates per 1,000 of 市 and 県 (指定都市 in the second pair) and of 所得税, and for the
	// reduced-rate kinds the part (upto) taxed at the lower rates.
	city, pref, dCity, dPref, it int64
	upto                         int64
	lowCity, lowPref             int64 // the rates on the part up to upto
	dLowCity, dLowPref, lowIT    int64
	law                          string
	// donation is the 寄附金 特例控除 rate (× 100,000) this income stands for when it is
	// taxed (90% − 所得税率 × 1.021: 附則34条・35条・35条の2・35条の2の2・35条の4).
	donation, donationIT int64
}

var (
	sepLandShort = sepKind{id: "land_short", ja: "分離短期譲渡所得", en: "Short-term land and building gain",
		city: 54, pref: 36, dCity: 72, dPref: 18, it: 300, law: "地方税法附則34条 (市 5.4%・県 3.6%; 指定都市 7.2%・1.8%)", donation: 59370, donationIT: 30}
	sepLandShortPublic = sepKind{id: "land_short_public", ja: "分離短期譲渡所得（国等への譲渡）", en: "Short-term gain (sale to the state)",
		city: 30, pref: 20, dCity: 40, dPref: 10, it: 150, law: "地方税法附則34条4項 (市 3%・県 2%; 指定都市 4%・1%)", donation: 59370, donationIT: 30}
	sepLandLong = sepKind{id: "land_long", ja: "分離長期譲渡所得", en: "Long-term land and building gain",
		city: 30, pref: 20, dCity: 40, dPref: 10, it: 150, law: "地方税法附則34条 (市 3%・県 2%; 指定都市 4%・1%)", donation: 74685, donationIT: 15}
	sepLandResidential = sepKind{id: "land_long_residential", ja: "分離長期譲渡所得（居住用財産の軽減税率）", en: "Long-term gain (own home, reduced rate)",
		city: 30, pref: 20, dCity: 40, dPref: 10, it: 150, upto: 60000000, lowCity: 24, lowPref: 16, dLowCity: 32, dLowPref: 8, lowIT: 100,
		law: "地方税法附則34条の3 (6,000万円以下の部分 市 2.4%・県 1.6%; 指定都市 3.2%・0.8%)", donation: 74685, donationIT: 15}
	sepLandGoodHousing = sepKind{id: "land_long_good_housing", ja: "分離長期譲渡所得（優良住宅地等）", en: "Long-term gain (good-housing land)",
		city: 30, pref: 20, dCity: 40, dPref: 10, it: 150, upto: 20000000, lowCity: 24, lowPref: 16, dLowCity: 32, dLowPref: 8, lowIT: 100,
		law: "地方税法附則34条の2 (2,000万円以下の部分 市 2.4%・県 1.6%; 指定都市 3.2%・0.8%)", donation: 74685, donationIT: 15}
	sepUnlisted = sepKind{id: "unlisted_stock_gains", ja: "一般株式等に係る譲渡所得等", en: "Unlisted-stock gains",
		city: 30, pref: 20, dCity: 40, dPref: 10, it: 150, law: "地方税法附則35条の2 (市 3%・県 2%; 指定都市 4%・1%)", donation: 74685, donationIT: 15}
	sepListedGains = sepKind{id: "listed_stock_gains", ja: "上場株式等に係る譲渡所得等", en: "Listed-stock gains",
		city: 30, pref: 20, dCity: 40, dPref: 10, it: 150, law: "地方税法附則35条の2の2 (市 3%・県 2%; 指定都市 4%・1%)", donation: 74685, donationIT: 15}
	sepListedDiv = sepKind{id: "listed_dividends", ja: "上場株式等に係る配当所得等", en: "Listed dividends (separate taxation)",
		city: 30, pref: 20, dCity: 40, dPref: 10, it: 150, law: "地方税法附則33条の2 (市 3%・県 2%; 指定都市 4%・1%)", donation: 74685, donationIT: 15}
	sepFutures = sepKind{id: "futures", ja: "先物取引に係る雑所得等", en: "Futures income",
		city: 30, pref: 20, dCity: 40, dPref: 10, it: 150, law: "地方税法附則35条の4 (市 3%・県 2%; 指定都市 4%・1%)", donation: 74685, donationIT: 15}
	sepTimber = sepKind{id: "timber", ja: "山林所得", en: "Timber income",
		law: "地方税法314条の3・35条 (課税山林所得金額 × 所得割の税率)"}
)

// sepPool is one 課税標準 of this household: its income before 所得控除 and after.
type sepPool struct {
	kind      *sepKind
	income    int64
	deduction int64 // 所得控除 taken from it (住民税)
	taxable   int64
	city      rat
	pref      rat
}

// pools lists the household's 分離 and 山林 incomes in the order 所得控除 reach them, after
// their 特別控除 and carry-forwards (the taxpayer's; timber after the 純損失 carry-forward).
func (c *calc) pools(timber int64) []sepPool {
	s := &c.tp.Sep
	in := &c.in.Income.Separate
	var out []sepPool
	add := func(k *sepKind, v int64) {
		if v > 0 {
			out = append(out, sepPool{kind: k, income: v})
		}
	}
	short := &sepLandShort
	if in.LandShort.Kind == "public" {
		short = &sepLandShortPublic
	}
	add(short, s.LandShort-s.LandShortDed)
	long := &sepLandLong
	switch in.LandLong.Kind {
	case "residential":
		long = &sepLandResidential
	case "good_housing":
		long = &sepLandGoodHousing
	}
	add(long, s.LandLong-s.LandLongDed)
	add(&sepUnlisted, s.Unlisted)
	cfGains := min(s.ListedCF, s.ListedGains)
	add(&sepListedGains, s.ListedGains-cfGains)
	add(&sepListedDiv, s.ListedDiv-(s.ListedCF-cfGains))
	add(&sepFutures, s.Futures)
	add(&sepTimber, timber)
	return out
}

// rates of one kind in this municipality: 市 and 県 per 1,000, on the whole and on the
// reduced part. 山林 uses the 総合 rates (tax-rules.md §11: LIKELY with the 水源環境保全税).
func (c *calc) sepRates(k *sepKind) (city, pref, lowCity, lowPref rat) {
	if k == &sepTimber {
		return c.my.CityRate.rat(), c.my.PrefRate.rat(), ri(0), ri(0)
	}
	if c.m.Designated {
		return frac(k.dCity, 1000), frac(k.dPref, 1000), frac(k.dLowCity, 1000), frac(k.dLowPref, 1000)
	}
	return frac(k.city, 1000), frac(k.pref, 1000), frac(k.lowCity, 1000), frac(k.lowPref, 1000)
}

// separateTaxable takes the 所得控除 left after 課税総所得金額 from each pool in order, floors
// each 課税標準 to 1,000 yen (地方税法20条の4の2第1項) and computes its 算出所得割.
func (c *calc) separateTaxable(rem int64, timber int64) {
	t := &c.tr
	c.sep = c.pools(timber)
	for i := range c.sep {
		p := &c.sep[i]
		p.deduction = min(rem, p.income)
		rem -= p.deduction
		p.taxable = (p.income - p.deduction) / 1000 * 1000
		rc, rp, lc, lp := c.sepRates(p.kind)
		low := min(p.taxable, p.kind.upto)
		p.city = ri(p.taxable - low).mul(rc).add(ri(low).mul(lc))
		p.pref = ri(p.taxable - low).mul(rp).add(ri(low).mul(lp))
		c.calcCity = c.calcCity.add(p.city)
		c.calcPref = c.calcPref.add(p.pref)
		if p.kind == &sepTimber {
			c.timberTaxable = p.taxable
		} else if c.my.PrefSurcharge.N != 0 {
			c.assume("suigen_separate")
		}
		if t.on {
			k := p.kind
			t.yen("separate_taxable."+k.id, t.cat("課税", k.ja, "金額"), t.cat("Taxable ", k.en), p.taxable,
				t.text("(").yen(p.income).s(" − 所得控除の残り ").yen(p.deduction).s("), 1,000円未満切捨て").String(), "地方税法20条の4の2第1項・314条の3")
			ja, en := t.cat("算出所得割（", c.m.CityWord, "・", k.ja, "）"), t.cat("Income levy (", c.m.CityWordEn, ", ", k.en, ")")
			t.rat("separate_city."+k.id, ja, en, p.city, sepFormula(t, p.taxable-low, rc, low, lc), k.law)
			ja, en = t.cat("算出所得割（", c.m.PrefWord, "・", k.ja, "）"), t.cat("Income levy (", c.m.PrefWordEn, ", ", k.en, ")")
			t.rat("separate_pref."+k.id, ja, en, p.pref, sepFormula(t, p.taxable-low, rp, low, lp), k.law)
		}
	}
	if !c.lean {
		c.r.Separate = make([]SeparateLine, len(c.sep))
		for i, p := range c.sep {
			c.r.Separate[i] = SeparateLine{Kind: p.kind.id, Label: p.kind.ja, LabelEn: p.kind.en, Income: p.income,
				Deduction: p.deduction, Taxable: p.taxable, City: c.text(p.city), Prefecture: c.text(p.pref)}
		}
	}
}

// sepFormula is "amount × rate" with the reduced part when there is one (one finished text).
func sepFormula(t *tracer, v int64, r rat, low int64, lr rat) string {
	f := t.text("").yen(v).s(" × ").pctR(r)
	if low > 0 {
		f = f.s(" + ").yen(low).s(" × ").pctR(lr)
	}
	return f.String()
}

// separateIncomeTax is the 所得税 on the pools, with the 所得税 deductions left after
// 課税総所得金額 (same order; 山林 by 5分5乗: 所得税法89条1項).
func (c *calc) separateIncomeTax(rem int64) (tax, taxable int64) {
	for i := range c.sep {
		p := &c.sep[i]
		use := min(rem, p.income)
		rem -= use
		tb := (p.income - use) / 1000 * 1000
		taxable += tb
		if p.kind == &sepTimber {
			fifth := tb / 5
			row := incomeTaxRow(fifth)
			tax += (mul64(fifth, row.Percent)/100 - row.Deduction) * 5
			continue
		}
		low := min(tb, p.kind.upto)
		tax += mul64(tb-low, p.kind.it)/1000 + mul64(low, p.kind.lowIT)/1000
	}
	return tax, taxable
}

// donationRate is the 寄附金 特例控除 row for X = 課税総所得金額 − 人的控除差調整額: with 分離
// or 山林 income the lowest of the rates each taxed income stands for (附則34条6項ほか;
// LIKELY, listed in assumptions); X < 0 gives 90% only when there is no such income.
func (c *calc) donationRate(x int64) furusatoRow {
	row := furusatoRate(x)
	var have bool
	for i := range c.sep {
		p := &c.sep[i]
		if p.taxable <= 0 {
			continue
		}
		r := furusatoRow{R: p.kind.donation, ITPercent: p.kind.donationIT}
		if p.kind == &sepTimber {
			r = furusatoRate(p.taxable / 5)
		}
		if !have && x < 0 {
			row = r
		} else if r.R < row.R {
			row = r
		}
		have = true
	}
	if have {
		c.assume("donation_rate_separate")
	}
	return row
}

// withheld credits the 配当割 and 株式等譲渡所得割 declared (地方税法37条の4・314条の9,
// 37条の3・314条の8; tax-rules.md §7.6): 県 2/5, 市 3/5 (by the profile's split), against each
// 所得割 after the other credits; what a 所得割 cannot take is credited against that tax's
// 均等割 and the rest refunded (finish).
func (c *calc) withheld(o *levyOut, city, pref *rat, t *tracer) {
	wh := &c.in.Credits.Withheld
	w := wh.DividendLevy + wh.StockLevy
	if w <= 0 {
		return
	}
	c.assume("withheld_split")
	sh := c.sh
	wc, wp := ri(w).mul(sh.SplitCity.rat()), ri(w).mul(sh.SplitPref.rat())
	o.withheld = [2]rat{minRat(wc, maxRat(*city, ri(0))), minRat(wp, maxRat(*pref, ri(0)))}
	o.withheldOver = [2]rat{wc.sub(o.withheld[0]), wp.sub(o.withheld[1])}
	*city, *pref = city.sub(o.withheld[0]), pref.sub(o.withheld[1])
	if t.on {
		ja, en := t.cat("配当割額・株式等譲渡所得割額控除（", c.m.CityWord, "）"), t.cat("Credit for levies withheld (", c.m.CityWordEn, ")")
		t.rat("withheld_credit_city", ja, en, o.withheld[0], withheldFormula(t, wh, sh.SplitCity), "地方税法314条の8・314条の9")
		ja, en = t.cat("配当割額・株式等譲渡所得割額控除（", c.m.PrefWord, "）"), t.cat("Credit for levies withheld (", c.m.PrefWordEn, ")")
		t.rat("withheld_credit_pref", ja, en, o.withheld[1], withheldFormula(t, wh, sh.SplitPref), "地方税法37条の3・37条の4")
	}
}

func withheldFormula(t *tracer, wh *Withheld, share Rate) string {
	return t.text("(配当割 ").yen(wh.DividendLevy).s(" + 株式等譲渡所得割 ").yen(wh.StockLevy).s(") × ").rat(share.rat()).s("（所得割が限度）").String()
}

// foreign is 外国税額控除 (地方税法37条の3・314条の8, 施行令9条の7・48条の9の2; tax-rules.md
// §7.5, LIKELY): the foreign tax 所得税 and 復興特別所得税 did not take, first against 県民税 up to
// the 所得税 控除限度額 × 12% (指定都市 6%), then against 市民税 up to × 18% (24%), each also
// limited by what is left of its 所得割.
func (c *calc) foreign(o *levyOut, city, pref *rat, t *tracer) {
	ft := &c.in.Credits.ForeignTax
	rest := ft.Paid - ft.NationalCredited
	if rest <= 0 || ft.IncomeTaxLimit <= 0 {
		return
	}
	c.assume("foreign_tax")
	pc, cc := int64(12), int64(18)
	if c.m.Designated {
		pc, cc = 6, 24
	}
	forPref := min(rest, mul64(ft.IncomeTaxLimit, pc)/100)
	forCity := min(rest-forPref, mul64(ft.IncomeTaxLimit, cc)/100)
	o.foreign[1] = minRat(ri(forPref), maxRat(*pref, ri(0)))
	o.foreign[0] = minRat(ri(forCity), maxRat(*city, ri(0)))
	*city, *pref = city.sub(o.foreign[0]), pref.sub(o.foreign[1])
	if t.on {
		ja, en := t.cat("外国税額控除（", c.m.PrefWord, "）"), t.cat("Foreign tax credit (", c.m.PrefWordEn, ")")
		t.rat("foreign_tax_credit_pref", ja, en, o.foreign[1],
			t.text("min(外国所得税額 ").yen(ft.Paid).s(" − 国税で控除 ").yen(ft.NationalCredited).s(", 所得税の控除限度額 ").yen(ft.IncomeTaxLimit).s(" × ").int(pc).s("%)（所得割が限度）").String(), "地方税法37条の3・施行令9条の7")
		ja, en = t.cat("外国税額控除（", c.m.CityWord, "）"), t.cat("Foreign tax credit (", c.m.CityWordEn, ")")
		t.rat("foreign_tax_credit_city", ja, en, o.foreign[0],
			t.text("min(残り ").yen(rest-forPref).s(", 所得税の控除限度額 ").yen(ft.IncomeTaxLimit).s(" × ").int(cc).s("%)（所得割が限度）").String(), "地方税法314条の8・施行令48条の9の2")
	}
}
