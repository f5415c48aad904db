package tax

// 給与所得 by 所得税法28条4項 and 別表第五. Below 6,600,000 yen the law requires the table,
// which is built from 4,000-yen rows: A = floor(収入 / 4,000) × 1,000 and the income is a
// linear function of A, except for a few irregular rows each year. The tables below are data
// (tax-rules.md §3.1.2); salaryIncome only interprets them.

type segKind uint8

const (
	segZero    segKind = iota // 0
	segMinus                  // 収入 − K
	segFixed                  // K
	segA                      // A × Num / Den + K
	segPercent                // floor(収入 × Num / Den) + K
)

// salarySeg applies from From (inclusive) up to the next segment's From.
type salarySeg struct {
	From     int64
	Kind     segKind
	Num, Den int64
	K        int64
}

type salaryTable struct {
	Year    int
	Segs    []salarySeg
	Minimum int64 // 給与所得控除 minimum, for the trace
	Law     string
	Conf    Conf
}

// upper part, the same in 2024, 2025 and 2026: the formula from 6,600,000 (所得税法28条3項).
var salaryUpper = []salarySeg{
	{3600000, segA, 32, 10, -440000},
	{6600000, segPercent, 9, 10, -1100000},
	{8500000, segMinus, 0, 0, 1950000},
}

func withUpper(lower ...salarySeg) []salarySeg {
	return append(lower, salaryUpper...)
}

var salary2024 = salaryTable{
	Year: 2024, Minimum: 550000, Conf: Confirmed,
	Law: "所得税法28条・別表第五 (令和6年分)",
	Segs: withUpper(
		salarySeg{0, segZero, 0, 0, 0},
		salarySeg{551000, segMinus, 0, 0, 550000},
		salarySeg{1619000, segFixed, 0, 0, 1069000},
		salarySeg{1620000, segFixed, 0, 0, 1070000},
		salarySeg{1622000, segFixed, 0, 0, 1072000},
		salarySeg{1624000, segFixed, 0, 0, 1074000},
		salarySeg{1628000, segA, 24, 10, 100000},
		salarySeg{1800000, segA, 28, 10, -80000},
	),
}

var salary2025 = salaryTable{
	Year: 2025, Minimum: 650000, Conf: Confirmed,
	Law: "所得税法28条・別表第五 (令和7年分: 最低65万円)",
	Segs: withUpper(
		salarySeg{0, segZero, 0, 0, 0},
		salarySeg{651000, segMinus, 0, 0, 650000},
		salarySeg{1900000, segA, 28, 10, -80000},
	),
}

// salary2026 is the 令和8年分 table with the 令和8・9年分 special minimum of 740,000. Its use
// for the FY2027 resident tax is LIKELY (tax-rules.md §0.1 item 2).
var salary2026 = salaryTable{
	Year: 2026, Minimum: 740000, Conf: Likely,
	Law: "所得税法28条・別表第五, 措置法 (令和8・9年分の特例: 最低74万円)",
	Segs: withUpper(
		salarySeg{0, segZero, 0, 0, 0},
		salarySeg{741000, segMinus, 0, 0, 740000},
		salarySeg{2191000, segFixed, 0, 0, 1451000},
		salarySeg{2193000, segFixed, 0, 0, 1453000},
		salarySeg{2196000, segFixed, 0, 0, 1456000},
		salarySeg{2200000, segA, 28, 10, -80000},
	),
}

// segment returns the row that applies to pay.
func (t *salaryTable) segment(pay int64) salarySeg {
	s := t.Segs[0]
	for _, g := range t.Segs[1:] {
		if pay < g.From {
			break
		}
		s = g
	}
	return s
}

// income returns 給与所得 (before 所得金額調整控除) for 給与収入 pay ≥ 0.
func (t *salaryTable) income(pay int64) int64 {
	s := t.segment(pay)
	var v int64
	switch s.Kind {
	case segZero:
		return 0
	case segMinus:
		v = pay - s.K
	case segFixed:
		v = s.K
	case segA:
		a := pay / 4000 * 1000
		v = mul64(a, s.Num)/s.Den + s.K
	case segPercent:
		v = mul64(pay, s.Num)/s.Den + s.K
	}
	return max(0, v)
}

// formula writes the row of pay for the trace.
func (t *salaryTable) formula(b textBuilder, pay int64) textBuilder {
	s := t.segment(pay)
	switch s.Kind {
	case segZero:
		return b.s("給与収入 ").yen(pay).s(" < ").yen(t.Segs[1].From).s(" → 0")
	case segMinus:
		return b.yen(pay).s(" − ").yen(s.K)
	case segFixed:
		return b.s("別表第五の定額の行 (").yen(s.From).s("〜): ").yen(s.K)
	case segA:
		a := pay / 4000 * 1000
		op := " + "
		k := s.K
		if k < 0 {
			op, k = " − ", -k
		}
		return b.s("A = floor(").yen(pay).s(" / 4,000) × 1,000 = ").yen(a).s("; A × ").rat(frac(s.Num, s.Den)).s(op).yen(k)
	case segPercent:
		return b.s("floor(").yen(pay).s(" × 90%) − ").yen(-s.K)
	}
	return b
}
