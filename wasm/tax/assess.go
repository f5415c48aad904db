package tax

import "strconv"

// Assess computes the resident tax of one household.
//
// Walking-skeleton scope: 給与所得 (FY2026 table), 社会保険料控除, 基礎控除, 調整控除 at its
// 2,500-yen floor, 藤沢市 rates, 均等割, 森林環境税 and the instalments. The complete engine
// replaces this.
func Assess(in Input) (Result, error) {
	if errs := validate(in); len(errs) > 0 {
		return Result{}, &ValidationError{Errors: errs}
	}
	var r Result
	t := &r.Steps
	r.FiscalYear = in.FiscalYear
	r.IncomeYear = in.FiscalYear - 1
	r.Municipality = MunicipalityID{Code: "142051", Name: "藤沢市"}

	r.SalaryIncome = salaryIncome2025(in.Income.Salary)
	step(t, "salary_income", "給与所得", r.SalaryIncome, "別表第五: A=floor(収入/4,000)×1,000; A×3.2−440,000", "所得税法28条4項・別表第五")
	r.TotalIncome = r.SalaryIncome
	r.TotalIncomeForTax = r.SalaryIncome
	step(t, "total_income", "合計所得金額", r.TotalIncome, "給与所得", "地方税法292条1項13号")

	basic := int64(430000)
	r.DeductionsTotal = in.Deductions.SocialInsurance + basic
	step(t, "deductions_total", "所得控除の合計", r.DeductionsTotal, "社会保険料控除 + 基礎控除 430,000", "地方税法314条の2")
	r.TaxableIncome = max(0, r.TotalIncomeForTax-r.DeductionsTotal) / 1000 * 1000
	step(t, "taxable_income", "課税総所得金額", r.TaxableIncome, "1,000円未満切捨て", "地方税法20条の4の2第1項")

	cityGross := r.TaxableIncome * 6 / 100
	prefGross := r.TaxableIncome * 4025 / 100000
	r.AdjustmentCredit = Split{City: min(cityGross, 1500), Prefecture: min(prefGross, 1000)}
	r.City.IncomeLevy = (cityGross - r.AdjustmentCredit.City) / 100 * 100
	r.Prefecture.IncomeLevy = (prefGross - r.AdjustmentCredit.Prefecture) / 100 * 100
	step(t, "city_income_levy", "市民税所得割", r.City.IncomeLevy, "課税総所得金額×6% − 調整控除, 100円未満切捨て", "地方税法314条の3・20条の4の2第3項")
	step(t, "pref_income_levy", "県民税所得割", r.Prefecture.IncomeLevy, "課税総所得金額×4.025% − 調整控除, 100円未満切捨て", "地方税法35条・神奈川県水源環境保全税")

	r.City.PerCapita, r.Prefecture.PerCapita, r.ForestTax = 3000, 1300, 1000
	r.City.Total = r.City.IncomeLevy + r.City.PerCapita
	r.Prefecture.Total = r.Prefecture.IncomeLevy + r.Prefecture.PerCapita
	r.Total = r.City.Total + r.Prefecture.Total + r.ForestTax
	step(t, "total", "年税額", r.Total, "市民税 + 県民税 + 森林環境税", "地方税法・森林環境税法")

	monthly := r.Total / 12 / 100 * 100
	r.Installments.Special = make([]int64, 12)
	for i := range r.Installments.Special {
		r.Installments.Special[i] = monthly
	}
	r.Installments.Special[0] = r.Total - monthly*11
	quarter := r.Total / 4 / 1000 * 1000
	r.Installments.Ordinary = []int64{r.Total - quarter*3, quarter, quarter, quarter}
	r.RulesVersion = RulesVersion()
	return r, nil
}

// salaryIncome2025 is 給与所得 for 2025 income by 所得税法別表第五 (令和7年分).
func salaryIncome2025(pay int64) int64 {
	a := pay / 4000 * 1000
	switch {
	case pay < 651000:
		return 0
	case pay < 1900000:
		return pay - 650000
	case pay < 3600000:
		return a*28/10 - 80000
	case pay < 6600000:
		return a*32/10 - 440000
	case pay < 8500000:
		return pay*9/10 - 1100000
	default:
		return pay - 1950000
	}
}

func validate(in Input) []FieldError {
	var errs []FieldError
	if in.FiscalYear != 2026 {
		errs = append(errs, FieldError{"fiscal_year", "年度は2026(令和8年度)を指定してください", "fiscal_year must be 2026"})
	}
	if in.Income.Salary < 0 {
		errs = append(errs, FieldError{"income.salary", "給与収入は0以上の整数で入力してください", "salary must be a whole number of yen, 0 or more"})
	}
	if in.Deductions.SocialInsurance < 0 {
		errs = append(errs, FieldError{"deductions.social_insurance", "社会保険料は0以上の整数で入力してください", "social insurance must be a whole number of yen, 0 or more"})
	}
	return errs
}

func step(t *[]Step, id, label string, amount int64, formula, law string) {
	*t = append(*t, Step{ID: id, Label: label, Amount: strconv.FormatInt(amount, 10), Formula: formula, Law: law})
}
