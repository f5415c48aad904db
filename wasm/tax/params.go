package tax

// The dated parameters of the engine. Every figure that changes with the fiscal year or the
// municipality lives here as a value with its citation; the pipeline code holds none. Adding
// a fiscal year means adding one yearParams value (and tests); adding a municipality means
// adding one muniProfile. The tables are built once and never written (no mutable state).

// Conf is the confidence of a parameter, as tagged in tax-rules.md §0.
type Conf string

const (
	Confirmed Conf = "CONFIRMED"
	Likely    Conf = "LIKELY"
	Unsure    Conf = "UNSURE"
)

// P is a dated amount of yen with its legal source.
type P struct {
	V   int64
	Law string
}

// Rate is an exact rate n/d with its legal source.
type Rate struct {
	N, D int64
	Law  string
}

func (r Rate) rat() rat { return frac(r.N, r.D) }

// tier is one row of a table keyed by an income: the row applies while income ≤ Upto
// (Upto < 0 means no upper bound).
type tier struct {
	Upto int64
	V    int64
}

func lookupTier(rows []tier, income int64) int64 {
	for _, r := range rows {
		if r.Upto < 0 || income <= r.Upto {
			return r.V
		}
	}
	return 0
}

// yearParams are the national rules of one fiscal year (年度).
type yearParams struct {
	FY          int
	IncomeYear  int
	Era         string // 令和8年度
	EraEn       string
	Provisional bool

	Salary salaryTable // 給与所得 (所得税法28条・別表第五 of the income year)

	RelativeLimit       P // 同一生計配偶者・扶養親族・ひとり親の子: 合計所得金額 ≤
	WorkingStudentLimit P // 勤労学生: 合計所得金額 ≤
	SingleParent        P // ひとり親控除 (住民税)
	TokuteiShinzoku     bool
	TokuteiShinzokuLaw  string

	// 寄附金 特例控除の 人的控除差調整額 adds max(0, 所得税の基礎控除 − 480,000) (地方税法37条の2第11項).
	KisoDiffForDonation     bool
	KisoDiffForDonationConf Conf
	// 住宅借入金等特別税額控除 cap base adds the same difference for 入居 2016–2025.
	HousingCapBasePlus bool
	HousingLastMoveIn  int // latest 入居 year eligible for the 住民税 credit
	HousingLastLaw     string

	// 定額減税 residual of FY2025 (令和6年度税制改正 地方税法附則5条の13).
	TeigakuResidual P

	// 調整控除 人的控除差 for 配偶者特別控除 (地方税法37条1号イ(7)): spouse income bands.
	SpouseSpecialDiff [2]spouseDiffBand
	SpouseDiffConf    Conf

	IncomeTax incomeTaxYear

	// LifeYoung: 所得税 only, 令和8年分 only (令和7年度税制改正, 所得税法等の一部を改正する法律
	// 令和7年法律第13号 による租税特別措置法の改正): a taxpayer with a 扶養親族 under 23 deducts the
	// 新生命保険料 of the 一般 category up to 60,000 instead of 40,000 (lifeNewITYoung).
	LifeYoung P
}

// spouseDiffBand: spouse 合計所得金額 in (From, To) (From exclusive when FromExcl) gives the
// 人的控除差 by the taxpayer's column (≤900万, ≤950万, ≤1,000万).
type spouseDiffBand struct {
	From, To int64 // From < income < To, or From ≤ income when FromIncl
	FromIncl bool
	Diff     [3]int64
}

// incomeTaxYear holds the 所得税 figures of the income year that the resident tax needs.
type incomeTaxYear struct {
	Year int
	Kiso []tier // 基礎控除 by 合計所得金額 (所得税法86条, 措置法41条の16の2)
	Law  string
}

// years is the table of supported fiscal years.
var years = [...]yearParams{
	{
		FY: 2025, IncomeYear: 2024, Era: "令和7年度", EraEn: "FY2025 (Reiwa 7)",
		Salary:              salary2024,
		RelativeLimit:       P{480000, "地方税法23条1項7号・292条1項7号 (令和6年分所得: 48万円)"},
		WorkingStudentLimit: P{750000, "地方税法292条1項11号 (75万円)"},
		SingleParent:        P{300000, "地方税法314条の2第1項8号の2"},
		KisoDiffForDonation: false, KisoDiffForDonationConf: Confirmed,
		HousingCapBasePlus: false,
		HousingLastMoveIn:  2025, HousingLastLaw: "地方税法附則5条の4の2 (入居 平成21年〜令和7年)",
		TeigakuResidual: P{10000, "地方税法附則5条の13 (令和7年度分 定額減税: 同一生計配偶者 1万円)"},
		SpouseSpecialDiff: [2]spouseDiffBand{
			{From: 480000, To: 500000, Diff: [3]int64{50000, 40000, 20000}},
			{From: 500000, To: 550000, FromIncl: true, Diff: [3]int64{30000, 20000, 10000}},
		},
		SpouseDiffConf: Confirmed,
		IncomeTax: incomeTaxYear{Year: 2024, Law: "所得税法86条 (令和6年分)", Kiso: []tier{
			{24000000, 480000}, {24500000, 320000}, {25000000, 160000}, {-1, 0}}},
	},
	{
		FY: 2026, IncomeYear: 2025, Era: "令和8年度", EraEn: "FY2026 (Reiwa 8)",
		Salary:              salary2025,
		RelativeLimit:       P{580000, "地方税法292条1項7号・9号 (令和7年度改正: 58万円)"},
		WorkingStudentLimit: P{850000, "地方税法292条1項11号 (令和7年度改正: 85万円)"},
		SingleParent:        P{300000, "地方税法314条の2第1項8号の2"},
		TokuteiShinzoku:     true, TokuteiShinzokuLaw: "地方税法34条1項12号・314条の2第1項11号の2 (特定親族特別控除)",
		KisoDiffForDonation: true, KisoDiffForDonationConf: Likely,
		HousingCapBasePlus: true,
		HousingLastMoveIn:  2025, HousingLastLaw: "地方税法附則5条の4の2 (入居 平成21年〜令和7年)",
		SpouseSpecialDiff: [2]spouseDiffBand{
			{From: 580000, To: 600000, Diff: [3]int64{50000, 40000, 20000}},
			{From: 600000, To: 650000, FromIncl: true, Diff: [3]int64{30000, 20000, 10000}},
		},
		SpouseDiffConf: Unsure,
		IncomeTax: incomeTaxYear{Year: 2025, Law: "所得税法86条・措置法41条の16の2 (令和7年分)", Kiso: []tier{
			{1320000, 950000}, {3360000, 880000}, {4890000, 680000}, {6550000, 630000},
			{23500000, 580000}, {24000000, 480000}, {24500000, 320000}, {25000000, 160000}, {-1, 0}}},
	},
	{
		FY: 2027, IncomeYear: 2026, Era: "令和9年度", EraEn: "FY2027 (Reiwa 9)", Provisional: true,
		Salary:              salary2026,
		RelativeLimit:       P{620000, "地方税法292条1項7号・9号 (令和8年度改正: 62万円, 令和9年度分から)"},
		WorkingStudentLimit: P{890000, "地方税法292条1項11号 (令和8年度改正: 89万円)"},
		SingleParent:        P{300000, "地方税法314条の2第1項8号の2 (33万円は令和10年度分から)"},
		TokuteiShinzoku:     true, TokuteiShinzokuLaw: "地方税法34条1項12号・314条の2第1項11号の2 (特定親族特別控除, 62万円超)",
		KisoDiffForDonation: true, KisoDiffForDonationConf: Likely,
		HousingCapBasePlus: true,
		HousingLastMoveIn:  2026, HousingLastLaw: "地方税法附則5条の4の2 (令和8年度改正: 入居 令和12年まで)",
		SpouseSpecialDiff: [2]spouseDiffBand{
			{From: 580000, To: 600000, Diff: [3]int64{50000, 40000, 20000}},
			{From: 600000, To: 650000, FromIncl: true, Diff: [3]int64{30000, 20000, 10000}},
		},
		SpouseDiffConf: Unsure,
		IncomeTax: incomeTaxYear{Year: 2026, Law: "所得税法86条・措置法41条の16の2 (令和8年度改正, 令和8年分)", Kiso: []tier{
			{4890000, 1040000}, {6550000, 670000},
			{23500000, 620000}, {24000000, 480000}, {24500000, 320000}, {25000000, 160000}, {-1, 0}}},
		LifeYoung: P{60000, "所得税法76条・租税特別措置法 (令和7年法律第13号: 令和8年分に限り、23歳未満の扶養親族がある場合の一般生命保険料控除 新契約 上限6万円)"},
	},
}

func lookupYear(fy int) (*yearParams, bool) {
	i := yearIndex(fy)
	if i < 0 {
		return nil, false
	}
	return &years[i], true
}

func yearIndex(fy int) int {
	for i := range years {
		if years[i].FY == fy {
			return i
		}
	}
	return -1
}

// muniProfile is one municipality: rates, 均等割, 級地, the 指定都市 split and the
// 普通徴収 months. Per-year values come from muniYear.
type muniProfile struct {
	Code, Name, NameEn     string
	Pref, PrefEn           string
	CityWord, PrefWord     string // 市民税 / 特別区民税, 県民税 / 都民税
	CityWordEn, PrefWordEn string
	Designated             bool // 指定都市: 8% / 2% split and the 4:1 credit shares
	Kyuchi                 int  // 級地 for the 均等割 non-taxable limit
	KyuchiLaw              string
	OrdinaryMonths         [4]int
	OrdinaryMonthsConf     Conf
	Years                  func(fy int) muniYear
}

// muniYear holds the rates that may change by fiscal year.
type muniYear struct {
	CityRate, PrefRate           Rate // 所得割 (総合課税)
	PrefSurcharge                Rate // the 超過課税 inside PrefRate (水源環境保全税), not added to 分離課税 income
	CityPerCapita, PrefPerCapita P    // 均等割
	Forest                       P    // 森林環境税
	Assumptions                  []string
}

const forestLaw = "森林環境税及び森林環境譲与税に関する法律4条・5条 (令和6年度から 1,000円)"

// kanagawaSuigen is the 水源環境保全税 (神奈川県 個人県民税の超過課税: 均等割 +300, 所得割
// +0.025%), 令和4年度〜令和8年度. Whether it continues in FY2027 is UNSURE (tax-rules.md §2):
// the default assumes it continues unchanged and the result lists the assumption.
func kanagawaSuigen(fy int) (perCapita int64, rate Rate, assumed bool) {
	if fy <= 2026 {
		return 300, Rate{25, 100000, "神奈川県県税条例 (水源環境保全税 令和4〜8年度: 0.025%)"}, false
	}
	return 300, Rate{25, 100000, "神奈川県 水源環境保全税 (令和9年度以降は未確定: 継続と仮定)"}, true
}

var municipalities = [...]muniProfile{
	{
		Code: "142051", Name: "藤沢市", NameEn: "Fujisawa", Pref: "神奈川県", PrefEn: "Kanagawa",
		CityWord: "市民税", PrefWord: "県民税", CityWordEn: "city tax", PrefWordEn: "prefectural tax",
		Kyuchi: 1, KyuchiLaw: "地方税法施行令47条の3 (藤沢市: 生活保護 1級地-1 → 1級地)",
		OrdinaryMonths: [4]int{6, 8, 10, 1}, OrdinaryMonthsConf: Unsure,
		Years: func(fy int) muniYear {
			pc, sr, assumed := kanagawaSuigen(fy)
			y := muniYear{
				CityRate:      Rate{6, 100, "地方税法314条の3 (市民税 6%)"},
				PrefRate:      Rate{4000 + sr.N, 100000, "地方税法35条 4% + " + sr.Law},
				PrefSurcharge: sr,
				CityPerCapita: P{3000, "地方税法310条 (市民税 均等割 3,000円)"},
				PrefPerCapita: P{1000 + pc, "地方税法38条 1,000円 + 水源環境保全税 300円"},
				Forest:        P{1000, forestLaw},
			}
			if assumed {
				y.Assumptions = append(y.Assumptions, "suigen_fy2027")
			}
			return y
		},
	},
	{
		Code: "141003", Name: "横浜市", NameEn: "Yokohama", Pref: "神奈川県", PrefEn: "Kanagawa",
		CityWord: "市民税", PrefWord: "県民税", CityWordEn: "city tax", PrefWordEn: "prefectural tax",
		Designated: true,
		Kyuchi:     1, KyuchiLaw: "地方税法施行令47条の3 (横浜市: 1級地)",
		OrdinaryMonths: [4]int{6, 8, 10, 1}, OrdinaryMonthsConf: Likely,
		Years: func(fy int) muniYear {
			pc, sr, assumed := kanagawaSuigen(fy)
			y := muniYear{
				CityRate:      Rate{8, 100, "地方税法314条の3第2項 (指定都市 市民税 8%)"},
				PrefRate:      Rate{2000 + sr.N, 100000, "地方税法35条2項 (指定都市 県民税 2%) + " + sr.Law},
				PrefSurcharge: sr,
				CityPerCapita: P{3900, "地方税法310条 3,000円 + 横浜みどり税 900円 (令和6〜10年度)"},
				PrefPerCapita: P{1000 + pc, "地方税法38条 1,000円 + 水源環境保全税 300円"},
				Forest:        P{1000, forestLaw},
			}
			if assumed {
				y.Assumptions = append(y.Assumptions, "suigen_fy2027")
			}
			return y
		},
	},
	{
		Code: "131121", Name: "世田谷区", NameEn: "Setagaya", Pref: "東京都", PrefEn: "Tokyo",
		CityWord: "特別区民税", PrefWord: "都民税", CityWordEn: "special ward tax", PrefWordEn: "metropolitan tax",
		Kyuchi: 1, KyuchiLaw: "地方税法施行令47条の3 (東京都特別区: 1級地)",
		OrdinaryMonths: [4]int{6, 8, 10, 1}, OrdinaryMonthsConf: Likely,
		Years: func(fy int) muniYear {
			return muniYear{
				CityRate:      Rate{6, 100, "地方税法314条の3 (特別区民税 6%)"},
				PrefRate:      Rate{4, 100, "地方税法35条 (都民税 4%)"},
				CityPerCapita: P{3000, "地方税法310条 (特別区民税 均等割 3,000円)"},
				PrefPerCapita: P{1000, "地方税法38条 (都民税 均等割 1,000円)"},
				Forest:        P{1000, forestLaw},
			}
		},
	},
}

func lookupMuni(code string) (*muniProfile, bool) {
	i := muniIndex(code)
	if i < 0 {
		return nil, false
	}
	return &municipalities[i], true
}

func muniIndex(code string) int {
	for i := range municipalities {
		if municipalities[i].Code == code {
			return i
		}
	}
	return -1
}

// muniYears is every profile's muniYear for every supported year, built once at start-up:
// Years composes citations at run time, which an assessment (or a curve point) should not
// pay for. Never written after initialisation.
var muniYears = func() (t [len(municipalities)][len(years)]muniYear) {
	for i := range municipalities {
		for j := range years {
			t[i][j] = municipalities[i].Years(years[j].FY)
		}
	}
	return t
}()

// shares are the statutory fractions that depend only on whether the city is a 指定都市.
type shares struct {
	ChoseiCity, ChoseiPref     Rate // 調整控除 3% / 2% (指定都市 4% / 1%)
	KifuCity, KifuPref         Rate // 寄附金 基本控除 6% / 4% (8% / 2%)
	SplitCity, SplitPref       Rate // 特例控除・住宅ローン 3/5 / 2/5 (4/5 / 1/5)
	DivHighCity, DivHighPref   Rate // 配当控除 ≤1,000万 part
	DivLowCity, DivLowPref     Rate // 配当控除 >1,000万 part
	AdjMeasureCity             Rate // 調整措置 市 6/10 (8/10)
	AdjMeasurePref             Rate // 県 4/10 (2/10)
	Housing5City, Housing5Pref Rate // 住宅ローン 5% cap base share 3% / 2% (4% / 1%)
	Housing5CapCity            int64
	Housing5CapPref            int64
	Housing7City, Housing7Pref Rate // 7% case 4.2% / 2.8% (5.6% / 1.4%)
	Housing7CapCity            int64
	Housing7CapPref            int64
}

var standardShares = shares{
	ChoseiCity: Rate{3, 100, "地方税法314条の6 (調整控除 3%)"}, ChoseiPref: Rate{2, 100, "地方税法37条 (調整控除 2%)"},
	KifuCity: Rate{6, 100, "地方税法314条の7第1項 (基本控除 6%)"}, KifuPref: Rate{4, 100, "地方税法37条の2第1項 (基本控除 4%)"},
	SplitCity: Rate{3, 5, "地方税法314条の7 (5分の3)"}, SplitPref: Rate{2, 5, "地方税法37条の2 (5分の2)"},
	DivHighCity: Rate{16, 1000, "地方税法附則5条1項 (市 1.6%)"}, DivHighPref: Rate{12, 1000, "地方税法附則5条1項 (県 1.2%)"},
	DivLowCity: Rate{8, 1000, "地方税法附則5条1項 (市 0.8%)"}, DivLowPref: Rate{6, 1000, "地方税法附則5条1項 (県 0.6%)"},
	AdjMeasureCity: Rate{6, 10, "地方税法附則3条の3第5項 (市 10分の6)"}, AdjMeasurePref: Rate{4, 10, "地方税法附則3条の3第2項 (県 10分の4)"},
	Housing5City: Rate{3, 100, "地方税法附則5条の4の2 (3%)"}, Housing5Pref: Rate{2, 100, "地方税法附則5条の4の2 (2%)"},
	Housing5CapCity: 58500, Housing5CapPref: 39000,
	Housing7City: Rate{42, 1000, "地方税法附則5条の4の2 (4.2%)"}, Housing7Pref: Rate{28, 1000, "地方税法附則5条の4の2 (2.8%)"},
	Housing7CapCity: 81900, Housing7CapPref: 54600,
}

var designatedShares = shares{
	ChoseiCity: Rate{4, 100, "地方税法314条の6 (指定都市 調整控除 4%)"}, ChoseiPref: Rate{1, 100, "地方税法37条 (指定都市 調整控除 1%)"},
	KifuCity: Rate{8, 100, "地方税法314条の7第1項 (指定都市 基本控除 8%)"}, KifuPref: Rate{2, 100, "地方税法37条の2第1項 (指定都市 基本控除 2%)"},
	SplitCity: Rate{4, 5, "地方税法314条の7 (指定都市 5分の4)"}, SplitPref: Rate{1, 5, "地方税法37条の2 (指定都市 5分の1)"},
	DivHighCity: Rate{224, 10000, "地方税法附則5条 (指定都市 市 2.24%)"}, DivHighPref: Rate{56, 10000, "地方税法附則5条 (指定都市 県 0.56%)"},
	DivLowCity: Rate{112, 10000, "地方税法附則5条 (指定都市 市 1.12%)"}, DivLowPref: Rate{28, 10000, "地方税法附則5条 (指定都市 県 0.28%)"},
	AdjMeasureCity: Rate{8, 10, "地方税法附則3条の3第5項 (指定都市 市 10分の8)"}, AdjMeasurePref: Rate{2, 10, "地方税法附則3条の3第2項 (指定都市 県 10分の2)"},
	Housing5City: Rate{4, 100, "地方税法附則5条の4の2 (指定都市 4%)"}, Housing5Pref: Rate{1, 100, "地方税法附則5条の4の2 (指定都市 1%)"},
	Housing5CapCity: 78000, Housing5CapPref: 19500,
	Housing7City: Rate{56, 1000, "地方税法附則5条の4の2 (指定都市 5.6%)"}, Housing7Pref: Rate{14, 1000, "地方税法附則5条の4の2 (指定都市 1.4%)"},
	Housing7CapCity: 109200, Housing7CapPref: 27300,
}

func (m *muniProfile) shares() *shares {
	if m.Designated {
		return &designatedShares
	}
	return &standardShares
}

// kyuchiFactor is the 均等割 non-taxable amount per head and the dependant addition by 級地
// (地方税法295条3項, 施行令47条の3, 施行規則9条の21): 1級地 350,000 / 210,000.
func kyuchiFactor(k int) (perHead, add int64) {
	switch k {
	case 2:
		return 315000, 189000
	case 3:
		return 280000, 168000
	}
	return 350000, 210000
}
