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

// Where the 確定申告書 carries a figure: page and section, to which the item is appended.
// Constants, so that "page + item" is folded by the compiler: the 申告書 is built on every
// assessment (every keystroke on the page) and allocates no text of its own.
const (
	f1Rev   = "第一表「収入金額等」 "
	f1RevEn = "Form 1, 収入金額等: "
	f1Inc   = "第一表「所得金額等」 "
	f1IncEn = "Form 1, 所得金額等: "
	f1Ded   = "第一表「所得から差し引かれる金額」 "
	f1DedEn = "Form 1, 所得から差し引かれる金額: "
	f1Tax   = "第一表「税金の計算」 "
	f1TaxEn = "Form 1, 税金の計算: "
	f2Fam   = "第二表「配偶者や親族に関する事項」 "
	f2FamEn = "Form 2, 配偶者や親族に関する事項: "
	f2Res   = "第二表「住民税に関する事項」 "
	f2ResEn = "Form 2, 住民税に関する事項: "
	f3      = "第三表（分離課税用） "
	f3En    = "Form 3 (separate taxation): "
)

// declare appends one line; id is "<section>.<line>". amount is both forms' figure unless
// set apart afterwards.
func (c *calc) declare(id, ja, en string, amount int64, ret, retEn string) *DeclarationLine {
	section := id
	for i := 0; i < len(id); i++ {
		if id[i] == '.' {
			section = id[:i]
			break
		}
	}
	c.r.Declaration = append(c.r.Declaration, DeclarationLine{Section: section, ID: id, Label: ja, LabelEn: en,
		Amount: amount, Return: ret, ReturnEn: retEn, ReturnAmount: amount})
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
	rev := func(id, ja, en string, v int64, given bool, ret, retEn string) {
		l := c.declare(id, ja, en, 0, ret, retEn)
		if given {
			l.Amount, l.ReturnAmount = v, v
		} else {
			l.Hand = v != 0
		}
	}
	rev("revenue.business", "事業（営業等）", "Business", in.Business, false, f1Rev+"事業 営業等", f1RevEn+"business")
	rev("revenue.real_estate", "不動産", "Real estate", in.RealEstate, false, f1Rev+"不動産", f1RevEn+"real estate")
	rev("revenue.dividends", "配当", "Dividends", in.Dividends, false, f1Rev+"配当", f1RevEn+"dividends")
	rev("revenue.salary", "給与", "Salary", in.Salary, true, f1Rev+"給与", f1RevEn+"salary")
	rev("revenue.pension", "雑（公的年金等）", "Miscellaneous: public pensions", in.Pension, true, f1Rev+"雑 公的年金等", f1RevEn+"public pensions")
	rev("revenue.miscellaneous", "雑（その他）", "Miscellaneous: other", in.Miscellaneous, false, f1Rev+"雑 業務・その他", f1RevEn+"miscellaneous, business or other")
	rev("revenue.capital_gains_short", "総合譲渡（短期）", "Capital gains, short-term", in.CapitalGains.ShortTerm, false, f1Rev+"総合譲渡 短期", f1RevEn+"aggregate capital gains, short")
	rev("revenue.capital_gains_long", "総合譲渡（長期）", "Capital gains, long-term", in.CapitalGains.LongTerm, false, f1Rev+"総合譲渡 長期", f1RevEn+"aggregate capital gains, long")
	rev("revenue.occasional", "一時", "Occasional", in.Occasional.Revenue, true, f1Rev+"一時", f1RevEn+"occasional")

	// 所得金額等: each kind before 損益通算 as the form lists it; 総合譲渡・一時 is
	// 短期 + (長期 + 一時) × 1/2 after the special deductions; 合計 is 総所得金額 after 損益通算.
	c.declare("income.business", "事業（営業等）", "Business", in.Business, f1Inc+"事業 営業等", f1IncEn+"business")
	c.declare("income.real_estate", "不動産", "Real estate", in.RealEstate, f1Inc+"不動産", f1IncEn+"real estate")
	c.declare("income.dividends", "配当", "Dividends", in.Dividends, f1Inc+"配当", f1IncEn+"dividends")
	c.declare("income.salary", "給与", "Salary", tp.Salary, f1Inc+"給与", f1IncEn+"salary")
	c.declare("income.pension", "雑（公的年金等）", "Miscellaneous: public pensions", tp.Pension, f1Inc+"雑 公的年金等", f1IncEn+"public pensions")
	c.declare("income.miscellaneous", "雑（その他）", "Miscellaneous: other", in.Miscellaneous, f1Inc+"雑 業務・その他", f1IncEn+"miscellaneous, business or other")
	c.declare("income.gains_occasional", "総合譲渡・一時", "Capital gains and occasional", tp.GainShort+(tp.GainLong+tp.Occasional)/2, f1Inc+"総合譲渡・一時", f1IncEn+"capital gains and occasional")
	c.declare("income.total", "合計", "Total", tp.General, f1Inc+"合計", f1IncEn+"total")
}

// declDeductions maps the deductions' trace ids to the form's lines (two deductions share the
// 寡婦・ひとり親, 勤労学生・障害者, 配偶者（特別）and 医療費 lines).
var declDeductions = [...]struct {
	id, ja, en, ret, retEn string
	from                   [2]string
}{
	{"deduction.social_insurance", "社会保険料控除", "Social insurance", f1Ded + "社会保険料控除", f1DedEn + "Social insurance", [2]string{"deduction_social_insurance"}},
	{"deduction.small_business", "小規模企業共済等掛金控除", "Small-business mutual aid", f1Ded + "小規模企業共済等掛金控除", f1DedEn + "Small-business mutual aid", [2]string{"deduction_small_business"}},
	{"deduction.life_insurance", "生命保険料控除", "Life insurance", f1Ded + "生命保険料控除", f1DedEn + "Life insurance", [2]string{"deduction_life_insurance"}},
	{"deduction.earthquake", "地震保険料控除", "Earthquake insurance", f1Ded + "地震保険料控除", f1DedEn + "Earthquake insurance", [2]string{"deduction_earthquake"}},
	{"deduction.widow_single_parent", "寡婦、ひとり親控除", "Widow, single parent", f1Ded + "寡婦、ひとり親控除", f1DedEn + "Widow, single parent", [2]string{"deduction_widow", "deduction_single_parent"}},
	{"deduction.student_disability", "勤労学生、障害者控除", "Working student, disability", f1Ded + "勤労学生、障害者控除", f1DedEn + "Working student, disability", [2]string{"deduction_working_student", "deduction_disability"}},
	{"deduction.spouse", "配偶者（特別）控除", "Spouse (special)", f1Ded + "配偶者（特別）控除", f1DedEn + "Spouse (special)", [2]string{"deduction_spouse", "deduction_spouse_special"}},
	{"deduction.dependents", "扶養控除", "Dependants", f1Ded + "扶養控除", f1DedEn + "Dependants", [2]string{"deduction_dependents"}},
	{"deduction.specific_relative", "特定親族特別控除", "Specified relatives", f1Ded + "特定親族特別控除", f1DedEn + "Specified relatives", [2]string{"deduction_specific_relative"}},
	{"deduction.basic", "基礎控除", "Basic", f1Ded + "基礎控除", f1DedEn + "Basic", [2]string{"deduction_basic"}},
	{"deduction.casualty", "雑損控除", "Casualty loss", f1Ded + "雑損控除", f1DedEn + "Casualty loss", [2]string{"deduction_casualty"}},
	{"deduction.medical", "医療費控除", "Medical expenses", f1Ded + "医療費控除", f1DedEn + "Medical expenses", [2]string{"deduction_medical", "deduction_self_medication"}},
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
		if d.id == "deduction.specific_relative" && res == 0 && inc == 0 && !c.y.TokuteiShinzoku {
			continue // no such line before the 令和7年分 form
		}
		l := c.declare(d.id, d.ja, d.en, res, d.ret, d.retEn)
		l.ReturnAmount = inc
	}
	if it.donationDed > 0 {
		l := c.declare("deduction.donations", "寄附金控除", "Donations", 0, f1Ded+"寄附金控除", f1DedEn+"donations")
		l.ReturnAmount, l.ReturnOnly = it.donationDed, true
	}
	l := c.declare("deduction.total", "合計", "Total", c.dedRes, f1Ded+"合計", f1DedEn+"total")
	l.ReturnAmount = it.deductions
}

func (c *calc) declareSeparate() {
	for _, s := range c.r.Separate {
		c.declare("separate."+s.Kind, s.Label, s.LabelEn, s.Income, f3+s.Label, f3En+s.LabelEn)
	}
	if cf := c.tp.Carryforward; cf > 0 {
		c.declare("separate.loss_carryforward", "純損失・雑損失の繰越控除", "Losses carried forward", cf, "第四表（損失申告用）", "Form 4 (losses)")
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
		ja, en, ret, retEn := "配偶者", "Spouse", f2Fam+"配偶者", f2FamEn+"spouse"
		switch {
		case s.rel.BusinessEmployee:
			ja, en, ret, retEn = "配偶者（事業専従者）", "Spouse (family employee)", f2Fam+"事業専従者に関する事項", f2FamEn+"family employees"
		case c.has("deduction_spouse"):
			ja, en = "配偶者（配偶者控除）", "Spouse (spouse deduction)"
		case c.has("deduction_spouse_special"):
			ja, en = "配偶者（配偶者特別控除）", "Spouse (special spouse deduction)"
		case s.dependant:
			ja, en, ret, retEn = "配偶者（同一生計配偶者）", "Spouse (same household, no deduction)", f2Fam+"配偶者（住民税「同一」に○）", f2FamEn+"spouse (mark 同一 for 住民税)"
		}
		ja, en = mark(s, ja, en)
		l := c.declare("family.spouse", ja, en, s.inc.Total, ret, retEn)
		l.ReturnAmount = 0
	}
	t := &c.tr
	for i := range c.deps {
		d := &c.deps[i]
		kind, kindEn, ret, retEn := "扶養の対象外", "not a dependant", f2Fam+"親族", f2FamEn+"relative"
		switch {
		case d.rel.BusinessEmployee:
			kind, kindEn, ret, retEn = "事業専従者", "family employee", f2Fam+"事業専従者に関する事項", f2FamEn+"family employees"
		case d.kind == "young":
			kind, kindEn, ret, retEn = "16歳未満", "under 16", f2Fam+"親族（住民税「16」に○）", f2FamEn+"relative (mark 16 for 住民税)"
		case d.kind == "specific":
			kind, kindEn = "特定扶養親族", "specified dependant"
		case d.kind == "elderly_cohabiting":
			kind, kindEn = "老人扶養親族・同居老親等", "elderly parent living together"
		case d.kind == "elderly":
			kind, kindEn = "老人扶養親族", "elderly dependant"
		case d.kind == "general":
			kind, kindEn = "一般の扶養親族", "dependant"
		case d.shinzoku:
			kind, kindEn, ret, retEn = "特定親族", "specified relative", f2Fam+"親族（「特親」欄に控除額）", f2FamEn+"relative (the deduction in the 特親 column)"
		}
		n := int64(i + 1)
		ja, en := mark(d, t.text("扶養親族").int(n).s("（").s(kind).s("）").String(), t.text("Dependant ").int(n).s(" (").s(kindEn).s(")").String())
		l := c.declare(t.text("family.dependent.").int(n).String(), ja, en, d.inc.Total, ret, retEn)
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
	line := func(id, ja, en string, v int64, ret, retEn string) {
		if v > 0 {
			c.declare(id, ja, en, v, ret, retEn)
		}
	}
	const (
		furusato = "都道府県、市区町村への寄附（特例控除対象）"
		pref     = "都道府県 条例指定寄附"
		muni     = "市区町村 条例指定寄附"
		div      = "配当割額控除額"
		stock    = "株式等譲渡所得割額控除額"
	)
	const furusatoEn, prefEn, muniEn = "donations to prefectures and municipalities (furusato)", "donations designated by the prefecture", "donations designated by the municipality"
	const divEn, stockEn = "dividend levy withheld", "stock-gains levy withheld"
	line("resident.furusato", furusato, furusatoEn, don.Furusato, f2Res+furusato, f2ResEn+furusatoEn)
	line("resident.pref_designated", pref, prefEn, don.PrefDesignated, f2Res+pref, f2ResEn+prefEn)
	line("resident.muni_designated", muni, muniEn, don.MuniDesignated, f2Res+muni, f2ResEn+muniEn)
	line("resident.dividend_levy", div, divEn, cr.Withheld.DividendLevy, f2Res+div, f2ResEn+divEn)
	line("resident.stock_levy", stock, stockEn, cr.Withheld.StockLevy, f2Res+stock, f2ResEn+stockEn)
}

// declareIncomeTax gives the 確定申告書's 税金の計算 as far as the engine computes 所得税: up to
// 所得税及び復興特別所得税の額 (源泉徴収税額 and 予定納税額 are not inputs). With 分離課税 or
// 山林所得 the 税額 comes from 第三表, so the lines stop at the deductions.
func (c *calc) declareIncomeTax(it *itResult) {
	if len(c.r.Separate) > 0 {
		return
	}
	line := func(id, item, itemEn string, v int64, ret, retEn string) {
		l := c.declare(id, item, itemEn, 0, ret, retEn)
		l.ReturnAmount, l.ReturnOnly = v, true
	}
	line("income_tax.taxable", "課税される所得金額", "taxable income", it.taxable, f1Tax+"課税される所得金額", f1TaxEn+"taxable income")
	line("income_tax.calculated", "上の金額に対する税額", "tax on it", it.calculated, f1Tax+"上の金額に対する税額", f1TaxEn+"tax on it")
	if it.div > 0 {
		line("income_tax.dividend_credit", "配当控除", "dividend credit", it.div, f1Tax+"配当控除", f1TaxEn+"dividend credit")
	}
	if it.housing > 0 {
		line("income_tax.housing_loan", "住宅借入金等特別控除", "housing-loan credit", it.housing, f1Tax+"住宅借入金等特別控除", f1TaxEn+"housing-loan credit")
	}
	line("income_tax.base", "基準所得税額", "base income tax", it.base, f1Tax+"基準所得税額", f1TaxEn+"base income tax")
	line("income_tax.reconstruction", "復興特別所得税額", "reconstruction surtax", it.recon, f1Tax+"復興特別所得税額", f1TaxEn+"reconstruction surtax")
	line("income_tax.total", "所得税及び復興特別所得税の額", "income tax and surtax", it.base+it.recon, f1Tax+"所得税及び復興特別所得税の額", f1TaxEn+"income tax and surtax")
}
