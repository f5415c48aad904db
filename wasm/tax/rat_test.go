package tax

import (
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestRatMatchesBig checks the int64 fractions (and their fast paths for whole yen) against
// math/big on random operands with the denominators the pipeline meets: rates such as
// 4.025% (/100000), the 3/5 split, the 1.021 factor and the 特例控除 rates (/79790).
func TestRatMatchesBig(t *testing.T) {
	dens := []int64{1, 1, 1, 2, 4, 5, 10, 20, 40, 100, 1000, 100000, 3, 7, 79790, 84895, 200000}
	r := rand.New(rand.NewPCG(7, 11))
	gen := func() rat {
		n := r.Int64N(2_000_000_001) - 1_000_000_000
		if r.IntN(4) == 0 {
			n = r.Int64N(201) - 100
		}
		return frac(n, dens[r.IntN(len(dens))])
	}
	br := func(a rat) *big.Rat { return new(big.Rat).SetFrac64(a.n, a.fix().d) }
	same := func(op string, a, b, got rat, want *big.Rat) {
		t.Helper()
		if got.fix().d <= 0 || br(got).Cmp(want) != 0 || frac(got.n, got.fix().d) != got.fix() {
			t.Fatalf("%v %s %v = %v, want %s (reduced, positive denominator)", a, op, b, got, want.RatString())
		}
	}
	for range 50000 {
		a, b := gen(), gen()
		same("+", a, b, a.add(b), new(big.Rat).Add(br(a), br(b)))
		same("−", a, b, a.sub(b), new(big.Rat).Sub(br(a), br(b)))
		same("×", a, b, a.mul(b), new(big.Rat).Mul(br(a), br(b)))
		if got, want := a.cmp(b), br(a).Cmp(br(b)); got != want {
			t.Fatalf("cmp(%v, %v) = %d, want %d", a, b, got, want)
		}
		if a.cmp(a) != 0 || minRat(a, b).cmp(maxRat(a, b)) > 0 {
			t.Fatalf("min/max of %v, %v", a, b)
		}
	}
}

// TestRatString: the decimal text of the trace (exact for denominators of 2s and 5s, else
// truncated to 6 places; at least one fractional digit).
func TestRatString(t *testing.T) {
	tests := []struct {
		v    rat
		want string
	}{
		{ri(0), "0"},
		{rat{}, "0"},
		{ri(-118620), "-118620"},
		{frac(7957425, 100), "79574.25"}, // tax-rules.md §17 Example 2: 1,977,000 × 4.025%
		{frac(-1, 2), "-0.5"},
		{frac(-3, 2), "-1.5"},
		{frac(1, 8), "0.125"},
		{frac(1, 100000), "0.00001"},
		{frac(1, 3), "0.333333"},
		{frac(-2, 3), "-0.666666"},
		{frac(1, 30000000), "0.0"}, // below the 6th place: "0.0", not "0.000000"
		{frac(1021*10, 79790), "0.12796"},
		{frac(3, 5), "0.6"},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("%d/%d: got %q, want %q", tt.v.n, tt.v.d, got, tt.want)
		}
		var tb tracer
		if got := tb.text("").rat(tt.v).String(); got != tt.want {
			t.Errorf("%d/%d in the trace: got %q, want %q", tt.v.n, tt.v.d, got, tt.want)
		}
	}
	for _, tt := range []struct {
		v    rat
		want string
	}{
		{frac(7957425, 100), "79,574.25"},
		{frac(-1, 2), "-0.5"},
		{frac(-123456789, 4), "-30,864,197.25"},
		{ri(1000), "1,000"},
		{ri(-999), "-999"},
	} {
		var tb tracer
		if got := tb.text("").yenR(tt.v).String(); got != tt.want {
			t.Errorf("yenR(%d/%d): got %q, want %q", tt.v.n, tt.v.d, got, tt.want)
		}
	}
}

// TestFormatInt: the trace's number writer against strconv, with and without separators.
func TestFormatInt(t *testing.T) {
	vals := []int64{0, 1, -1, 9, 10, 99, 100, 999, 1000, -1000, 9999, 10000, 99999, 100000, 999999, 1000000,
		1234567, -1234567, 2380000, 10_000_000_000, -10_000_000_000, 1<<63 - 1, -1 << 63}
	r := rand.New(rand.NewPCG(3, 5))
	for range 20000 {
		vals = append(vals, r.Int64()>>r.IntN(64), -(r.Int64() >> r.IntN(64)))
	}
	for _, v := range vals {
		var buf [32]byte
		plain := strconv.FormatInt(v, 10)
		if got := string(formatInt(&buf, v, false)); got != plain {
			t.Fatalf("formatInt(%d) = %q", v, got)
		}
		want := string(appendGrouped(nil, []byte(strings.TrimPrefix(plain, "-"))))
		if v < 0 {
			want = "-" + want
		}
		if got := string(formatInt(&buf, v, true)); got != want {
			t.Fatalf("formatInt(%d, grouped) = %q, want %q", v, got, want)
		}
	}
}
