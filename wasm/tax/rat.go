package tax

import (
	"cmp"
	"math/bits"
)

// rat is an exact rational number of yen: n/d with d > 0 and the fraction reduced.
//
// Resident-tax figures are whole yen only at the rounding points the law names; between them
// the law multiplies by rates such as 4.025% or 79.79% × 3/5 and the official worked examples
// keep the fractions (2,437,000 × 2.025% = 49,349.25). Floats would drift (1.021 × 0.78 is
// not exact) and math/big would double the size of the WebAssembly module, so the engine
// uses int64 fractions with overflow checks. Input amounts are bounded by validation
// (maxAmount) so that no product of the pipeline comes near the int64 range; an overflow
// therefore means a bug, and is reported as an internal error, never as a wrong figure.
//
// The zero value is 0 (a denominator of 0 is read as 1), so zero-valued results are valid.
type rat struct{ n, d int64 }

func (a rat) fix() rat {
	if a.d == 0 {
		a.d = 1
	}
	return a
}

// errOverflow is raised (and recovered in Assess) when an intermediate leaves int64.
type overflowError struct{}

func (overflowError) Error() string { return "tax: arithmetic overflow" }

func ri(v int64) rat { return rat{v, 1} }

// frac returns n/d reduced; d must not be 0.
func frac(n, d int64) rat {
	if d == 1 {
		return rat{n, 1}
	}
	if d < 0 {
		n, d = neg(n), neg(d)
	}
	g := gcd(abs(n), d)
	if g > 1 {
		n, d = n/g, d/g
	}
	return rat{n, d}
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a == 0 {
		return 1
	}
	return a
}

func abs(v int64) int64 {
	if v < 0 {
		return neg(v)
	}
	return v
}

func neg(v int64) int64 {
	if v == -1<<63 {
		panic(overflowError{})
	}
	return -v
}

// mul64 returns a×b or panics with overflowError.
func mul64(a, b int64) int64 {
	ua, ub := uint64(abs(a)), uint64(abs(b))
	hi, lo := bits.Mul64(ua, ub)
	if hi != 0 || lo > 1<<63-1 {
		panic(overflowError{})
	}
	p := int64(lo)
	if (a < 0) != (b < 0) {
		return -p
	}
	return p
}

func add64(a, b int64) int64 {
	s := a + b
	if (a > 0 && b > 0 && s < 0) || (a < 0 && b < 0 && s >= 0) {
		panic(overflowError{})
	}
	return s
}

// The arithmetic below relies on every rat being reduced (frac, ri and the operations
// only make reduced values), which spares most gcd computations: whole yen (d = 1) are
// the most common operand, and n/d + k stays reduced.

func (a rat) add(b rat) rat {
	a = a.fix()
	b = b.fix()
	switch {
	case a.d == 1 && b.d == 1:
		return rat{add64(a.n, b.n), 1}
	case b.d == 1: // gcd(n + k×d, d) = gcd(n, d) = 1
		return rat{add64(a.n, mul64(b.n, a.d)), a.d}
	case a.d == 1:
		return rat{add64(mul64(a.n, b.d), b.n), b.d}
	case a.d == b.d:
		return frac(add64(a.n, b.n), a.d)
	}
	g := gcd(a.d, b.d)
	l := mul64(a.d/g, b.d)
	return frac(add64(mul64(a.n, l/a.d), mul64(b.n, l/b.d)), l)
}

func (a rat) sub(b rat) rat { return a.add(rat{neg(b.n), b.fix().d}) }

func (a rat) mul(b rat) rat {
	a = a.fix()
	b = b.fix()
	if a.d == 1 && b.d == 1 {
		return rat{mul64(a.n, b.n), 1}
	}
	if a.n == 0 || b.n == 0 {
		return rat{0, 1}
	}
	// Cross-cancelling two reduced fractions leaves a reduced product (a whole operand
	// has nothing to cancel against).
	g1, g2 := int64(1), int64(1)
	if b.d != 1 {
		g1 = gcd(abs(a.n), b.d)
	}
	if a.d != 1 {
		g2 = gcd(abs(b.n), a.d)
	}
	return rat{mul64(a.n/g1, b.n/g2), mul64(a.d/g2, b.d/g1)}
}

// div returns a/b; b must not be zero.
func (a rat) div(b rat) rat {
	a = a.fix()
	b = b.fix()
	if b.n == 0 {
		panic(overflowError{})
	}
	return a.mul(frac(b.d, b.n))
}

func (a rat) mulInt(k int64) rat { return a.mul(ri(k)) }

// cmp compares exactly: a.n × b.d against b.n × a.d in 128 bits (no overflow possible).
func (a rat) cmp(b rat) int {
	a = a.fix()
	b = b.fix()
	if a.d == b.d {
		return cmp.Compare(a.n, b.n)
	}
	sa, sb := a.sign(), b.sign()
	if sa != sb || sa == 0 {
		return cmp.Compare(int64(sa), int64(sb))
	}
	// Same sign, both non-zero: compare the magnitudes and flip for negatives.
	h1, l1 := bits.Mul64(uint64(abs(a.n)), uint64(b.d))
	h2, l2 := bits.Mul64(uint64(abs(b.n)), uint64(a.d))
	c := 0
	switch {
	case h1 != h2:
		c = cmp.Compare(h1, h2)
	default:
		c = cmp.Compare(l1, l2)
	}
	return c * sa
}

func (a rat) sign() int {
	switch {
	case a.n < 0:
		return -1
	case a.n > 0:
		return 1
	}
	return 0
}

func minRat(a, b rat) rat {
	if a.cmp(b) <= 0 {
		return a
	}
	return b
}

func maxRat(a, b rat) rat {
	if a.cmp(b) >= 0 {
		return a
	}
	return b
}

// floor returns the largest integer ≤ a.
func (a rat) floor() int64 {
	a = a.fix()
	q := a.n / a.d
	if a.n%a.d != 0 && a.n < 0 {
		q--
	}
	return q
}

// ceil returns the smallest integer ≥ a.
func (a rat) ceil() int64 {
	a = a.fix()
	q := a.n / a.d
	if a.n%a.d != 0 && a.n > 0 {
		q++
	}
	return q
}

// floorTo floors a to a multiple of unit (100 yen, 1,000 yen): 地方税法20条の4の2.
func (a rat) floorTo(unit int64) int64 {
	f := a.floor()
	q := f / unit
	if f%unit != 0 && f < 0 {
		q--
	}
	return q * unit
}

// String writes a as a decimal: exact when the denominator has only the factors 2 and 5
// (every rate of the resident tax), otherwise truncated to 6 places.
func (a rat) String() string {
	if a.d <= 1 {
		return itoa(a.n)
	}
	var b [48]byte
	return string(a.appendDecimal(b[:0]))
}

// appendDecimal appends String's text to b.
func (a rat) appendDecimal(b []byte) []byte {
	a = a.fix()
	var digits [32]byte
	if a.d == 1 {
		return append(b, formatInt(&digits, a.n, false)...)
	}
	places, d := 0, a.d
	for d%10 == 0 {
		d /= 10
		places++
	}
	for d%2 == 0 || d%5 == 0 {
		if d%2 == 0 {
			d /= 2
		} else {
			d /= 5
		}
		places++
	}
	if d != 1 || places > 6 {
		places = 6
	}
	scale := int64(1)
	for range places {
		scale *= 10
	}
	n := a.n
	if n < 0 {
		b = append(b, '-')
		n = neg(n)
	}
	// n/d = whole + rem/d; the fraction is rem×scale/d (truncated for non-decimal values),
	// written with its leading zeros and without trailing ones (at least one digit).
	whole, rem := n/a.d, n%a.d
	hi, lo := bits.Mul64(uint64(rem), uint64(scale))
	fr, _ := bits.Div64(hi, lo, uint64(a.d))
	b = append(b, formatInt(&digits, whole, false)...)
	b = append(b, '.')
	if fr == 0 {
		return append(b, '0')
	}
	fs := formatInt(&digits, int64(fr), false) // fr < scale ≤ 10^6
	for range places - len(fs) {
		b = append(b, '0')
	}
	for fs[len(fs)-1] == '0' {
		fs = fs[:len(fs)-1]
	}
	return append(b, fs...)
}

// exact reports whether String is exact (no truncated digits).
func (a rat) exact() bool {
	a = a.fix()
	d := a.d
	for d%2 == 0 {
		d /= 2
	}
	for d%5 == 0 {
		d /= 5
	}
	return d == 1
}
