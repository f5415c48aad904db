package tax

// Assess computes the resident tax of one household (tax-rules.md §1 pipeline).
// It never panics: invalid input gives a *ValidationError listing every bad field.
func Assess(in Input) (r Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = Result{}, internalError(p)
		}
	}()
	var c calc
	if verr := c.init(&in, true); verr != nil {
		return Result{}, verr
	}
	c.run(true)
	return c.r, nil
}

func internalError(p any) error {
	msg := "internal error"
	if e, ok := p.(error); ok {
		msg = e.Error()
	}
	return &ValidationError{Errors: []FieldError{{
		Field: "(engine)", Message: "計算できませんでした（金額が計算できる範囲を超えています）",
		MessageEn: "the engine could not compute this household: " + msg,
	}}}
}

// relInfo classifies one relative for the deductions and the non-taxable headcount.
type relInfo struct {
	rel       *Relative
	inc       personIncome
	spouse    bool
	dependant bool   // 同一生計配偶者 / 扶養親族: 合計所得金額 ≤ the year's limit
	kind      string // young, general, specific, elderly, elderly_cohabiting
	shinzoku  bool   // 特定親族 (19–22, above the limit, ≤ 1,230,000)
}

// calc carries one assessment through the pipeline. It lives on the caller's stack, so it
// holds no pointer into itself or to other stack memory (either would move it to the heap,
// where every pointer written into it costs a GC write barrier): the input is a copy, the
// spouse a value, the assumptions a set of bits.
type calc struct {
	in Input
	y  *yearParams
	m  *muniProfile
	my *muniYear
	sh *shares
	tr tracer
	r  Result

	// lean: the salary curve needs the totals only; the result's texts, instalments and
	// assumptions are skipped.
	lean bool

	tp      personIncome
	sp      relInfo // the spouse, when hasSp (see spouse)
	hasSp   bool
	deps    []relInfo
	n       int  // 同一生計配偶者 + 扶養親族 (incl. under 16): non-taxable headcount
	column  int  // taxpayer column for 配偶者控除: 0 ≤900万, 1 ≤950万, 2 ≤1,000万, 3 above
	mother  bool // ひとり親 is a mother (人的控除差)
	widow   bool // 寡婦控除 applies
	single  bool // ひとり親控除 applies
	student bool // 勤労学生控除 applies
	minor   bool
	deds    []ded // each 所得控除 taken, when the trace is on (for the 申告書)
	dedRes  int64 // 所得控除 total (住民税)
	dedIT   int64 // 所得控除 total (所得税) without 寄附金控除
	itBasic int64 // 所得税 基礎控除
	diff    int64 // 人的控除額の差 D (調整控除)
	taxable int64 // 課税総所得金額 T

	nonTaxAll, nonTaxIncome bool
	limitIncome             int64 // 所得割 non-taxable limit L

	calcCity, calcPref     rat // 算出所得割 (総合, 山林 and 分離 together)
	sep                    []sepPool
	timberTaxable          int64 // 課税山林所得金額
	taxableAll             int64 // 課税総所得金額等: 課税総所得 + every pool's 課税標準
	choseiCity, choseiPref rat   // 調整控除 (whole yen unless clamped to 算出所得割)

	assumed   uint32 // bit i: assumptionTexts[i] applies
	searching bool   // the ふるさと納税 search reruns levy: no notes or assumptions from it
}

// spouse is the classified spouse, or nil.
func (c *calc) spouse() *relInfo {
	if !c.hasSp {
		return nil
	}
	return &c.sp
}

// assume records that the result depends on an UNSURE rule (an id of assumptionTexts).
func (c *calc) assume(id string) {
	if c.searching || c.lean {
		return
	}
	for i := range assumptionTexts {
		if assumptionTexts[i].id == id {
			c.assumed |= 1 << i
			return
		}
	}
}

// text is the decimal text of v for the result: cut from the trace's builder when there
// is one (no allocation of its own).
func (c *calc) text(v rat) string {
	if c.tr.on {
		return c.tr.text("").rat(v).String()
	}
	return v.String()
}

func (c *calc) note(id, ja, en string) {
	if !c.tr.on || c.searching {
		return
	}
	c.r.Notes = append(c.r.Notes, Note{ID: id, Message: ja, MessageEn: en})
}

// init validates the input and prepares the parameters; trace turns the trace on.
func (c *calc) init(in *Input, trace bool) *ValidationError {
	errs := validate(in)
	if len(errs) > 0 {
		return &ValidationError{Errors: errs}
	}
	yi, mi := yearIndex(fiscalYear(in)), muniIndex(municipalityCode(in))
	m := &municipalities[mi]
	*c = calc{in: *in, y: &years[yi], m: m, my: &muniYears[mi][yi], sh: m.shares()}
	// The 源泉徴収票's 社会保険料等の金額 includes its 小規模企業共済等掛金 (内書き, 所得税法施行規則
	// 別表第六(一)): each goes to its own deduction.
	d := &c.in.Deductions
	d.SocialInsurance += d.WithholdingSlip.SocialInsurance - d.WithholdingSlip.SmallBusiness
	d.SmallBusinessMutualAid += d.WithholdingSlip.SmallBusiness
	d.WithholdingSlip = WithholdingSlip{}
	// Carry-forwards given by year count as their total.
	c.in.Income.LossCarryforward += sumLoss(c.in.Income.LossCarryforwardYears)
	c.in.Income.Separate.ListedLossCarryforward += sumLoss(c.in.Income.Separate.ListedLossCarryforwardYears)
	if trace {
		c.tr.start()
	}
	// On a 源泉徴収票 the 社会保険料等の金額 is withheld from the 支払金額 and cannot exceed it:
	// more is a typing slip (two boxes swapped, a digit too many). It is computed as entered,
	// and said.
	if slip := in.Deductions.WithholdingSlip.SocialInsurance; slip > in.Income.Salary {
		c.note("social_insurance_over_salary", "源泉徴収票の社会保険料等の金額が支払金額（給与収入）を超えています。入力を確かめてください（このまま計算しています）。",
			"The social insurance on the withholding slip exceeds the salary paid. Please check your entries (the calculation uses them as entered).")
	}
	if errs := c.classify(); len(errs) > 0 {
		return &ValidationError{Errors: errs}
	}
	return nil
}

// again prepares the next point of the salary curve: the same household with the salary
// c.in now has. Everything derived from the household is recomputed; the dependants'
// slice is reused.
func (c *calc) again() {
	deps := c.deps[:0]
	*c = calc{in: c.in, y: c.y, m: c.m, my: c.my, sh: c.sh, lean: c.lean, deps: deps}
	c.classify()
}

// The defaults of an input that leaves fiscal_year (0) or municipality ("") out: the
// current fiscal year and the site's municipality, each listed in the result's assumptions.
const (
	defaultFiscalYear   = 2026
	defaultMunicipality = "142051"
)

func fiscalYear(in *Input) int {
	if in.FiscalYear == 0 {
		return defaultFiscalYear
	}
	return in.FiscalYear
}

func municipalityCode(in *Input) string {
	if in.Municipality == "" {
		return defaultMunicipality
	}
	return in.Municipality
}

// run computes everything after validation. furusato adds the ふるさと納税 limit search.
func (c *calc) run(furusato bool) {
	if !c.lean {
		c.header()
	}
	c.incomeSteps()
	c.nonTaxable()
	c.deductions()
	c.taxableIncome()
	out := c.levy(c.in.Credits.Donations.Furusato, &c.tr)
	c.finish(out)
	if c.lean {
		return
	}
	if furusato {
		c.furusatoLimit(out)
	}
	c.carryforwardNext()
	if c.tr.on {
		c.declaration(&out.it)
	}
	c.r.Steps = c.tr.steps
	c.r.Assumptions = c.assumptionList()
	if c.r.Separate == nil {
		c.r.Separate = []SeparateLine{}
	}
	if c.r.Notes == nil {
		c.r.Notes = []Note{}
	}
	c.r.RulesVersion = RulesVersion()
}

func (c *calc) header() {
	r := &c.r
	r.FiscalYear = c.y.FY
	r.IncomeYear = c.y.IncomeYear
	r.Era = c.y.Era
	r.Provisional = c.y.Provisional
	r.Municipality = MunicipalityID{Code: c.m.Code, Name: c.m.Name, NameEn: c.m.NameEn, Prefecture: c.m.Pref, Designated: c.m.Designated}
	for _, a := range c.my.Assumptions {
		c.assume(a)
	}
	if c.in.FiscalYear == 0 {
		c.assume("default_fiscal_year")
	}
	if c.in.Municipality == "" {
		c.assume("default_municipality")
	}
	if c.in.Taxpayer.Age == 0 {
		c.assume("default_taxpayer_age")
	}
	if c.y.Provisional {
		c.assume("salary_table_fy2027")
		c.note("provisional", c.y.Era+"は見込みです。法令・条例が確定していない値は仮定に基づきます（assumptions を参照）。",
			c.y.EraEn+" is provisional: values the law has not settled are assumptions (see assumptions).")
	}
	if c.m.OrdinaryMonthsConf == Unsure {
		c.assume("ordinary_months")
	}
	if c.in.Taxpayer.Age == 0 {
		c.note("taxpayer_age", "本人の年齢が未入力のため、18歳以上65歳未満として計算しました。",
			"The taxpayer's age was not given: computed as an adult under 65.")
	}
}

// classify computes the relatives' incomes and decides who counts as what. It also reports
// contradictions that need the year's rules (a ひとり親 with no qualifying child).
func (c *calc) classify() []FieldError {
	in, y := &c.in, c.y
	limit := y.RelativeLimit.V
	specialDep := false
	classifyOne := func(rel *Relative, spouse bool) relInfo {
		ri := relInfo{rel: rel, spouse: spouse}
		ri.inc = computeIncome(&rel.Income, rel.Age, rel.Disability == "special", &y.Salary)
		if rel.BusinessEmployee {
			return ri // 事業専従者: no deduction, not in the headcount
		}
		ri.dependant = ri.inc.Total <= limit
		if !ri.dependant {
			if !spouse && y.TokuteiShinzoku && rel.Age >= 19 && rel.Age <= 22 && ri.inc.Total <= 1230000 {
				ri.shinzoku = true
			}
			return ri
		}
		switch {
		case spouse:
			ri.kind = "spouse"
		case rel.Age < 16:
			ri.kind = "young"
		case rel.Age >= 19 && rel.Age <= 22:
			ri.kind = "specific"
		case rel.Age >= 70 && rel.LinealAscendant && rel.LivingTogether:
			ri.kind = "elderly_cohabiting"
		case rel.Age >= 70:
			ri.kind = "elderly"
		default:
			ri.kind = "general"
		}
		if rel.Disability == "special" || (!spouse && rel.Age < 23) {
			specialDep = true
		}
		return ri
	}
	if in.Spouse != nil {
		c.sp, c.hasSp = classifyOne(in.Spouse, true), true
		if c.sp.dependant {
			c.n++
		}
	}
	if n := len(in.Dependents); n <= cap(c.deps) {
		c.deps = c.deps[:n]
	} else {
		c.deps = make([]relInfo, n)
	}
	child := false
	for i := range in.Dependents {
		c.deps[i] = classifyOne(&in.Dependents[i], false)
		if c.deps[i].dependant {
			c.n++
			if !in.Dependents[i].LinealAscendant {
				child = true
			}
		}
	}
	tp := &in.Taxpayer
	c.tp = computeIncome(&in.Income, tp.Age, tp.Disability == "special" || specialDep, &y.Salary)
	if cf := in.Income.LossCarryforward; cf > 0 {
		// 純損失・雑損失の繰越控除 comes off 総所得金額, then 山林所得 (所得税法70条・71条, 施行令201条;
		// 分離課税 incomes are left out here: a simplification the trace states).
		c.tp.Carryforward = min(cf, c.tp.General+c.tp.Timber)
		c.tp.TotalForTax -= c.tp.Carryforward
	}
	var errs []FieldError
	if tp.Status == "single_parent" && !child {
		errs = append(errs, FieldError{"taxpayer.status",
			"ひとり親控除には、生計を一にする子（合計所得金額" + yen(limit) + "円以下、dependents に入力）が必要です",
			"single_parent needs a child in dependents whose income is at most " + yen(limit) + " yen"})
	}
	total := c.tp.Total
	switch {
	case total <= 9000000:
		c.column = 0
	case total <= 9500000:
		c.column = 1
	case total <= 10000000:
		c.column = 2
	default:
		c.column = 3
	}
	c.minor = tp.Age > 0 && tp.Age < 18
	c.widow = tp.Status == "widow" && total <= 5000000
	c.single = tp.Status == "single_parent" && total <= 5000000
	c.mother = tp.Sex != "male"
	c.student = tp.WorkingStudent && total <= y.WorkingStudentLimit.V && total-c.tp.Salary <= 100000
	return errs
}

func (c *calc) incomeSteps() {
	in, tp, t := &c.in, &c.tp, &c.tr
	y := c.y
	if in.Income.Salary > 0 || tp.SalaryTable > 0 {
		if tp.AdjChild > 0 || tp.AdjPension > 0 {
			if t.on {
				t.yen("salary_income_table", "給与所得（調整控除前）", "Employment income (before adjustment)", tp.SalaryTable,
					y.Salary.formula(t.text(""), in.Income.Salary).String(), y.Salary.Law)
			}
		}
		if tp.AdjChild > 0 {
			if t.on {
				t.yen("income_adjustment_child", "所得金額調整控除（子ども・特別障害者等）", "Income adjustment deduction (children / special disability)", tp.AdjChild,
					t.text("ceil((min(").yen(in.Income.Salary).s(", 10,000,000) − 8,500,000) × 10%)").String(), "租税特別措置法41条の3の3第1項")
			}
		}
		if tp.AdjPension > 0 {
			if t.on {
				t.yen("income_adjustment_pension", "所得金額調整控除（給与・年金）", "Income adjustment deduction (salary and pension)", tp.AdjPension,
					"min(給与所得, 100,000) + min(年金所得, 100,000) − 100,000", "租税特別措置法41条の3の3第2項")
			}
		}
		if t.on {
			var f string
			if tp.AdjChild > 0 || tp.AdjPension > 0 {
				f = t.text("").yen(tp.SalaryTable).s(" − ").yen(tp.AdjChild + tp.AdjPension).String()
			} else {
				f = y.Salary.formula(t.text(""), in.Income.Salary).String()
			}
			t.yen("salary_income", "給与所得", "Employment income", tp.Salary, f, y.Salary.Law)
		}
	}
	if in.Income.Pension > 0 {
		band := "65歳未満"
		if in.Taxpayer.Age >= 65 {
			band = "65歳以上"
		}
		if t.on {
			t.yen("pension_deduction", "公的年金等控除額", "Public pension deduction", tp.PensionDed,
				t.text(band).s("、年金以外の合計所得金額 ").yen(tp.OtherIncome).s("、公的年金等の収入 ").yen(in.Income.Pension).String(), "所得税法35条4項・租税特別措置法41条の15の3")
		}
		if t.on {
			t.yen("pension_income", "雑所得（公的年金等）", "Pension income", tp.Pension,
				t.text("").yen(in.Income.Pension).s(" − ").yen(tp.PensionDed).s(" (1円未満切捨て)").String(), "所得税法35条")
		}
	}
	c.r.SalaryIncome = tp.Salary
	c.r.PensionIncome = tp.Pension
	other := [...]struct {
		v          int64
		id, ja, en string
		law        string
	}{
		{in.Income.Business, "business_income", "事業所得", "Business income", "所得税法27条"},
		{in.Income.RealEstate, "real_estate_income", "不動産所得", "Real-estate income", "所得税法26条"},
		{in.Income.Miscellaneous, "miscellaneous_income", "雑所得（公的年金等以外）", "Miscellaneous income", "所得税法35条"},
		{in.Income.Dividends, "dividend_income", "配当所得（総合課税）", "Dividend income (aggregate taxation)", "所得税法24条"},
	}
	for _, o := range other {
		if o.v != 0 {
			if t.on {
				t.yen(o.id, o.ja, o.en, o.v, "入力された所得（収入 − 必要経費）", o.law)
			}
		}
	}
	c.r.OccasionalIncome = tp.Occasional
	if t.on {
		c.sideIncomeSteps()
	}
	if t.on {
		t.yen("total_income", "合計所得金額", "Total income (gōkei shotoku)", tp.Total,
			"各所得の合計（損益通算後、0未満は0）", "地方税法292条1項13号")
	}
	if tp.Carryforward > 0 {
		if t.on {
			t.yen("loss_carryforward", "繰越控除", "Loss carried forward", tp.Carryforward, "純損失・雑損失の繰越控除", "地方税法313条8項・9項")
		}
	}
	if t.on {
		t.yen("total_income_for_tax", "総所得金額等", "Total income after carry-forwards (sō shotoku kingaku tō)", tp.TotalForTax,
			t.text("").yen(tp.Total).s(" − 繰越控除 ").yen(tp.Carryforward).String(), "地方税法313条1項・附則33条の2")
	}
	c.r.TotalIncome = tp.Total
	c.r.TotalIncomeForTax = tp.TotalForTax
	if s := c.spouse(); s != nil {
		if t.on {
			t.yen("spouse_income", "配偶者の合計所得金額", "Spouse's total income", s.inc.Total,
				t.text("同一生計配偶者の要件: ").yen(c.y.RelativeLimit.V).s("円以下").String(), c.y.RelativeLimit.Law)
		}
	}
	for i := range c.deps {
		if c.deps[i].inc.Total > 0 && t.on {
			n := int64(i + 1)
			t.yen(t.text("dependent_income.").int(n).String(), t.text("扶養親族").int(n).s("の合計所得金額").String(),
				t.text("Total income of dependant ").int(n).String(), c.deps[i].inc.Total,
				t.text("扶養親族の要件: ").yen(c.y.RelativeLimit.V).s("円以下").String(), c.y.RelativeLimit.Law)
		}
	}
}

// sideIncomeSteps traces 総合譲渡, 一時所得, 山林所得, 損益通算 and the 分離課税 incomes.
func (c *calc) sideIncomeSteps() {
	in, tp, t := &c.in.Income, &c.tp, &c.tr
	if cg := in.CapitalGains; cg.ShortTerm != 0 || cg.LongTerm != 0 {
		t.yen("capital_gains_short", "譲渡所得（総合・短期）", "Capital gain, short-term (aggregate)", tp.GainShort,
			t.text("短期 ").yen(cg.ShortTerm).s("・長期 ").yen(cg.LongTerm).s(" を通算、特別控除 500,000 は短期から").String(), "所得税法33条3項・4項")
		t.yen("capital_gains_long", "譲渡所得（総合・長期、2分の1前）", "Capital gain, long-term (before halving)", tp.GainLong,
			"通算後の長期 − 特別控除の残り（総所得金額には2分の1）", "所得税法33条3項・22条2項2号")
	}
	if oc := in.Occasional; oc.Revenue != 0 || oc.Expenses != 0 {
		t.yen("occasional_income", "一時所得（2分の1前）", "Occasional income (before halving)", tp.Occasional,
			t.text("max(0, ").yen(oc.Revenue).s(" − ").yen(oc.Expenses).s(") − 特別控除（50万円まで）; 総所得金額には2分の1").String(), "所得税法34条・22条2項2号")
	}
	if in.Timber != 0 {
		t.yen("timber_income", "山林所得", "Timber income", tp.Timber,
			t.text("").yen(in.Timber).s(" − 特別控除（50万円まで）、損益通算後").String(), "所得税法32条")
	}
	if tp.LossLeft > 0 {
		t.yen("loss_left", "損益通算しきれない損失（純損失）", "Loss not offset (net loss)", tp.LossLeft,
			"事業・不動産・山林の損失のうち他の所得から引ききれない額（青色申告なら翌年以後3年繰越し）", "所得税法69条・70条")
		c.note("loss_left", "損益通算しきれない損失があります（"+yen(tp.LossLeft)+"円）。分離課税の所得とは通算していません。",
			"A loss of "+yen(tp.LossLeft)+" yen could not be offset; it is not offset against separately taxed income.")
	}
	if tp.General != tp.Total {
		t.yen("general_income", "総所得金額", "Aggregate income (sō shotoku kingaku)", tp.General,
			t.text("経常所得 ").yen(tp.Current).s(" + 短期譲渡 ").yen(tp.GainShort).s(" + (長期譲渡 ").yen(tp.GainLong).s(" + 一時 ").yen(tp.Occasional).s(") × 1/2").String(), "所得税法22条2項")
	}
	s := &tp.Sep
	if s.sum() > 0 {
		t.yen("separate_income", "分離課税の所得（合計所得金額に算入）", "Separately taxed income (in total income)", s.sum(),
			t.text("土地建物等 ").yen(s.LandShort+s.LandLong).s("（特別控除前）+ 株式等・配当・先物 ").yen(s.Unlisted+s.ListedGains+s.ListedDiv+s.Futures).s("（上場株式等は譲渡損失と配当を通算後、繰越控除前）").String(),
			"地方税法292条1項13号・措置法37条の12の2")
	}
	if d := s.LandShortDed + s.LandLongDed + s.ListedCF; d > 0 {
		t.yen("separate_deductions", "特別控除・上場株式等の繰越控除", "Special deductions and listed-loss carry-forward", d,
			t.text("土地建物等の特別控除 ").yen(s.LandShortDed+s.LandLongDed).s(" + 上場株式等の譲渡損失の繰越控除 ").yen(s.ListedCF).String(),
			"措置法31条〜36条・37条の12の2第5項")
	}
}
