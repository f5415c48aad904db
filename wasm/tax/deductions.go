package tax

// nonTaxable applies 地方税法24条の5・295条 and 附則3条の3 (tax-rules.md §8).
func (c *calc) nonTaxable() {
	in, t, r := &c.in, &c.tr, &c.r
	perHead, add := kyuchiFactor(c.m.Kyuchi)
	n := int64(c.n)
	limitPC := perHead + 100000
	if n > 0 {
		limitPC = perHead*(n+1) + 100000 + add
	}
	limitIL := int64(350000 + 100000)
	if n > 0 {
		limitIL = 350000*(n+1) + 100000 + 320000
	}
	c.limitIncome = limitIL
	r.NonTaxable.PerCapitaLimit = limitPC
	r.NonTaxable.IncomeLevyLimit = limitIL
	r.NonTaxable.Household = c.n
	if t.on {
		t.yen("household_count", "同一生計配偶者・扶養親族の数", "Spouse and dependants counted", n,
			"同一生計配偶者 + 扶養親族（16歳未満を含む; 特定親族は含まない）", "地方税法295条3項・附則3条の3")
	}
	if t.on {
		t.yen("per_capita_limit", "均等割の非課税限度額", "Per-capita levy: non-taxable limit", limitPC,
			perCapitaLimitFormula(t.text(""), perHead, add, n, c.m.Kyuchi).String(), t.cat("地方税法295条3項・同法施行令47条の3; ", c.m.KyuchiLaw))
	}
	if t.on {
		t.yen("income_levy_limit", "所得割の非課税限度額", "Income levy: non-taxable limit", limitIL,
			incomeLimitFormula(t.text(""), n).String(), "地方税法附則3条の3第1項・第4項")
	}
	total, forTax := c.tp.Total, c.tp.TotalForTax
	special := in.Taxpayer.Disability != "none" && in.Taxpayer.Disability != "" || c.minor || c.widow || c.single
	nt := &r.NonTaxable
	switch {
	case in.Taxpayer.PublicAssistance:
		c.nonTaxAll = true
		nt.Code, nt.Reason, nt.ReasonEn = "public_assistance", "生活扶助を受けているため非課税", "receives livelihood assistance (seikatsu fujo): not taxed"
		if t.on {
			t.yen("non_taxable", "非課税（生活扶助）", "Not taxed: livelihood assistance", 0, "賦課期日に生活保護法の生活扶助を受けている", "地方税法295条1項1号・24条の5第1項1号")
		}
	case special && total <= 1350000:
		c.nonTaxAll = true
		nt.Code, nt.Reason, nt.ReasonEn = "special_person_135", "障害者・未成年者・寡婦・ひとり親で合計所得金額135万円以下のため非課税",
			"disabled, minor, widow or single parent with total income of 1,350,000 yen or less: not taxed"
		if t.on {
			t.yen("non_taxable", "非課税（135万円以下）", "Not taxed: 1,350,000-yen rule", 0,
				t.text("合計所得金額 ").yen(total).s(" ≤ 1,350,000").String(), "地方税法295条1項2号・24条の5第1項2号")
		}
	case total <= limitPC:
		c.nonTaxAll = true
		nt.Code, nt.Reason, nt.ReasonEn = "per_capita_limit", "合計所得金額が均等割の非課税限度額以下のため非課税",
			"total income at or below the per-capita non-taxable limit: not taxed"
		if t.on {
			t.yen("non_taxable", "非課税（均等割・所得割とも）", "Not taxed (per-capita and income levy)", 0,
				t.text("合計所得金額 ").yen(total).s(" ≤ ").yen(limitPC).String(), "地方税法295条3項")
		}
	case forTax <= limitIL:
		c.nonTaxIncome = true
		nt.Code, nt.Reason, nt.ReasonEn = "income_levy_limit", "総所得金額等が所得割の非課税限度額以下のため所得割は非課税（均等割のみ課税）",
			"total income after carry-forwards at or below the income-levy limit: only the per-capita levy is due"
		if t.on {
			t.yen("non_taxable", "所得割非課税（均等割のみ）", "Income levy not taxed (per-capita levy only)", 0,
				t.text("総所得金額等 ").yen(forTax).s(" ≤ ").yen(limitIL).String(), "地方税法附則3条の3")
		}
	}
	if c.nonTaxAll {
		nt.PerCapita, nt.IncomeLevy = true, true
		c.nonTaxIncome = true
	}
	if c.nonTaxIncome {
		nt.IncomeLevy = true
	}
}

func perCapitaLimitFormula(b textBuilder, perHead, add, n int64, kyuchi int) textBuilder {
	b = b.int(int64(kyuchi)).s("級地: ").yen(perHead)
	if n == 0 {
		return b.s(" + 100,000")
	}
	return b.s(" × ").int(n + 1).s(" + 100,000 + ").yen(add)
}

func incomeLimitFormula(b textBuilder, n int64) textBuilder {
	if n == 0 {
		return b.s("350,000 + 100,000")
	}
	return b.s("350,000 × ").int(n + 1).s(" + 100,000 + 320,000")
}

// ded is one 所得控除 at its 住民税 and 所得税 amounts.
type ded struct {
	id, ja, en string
	res, it    int64
	formula    string
	law        string
}

// deductions computes every 所得控除 at 住民税 amounts (and at 所得税 amounts for the national
// tax), and the 人的控除額の差 D of 調整控除 (地方税法314条の2・34条; 37条1号イ).
func (c *calc) deductions() {
	in, y, t := &c.in, c.y, &c.tr
	tp := &in.Taxpayer
	d := &in.Deductions
	total, forTax := c.tp.Total, c.tp.TotalForTax
	rp, ip := &residentPersonal, &incomeTaxPersonal
	ch := &choseiTable
	var list []ded
	if t.on {
		list = make([]ded, 0, 16)
	}
	var sumRes, sumIT, diff int64
	push := func(x ded) {
		sumRes += x.res
		sumIT += x.it
		if t.on {
			list = append(list, x)
		}
	}
	if d.CasualtyLoss > 0 {
		if t.on {
			push(ded{"deduction_casualty", "雑損控除", "Casualty loss deduction", d.CasualtyLoss, d.CasualtyLoss, "入力額", "地方税法314条の2第1項1号・所得税法72条"})
		} else {
			sumRes += d.CasualtyLoss
			sumIT += d.CasualtyLoss
		}
	}
	if d.MedicalExpenses.Paid > 0 {
		threshold := min(100000, forTax*5/100)
		v := min(max(0, d.MedicalExpenses.Paid-d.MedicalExpenses.Reimbursed-threshold), 2000000)
		if t.on {
			push(ded{"deduction_medical", "医療費控除", "Medical expense deduction", v, v,
				t.text("(").yen(d.MedicalExpenses.Paid).s(" − ").yen(d.MedicalExpenses.Reimbursed).s(") − min(100,000, 総所得金額等 × 5% = ").yen(forTax * 5 / 100).s("), 上限 2,000,000").String(),
				"地方税法314条の2第1項2号・所得税法73条"})
		} else {
			sumRes += v
			sumIT += v
		}
	}
	if d.SelfMedication > 0 {
		v := min(max(0, d.SelfMedication-12000), 88000)
		if t.on {
			push(ded{"deduction_self_medication", "医療費控除（セルフメディケーション税制）", "Self-medication deduction", v, v,
				t.text("").yen(d.SelfMedication).s(" − 12,000, 上限 88,000").String(), "地方税法附則4条の4・租税特別措置法41条の17"})
		} else {
			sumRes += v
			sumIT += v
		}
	}
	if d.SocialInsurance > 0 {
		if t.on {
			push(ded{"deduction_social_insurance", "社会保険料控除", "Social insurance deduction", d.SocialInsurance, d.SocialInsurance, "支払額の全額", "地方税法314条の2第1項3号・所得税法74条"})
		} else {
			sumRes += d.SocialInsurance
			sumIT += d.SocialInsurance
		}
	}
	if d.SmallBusinessMutualAid > 0 {
		if t.on {
			push(ded{"deduction_small_business", "小規模企業共済等掛金控除", "Small-business mutual aid (iDeCo) deduction", d.SmallBusinessMutualAid, d.SmallBusinessMutualAid, "支払額の全額", "地方税法314条の2第1項4号・所得税法75条"})
		} else {
			sumRes += d.SmallBusinessMutualAid
			sumIT += d.SmallBusinessMutualAid
		}
	}
	li := &d.LifeInsurance
	if li.GeneralNew+li.GeneralOld+li.CareMedical+li.PensionNew+li.PensionOld > 0 {
		g, cm, p, v := residentInsurance.life(li)
		itRules := incomeTaxInsurance
		young := c.y.LifeYoung.V > 0 && li.GeneralNew > 0 && c.youngDependant()
		if young {
			itRules = itRules.young(c.y.LifeYoung.V)
		}
		_, _, _, vi := itRules.life(li)
		if t.on {
			f := t.text("一般 ").yen(g).s(" + 介護医療 ").yen(cm).s(" + 個人年金 ").yen(p).s(" (合計上限 70,000; 1円未満切上げ)")
			if young {
				f = f.s("。所得税: 23歳未満の扶養親族があるため一般（新契約）の上限 ").yen(c.y.LifeYoung.V).s("（").s(c.y.LifeYoung.Law).s("）")
			}
			push(ded{"deduction_life_insurance", "生命保険料控除", "Life insurance deduction", v, vi, f.String(), residentInsurance.LifeLaw})
		} else {
			sumRes += v
			sumIT += vi
		}
	}
	if eq := &d.EarthquakeInsurance; eq.Earthquake+eq.LongTermOld > 0 {
		v := residentInsurance.earthquake(eq)
		if t.on {
			push(ded{"deduction_earthquake", "地震保険料控除", "Earthquake insurance deduction", v, incomeTaxInsurance.earthquake(eq),
				t.text("地震保険料 ").yen(eq.Earthquake).s(" × 1/2 + 旧長期 ").yen(eq.LongTermOld).s(" (上限 25,000)").String(), residentInsurance.QuakeLaw})
		} else {
			sumRes += v
			sumIT += incomeTaxInsurance.earthquake(eq)
		}
	}
	// 障害者控除: the taxpayer, the 同一生計配偶者 and each 扶養親族 (年少 included).
	var disRes, disIT, disCount int64
	addDis := func(kind string, together, self bool) {
		switch {
		case kind == "general":
			disRes += rp.Disability
			disIT += ip.Disability
			diff += ch.Disability
		case kind == "special" && together && !self:
			disRes += rp.CohabitingSpecial
			disIT += ip.CohabitingSpecial
			diff += ch.CohabitingSpecial
		case kind == "special":
			disRes += rp.SpecialDisability
			disIT += ip.SpecialDisability
			diff += ch.SpecialDisability
		default:
			return
		}
		disCount++
	}
	addDis(tp.Disability, false, true)
	if s := c.spouse(); s != nil && s.dependant {
		addDis(s.rel.Disability, s.rel.LivingTogether, false)
	}
	for i := range c.deps {
		if c.deps[i].dependant {
			addDis(c.deps[i].rel.Disability, c.deps[i].rel.LivingTogether, false)
		}
	}
	if disCount > 0 {
		if t.on {
			push(ded{"deduction_disability", "障害者控除", "Disability deduction", disRes, disIT,
				t.text("").int(disCount).s("人: 障害者 260,000 / 特別障害者 300,000 / 同居特別障害者 530,000").String(), "地方税法314条の2第1項6号・所得税法79条"})
		} else {
			sumRes += disRes
			sumIT += disIT
		}
	}
	if c.widow {
		if t.on {
			push(ded{"deduction_widow", "寡婦控除", "Widow deduction", rp.Widow, ip.Widow, "合計所得金額 500万円以下", "地方税法314条の2第1項8号・所得税法81条"})
		} else {
			sumRes += rp.Widow
			sumIT += ip.Widow
		}
		diff += ch.Widow
	}
	if c.single {
		if t.on {
			push(ded{"deduction_single_parent", "ひとり親控除", "Single-parent deduction", y.SingleParent.V, ip.SingleParent, "合計所得金額 500万円以下, 生計を一にする子あり", y.SingleParent.Law})
		} else {
			sumRes += y.SingleParent.V
			sumIT += ip.SingleParent
		}
		if c.mother {
			diff += ch.SingleMother
		} else {
			diff += ch.SingleFather
		}
		if tp.Sex == "" {
			c.assume("single_parent_sex")
		}
	}
	if tp.Status == "widow" && !c.widow || tp.Status == "single_parent" && !c.single {
		c.note("status_income", "合計所得金額が500万円を超えるため、寡婦控除・ひとり親控除は受けられません。",
			"Total income is above 5,000,000 yen: no widow or single-parent deduction.")
	}
	if c.student {
		if t.on {
			push(ded{"deduction_working_student", "勤労学生控除", "Working-student deduction", rp.WorkingStudent, ip.WorkingStudent,
				t.text("合計所得金額 ").yen(y.WorkingStudentLimit.V).s(" 以下").String(), y.WorkingStudentLimit.Law})
		} else {
			sumRes += rp.WorkingStudent
			sumIT += ip.WorkingStudent
		}
		diff += ch.WorkingStudent
	} else if tp.WorkingStudent {
		c.note("working_student", "所得が要件を超えるため、勤労学生控除は受けられません。",
			"Income is above the limit: no working-student deduction.")
	}
	// 配偶者控除 / 配偶者特別控除 (taxpayer 合計所得金額 ≤ 1,000万; never for a 事業専従者: 所得税法83条の2第1項).
	if s := c.spouse(); s != nil && !s.rel.BusinessEmployee && c.column < 3 {
		col := c.column
		elderly := s.rel.Age >= 70
		switch {
		case s.dependant:
			res, it, df, label := rp.Spouse[col], ip.Spouse[col], ch.Spouse[col], "一般"
			if elderly {
				res, it, df, label = rp.SpouseElderly[col], ip.SpouseElderly[col], ch.SpouseElderly[col], "老人"
			}
			if t.on {
				push(ded{"deduction_spouse", "配偶者控除", "Spouse deduction", res, it,
					t.text(label).s("、本人の合計所得金額 ").yen(c.tp.Total).s(" の区分").String(), "地方税法314条の2第1項9号・所得税法83条"})
			} else {
				sumRes += res
				sumIT += it
			}
			diff += df
		case s.inc.Total <= 1330000:
			res, it := spouseSpecial(rp.SpouseSpecial, s.inc.Total, col), spouseSpecial(ip.SpouseSpecial, s.inc.Total, col)
			if t.on {
				push(ded{"deduction_spouse_special", "配偶者特別控除", "Special spouse deduction", res, it,
					t.text("配偶者の合計所得金額 ").yen(s.inc.Total).s("、本人の区分 ").int(int64(col + 1)).String(), "地方税法314条の2第1項10号の3・所得税法83条の2"})
			} else {
				sumRes += res
				sumIT += it
			}
			for _, b := range y.SpouseSpecialDiff {
				in := s.inc.Total < b.To && (s.inc.Total > b.From || b.FromIncl && s.inc.Total == b.From)
				if in && b.Diff[col] > 0 {
					diff += b.Diff[col]
					if y.SpouseDiffConf == Unsure {
						c.assume("chosei_spouse_special")
					}
				}
			}
		}
	}
	// 扶養控除 and 特定親族特別控除.
	var depRes, depIT, depDiff, depCount int64
	var shRes, shIT int64
	for i := range c.deps {
		ri := &c.deps[i]
		if ri.shinzoku {
			shRes += lookupUpto(rp.TokuteiShinzoku, ri.inc.Total)
			shIT += lookupUpto(ip.TokuteiShinzoku, ri.inc.Total)
			diff += ch.TokuteiShinzoku
			c.assume("chosei_tokutei_shinzoku")
			continue
		}
		if !ri.dependant {
			continue
		}
		var res, it, df int64
		switch ri.kind {
		case "general":
			res, it, df = rp.General, ip.General, ch.General
		case "specific":
			res, it, df = rp.Specific, ip.Specific, ch.Specific
		case "elderly":
			res, it, df = rp.Elderly, ip.Elderly, ch.Elderly
		case "elderly_cohabiting":
			res, it, df = rp.ElderlyCohabiting, ip.ElderlyCohabiting, ch.ElderlyCohabiting
		default: // young: no deduction, but counted for the non-taxable limits
			continue
		}
		depRes += res
		depIT += it
		depDiff += df
		depCount++
	}
	if depCount > 0 {
		if t.on {
			push(ded{"deduction_dependents", "扶養控除", "Dependant deduction", depRes, depIT,
				t.text("").int(depCount).s("人: 一般 330,000 / 特定 450,000 / 老人 380,000 / 同居老親等 450,000 (16歳未満は0)").String(), "地方税法314条の2第1項11号・所得税法84条"})
		} else {
			sumRes += depRes
			sumIT += depIT
		}
		diff += depDiff
	}
	if shRes > 0 || shIT > 0 {
		if t.on {
			push(ded{"deduction_specific_relative", "特定親族特別控除", "Special deduction for specified relatives", shRes, shIT,
				t.text("19〜22歳、合計所得金額 ").yen(y.RelativeLimit.V).s(" 超 1,230,000 以下").String(), y.TokuteiShinzokuLaw})
		} else {
			sumRes += shRes
			sumIT += shIT
		}
	}
	basic := lookupTier(residentBasic, total)
	c.itBasic = lookupTier(y.IncomeTax.Kiso, total)
	if t.on {
		push(ded{"deduction_basic", "基礎控除", "Basic deduction", basic, c.itBasic,
			t.text("合計所得金額 ").yen(total).s(" の区分").String(), "地方税法314条の2第2項・34条2項"})
	} else {
		sumRes += basic
		sumIT += c.itBasic
	}
	diff += ch.Basic
	c.dedRes, c.dedIT, c.diff, c.deds = sumRes, sumIT, diff, list
	for _, x := range list {
		if t.on {
			t.yen(x.id, x.ja, x.en, x.res, x.formula, x.law)
		}
	}
	c.r.DeductionsTotal = sumRes
	if t.on {
		t.yen("deductions_total", "所得控除の合計", "Total deductions", sumRes, "上記の合計（住民税の控除額）", "地方税法314条の2・34条")
	}
}

// generalForTax is 総所得金額 and 山林所得 after the 純損失 carry-forward (classify took it from
// 総所得金額 first).
func (c *calc) generalForTax() (general, timber int64) {
	cfG := min(c.tp.Carryforward, c.tp.General)
	return c.tp.General - cfG, c.tp.Timber - (c.tp.Carryforward - cfG)
}

// youngDependant: a 扶養親族 under 23 at the end of the income year (the spouse is not one).
func (c *calc) youngDependant() bool {
	for i := range c.deps {
		if c.deps[i].dependant && c.deps[i].rel.Age < 23 {
			return true
		}
	}
	return false
}

func spouseSpecial(rows []spouseRow, income int64, col int) int64 {
	for _, r := range rows {
		if income <= r.Upto {
			return r.Amount[col]
		}
	}
	return 0
}

func lookupUpto(rows []tier, income int64) int64 {
	for _, r := range rows {
		if income <= r.Upto {
			return r.V
		}
	}
	return 0
}

// taxableIncome: 課税総所得金額 (1,000円未満切捨て), 算出所得割 and 調整控除.
func (c *calc) taxableIncome() {
	t, r := &c.tr, &c.r
	gen, timber := c.generalForTax()
	c.taxable = max(0, gen-c.dedRes) / 1000 * 1000
	r.TaxableIncome = c.taxable
	if t.on {
		t.yen("taxable_income", "課税総所得金額", "Taxable income", c.taxable,
			t.text("(").yen(gen).s(" − ").yen(c.dedRes).s("), 1,000円未満切捨て").String(), "地方税法20条の4の2第1項")
	}
	c.calcCity = ri(c.taxable).mul(c.my.CityRate.rat())
	c.calcPref = ri(c.taxable).mul(c.my.PrefRate.rat())
	c.separateTaxable(max(0, c.dedRes-gen), timber)
	c.taxableAll = c.taxable
	for i := range c.sep {
		c.taxableAll += c.sep[i].taxable
	}
	if !c.lean {
		r.City.Calculated = c.text(c.calcCity)
		r.Prefecture.Calculated = c.text(c.calcPref)
	}
	cw, pw := c.m.CityWord, c.m.PrefWord
	if t.on {
		t.rat("city_calculated", t.cat("算出所得割（", cw, "）"), t.cat("Income levy before credits (", c.m.CityWordEn, ")"), c.calcCity,
			t.text("").yen(c.taxable).s(" × ").pct(c.my.CityRate).String(), c.my.CityRate.Law)
	}
	if t.on {
		t.rat("pref_calculated", t.cat("算出所得割（", pw, "）"), t.cat("Income levy before credits (", c.m.PrefWordEn, ")"), c.calcPref,
			t.text("").yen(c.taxable).s(" × ").pct(c.my.PrefRate).String(), c.my.PrefRate.Law)
	}
	// 調整控除 (地方税法37条・314条の6): 合計所得金額 ≤ 2,500万, and only against a 所得割 that is
	// levied: where 附則3条の3 makes the 所得割 non-taxable there is nothing to credit it against.
	// Its base is 合計課税所得金額 = 課税総所得 + 課税山林 (分離 incomes are not in it).
	T := c.taxable + c.timberTaxable
	if T == 0 || c.tp.Total > 25000000 || c.nonTaxIncome {
		if c.nonTaxIncome && T > 0 {
			if t.on {
				t.yen("adjustment_credit", "調整控除", "Adjustment credit", 0, "所得割が非課税のため適用なし", "地方税法314条の6・附則3条の3")
			}
		}
		if c.tp.Total > 25000000 {
			if t.on {
				t.yen("adjustment_credit", "調整控除", "Adjustment credit", 0, "合計所得金額が2,500万円を超えるため適用なし", "地方税法314条の6")
			}
		}
		return
	}
	if t.on {
		t.yen("personal_diff", "人的控除額の差の合計", "Sum of personal-deduction differences", c.diff,
			"基礎 50,000 + 配偶者・扶養・障害者等の差（法定額）", "地方税法314条の6第1号イ・37条1号イ")
	}
	var base int64
	if T <= 2000000 {
		base = min(c.diff, T)
	} else {
		base = max(c.diff-(T-2000000), 50000)
	}
	if t.on {
		var f string
		if T <= 2000000 {
			f = t.text("課税総所得金額 ≤ 2,000,000: min(").yen(c.diff).s(", ").yen(T).s(")").String()
		} else {
			f = t.text("課税総所得金額 > 2,000,000: max(").yen(c.diff).s(" − (").yen(T).s(" − 2,000,000), 50,000)").String()
		}
		t.yen("adjustment_base", "調整控除の基礎額", "Adjustment credit base", base, f, "地方税法314条の6第1号")
	}
	sh := c.sh
	c.choseiCity = minRat(ri(base).mul(sh.ChoseiCity.rat()), c.calcCity)
	c.choseiPref = minRat(ri(base).mul(sh.ChoseiPref.rat()), c.calcPref)
	r.AdjustmentCredit = Split{City: c.choseiCity.ceil(), Prefecture: c.choseiPref.ceil()}
	if t.on {
		t.rat("adjustment_credit_city", t.cat("調整控除（", cw, "）"), t.cat("Adjustment credit (", c.m.CityWordEn, ")"), c.choseiCity,
			t.text("").yen(base).s(" × ").pct(sh.ChoseiCity).s(" (算出所得割が限度)").String(), sh.ChoseiCity.Law)
	}
	if t.on {
		t.rat("adjustment_credit_pref", t.cat("調整控除（", pw, "）"), t.cat("Adjustment credit (", c.m.PrefWordEn, ")"), c.choseiPref,
			t.text("").yen(base).s(" × ").pct(sh.ChoseiPref).s(" (算出所得割が限度)").String(), sh.ChoseiPref.Law)
	}
}
