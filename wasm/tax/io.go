// Package tax computes the Japanese individual resident tax (個人住民税: 市民税・県民税)
// and the 森林環境税 for one household and one fiscal year.
//
// The package is pure: no I/O, no clock, no package-level mutable state. Money is integer
// yen; rates are integer ratios, so every figure is exact. The same code runs natively (for
// the command line and the tests) and compiled to WebAssembly in the resident's browser.
package tax

//go:generate go run ./internal/codecgen

// Input is one household for one fiscal year (engine-io.md, contract v1).
type Input struct {
	FiscalYear   int         `json:"fiscal_year"`
	Municipality string      `json:"municipality"`
	Taxpayer     Person      `json:"taxpayer"`
	Income       Income      `json:"income"`
	Deductions   Deductions  `json:"deductions"`
	Spouse       *Relative   `json:"spouse"`
	Dependents   []Relative  `json:"dependents" codec:"max=maxDependents"`
	Credits      CreditInput `json:"credits"`
	// Collection describes how the tax was collected before (optional).
	Collection CollectionInput `json:"collection"`
}

// CollectionInput holds what the collection schedule needs beyond the assessment.
type CollectionInput struct {
	// PreviousPensionTax is the previous fiscal year's tax deducted from the pension for the
	// year (前年度の「公的年金等からの特別徴収税額」年税額, from last year's notice). 0 or
	// omitted: this is the first year of deduction from the pension (no 仮徴収).
	PreviousPensionTax int64 `json:"previous_pension_tax"`
}

// Person describes the taxpayer.
type Person struct {
	Age              int    `json:"age"`
	Disability       string `json:"disability"`
	Status           string `json:"status"`
	WorkingStudent   bool   `json:"working_student"`
	PublicAssistance bool   `json:"public_assistance"`
	// Sex is optional ("female", "male" or ""): it matters only for the 人的控除差 of
	// ひとり親 (母 50,000, 父 10,000; 地方税法37条1号イ). "" assumes 母 and says so.
	Sex string `json:"sex"`
}

// Income holds 給与収入, 公的年金等の収入金額 and the net income of the other kinds.
type Income struct {
	Salary        int64 `json:"salary"`
	Pension       int64 `json:"pension"`
	Business      int64 `json:"business"`
	RealEstate    int64 `json:"real_estate"`
	Miscellaneous int64 `json:"miscellaneous"`
	Dividends     int64 `json:"dividends"`
	// LossCarryforward is the 繰越控除 (純損失・雑損失) of earlier years: it lowers
	// 総所得金額等 but not 合計所得金額. Optional; used for the taxpayer only.
	LossCarryforward int64 `json:"loss_carryforward"`
	// LossCarryforwardYears is the same by the year each loss arose (last year's return, 付表),
	// at most the 3 previous years; with it the result says what is left to carry into next
	// year. Give this or LossCarryforward, not both.
	LossCarryforwardYears []LossYear `json:"loss_carryforward_years" codec:"max=maxLossYears"`
	// Occasional is 一時所得 (所得税法34条), e.g. a life-insurance maturity payout: the revenue
	// and the expenses spent to earn it (the premiums paid), from the 支払調書.
	Occasional Occasional `json:"occasional"`
	// CapitalGains is 総合課税の譲渡所得 (所得税法33条: not land, buildings or shares):
	// 譲渡価額 − 取得費 − 譲渡費用, held for 5 years or less (short_term) or longer.
	CapitalGains CapitalGains `json:"capital_gains"`
	// Timber is 山林所得 (所得税法32条): 総収入金額 − 必要経費, before the 500,000 special
	// deduction; negative for a loss.
	Timber int64 `json:"timber"`
	// Separate holds the 分離課税 incomes declared in the return (租税特別措置法). A 特定口座
	// with tax withheld that is left out of the return is entered nowhere.
	Separate Separate `json:"separate"`
}

// LossYear is a loss carried forward from the year it arose.
type LossYear struct {
	Year   int   `json:"year"`
	Amount int64 `json:"amount"`
}

// Occasional is 一時所得's revenue and expenses.
type Occasional struct {
	Revenue  int64 `json:"revenue"`
	Expenses int64 `json:"expenses"`
}

// CapitalGains are 総合課税の譲渡所得 by holding period (negative: a loss).
type CapitalGains struct {
	ShortTerm int64 `json:"short_term"`
	LongTerm  int64 `json:"long_term"`
}

// Separate are the 分離課税 incomes, each as 所得 (revenue − costs), from the papers a
// resident holds (特定口座年間取引報告書: 譲渡の対価 − 取得費等, 配当等の額).
type Separate struct {
	// ListedStockGains: 上場株式等に係る譲渡所得等 (措置法37条の11); negative for a loss, which
	// offsets ListedDividends (措置法37条の12の2).
	ListedStockGains int64 `json:"listed_stock_gains"`
	// ListedDividends: 上場株式等に係る配当所得等 declared under 申告分離課税 (措置法8条の4).
	ListedDividends int64 `json:"listed_dividends"`
	// ListedLossCarryforward: 上場株式等に係る譲渡損失の繰越控除 of the 3 previous years
	// (措置法37条の12の2第5項), taken from the gains, then the dividends.
	ListedLossCarryforward int64 `json:"listed_loss_carryforward"`
	// ListedLossCarryforwardYears is the same by year (3 previous years); this or the total.
	ListedLossCarryforwardYears []LossYear `json:"listed_loss_carryforward_years" codec:"max=maxLossYears"`
	// UnlistedStockGains: 一般株式等に係る譲渡所得等 (措置法37条の10); a loss counts as 0.
	UnlistedStockGains int64 `json:"unlisted_stock_gains"`
	// Futures: 先物取引に係る雑所得等 (措置法41条の14); a loss counts as 0.
	Futures int64 `json:"futures"`
	// LandShort and LandLong: 土地・建物等の譲渡所得 held for 5 years or less / longer (措置法32条・31条).
	LandShort LandGain `json:"land_short"`
	LandLong  LandGain `json:"land_long"`
}

// LandGain is one 土地・建物等 譲渡所得: the gain before 特別控除, the 特別控除 (3,000万円 for a
// home, 5,000万円 for 収用, …:措置法33条〜36条), and the reduced-rate kind if any:
// "residential" (長期: 居住用財産の軽減税率, 措置法31条の3), "good_housing" (長期: 優良住宅地等,
// 措置法31条の2), "public" (短期: 国・地方公共団体等への譲渡, 措置法32条3項).
type LandGain struct {
	Gain             int64  `json:"gain"`
	SpecialDeduction int64  `json:"special_deduction"`
	Kind             string `json:"kind"`
}

// Deductions are the amounts paid that give 所得控除.
type Deductions struct {
	SocialInsurance        int64               `json:"social_insurance"`
	SmallBusinessMutualAid int64               `json:"small_business_mutual_aid"`
	LifeInsurance          LifeInsurance       `json:"life_insurance"`
	EarthquakeInsurance    EarthquakeInsurance `json:"earthquake_insurance"`
	MedicalExpenses        MedicalExpenses     `json:"medical_expenses"`
	SelfMedication         int64               `json:"self_medication"`
	CasualtyLoss           int64               `json:"casualty_loss"`
	// WithholdingSlip is the salary 源泉徴収票's 社会保険料等の金額 as printed, which includes
	// (内書き) the 小規模企業共済等掛金 shown above it: the engine adds the difference to
	// social_insurance and the part to small_business_mutual_aid.
	WithholdingSlip WithholdingSlip `json:"withholding_slip"`
}

// WithholdingSlip holds the two boxes of the 源泉徴収票's 社会保険料等の金額 column.
type WithholdingSlip struct {
	SocialInsurance int64 `json:"social_insurance"` // 社会保険料等の金額 (the part included)
	SmallBusiness   int64 `json:"small_business"`   // 内 小規模企業共済等掛金の額
}

// LifeInsurance holds premiums paid by kind.
type LifeInsurance struct {
	GeneralNew  int64 `json:"general_new"`
	GeneralOld  int64 `json:"general_old"`
	CareMedical int64 `json:"care_medical"`
	PensionNew  int64 `json:"pension_new"`
	PensionOld  int64 `json:"pension_old"`
}

// EarthquakeInsurance holds 地震保険料 and 旧長期損害保険料 paid.
type EarthquakeInsurance struct {
	Earthquake  int64 `json:"earthquake"`
	LongTermOld int64 `json:"long_term_old"`
}

// MedicalExpenses holds medical costs paid and the part reimbursed.
type MedicalExpenses struct {
	Paid       int64 `json:"paid"`
	Reimbursed int64 `json:"reimbursed"`
}

// Relative is the spouse or a dependent.
type Relative struct {
	Age             int    `json:"age"`
	Disability      string `json:"disability"`
	LivingTogether  bool   `json:"living_together"`
	LinealAscendant bool   `json:"lineal_ascendant"`
	// BusinessEmployee: paid as a 事業専従者 (青色 or 白色) of the taxpayer's business; such a
	// relative is neither 同一生計配偶者 nor 扶養親族 (所得税法2条1項33号・34号, 地方税法292条1項7号・9号).
	BusinessEmployee bool   `json:"business_employee"`
	Income           Income `json:"income"`
}

// CreditInput holds what gives 税額控除.
type CreditInput struct {
	Donations   Donations   `json:"donations"`
	HousingLoan HousingLoan `json:"housing_loan"`
	Withheld    Withheld    `json:"withheld"`
	ForeignTax  ForeignTax  `json:"foreign_tax"`
}

// ForeignTax is 外国税額控除 as the 所得税 return's 外国税額控除に関する明細書 gives it: the
// foreign tax paid, the 所得税 控除限度額, and what 所得税 and 復興特別所得税 already credited. The
// rest is credited against 県民税 up to the limit × 12% and then 市民税 up to × 18% (指定都市
// 6% / 24%; 地方税法37条の3・314条の8, 施行令9条の7・48条の9の2).
type ForeignTax struct {
	Paid             int64 `json:"paid"`
	IncomeTaxLimit   int64 `json:"income_tax_limit"`
	NationalCredited int64 `json:"national_credited"`
}

// Withheld is the 住民税 (5%) withheld on declared 上場株式等 income, from the 特定口座年間取引報告書
// (源泉徴収税額 住民税): 配当割 on dividends, 株式等譲渡所得割 on gains. Declared, it is credited
// (地方税法37条の4・314条の9, 37条の3・314条の8): 県 2/5, 市 3/5.
type Withheld struct {
	DividendLevy int64 `json:"dividend_levy"`
	StockLevy    int64 `json:"stock_levy"`
}

// Donations are the year's donations.
type Donations struct {
	Furusato       int64 `json:"furusato"`
	OneStop        bool  `json:"one_stop"`
	PrefDesignated int64 `json:"pref_designated"`
	MuniDesignated int64 `json:"muni_designated"`
}

// HousingLoan is the year's 住宅借入金等特別控除.
type HousingLoan struct {
	Credit     int64 `json:"credit"`
	MoveInYear int   `json:"move_in_year"`
}

// Result is the full assessment (engine-io.md, contract v1).
type Result struct {
	FiscalYear        int            `json:"fiscal_year"`
	IncomeYear        int            `json:"income_year"`
	Municipality      MunicipalityID `json:"municipality"`
	SalaryIncome      int64          `json:"salary_income"`
	PensionIncome     int64          `json:"pension_income"`
	TotalIncome       int64          `json:"total_income"`
	TotalIncomeForTax int64          `json:"total_income_for_tax"`
	DeductionsTotal   int64          `json:"deductions_total"`
	TaxableIncome     int64          `json:"taxable_income"`
	AdjustmentCredit  Split          `json:"adjustment_credit"`
	DonationCredit    Split          `json:"donation_credit"`
	HousingLoanCredit Split          `json:"housing_loan_credit"`
	DividendCredit    Split          `json:"dividend_credit"`
	// WithheldCredit is the 配当割額控除・株式等譲渡所得割額控除 taken from each 所得割 (and,
	// beyond it, from the 均等割); WithheldRefund what is left over (還付・充当).
	ForeignTaxCredit Split `json:"foreign_tax_credit"`
	WithheldCredit   Split `json:"withheld_credit"`
	WithheldRefund   int64 `json:"withheld_refund"`
	// OccasionalIncome is 一時所得 after its 500,000 special deduction (half of it enters
	// 総所得金額); Separate the 分離課税 課税標準 and their 算出所得割, in statutory order.
	OccasionalIncome int64 `json:"occasional_income"`
	// CarryforwardNext is what can be carried into next year's return, by kind ("loss":
	// 純損失・雑損失, "listed": 上場株式等の譲渡損失) and the year it arose: what this year did not
	// use of losses still within 3 years, and this year's own loss (a 純損失 only for a 青色
	// filer). Empty unless the input gave its carry-forwards by year or a loss arose.
	CarryforwardNext []LossCarry    `json:"carryforward_next"`
	Separate         []SeparateLine `json:"separate"`
	City             Levy           `json:"city"`
	Prefecture       Levy           `json:"prefecture"`
	ForestTax        int64          `json:"forest_environment_tax"`
	Total            int64          `json:"total"`
	NonTaxable       NonTaxable     `json:"non_taxable"`
	Installments     Installments   `json:"installments"`
	IncomeTax        IncomeTax      `json:"income_tax"`
	FurusatoLimit    int64          `json:"furusato_limit"`
	// FurusatoOwnCost is the exact own cost (円) of donating FurusatoLimit: 2,000 where the
	// 住民税 and 所得税 brackets agree, a little more where the law makes it so (§14.4).
	FurusatoOwnCost string `json:"furusato_own_cost"`
	// FurusatoResident and FurusatoIncomeTax split what a donation of FurusatoLimit gives back:
	// the 住民税 credit and the 所得税 (incl. 復興特別所得税) refund of a 確定申告. With one_stop
	// the second is 0 and the first includes the 申告特例控除 (地方税法附則5条の7).
	FurusatoResident  int64 `json:"furusato_resident"`
	FurusatoIncomeTax int64 `json:"furusato_income_tax"`
	// Declaration is what the 市民税・県民税申告書 carries for this household, line by line,
	// with where the 確定申告書 carries the same figure (for those who file with the 税務署).
	Declaration  []DeclarationLine `json:"declaration"`
	Steps        []Step            `json:"steps"`
	RulesVersion string            `json:"rules_version"`
	Provisional  bool              `json:"provisional"`
	Era          string            `json:"era"`
	Assumptions  []Assumption      `json:"assumptions"`
	Notes        []Note            `json:"notes"`
}

// DeclarationLine is one line of the 市民税・県民税申告書 (地方税法317条の2, 施行規則第5号の2様式)
// in the form's order. Section is "revenue" (収入金額等), "income" (所得金額等), "deduction"
// (所得から差し引かれる金額), "separate" (分離課税等), "family" (配偶者や親族に関する事項),
// "resident" (住民税に関する事項: 寄附金, 配当割額・株式等譲渡所得割額) or "income_tax" (税金の計算,
// on the 確定申告書 only).
type DeclarationLine struct {
	Section string `json:"section"`
	ID      string `json:"id"`
	Label   string `json:"label"`
	LabelEn string `json:"label_en"`
	// Amount is the figure this form carries (0: the box stays empty). Hand: the engine was
	// not given it (a revenue where the input is the income): written from the papers.
	Amount int64 `json:"amount"`
	Hand   bool  `json:"hand"`
	// Return names the 確定申告書's page, section and box that carry the figure, and
	// ReturnAmount what goes there: the 所得税 amount where the two taxes differ (人的控除,
	// 保険料控除). ReturnOnly: the line is on the 確定申告書 only (no Amount).
	Return       string `json:"return"`
	ReturnEn     string `json:"return_en"`
	ReturnAmount int64  `json:"return_amount"`
	ReturnOnly   bool   `json:"return_only"`
}

// LossCarry is one loss that can be carried into next year.
type LossCarry struct {
	Kind   string `json:"kind"`
	Year   int    `json:"year"`
	Amount int64  `json:"amount"`
}

// SeparateLine is one 課税標準 taxed apart from 課税総所得金額: its kind, its 所得 after
// 損益通算 and 特別控除, the 所得控除 taken from it, the 課税標準 (1,000-yen floor) and the
// 算出所得割 of each tax (exact decimals).
type SeparateLine struct {
	Kind       string `json:"kind"`
	Label      string `json:"label"`
	LabelEn    string `json:"label_en"`
	Income     int64  `json:"income"`
	Deduction  int64  `json:"deduction"`
	Taxable    int64  `json:"taxable"`
	City       string `json:"city"`
	Prefecture string `json:"prefecture"`
}

// Assumption is a rule the law has not settled (tax-rules.md: UNSURE) that this result used:
// its documented default, so the reader knows which figures may still move.
type Assumption struct {
	ID      string `json:"id"`
	Label   string `json:"label"`
	LabelEn string `json:"label_en"`
	Value   string `json:"value"`
	ValueEn string `json:"value_en"`
	Source  string `json:"source"`
}

// Note is a remark on this household's result (an input read in a particular way, a
// condition not met).
type Note struct {
	ID        string `json:"id"`
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
}

// MunicipalityID names the municipality by its 全国地方公共団体コード.
type MunicipalityID struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	NameEn     string `json:"name_en"`
	Prefecture string `json:"prefecture"`
	Designated bool   `json:"designated"`
}

// Split is a figure divided between 市 and 県.
type Split struct {
	City       int64 `json:"city"`
	Prefecture int64 `json:"prefecture"`
}

// Levy is one tax's 所得割 (after credits and rounding) and 均等割.
type Levy struct {
	IncomeLevy int64 `json:"income_levy"`
	PerCapita  int64 `json:"per_capita"`
	Total      int64 `json:"total"`
	// Calculated is the 算出所得割 (課税総所得金額 × rate) and BeforeRounding the 所得割
	// after every credit, before the 100-yen floor: exact decimals.
	Calculated     string `json:"calculated"`
	BeforeRounding string `json:"before_rounding"`
}

// NonTaxable says whether and why a part of the tax is not levied.
type NonTaxable struct {
	PerCapita  bool   `json:"per_capita"`
	IncomeLevy bool   `json:"income_levy"`
	Reason     string `json:"reason"`
	ReasonEn   string `json:"reason_en"`
	Code       string `json:"code"`
	// PerCapitaLimit and IncomeLevyLimit are this household's non-taxable lines (円).
	PerCapitaLimit  int64 `json:"per_capita_limit"`
	IncomeLevyLimit int64 `json:"income_levy_limit"`
	Household       int   `json:"household_count"`
}

// Installments are the payment schedules.
type Installments struct {
	Special        []int64 `json:"special"`
	Ordinary       []int64 `json:"ordinary"`
	OrdinaryMonths []int   `json:"ordinary_months"`
	// OrdinaryDue is each 普通徴収 instalment's 納期限 (YYYY-MM-DD): the month's last day,
	// moved past weekends, holidays and 12/29–1/3 (地方税法20条の5第2項).
	OrdinaryDue []string          `json:"ordinary_due"`
	Pension     PensionCollection `json:"pension"`
	// Method is how this household's tax is collected first: "salary" (the employer deducts
	// it from the salary, 給与からの特別徴収, 地方税法321条の3), "pension" (deducted from the
	// pension, 321条の7の2), "ordinary" (paid by the resident in instalments, 普通徴収, 319条・
	// 320条) or "none" (no tax). With a salary and a pension both apply: Pension.Split says
	// which part goes where.
	Method string `json:"method"`
}

// PensionCollection is the 公的年金からの特別徴収 (tax-rules.md §12.3) of the tax on the
// pension, and how the rest of the year's tax is collected.
type PensionCollection struct {
	Applies bool `json:"applies"`
	// Reason says why it does not apply: "no_pension", "age" (under 65), "pension_amount"
	// (under 180,000 a year), "no_tax" (no tax falls on the pension).
	Reason    string `json:"reason"`
	FirstYear bool   `json:"first_year"` // no 仮徴収: June and August by 普通徴収
	// Annual is the tax on the pension (年金分の年税額) = IncomeLevy + PerCapita.
	Annual     int64 `json:"annual"`
	IncomeLevy int64 `json:"income_levy"` // 所得割 × 年金所得 / 合計所得金額
	PerCapita  int64 `json:"per_capita"`  // 均等割 + 森林環境税 when no salary carries them
	Previous   int64 `json:"previous"`    // the input's previous_pension_tax
	// The blocks: 仮徴収 (Apr/Jun/Aug), 本徴収 (Oct/Dec/Feb), first-year 普通徴収 (Jun/Aug).
	ProvisionalTotal int64 `json:"provisional_total"`
	RegularTotal     int64 `json:"regular_total"`
	OrdinaryTotal    int64 `json:"ordinary_total"`
	// Refund is what the 仮徴収 took beyond this year's tax on the pension.
	Refund   int64                `json:"refund"`
	Schedule []PensionInstallment `json:"schedule"`
	Split    CollectionSplit      `json:"split"`
	// SalarySpecial is Split.Salary by month June … May; OrdinaryRest is Split.Ordinary in
	// the 4 普通徴収 instalments (null when that part is 0 by construction).
	SalarySpecial []int64 `json:"salary_special"`
	OrdinaryRest  []int64 `json:"ordinary_rest"`
}

// PensionInstallment is one collection of the tax on the pension.
type PensionInstallment struct {
	Year  int `json:"year"`
	Month int `json:"month"`
	// Date is the pension payment day (15th, earlier when closed) the tax is deducted
	// from, or for kind "ordinary" the 納期限.
	Date   string `json:"date"`
	Kind   string `json:"kind"` // "ordinary", "provisional" (仮徴収), "regular" (本徴収)
	Amount int64  `json:"amount"`
}

// CollectionSplit divides the year's tax by how it is collected (sums to total).
type CollectionSplit struct {
	Salary   int64 `json:"salary"`   // 給与からの特別徴収
	Pension  int64 `json:"pension"`  // the tax on the pension (first year: partly 普通徴収)
	Ordinary int64 `json:"ordinary"` // 普通徴収 of the rest
}

// IncomeTax is the national income tax as far as the resident tax needs it.
type IncomeTax struct {
	TaxableIncome   int64  `json:"taxable_income"`
	Tax             int64  `json:"tax"`
	MarginalRate    string `json:"marginal_rate"`
	DeductionsTotal int64  `json:"deductions_total"`
	BasicDeduction  int64  `json:"basic_deduction"`
	Calculated      int64  `json:"calculated"`
	HousingLoan     int64  `json:"housing_loan_credit"`
	Reconstruction  int64  `json:"reconstruction"`
}

// Step is one line of the calculation trace.
type Step struct {
	ID      string `json:"id"`
	Label   string `json:"label"`
	LabelEn string `json:"label_en"`
	Amount  string `json:"amount"`
	Formula string `json:"formula"`
	Law     string `json:"law"`
}

// CurvePoint is the tax of one household at one salary (zeisim.curve).
type CurvePoint struct {
	Salary     int64 `json:"salary"`
	City       int64 `json:"city"`
	Prefecture int64 `json:"prefecture"`
	Forest     int64 `json:"forest"`
	Total      int64 `json:"total"`
}

// FieldError is one rejected input field.
type FieldError struct {
	Field     string `json:"field"`
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
}

// ValidationError lists every rejected field of one input at once.
type ValidationError struct {
	Errors []FieldError `json:"errors"`
}

func (e *ValidationError) Error() string {
	if len(e.Errors) == 0 {
		return "invalid input"
	}
	return e.Errors[0].Field + ": " + e.Errors[0].MessageEn
}
