package tax

// maxAmount bounds every amount of yen (100億円). It is far above any household the
// simulator serves and keeps every exact intermediate of the pipeline inside int64.
const maxAmount = 10_000_000_000

const maxDependents = 30

// maxLossYears: losses are carried forward 3 years (所得税法70条, 措置法37条の12の2第6項).
const maxLossYears = 3

// validate reports every bad field at once, each with its path and a message in Japanese
// and English (engine-io.md). Rules that need the year's tables are in calc.classify.
func validate(in *Input) []FieldError {
	var v validator
	if y, ok := lookupYear(fiscalYear(in)); ok {
		v.incomeYear = y.IncomeYear
	} else {
		v.add("fiscal_year", "年度は 2025（令和7年度）・2026（令和8年度）・2027（令和9年度）のいずれかを指定してください",
			"fiscal_year must be 2025, 2026 or 2027")
	}
	if _, ok := lookupMuni(municipalityCode(in)); !ok {
		v.add("municipality", "市区町村コードは 142051（藤沢市）・141003（横浜市）・131121（世田谷区）のいずれかを指定してください",
			"municipality must be 142051 (Fujisawa), 141003 (Yokohama) or 131121 (Setagaya)")
	}
	tp := &in.Taxpayer
	v.age("taxpayer.age", tp.Age)
	v.enum("taxpayer.disability", tp.Disability, "障害者の区分", "disability", "none", "general", "special")
	v.enum("taxpayer.status", tp.Status, "寡婦・ひとり親の区分", "status", "none", "widow", "single_parent")
	v.enum("taxpayer.sex", tp.Sex, "性別", "sex", "female", "male")
	if tp.Status == "widow" && tp.Sex == "male" {
		v.add("taxpayer.status", "寡婦控除は女性の方が対象です", "the widow deduction is for women")
	}
	if (tp.Status == "widow" || tp.Status == "single_parent") && in.Spouse != nil {
		v.add("spouse", "寡婦・ひとり親の方は配偶者を入力できません（婚姻していないことが要件です）",
			"a widow or single parent has no spouse: remove the spouse or the status")
	}
	v.income(fieldPath{base: "income", index: -1}, &in.Income, true)
	d := &in.Deductions
	v.amount("deductions.social_insurance", d.SocialInsurance, "社会保険料", "social insurance")
	v.amount("deductions.small_business_mutual_aid", d.SmallBusinessMutualAid, "小規模企業共済等掛金", "small-business mutual aid")
	li := &d.LifeInsurance
	v.amount("deductions.life_insurance.general_new", li.GeneralNew, "一般生命保険料（新）", "life insurance (new)")
	v.amount("deductions.life_insurance.general_old", li.GeneralOld, "一般生命保険料（旧）", "life insurance (old)")
	v.amount("deductions.life_insurance.care_medical", li.CareMedical, "介護医療保険料", "care and medical insurance")
	v.amount("deductions.life_insurance.pension_new", li.PensionNew, "個人年金保険料（新）", "private pension insurance (new)")
	v.amount("deductions.life_insurance.pension_old", li.PensionOld, "個人年金保険料（旧）", "private pension insurance (old)")
	v.amount("deductions.earthquake_insurance.earthquake", d.EarthquakeInsurance.Earthquake, "地震保険料", "earthquake insurance")
	v.amount("deductions.earthquake_insurance.long_term_old", d.EarthquakeInsurance.LongTermOld, "旧長期損害保険料", "old long-term casualty insurance")
	v.amount("deductions.medical_expenses.paid", d.MedicalExpenses.Paid, "医療費の支払額", "medical expenses paid")
	v.amount("deductions.medical_expenses.reimbursed", d.MedicalExpenses.Reimbursed, "医療費の補填額", "medical expenses reimbursed")
	if d.MedicalExpenses.Reimbursed > d.MedicalExpenses.Paid && d.MedicalExpenses.Reimbursed <= maxAmount {
		v.add("deductions.medical_expenses.reimbursed", "保険金などで補填される額が医療費の支払額を超えています",
			"the reimbursed amount is larger than the medical expenses paid")
	}
	v.amount("deductions.self_medication", d.SelfMedication, "セルフメディケーション対象医薬品の購入額", "self-medication purchases")
	if d.SelfMedication > 0 && d.MedicalExpenses.Paid > 0 {
		v.add("deductions.self_medication", "医療費控除とセルフメディケーション税制はどちらか一方しか選べません",
			"the medical expense deduction and the self-medication deduction cannot be combined: choose one")
	}
	v.amount("deductions.casualty_loss", d.CasualtyLoss, "雑損控除額", "casualty loss deduction")
	if in.Spouse != nil {
		v.relative(fieldPath{base: "spouse", index: -1}, in.Spouse, true)
	}
	if len(in.Dependents) > maxDependents {
		v.add("dependents", "扶養親族は"+itoa(int64(maxDependents))+"人までしか入力できません", "at most "+itoa(int64(maxDependents))+" dependants")
	} else {
		for i := range in.Dependents {
			v.relative(fieldPath{base: "dependents", index: i}, &in.Dependents[i], false)
		}
	}
	if in.Income.Business == 0 && in.Income.RealEstate == 0 {
		employee := func(field string) {
			v.add(field, "事業専従者は、本人に事業所得または不動産所得がある場合に指定します", "business_employee needs business or real-estate income of the taxpayer")
		}
		if in.Spouse != nil && in.Spouse.BusinessEmployee {
			employee("spouse.business_employee")
		}
		for i := range in.Dependents {
			if in.Dependents[i].BusinessEmployee && i < maxDependents {
				employee("dependents[" + itoa(int64(i)) + "].business_employee")
			}
		}
	}
	slip := &in.Deductions.WithholdingSlip
	v.amount("deductions.withholding_slip.social_insurance", slip.SocialInsurance, "社会保険料等の金額", "social insurance on the withholding slip")
	v.amount("deductions.withholding_slip.small_business", slip.SmallBusiness, "小規模企業共済等掛金の額", "small-business mutual aid on the withholding slip")
	if slip.SmallBusiness > slip.SocialInsurance && slip.SmallBusiness <= maxAmount {
		v.add("deductions.withholding_slip.small_business", "小規模企業共済等掛金の額は「社会保険料等の金額」に含まれる内訳なので、それより大きい金額にはなりません",
			"the small-business mutual aid is part of the slip's social insurance amount, so it cannot be larger")
	}
	don := &in.Credits.Donations
	v.amount("credits.donations.furusato", don.Furusato, "ふるさと納税の額", "hometown-tax donation")
	v.amount("credits.donations.pref_designated", don.PrefDesignated, "県が指定した寄附金の額", "donation designated by the prefecture")
	v.amount("credits.donations.muni_designated", don.MuniDesignated, "市が指定した寄附金の額", "donation designated by the city")
	if don.OneStop {
		if don.PrefDesignated > 0 || don.MuniDesignated > 0 {
			v.add("credits.donations.one_stop", "ワンストップ特例は、条例指定寄附金を申告する場合には使えません（申告すると特例は無効になります）",
				"the one-stop exception does not apply when other donations are declared in a return")
		}
		if d.MedicalExpenses.Paid > 0 || d.SelfMedication > 0 || d.CasualtyLoss > 0 {
			v.add("credits.donations.one_stop", "医療費控除・雑損控除は確定申告が必要なため、ワンストップ特例は使えません",
				"medical or casualty deductions need a tax return, which cancels the one-stop exception")
		}
		// What else makes a 確定申告 necessary or implies one was filed; filing one cancels the
		// exception (地方税法附則7条): the 申告特例控除 is then not given.
		if reason, reasonEn := mustFile(in); reason != "" {
			v.add("credits.donations.one_stop", reason+"ため確定申告が必要になり、ワンストップ特例は使えません（寄附金は確定申告で寄附金控除として申告してください）",
				reasonEn+": a tax return is needed, which cancels the one-stop exception (declare the donation in the return)")
		}
	}
	if prev := in.Collection.PreviousPensionTax; prev != 0 {
		v.amount("collection.previous_pension_tax", prev, "前年度の年金から差し引かれた住民税額", "the previous year's tax deducted from the pension")
		if prev > 0 && prev <= maxAmount && tp.Age < 65 {
			v.add("collection.previous_pension_tax", "前年度の年金からの差し引き（特別徴収）は65歳以上の方が対象です。年齢を確認するか、この欄を空にしてください",
				"deduction from the pension applies from age 65: check the age or leave the previous year's pension tax empty")
		}
	}
	ft := &in.Credits.ForeignTax
	v.amount("credits.foreign_tax.paid", ft.Paid, "外国所得税額", "foreign tax paid")
	v.amount("credits.foreign_tax.income_tax_limit", ft.IncomeTaxLimit, "所得税の控除限度額", "income-tax credit limit")
	v.amount("credits.foreign_tax.national_credited", ft.NationalCredited, "所得税・復興特別所得税で控除した外国税額", "foreign tax credited nationally")
	if ft.NationalCredited > ft.Paid && ft.NationalCredited <= maxAmount {
		v.add("credits.foreign_tax.national_credited", "所得税・復興特別所得税で控除した額は、外国所得税額以下です",
			"what income tax credited cannot exceed the foreign tax paid")
	}
	wh := &in.Credits.Withheld
	v.amount("credits.withheld.dividend_levy", wh.DividendLevy, "配当割額", "dividend levy withheld")
	v.amount("credits.withheld.stock_levy", wh.StockLevy, "株式等譲渡所得割額", "stock-gains levy withheld")
	if wh.DividendLevy > 0 && in.Income.Separate.ListedDividends == 0 {
		v.add("credits.withheld.dividend_levy", "配当割額は、上場株式等の配当所得等（income.separate.listed_dividends）を申告する場合に控除されます",
			"the dividend levy is credited only when listed dividends are declared (income.separate.listed_dividends)")
	}
	if wh.StockLevy > 0 && in.Income.Separate.ListedStockGains == 0 {
		v.add("credits.withheld.stock_levy", "株式等譲渡所得割額は、上場株式等の譲渡所得等（income.separate.listed_stock_gains）を申告する場合に控除されます",
			"the stock-gains levy is credited only when listed-stock gains are declared (income.separate.listed_stock_gains)")
	}
	hl := &in.Credits.HousingLoan
	v.amount("credits.housing_loan.credit", hl.Credit, "住宅借入金等特別控除額", "housing-loan credit")
	if hl.Credit > 600000 && hl.Credit <= maxAmount {
		v.add("credits.housing_loan.credit", "住宅借入金等特別控除額は年600,000円以下です", "the housing-loan credit is at most 600,000 yen a year")
	}
	if y, ok := lookupYear(fiscalYear(in)); ok {
		if hl.Credit > 0 && (hl.MoveInYear < 1999 || hl.MoveInYear > y.IncomeYear) {
			v.add("credits.housing_loan.move_in_year", "入居年を 1999〜"+itoa(int64(y.IncomeYear))+" の西暦で入力してください",
				"move_in_year must be a year from 1999 to "+itoa(int64(y.IncomeYear)))
		} else if hl.MoveInYear != 0 && (hl.MoveInYear < 1999 || hl.MoveInYear > y.IncomeYear) {
			v.add("credits.housing_loan.move_in_year", "入居年を 1999〜"+itoa(int64(y.IncomeYear))+" の西暦で入力してください",
				"move_in_year must be a year from 1999 to "+itoa(int64(y.IncomeYear)))
		}
	}
	return v.errs
}

type validator struct {
	errs       []FieldError
	incomeYear int // of the fiscal year, when it is a known one
}

func (v *validator) add(field, ja, en string) {
	v.errs = append(v.errs, FieldError{Field: field, Message: ja, MessageEn: en})
}

func (v *validator) amount(field string, a int64, ja, en string) {
	switch {
	case a < 0:
		v.add(field, ja+"は0以上の整数（円）で入力してください", en+" must be a whole number of yen, 0 or more")
	case a > maxAmount:
		v.add(field, ja+"が大きすぎます（100億円以下で入力してください）", en+" is too large (at most 10,000,000,000 yen)")
	}
}

// signed allows a loss (negative income) down to −maxAmount.
func (v *validator) signed(field string, a int64, ja, en string) {
	if a < -maxAmount || a > maxAmount {
		v.add(field, ja+"は −100億円〜100億円の範囲で入力してください", en+" must be between −10,000,000,000 and 10,000,000,000 yen")
	}
}

func (v *validator) age(field string, a int) {
	if a < 0 || a > 130 {
		v.add(field, "年齢は0〜130の整数で入力してください（所得の年の12月31日現在）", "age must be a whole number from 0 to 130 (on 31 December of the income year)")
	}
}

func (v *validator) enum(field, val, ja, en string, allowed ...string) {
	if val == "" {
		return
	}
	for _, a := range allowed {
		if val == a {
			return
		}
	}
	list := ""
	for i, a := range allowed {
		if i > 0 {
			list += ", "
		}
		list += `"` + a + `"`
	}
	v.add(field, ja+"は "+list+" のいずれかを指定してください", en+" must be one of "+list)
}

// fieldPath names a part of the input: base, then [index] when index ≥ 0, then .sub when
// sub is set. It is joined into text only for a rejected field: validation runs on every
// keystroke.
type fieldPath struct {
	base  string
	index int
	sub   string
}

func (p fieldPath) at(name string) string {
	s := p.base
	if p.index >= 0 {
		s += "[" + itoa(int64(p.index)) + "]"
	}
	if p.sub != "" {
		s += "." + p.sub
	}
	return s + "." + name
}

func (v *validator) income(path fieldPath, in *Income, taxpayer bool) {
	at := path.at
	if in.Salary < 0 || in.Salary > maxAmount {
		v.amount(at("salary"), in.Salary, "給与収入", "salary")
	}
	if in.Pension < 0 || in.Pension > maxAmount {
		v.amount(at("pension"), in.Pension, "公的年金等の収入", "pension")
	}
	if in.Business < -maxAmount || in.Business > maxAmount {
		v.signed(at("business"), in.Business, "事業所得", "business income")
	}
	if in.RealEstate < -maxAmount || in.RealEstate > maxAmount {
		v.signed(at("real_estate"), in.RealEstate, "不動産所得", "real-estate income")
	}
	switch {
	case in.Miscellaneous < 0:
		v.add(at("miscellaneous"), "雑所得の損失は他の所得と差し引きできません。0以上で入力してください",
			"a miscellaneous loss cannot offset other income: enter 0 or more")
	case in.Miscellaneous > maxAmount:
		v.amount(at("miscellaneous"), in.Miscellaneous, "雑所得", "miscellaneous income")
	}
	switch {
	case in.Dividends < 0:
		v.add(at("dividends"), "配当所得は0以上で入力してください", "dividend income must be 0 or more")
	case in.Dividends > maxAmount:
		v.amount(at("dividends"), in.Dividends, "配当所得", "dividend income")
	}
	switch {
	case taxpayer && (in.LossCarryforward < 0 || in.LossCarryforward > maxAmount):
		v.amount(at("loss_carryforward"), in.LossCarryforward, "繰越控除額", "loss carried forward")
	case !taxpayer && in.LossCarryforward != 0:
		v.add(at("loss_carryforward"), "繰越控除は本人についてのみ入力できます", "loss_carryforward applies to the taxpayer only")
	}
	if taxpayer {
		v.lossYears(at, "loss_carryforward", in.LossCarryforward, in.LossCarryforwardYears)
		v.lossYears(at, "separate.listed_loss_carryforward", in.Separate.ListedLossCarryforward, in.Separate.ListedLossCarryforwardYears)
	} else if len(in.LossCarryforwardYears)+len(in.Separate.ListedLossCarryforwardYears) > 0 {
		v.add(at("loss_carryforward_years"), "繰越控除は本人についてのみ入力できます", "carry-forwards apply to the taxpayer only")
	}
	v.amount(at("occasional.revenue"), in.Occasional.Revenue, "一時所得の収入", "occasional revenue")
	v.amount(at("occasional.expenses"), in.Occasional.Expenses, "一時所得の支出", "occasional expenses")
	v.signed(at("capital_gains.short_term"), in.CapitalGains.ShortTerm, "総合課税の譲渡所得（短期）", "short-term capital gain")
	v.signed(at("capital_gains.long_term"), in.CapitalGains.LongTerm, "総合課税の譲渡所得（長期）", "long-term capital gain")
	v.signed(at("timber"), in.Timber, "山林所得", "timber income")
	s := &in.Separate
	v.signed(at("separate.listed_stock_gains"), s.ListedStockGains, "上場株式等の譲渡所得等", "listed-stock gains")
	v.amount(at("separate.listed_dividends"), s.ListedDividends, "上場株式等の配当所得等", "listed dividends")
	if taxpayer {
		v.amount(at("separate.listed_loss_carryforward"), s.ListedLossCarryforward, "上場株式等の譲渡損失の繰越控除額", "listed-stock loss carried forward")
	} else if s.ListedLossCarryforward != 0 {
		v.add(at("separate.listed_loss_carryforward"), "繰越控除は本人についてのみ入力できます", "carry-forwards apply to the taxpayer only")
	}
	for _, x := range []struct {
		field, ja, en string
		v             int64
	}{
		{"separate.unlisted_stock_gains", "一般株式等の譲渡所得等", "unlisted-stock gains", s.UnlistedStockGains},
		{"separate.futures", "先物取引に係る雑所得等", "futures income", s.Futures},
	} {
		if x.v < 0 {
			v.add(at(x.field), x.ja+"の損失は他の所得と差し引きできません。損失の場合は0と入力してください",
				"a loss of "+x.en+" offsets no other income: enter 0 for a loss")
		} else {
			v.amount(at(x.field), x.v, x.ja, x.en)
		}
	}
	v.land(at, "separate.land_short", &s.LandShort, "短期", "short-term", "public")
	v.land(at, "separate.land_long", &s.LandLong, "長期", "long-term", "residential", "good_housing")
}

// land checks one 土地・建物等の譲渡: a gain of 0 or more (a loss offsets nothing since 2004,
// 措置法31条1項・32条1項), a special deduction up to the gain, and a kind the term allows.
func (v *validator) land(at func(string) string, field string, l *LandGain, ja, en string, kinds ...string) {
	if l.Gain < 0 {
		v.add(at(field+".gain"), "土地・建物等の譲渡損失は他の所得と差し引きできません。損失の場合は0と入力してください",
			"a loss on land or buildings offsets no other income: enter 0 for a loss")
	} else {
		v.amount(at(field+".gain"), l.Gain, "土地・建物等の譲渡所得（"+ja+"）", en+" land gain")
	}
	v.amount(at(field+".special_deduction"), l.SpecialDeduction, "譲渡所得の特別控除額", "special deduction")
	if l.SpecialDeduction > max(0, l.Gain) && l.SpecialDeduction <= maxAmount {
		v.add(at(field+".special_deduction"), "特別控除額は譲渡所得（特別控除前）以下で入力してください",
			"the special deduction cannot exceed the gain before it")
	}
	v.enum(at(field+".kind"), l.Kind, "軽減税率の区分", "kind", kinds...)
}

func (v *validator) relative(path fieldPath, r *Relative, spouse bool) {
	at := path.at
	if r.Age < 0 || r.Age > 130 {
		v.age(at("age"), r.Age)
	}
	if r.Disability != "" && r.Disability != "none" && r.Disability != "general" && r.Disability != "special" {
		v.enum(at("disability"), r.Disability, "障害者の区分", "disability", "none", "general", "special")
	}
	if spouse && r.LinealAscendant {
		v.add(at("lineal_ascendant"), "配偶者には直系尊属を指定できません", "a spouse cannot be a lineal ascendant")
	}
	path.sub = "income"
	v.income(path, &r.Income, false)
}

// mustFile says why the household has to file (or, by its inputs, files) a 確定申告, or "".
func mustFile(in *Input) (ja, en string) {
	inc := &in.Income
	switch {
	case inc.Business != 0 || inc.RealEstate != 0:
		return "事業所得・不動産所得を申告する", "business or real-estate income is declared"
	case inc.Dividends != 0:
		return "配当所得の総合課税は確定申告で選ぶ", "aggregate taxation of dividends is chosen in a return"
	case inc.LossCarryforward != 0 || len(inc.LossCarryforwardYears) > 0:
		return "繰越控除は確定申告で受ける", "a loss carry-forward is claimed in a return"
	case in.Credits.ForeignTax != (ForeignTax{}):
		return "外国税額控除は確定申告で受ける", "the foreign tax credit is claimed in a return"
	case inc.Separate.declared() || in.Credits.Withheld != (Withheld{}):
		return "分離課税の所得（株式・土地建物等・先物）を申告する", "separately taxed income (shares, land, futures) is declared"
	case inc.Timber != 0:
		return "山林所得を申告する", "timber income is declared"
	case inc.Salary > 20000000:
		return "給与の収入金額が2,000万円を超える（所得税法121条1項）", "salary above 20,000,000 yen (Income Tax Act art. 121(1))"
	case inc.Salary > 0 && inc.Miscellaneous+sideIncome(inc) > 200000:
		return "給与以外の所得が20万円を超える（所得税法121条1項）", "income other than salary above 200,000 yen (art. 121(1))"
	case inc.Salary == 0 && inc.Pension > 4000000:
		return "公的年金等の収入金額が400万円を超える（所得税法121条3項）", "public pension above 4,000,000 yen (art. 121(3))"
	case inc.Salary == 0 && inc.Pension > 0 && inc.Miscellaneous+sideIncome(inc) > 200000:
		return "公的年金等以外の所得が20万円を超える（所得税法121条3項）", "income other than pension above 200,000 yen (art. 121(3))"
	}
	return "", ""
}

// sideIncome is what 一時所得 and 総合譲渡 add to the 20万円 test of 所得税法121条 (each after
// its 500,000 special deduction, the long part and 一時所得 at half).
func sideIncome(inc *Income) int64 {
	short, long := max(0, inc.CapitalGains.ShortTerm), max(0, inc.CapitalGains.LongTerm)
	d := min(500000, short)
	occ := max(0, inc.Occasional.Revenue-inc.Occasional.Expenses)
	return short - d + (long-min(500000-d, long)+occ-min(occ, 500000))/2
}

// lossYears checks carry-forwards given by year: from the 3 years before the income year, each
// once, not beside a total. The income year is checked where the fiscal year is known.
func (v *validator) lossYears(at func(string) string, field string, total int64, years []LossYear) {
	if len(years) == 0 {
		return
	}
	if total != 0 {
		v.add(at(field), "繰越控除は合計か年ごとのどちらか一方で入力してください", "give the carry-forward as a total or by year, not both")
	}
	seen := map[int]bool{}
	for i, y := range years {
		f := at(field + "_years[" + itoa(int64(i)) + "]")
		v.amount(f+".amount", y.Amount, "繰り越した損失", "loss carried forward")
		if seen[y.Year] {
			v.add(f+".year", "同じ年の損失が2回入力されています", "the same year appears twice")
		}
		seen[y.Year] = true
		if v.incomeYear != 0 && (y.Year < v.incomeYear-maxLossYears || y.Year >= v.incomeYear) {
			v.add(f+".year", "繰越控除できるのは "+itoa(int64(v.incomeYear-maxLossYears))+"〜"+itoa(int64(v.incomeYear-1))+" 年の損失です（3年で期限が切れます）",
				"only losses of "+itoa(int64(v.incomeYear-maxLossYears))+"–"+itoa(int64(v.incomeYear-1))+" can be carried forward (3 years)")
		}
	}
}

// declared reports whether any 分離課税 income or carry-forward is entered.
func (s *Separate) declared() bool {
	return s.ListedStockGains != 0 || s.ListedDividends != 0 || s.ListedLossCarryforward != 0 || len(s.ListedLossCarryforwardYears) > 0 ||
		s.UnlistedStockGains != 0 || s.Futures != 0 || s.LandShort != (LandGain{}) || s.LandLong != (LandGain{})
}
