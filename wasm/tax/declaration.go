package tax

// The 申告書: which of this household's figures stands on which line of the 市民税・県民税申告書
// (地方税法317条の2第1項, 同法施行規則2条の3・第5号の2様式) and of the 確定申告書 (所得税法120条;
// its 第二表 「住民税に関する事項」 is the 申告書 for 住民税: 地方税法317条の3第1項).
//
// The lines follow the items printed on both forms. The 確定申告書 is named by page, section and
// item, not by its circled box numbers: those move between 年分 (令和7年分 added 特定親族特別控除
// below 扶養控除 on 第一表 and a 「特親」 column on 第二表, renumbering what follows: 国税庁
// 「令和7年分の所得税等の確定申告書(案)」, shinkoku/pdf/0025006-037.pdf) and could not be checked
// against the 国税庁's own form here.

// declPlace is where the 確定申告書 carries a figure: page, section and item.
type declPlace struct{ page, section, item, pageEn, itemEn string }

var (
	form1Revenue   = declPlace{"第一表", "収入金額等", "", "Form 1", ""}
	form1Income    = declPlace{"第一表", "所得金額等", "", "Form 1", ""}
	form1Deduction = declPlace{"第一表", "所得から差し引かれる金額", "", "Form 1", ""}
	form1Tax       = declPlace{"第一表", "税金の計算", "", "Form 1", ""}
	form2Family    = declPlace{"第二表", "配偶者や親族に関する事項", "", "Form 2", ""}
	form2Resident  = declPlace{"第二表", "住民税に関する事項", "", "Form 2", ""}
	form3          = declPlace{"第三表（分離課税用）", "", "", "Form 3 (separate taxation)", ""}
	form4          = declPlace{"第四表（損失申告用）", "", "", "Form 4 (losses)", ""}
)

// at names the item of a place.
func (p declPlace) at(item, itemEn string) declPlace {
	p.item, p.itemEn = item, itemEn
	return p
}

func (p declPlace) ja() string {
	s := p.page
	if p.section != "" {
		s += "「" + p.section + "」"
	}
	if p.item != "" {
		s += " " + p.item
	}
	return s
}

func (p declPlace) en() string {
	s := p.pageEn
	if p.section != "" {
		s += ", " + p.section
	}
	if p.itemEn != "" {
		s += ": " + p.itemEn
	}
	return s
}

// declare appends one line; amount is both forms' figure unless set apart afterwards.
func (c *calc) declare(section, id, ja, en string, amount int64, at declPlace) *DeclarationLine {
	c.r.Declaration = append(c.r.Declaration, DeclarationLine{Section: section, ID: section + "." + id, Label: ja, LabelEn: en,
		Amount: amount, Return: at.ja(), ReturnEn: at.en(), ReturnAmount: amount})
	return &c.r.Declaration[len(c.r.Declaration)-1]
}

// declaration builds Result.Declaration once the assessment is done; it is the trace's
// companion for the printed form (no rule of its own beyond where each figure goes).
func (c *calc) declaration(it *itResult) {
	c.r.Declaration = make([]DeclarationLine, 0, 48)
	c.declareIncome()
	c.declareDeductions(it)
	c.declareSeparate()
	c.declareFamily()
	c.declareResident()
	c.declareIncomeTax(it)
}

func (c *calc) declareIncome() {
	in, tp := &c.in.Income, &c.tp
	// 収入金額等: the engine is given the revenue of salary, pension and 一時所得 only; for the
	// others it is given the income, so their revenue is written from the papers (Hand).
	rev := func(id, ja, en string, v int64, given bool, at declPlace) {
		l := c.declare("revenue", id, ja, en, 0, at)
		if given {
			l.Amount, l.ReturnAmount = v, v
		} else {
			l.Hand = v != 0
		}
	}
	rev("business", "事業（営業等）", "Business", in.Business, false, form1Revenue.at("事業 営業等", "business"))
	rev("real_estate", "不動産", "Real estate", in.RealEstate, false, form1Revenue.at("不動産", "real estate"))
	rev("dividends", "配当", "Dividends", in.Dividends, false, form1Revenue.at("配当", "dividends"))
	rev("salary", "給与", "Salary", in.Salary, true, form1Revenue.at("給与", "salary"))
	rev("pension", "雑（公的年金等）", "Miscellaneous: public pensions", in.Pension, true, form1Revenue.at("雑 公的年金等", "public pensions"))
	rev("miscellaneous", "雑（その他）", "Miscellaneous: other", in.Miscellaneous, false, form1Revenue.at("雑 業務・その他", "miscellaneous, business or other"))
	rev("capital_gains_short", "総合譲渡（短期）", "Capital gains, short-term", in.CapitalGains.ShortTerm, false, form1Revenue.at("総合譲渡 短期", "aggregate capital gains, short"))
	rev("capital_gains_long", "総合譲渡（長期）", "Capital gains, long-term", in.CapitalGains.LongTerm, false, form1Revenue.at("総合譲渡 長期", "aggregate capital gains, long"))
	rev("occasional", "一時", "Occasional", in.Occasional.Revenue, true, form1Revenue.at("一時", "occasional"))

	// 所得金額等: each kind before 損益通算 as the form lists it; 総合譲渡・一時 is
	// 短期 + (長期 + 一時) × 1/2 after the special deductions; 合計 is 総所得金額 after 損益通算.
	c.declare("income", "business", "事業（営業等）", "Business", in.Business, form1Income.at("事業 営業等", "business"))
	c.declare("income", "real_estate", "不動産", "Real estate", in.RealEstate, form1Income.at("不動産", "real estate"))
	c.declare("income", "dividends", "配当", "Dividends", in.Dividends, form1Income.at("配当", "dividends"))
	c.declare("income", "salary", "給与", "Salary", tp.Salary, form1Income.at("給与", "salary"))
	c.declare("income", "pension", "雑（公的年金等）", "Miscellaneous: public pensions", tp.Pension, form1Income.at("雑 公的年金等", "public pensions"))
	c.declare("income", "miscellaneous", "雑（その他）", "Miscellaneous: other", in.Miscellaneous, form1Income.at("雑 業務・その他", "miscellaneous, business or other"))
	c.declare("income", "gains_occasional", "総合譲渡・一時", "Capital gains and occasional", tp.GainShort+(tp.GainLong+tp.Occasional)/2,
		form1Income.at("総合譲渡・一時", "capital gains and occasional"))
	c.declare("income", "total", "合計", "Total", tp.General, form1Income.at("合計", "total"))
}

// declDeductions maps the deductions' trace ids to the form's lines (two deductions share the
// 寡婦・ひとり親, 勤労学生・障害者, 配偶者（特別）and 医療費 lines).
var declDeductions = [...]struct {
	id, ja, en string
	from       [2]string
}{
	{"social_insurance", "社会保険料控除", "Social insurance", [2]string{"deduction_social_insurance"}},
	{"small_business", "小規模企業共済等掛金控除", "Small-business mutual aid", [2]string{"deduction_small_business"}},
	{"life_insurance", "生命保険料控除", "Life insurance", [2]string{"deduction_life_insurance"}},
	{"earthquake", "地震保険料控除", "Earthquake insurance", [2]string{"deduction_earthquake"}},
	{"widow_single_parent", "寡婦、ひとり親控除", "Widow, single parent", [2]string{"deduction_widow", "deduction_single_parent"}},
	{"student_disability", "勤労学生、障害者控除", "Working student, disability", [2]string{"deduction_working_student", "deduction_disability"}},
	{"spouse", "配偶者（特別）控除", "Spouse (special)", [2]string{"deduction_spouse", "deduction_spouse_special"}},
	{"dependents", "扶養控除", "Dependants", [2]string{"deduction_dependents"}},
	{"specific_relative", "特定親族特別控除", "Specified relatives", [2]string{"deduction_specific_relative"}},
	{"basic", "基礎控除", "Basic", [2]string{"deduction_basic"}},
	{"casualty", "雑損控除", "Casualty loss", [2]string{"deduction_casualty"}},
	{"medical", "医療費控除", "Medical expenses", [2]string{"deduction_medical", "deduction_self_medication"}},
}

func (c *calc) declareDeductions(it *itResult) {
	for _, d := range declDeductions {
		var res, inc int64
		for _, x := range c.deds {
			if x.id == d.from[0] || x.id == d.from[1] {
				res += x.res
				inc += x.it
			}
		}
		if d.id == "specific_relative" && res == 0 && inc == 0 && !c.y.TokuteiShinzoku {
			continue // no such line before the 令和7年分 form
		}
		l := c.declare("deduction", d.id, d.ja, d.en, res, form1Deduction.at(d.ja, d.en))
		l.ReturnAmount = inc
	}
	if it.donationDed > 0 {
		l := c.declare("deduction", "donations", "寄附金控除", "Donations", 0, form1Deduction.at("寄附金控除", "donations"))
		l.ReturnAmount, l.ReturnOnly = it.donationDed, true
	}
	l := c.declare("deduction", "total", "合計", "Total", c.dedRes, form1Deduction.at("合計", "total"))
	l.ReturnAmount = it.deductions
}

func (c *calc) declareSeparate() {
	for _, s := range c.r.Separate {
		c.declare("separate", s.Kind, s.Label, s.LabelEn, s.Income, form3.at(s.Label, s.LabelEn))
	}
	if cf := c.tp.Carryforward; cf > 0 {
		c.declare("separate", "loss_carryforward", "純損失・雑損失の繰越控除", "Losses carried forward", cf, form4)
	}
}

// declareFamily lists the spouse and each dependant with how the forms mark them; the
// amount is the relative's 合計所得金額 (the 確定申告書 has no box for it).
func (c *calc) declareFamily() {
	mark := func(ri *relInfo, ja, en string) (string, string) {
		switch ri.rel.Disability {
		case "special":
			ja, en = ja+"・特別障害者", en+", special disability"
		case "general":
			ja, en = ja+"・障害者", en+", disability"
		}
		if !ri.rel.LivingTogether {
			ja, en = ja+"・別居", en+", living apart"
		}
		return ja, en
	}
	if s := c.spouse(); s != nil {
		ja, en, item, itemEn := "配偶者", "Spouse", "配偶者", "spouse"
		switch {
		case s.rel.BusinessEmployee:
			ja, en, item, itemEn = "配偶者（事業専従者）", "Spouse (family employee)", "事業専従者に関する事項", "family employees"
		case c.has("deduction_spouse"):
			ja, en = "配偶者（配偶者控除）", "Spouse (spouse deduction)"
		case c.has("deduction_spouse_special"):
			ja, en = "配偶者（配偶者特別控除）", "Spouse (special spouse deduction)"
		case s.dependant:
			ja, en, item, itemEn = "配偶者（同一生計配偶者）", "Spouse (same household, no deduction)", "配偶者（住民税「同一」に○）", "spouse (mark 同一 for 住民税)"
		}
		ja, en = mark(s, ja, en)
		l := c.declare("family", "spouse", ja, en, s.inc.Total, form2Family.at(item, itemEn))
		l.ReturnAmount = 0
	}
	t := &c.tr
	for i := range c.deps {
		d := &c.deps[i]
		kind, kindEn, item, itemEn := "扶養の対象外", "not a dependant", "親族", "relative"
		switch {
		case d.rel.BusinessEmployee:
			kind, kindEn, item, itemEn = "事業専従者", "family employee", "事業専従者に関する事項", "family employees"
		case d.kind == "young":
			kind, kindEn, item, itemEn = "16歳未満", "under 16", "親族（住民税「16」に○）", "relative (mark 16 for 住民税)"
		case d.kind == "specific":
			kind, kindEn = "特定扶養親族", "specified dependant"
		case d.kind == "elderly_cohabiting":
			kind, kindEn = "老人扶養親族・同居老親等", "elderly parent living together"
		case d.kind == "elderly":
			kind, kindEn = "老人扶養親族", "elderly dependant"
		case d.kind == "general":
			kind, kindEn = "一般の扶養親族", "dependant"
		case d.shinzoku:
			kind, kindEn, item, itemEn = "特定親族", "specified relative", "親族（「特親」欄に控除額）", "relative (the deduction in the 特親 column)"
		}
		n := int64(i + 1)
		ja, en := mark(d, t.text("扶養親族").int(n).s("（").s(kind).s("）").String(), t.text("Dependant ").int(n).s(" (").s(kindEn).s(")").String())
		l := c.declare("family", t.text("dependent.").int(n).String(), ja, en, d.inc.Total, form2Family.at(item, itemEn))
		l.ReturnAmount = 0
	}
}

// has says whether a deduction of this id was taken.
func (c *calc) has(id string) bool {
	for _, x := range c.deds {
		if x.id == id && (x.res > 0 || x.it > 0) {
			return true
		}
	}
	return false
}

func (c *calc) declareResident() {
	cr := &c.in.Credits
	don := &cr.Donations
	line := func(id, ja, en string, v int64) {
		if v > 0 {
			c.declare("resident", id, ja, en, v, form2Resident.at(ja, en))
		}
	}
	line("furusato", "都道府県、市区町村への寄附（特例控除対象）", "donations to prefectures and municipalities (furusato)", don.Furusato)
	line("pref_designated", "都道府県 条例指定寄附", "donations designated by the prefecture", don.PrefDesignated)
	line("muni_designated", "市区町村 条例指定寄附", "donations designated by the municipality", don.MuniDesignated)
	line("dividend_levy", "配当割額控除額", "dividend levy withheld", cr.Withheld.DividendLevy)
	line("stock_levy", "株式等譲渡所得割額控除額", "stock-gains levy withheld", cr.Withheld.StockLevy)
}

// declareIncomeTax gives the 確定申告書's 税金の計算 as far as the engine computes 所得税: up to
// 所得税及び復興特別所得税の額 (源泉徴収税額 and 予定納税額 are not inputs). With 分離課税 or
// 山林所得 the 税額 comes from 第三表, so the lines stop at the deductions.
func (c *calc) declareIncomeTax(it *itResult) {
	if len(c.r.Separate) > 0 {
		return
	}
	line := func(id, item, itemEn string, v int64) {
		l := c.declare("income_tax", id, item, itemEn, 0, form1Tax.at(item, itemEn))
		l.ReturnAmount, l.ReturnOnly = v, true
	}
	line("taxable", "課税される所得金額", "taxable income", it.taxable)
	line("calculated", "上の金額に対する税額", "tax on it", it.calculated)
	if it.div > 0 {
		line("dividend_credit", "配当控除", "dividend credit", it.div)
	}
	if it.housing > 0 {
		line("housing_loan", "住宅借入金等特別控除", "housing-loan credit", it.housing)
	}
	line("base", "基準所得税額", "base income tax", it.base)
	line("reconstruction", "復興特別所得税額", "reconstruction surtax", it.recon)
	line("total", "所得税及び復興特別所得税の額", "income tax and surtax", it.base+it.recon)
}
