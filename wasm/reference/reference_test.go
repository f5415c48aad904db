// Package reference is an independent implementation of the resident-tax rules for the
// incomes the engine gained last (一時所得, 総合譲渡, 山林, 分離課税, the withheld credits),
// written from tax-rules.md (§3.4–§3.6, §4.6, §5, §6, §7.6, §8, §9, §10, §11) and not from the
// engine's code, with math/big: TestDifferential assesses random households with both and
// requires the same yen. Its households are single taxpayers of 40 with 事業所得 instead of a
// salary (so the 別表第五 tables, which the golden cases cover, stay out of it).
package reference

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"zeisim/wasm/tax"
)

type profile struct {
	designated                   bool
	cityRate, prefRate           *big.Rat // 総合 (and 山林)
	cityPerCapita, prefPerCapita int64
}

func r(a, b int64) *big.Rat { return big.NewRat(a, b) }

// profiles: tax-rules.md §2 and §2.2 (FY2027 assumed as FY2026, the engine's listed assumption).
var profiles = map[string]profile{
	"142051": {false, r(6, 100), r(4025, 100000), 3000, 1300}, // 藤沢市
	"141003": {true, r(8, 100), r(2025, 100000), 3900, 1300},  // 横浜市 (みどり税 900)
	"131121": {false, r(6, 100), r(4, 100), 3000, 1000},       // 世田谷区
}

// separateRates per 1,000: 市, 県 (standard) and 市, 県 (指定都市); §11.
var separateRates = map[string][4]int64{
	"short":   {54, 36, 72, 18},
	"public":  {30, 20, 40, 10},
	"long":    {30, 20, 40, 10},
	"reduced": {24, 16, 32, 8},
	"stock":   {30, 20, 40, 10},
}

type household struct {
	muni                                string
	fy                                  int
	business, social                    int64
	short, long, occRev, occExp, timber int64
	listedGains, listedDiv, listedCF    int64
	unlisted, futures                   int64
	landShort, landShortDed             int64
	landLong, landLongDed               int64
	shortKind, longKind                 string
	divLevy, stockLevy                  int64
}

type outcome struct {
	cityLevy, prefLevy, cityPC, prefPC, total, refund int64
}

func floor(x *big.Rat) int64 { q := new(big.Int).Div(x.Num(), x.Denom()); return q.Int64() }

func mulR(a int64, b *big.Rat) *big.Rat { return new(big.Rat).Mul(big.NewRat(a, 1), b) }

// reference computes the household from the rules.
func reference(h household) outcome {
	p := profiles[h.muni]
	// §3.4: 総合 incomes. 総合譲渡: short and long net; 500,000 off the short part first.
	short, long := h.short, h.long
	if short < 0 {
		long, short = max(0, long+short), 0
	} else if long < 0 {
		short, long = max(0, short+long), 0
	}
	d := min(500000, short)
	short -= d
	long -= min(500000-d, long)
	occ := max(0, h.occRev-h.occExp)
	occ -= min(500000, occ)
	timber := h.timber
	if timber > 0 {
		timber -= min(500000, timber)
	}
	cur := h.business
	// §3.5 損益通算.
	offset := func(loss int64, vs ...*int64) {
		for _, v := range vs {
			t := min(loss, *v)
			*v -= t
			loss -= t
		}
	}
	if cur < 0 {
		l := -cur
		cur = 0
		offset(l, &short, &long, &occ, &timber)
	}
	if timber < 0 {
		l := -timber
		timber = 0
		offset(l, &cur, &short, &long, &occ)
	}
	general := cur + short + (long+occ)/2
	// §3.6 and 措置法37条の12の2: listed loss against declared dividends, then the carry-forward.
	g, dv := h.listedGains, h.listedDiv
	if g < 0 {
		dv, g = max(0, dv+g), 0
	}
	cfG := min(h.listedCF, g)
	cfD := min(h.listedCF-cfG, dv)
	total := general + timber + h.landShort + h.landLong + h.unlisted + h.futures + g + dv
	forTax := total - h.landShortDed - h.landLongDed - cfG - cfD
	// §4.6 基礎控除.
	basic := int64(0)
	switch {
	case total <= 24000000:
		basic = 430000
	case total <= 24500000:
		basic = 290000
	case total <= 25000000:
		basic = 150000
	}
	ded := h.social + basic
	// §8.2, §8.3 (N = 0, 1級地).
	if total <= 450000 {
		return outcome{refund: h.divLevy + h.stockLevy}
	}
	levied := forTax > 450000
	// §5: deductions from 総所得 first, then each pool in order; each floored to 1,000.
	take := func(v int64) int64 {
		u := min(ded, v)
		ded -= u
		return (v - u) / 1000 * 1000
	}
	tGeneral := take(general)
	city := mulR(tGeneral, p.cityRate)
	pref := mulR(tGeneral, p.prefRate)
	pool := func(v int64, kind string, upto int64, lowKind string) {
		if v <= 0 {
			return
		}
		tb := take(v)
		rt, lt := separateRates[kind], separateRates[lowKind]
		i := 0
		if p.designated {
			i = 2
		}
		low := int64(0)
		if lowKind != "" {
			low = min(tb, upto)
		}
		city.Add(city, new(big.Rat).Add(r((tb-low)*rt[i], 1000), r(low*lt[i], 1000)))
		pref.Add(pref, new(big.Rat).Add(r((tb-low)*rt[i+1], 1000), r(low*lt[i+1], 1000)))
	}
	shortKind := "short"
	if h.shortKind == "public" {
		shortKind = "public"
	}
	pool(h.landShort-h.landShortDed, shortKind, 0, "")
	switch h.longKind {
	case "residential":
		pool(h.landLong-h.landLongDed, "long", 60000000, "reduced")
	case "good_housing":
		pool(h.landLong-h.landLongDed, "long", 20000000, "reduced")
	default:
		pool(h.landLong-h.landLongDed, "long", 0, "")
	}
	pool(h.unlisted, "stock", 0, "")
	pool(g-cfG, "stock", 0, "")
	pool(dv-cfD, "stock", 0, "")
	pool(h.futures, "stock", 0, "")
	tTimber := int64(0)
	if timber > 0 {
		tTimber = take(timber)
		city.Add(city, mulR(tTimber, p.cityRate))
		pref.Add(pref, mulR(tTimber, p.prefRate))
	}
	if !levied {
		city, pref = new(big.Rat), new(big.Rat)
	}
	// §6 調整控除 (one person, no dependants: 人的控除差 50,000), on 課税総所得 + 課税山林.
	if T := tGeneral + tTimber; levied && T > 0 && total <= 25000000 {
		base := min(50000, T)
		if T > 2000000 {
			base = 50000
		}
		sc, sp := r(3, 100), r(2, 100)
		if p.designated {
			sc, sp = r(4, 100), r(1, 100)
		}
		city.Sub(city, minRat(mulR(base, sc), city))
		pref.Sub(pref, minRat(mulR(base, sp), pref))
	}
	// §7.6 withheld credits: 3/5 and 2/5 (designated 4/5, 1/5), excess to 均等割, then refund.
	w := h.divLevy + h.stockLevy
	wc, wp := r(3*w, 5), r(2*w, 5)
	if p.designated {
		wc, wp = r(4*w, 5), r(w, 5)
	}
	tc, tp := minRat(wc, city), minRat(wp, pref)
	city.Sub(city, tc)
	pref.Sub(pref, tp)
	overRat := new(big.Rat).Sub(new(big.Rat).Add(wc, wp), new(big.Rat).Add(tc, tp))
	overC, overP := floor(new(big.Rat).Sub(wc, tc)), floor(new(big.Rat).Sub(wp, tp))
	// §8.4 調整措置, after the credits.
	if levied {
		S := new(big.Rat).Sub(r(450000, 1), new(big.Rat).Sub(r(forTax, 1), new(big.Rat).Add(city, pref)))
		if S.Sign() > 0 {
			mc, mp := r(6, 10), r(4, 10)
			if p.designated {
				mc, mp = r(8, 10), r(2, 10)
			}
			c2 := minRat(new(big.Rat).Mul(S, mc), city)
			p2 := minRat(new(big.Rat).Mul(S, mp), pref)
			city.Sub(city, c2)
			pref.Sub(pref, p2)
		}
	}
	o := outcome{cityLevy: floor(city) / 100 * 100, prefLevy: floor(pref) / 100 * 100}
	takeC, takeP := min(overC, p.cityPerCapita), min(overP, p.prefPerCapita)
	o.cityPC, o.prefPC = p.cityPerCapita-takeC, p.prefPerCapita-takeP
	o.refund = floor(new(big.Rat).Sub(overRat, r(takeC+takeP, 1)))
	o.total = o.cityLevy + o.prefLevy + o.cityPC + o.prefPC + 1000
	return o
}

func minRat(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) < 0 {
		return new(big.Rat).Set(a)
	}
	return new(big.Rat).Set(b)
}

// random makes a household; amounts in 1,000s of yen or exact yen at random so that the
// 1,000-yen floors and halves are exercised.
func random(rng *rand.Rand) household {
	amt := func(lo, hi int64) int64 {
		v := lo + rng.Int64N(hi-lo+1)
		if rng.IntN(2) == 0 {
			v = v / 1000 * 1000
		}
		return v
	}
	some := func(p int, lo, hi int64) int64 {
		if rng.IntN(100) < p {
			return amt(lo, hi)
		}
		return 0
	}
	munis := []string{"142051", "141003", "131121"}
	h := household{muni: munis[rng.IntN(3)], fy: 2025 + rng.IntN(3)}
	h.business = some(70, -2000000, 8000000)
	h.social = some(60, 0, 1200000)
	h.short, h.long = some(20, -1000000, 3000000), some(20, -1000000, 3000000)
	h.occRev = some(25, 0, 4000000)
	h.occExp = min(h.occRev, some(50, 0, 3000000))
	h.timber = some(10, -1000000, 4000000)
	h.listedGains, h.listedDiv = some(40, -2000000, 3000000), some(40, 0, 2000000)
	h.listedCF = some(15, 0, 1000000)
	h.unlisted, h.futures = some(10, 0, 2000000), some(10, 0, 1000000)
	h.landShort = some(10, 0, 5000000)
	h.landShortDed = min(h.landShort, some(30, 0, 5000000))
	h.landLong = some(15, 0, 80000000)
	h.landLongDed = min(h.landLong, some(40, 0, 50000000))
	h.shortKind = []string{"", "public"}[rng.IntN(2)]
	h.longKind = []string{"", "residential", "good_housing"}[rng.IntN(3)]
	if h.listedDiv > 0 && rng.IntN(2) == 0 {
		h.divLevy = h.listedDiv * 5 / 100
	}
	if h.listedGains > 0 && rng.IntN(2) == 0 {
		h.stockLevy = h.listedGains * 5 / 100
	}
	return h
}

func (h household) input() tax.Input {
	in := tax.Input{FiscalYear: h.fy, Municipality: h.muni, Taxpayer: tax.Person{Age: 40}}
	in.Income.Business = h.business
	in.Deductions.SocialInsurance = h.social
	in.Income.CapitalGains = tax.CapitalGains{ShortTerm: h.short, LongTerm: h.long}
	in.Income.Occasional = tax.Occasional{Revenue: h.occRev, Expenses: h.occExp}
	in.Income.Timber = h.timber
	in.Income.Separate = tax.Separate{ListedStockGains: h.listedGains, ListedDividends: h.listedDiv, ListedLossCarryforward: h.listedCF,
		UnlistedStockGains: h.unlisted, Futures: h.futures,
		LandShort: tax.LandGain{Gain: h.landShort, SpecialDeduction: h.landShortDed, Kind: h.shortKind},
		LandLong:  tax.LandGain{Gain: h.landLong, SpecialDeduction: h.landLongDed, Kind: h.longKind}}
	in.Credits.Withheld = tax.Withheld{DividendLevy: h.divLevy, StockLevy: h.stockLevy}
	return in
}

// TestDifferential: ZEISIM_DIFF_N households (default 10,000) agree to the yen. A
// disagreement prints the household, both answers and the engine's trace ids.
func TestDifferential(t *testing.T) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("ZEISIM_DIFF_N")); err == nil && v > 0 {
		n = v
	}
	rng := rand.New(rand.NewPCG(2026, 12))
	bad := 0
	for i := range n {
		h := random(rng)
		res, err := tax.Assess(h.input())
		if err != nil {
			t.Fatalf("household %d %+v: %v", i, h, err)
		}
		want := reference(h)
		got := outcome{res.City.IncomeLevy, res.Prefecture.IncomeLevy, res.City.PerCapita, res.Prefecture.PerCapita, res.Total, res.WithheldRefund}
		if res.NonTaxable.PerCapita {
			got.total = res.Total
		}
		if got != want {
			bad++
			if bad <= 10 {
				t.Errorf("household %d %+v:\n engine    %+v\n reference %+v", i, h, got, want)
			}
		}
	}
	t.Logf("differential: %d households, %d disagreements", n, bad)
	if bad > 0 {
		t.Errorf("%s", fmt.Sprint(bad, " of ", n, " households disagree"))
	}
}
