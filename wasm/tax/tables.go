package tax

// Statutory tables that do not change between FY2025 and FY2027 (tax-rules.md §4, §7, §14).
// Year-dependent values are in params.go.

// insRow: while premium ≤ Upto (Upto < 0: above every row), deduction = ceil(p × Num/Den) + Add.
type insRow struct {
	Upto     int64
	Num, Den int64
	Add      int64
}

func insurance(rows []insRow, p int64) int64 {
	if p <= 0 {
		return 0
	}
	for _, r := range rows {
		if r.Upto < 0 || p <= r.Upto {
			if r.Num == 0 {
				return r.Add
			}
			return frac(mul64(p, r.Num), r.Den).ceil() + r.Add
		}
	}
	return 0
}

// 生命保険料控除 (住民税: 地方税法314条の2第1項10号・34条1項10号; 所得税: 所得税法76条).
// Fractions are rounded up to the yen (tax-rules.md §4.2, LIKELY).
var (
	lifeNewResident = []insRow{{12000, 1, 1, 0}, {32000, 1, 2, 6000}, {56000, 1, 4, 14000}, {-1, 0, 1, 28000}}
	lifeOldResident = []insRow{{15000, 1, 1, 0}, {40000, 1, 2, 7500}, {70000, 1, 4, 17500}, {-1, 0, 1, 35000}}
	lifeNewIT       = []insRow{{20000, 1, 1, 0}, {40000, 1, 2, 10000}, {80000, 1, 4, 20000}, {-1, 0, 1, 40000}}
	lifeOldIT       = []insRow{{25000, 1, 1, 0}, {50000, 1, 2, 12500}, {100000, 1, 4, 25000}, {-1, 0, 1, 50000}}
	// 令和8年分の所得税, 23歳未満の扶養親族がある場合の新契約 一般生命保険料 (yearParams.LifeYoung).
	lifeNewITYoung = []insRow{{30000, 1, 1, 0}, {60000, 1, 2, 15000}, {120000, 1, 4, 30000}, {-1, 0, 1, 60000}}

	// 地震保険料控除 (地方税法314条の2第1項10号の2; 所得税法77条): 旧長期損害保険料.
	longTermOldResident = []insRow{{5000, 1, 1, 0}, {15000, 1, 2, 2500}, {-1, 0, 1, 10000}}
	longTermOldIT       = []insRow{{10000, 1, 1, 0}, {20000, 1, 2, 5000}, {-1, 0, 1, 15000}}
)

type lifeRules struct {
	New, Old          []insRow
	GeneralNew        []insRow // the 一般 category's 新 rows when they differ from New (nil: New)
	GeneralCap        int64    // the 一般 category's 新 + 旧 cap when it differs (0: CategoryCap)
	CategoryCap       int64    // 新 + 旧 in one category
	TotalCap          int64
	EarthquakeNum     int64 // earthquake premium × Num/Den, cap EarthquakeCap
	EarthquakeDen     int64
	EarthquakeCap     int64
	LongTermOld       []insRow
	LifeLaw, QuakeLaw string
}

var residentInsurance = lifeRules{
	New: lifeNewResident, Old: lifeOldResident, CategoryCap: 28000, TotalCap: 70000,
	EarthquakeNum: 1, EarthquakeDen: 2, EarthquakeCap: 25000, LongTermOld: longTermOldResident,
	LifeLaw:  "地方税法314条の2第1項10号・34条1項10号 (生命保険料控除, 合計7万円)",
	QuakeLaw: "地方税法314条の2第1項10号の2・34条1項10号の2 (地震保険料控除, 上限2.5万円)",
}

var incomeTaxInsurance = lifeRules{
	New: lifeNewIT, Old: lifeOldIT, CategoryCap: 40000, TotalCap: 120000,
	EarthquakeNum: 1, EarthquakeDen: 1, EarthquakeCap: 50000, LongTermOld: longTermOldIT,
	LifeLaw:  "所得税法76条",
	QuakeLaw: "所得税法77条",
}

// category is one 生命保険料 category: with both 新 and 旧 premiums it is the larger of 旧 alone
// and min(新 + 旧, cap) (所得税法76条1項3号, 地方税法314条の2第1項10号).
func (l *lifeRules) category(rows []insRow, capNewOld, newP, oldP int64) int64 {
	n, o := insurance(rows, newP), insurance(l.Old, oldP)
	if newP > 0 && oldP > 0 {
		return max(o, min(n+o, capNewOld))
	}
	return n + o
}

// young returns the rules with the 一般 category raised as yearParams.LifeYoung says (所得税,
// 令和8年分, a 扶養親族 under 23).
func (l lifeRules) young(cap int64) lifeRules {
	l.GeneralNew, l.GeneralCap = lifeNewITYoung, cap
	return l
}

func (l *lifeRules) life(in *LifeInsurance) (general, care, pension, total int64) {
	rows, capG := l.New, l.CategoryCap
	if l.GeneralNew != nil {
		rows, capG = l.GeneralNew, l.GeneralCap
	}
	general = l.category(rows, capG, in.GeneralNew, in.GeneralOld)
	care = insurance(l.New, in.CareMedical)
	pension = l.category(l.New, l.CategoryCap, in.PensionNew, in.PensionOld)
	return general, care, pension, min(general+care+pension, l.TotalCap)
}

func (l *lifeRules) earthquake(in *EarthquakeInsurance) int64 {
	e := min(frac(mul64(in.Earthquake, l.EarthquakeNum), l.EarthquakeDen).ceil(), l.EarthquakeCap)
	if in.Earthquake <= 0 {
		e = 0
	}
	return min(e+insurance(l.LongTermOld, in.LongTermOld), l.EarthquakeCap)
}

// personal holds the 人的控除 amounts of one tax.
type personal struct {
	Disability, SpecialDisability, CohabitingSpecial int64
	Widow, SingleParent, WorkingStudent              int64
	Spouse, SpouseElderly                            [3]int64 // by taxpayer column ≤900万, ≤950万, ≤1,000万
	SpouseSpecial                                    []spouseRow
	General, Specific, Elderly, ElderlyCohabiting    int64
	TokuteiShinzoku                                  []tier // by relative's income (lower bound: the year's limit)
	Law                                              string
}

// spouseRow: spouse 合計所得金額 ≤ Upto gives Amount by the taxpayer's column.
type spouseRow struct {
	Upto   int64
	Amount [3]int64
}

// spouseSpecialCommon are the rows from 100万超 that both taxes share (地方税法314条の2第1項10号の3,
// 所得税法83条の2).
var spouseSpecialCommon = []spouseRow{
	{1050000, [3]int64{310000, 210000, 110000}},
	{1100000, [3]int64{260000, 180000, 90000}},
	{1150000, [3]int64{210000, 140000, 70000}},
	{1200000, [3]int64{160000, 110000, 60000}},
	{1250000, [3]int64{110000, 80000, 40000}},
	{1300000, [3]int64{60000, 40000, 20000}},
	{1330000, [3]int64{30000, 20000, 10000}},
}

var tokuteiShinzokuCommon = []tier{
	{1000000, 410000}, {1050000, 310000}, {1100000, 210000}, {1150000, 110000},
	{1200000, 60000}, {1230000, 30000},
}

var residentPersonal = personal{
	Disability: 260000, SpecialDisability: 300000, CohabitingSpecial: 530000,
	Widow: 260000, WorkingStudent: 260000,
	Spouse:        [3]int64{330000, 220000, 110000},
	SpouseElderly: [3]int64{380000, 260000, 130000},
	SpouseSpecial: append([]spouseRow{{1000000, [3]int64{330000, 220000, 110000}}}, spouseSpecialCommon...),
	General:       330000, Specific: 450000, Elderly: 380000, ElderlyCohabiting: 450000,
	TokuteiShinzoku: append([]tier{{950000, 450000}}, tokuteiShinzokuCommon...),
	Law:             "地方税法314条の2 (市民税)・34条 (道府県民税)",
}

var incomeTaxPersonal = personal{
	Disability: 270000, SpecialDisability: 400000, CohabitingSpecial: 750000,
	Widow: 270000, SingleParent: 350000, WorkingStudent: 270000,
	Spouse:        [3]int64{380000, 260000, 130000},
	SpouseElderly: [3]int64{480000, 320000, 160000},
	SpouseSpecial: append([]spouseRow{{950000, [3]int64{380000, 260000, 130000}}, {1000000, [3]int64{360000, 240000, 120000}}}, spouseSpecialCommon...),
	General:       380000, Specific: 630000, Elderly: 480000, ElderlyCohabiting: 580000,
	TokuteiShinzoku: append([]tier{{850000, 630000}, {900000, 610000}, {950000, 510000}}, tokuteiShinzokuCommon...),
	Law:             "所得税法79条〜86条",
}

// residentBasic is the 住民税 基礎控除 (地方税法314条の2第2項・34条2項), unchanged FY2025–FY2027.
var residentBasic = []tier{{24000000, 430000}, {24500000, 290000}, {25000000, 150000}, {-1, 0}}

// choseiDiff is the fixed 人的控除額の差 table of 地方税法37条1号イ / 314条の6第1号イ (tax-rules.md §6.2).
type choseiDiffs struct {
	Basic, Disability, SpecialDisability, CohabitingSpecial int64
	Widow, SingleMother, SingleFather, WorkingStudent       int64
	Spouse, SpouseElderly                                   [3]int64
	General, Specific, Elderly, ElderlyCohabiting           int64
	TokuteiShinzoku                                         int64 // UNSURE: default 0 (§6.3)
}

var choseiTable = choseiDiffs{
	Basic: 50000, Disability: 10000, SpecialDisability: 100000, CohabitingSpecial: 220000,
	Widow: 10000, SingleMother: 50000, SingleFather: 10000, WorkingStudent: 10000,
	Spouse: [3]int64{50000, 40000, 20000}, SpouseElderly: [3]int64{100000, 60000, 30000},
	General: 50000, Specific: 180000, Elderly: 100000, ElderlyCohabiting: 130000,
	TokuteiShinzoku: 0,
}

// itRate is one row of the 所得税 rate table (所得税法89条): taxable ≤ Upto.
type itRate struct {
	Upto      int64
	Percent   int64
	Deduction int64
}

var incomeTaxRates = []itRate{
	{1949000, 5, 0}, {3299000, 10, 97500}, {6949000, 20, 427500}, {8999000, 23, 636000},
	{17999000, 33, 1536000}, {39999000, 40, 2796000}, {-1, 45, 4796000},
}

// percentText is the 所得税 rate as the result shows it ("20%"), without an allocation for
// the rates of the table.
func percentText(p int64) string {
	switch p {
	case 0:
		return "0%"
	case 5:
		return "5%"
	case 10:
		return "10%"
	case 20:
		return "20%"
	case 23:
		return "23%"
	case 33:
		return "33%"
	case 40:
		return "40%"
	case 45:
		return "45%"
	}
	return itoa(p) + "%"
}

func incomeTaxRow(taxable int64) itRate {
	for _, r := range incomeTaxRates {
		if r.Upto < 0 || taxable <= r.Upto {
			return r
		}
	}
	return incomeTaxRates[len(incomeTaxRates)-1]
}

// furusatoRow: 特例控除 rate r (in 1/100,000) for X ≤ Upto, and the 所得税 rate it stands for
// (地方税法37条の2第2項・314条の7第2項, 附則5条の6: 復興特別所得税 ×1.021, donations 2014–2037).
type furusatoRow struct {
	Upto      int64
	R         int64 // r × 100,000: 90% − 所得税率 × 1.021
	ITPercent int64
}

var furusatoRates = []furusatoRow{
	{-1, 90000, 0}, // X < 0 (Upto is the exclusive bound 0: handled in furusatoRate)
	{1950000, 84895, 5}, {3300000, 79790, 10}, {6950000, 69580, 20}, {9000000, 66517, 23},
	{18000000, 56307, 33}, {40000000, 49160, 40}, {1 << 62, 44055, 45},
}

func furusatoRate(x int64) furusatoRow {
	if x < 0 {
		return furusatoRates[0]
	}
	for _, r := range furusatoRates[1:] {
		if x <= r.Upto {
			return r
		}
	}
	return furusatoRates[len(furusatoRates)-1]
}
