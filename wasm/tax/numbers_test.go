package tax

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestItoaAndParseIntMatchStrconv: the engine's own number formatting and parsing (kept out
// of strconv for the WebAssembly's size) agree with strconv on the edges and on random values.
func TestItoaAndParseIntMatchStrconv(t *testing.T) {
	vals := []int64{0, 1, -1, 9, 10, 99, 100, 999, 1000, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		vals = append(vals, int64(r.Uint64()), r.Int64N(1000000))
	}
	for _, v := range vals {
		s := strconv.FormatInt(v, 10)
		if got := itoa(v); got != s {
			t.Fatalf("itoa(%d) = %q", v, got)
		}
		if n, whole, fits := parseInt(s); !whole || !fits || n != v {
			t.Fatalf("parseInt(%q) = %d, %v, %v", s, n, whole, fits)
		}
	}
	// JSON number tokens that are not whole numbers, and whole numbers out of range.
	for _, tc := range []struct {
		s           string
		whole, fits bool
	}{
		{"1.5", false, false}, {"1e3", false, false}, {"-", false, false}, {"", false, false}, {"-0.0", false, false},
		{"9223372036854775808", true, false}, {"-9223372036854775809", true, false}, {"99999999999999999999999", true, false},
		{"-9223372036854775808", true, true}, {"-0", true, true},
	} {
		_, whole, fits := parseInt(tc.s)
		_, err := strconv.ParseInt(tc.s, 10, 64)
		if whole != tc.whole || fits != tc.fits || (err == nil) != (whole && fits) {
			t.Errorf("parseInt(%q): whole %v fits %v, want %v %v (strconv: %v)", tc.s, whole, fits, tc.whole, tc.fits, err)
		}
	}
}

// TestQuoteByte names bytes the way the reader's messages do.
func TestQuoteByte(t *testing.T) {
	for c, want := range map[byte]string{'x': "'x'", '\'': `'\''`, '\\': `'\\'`, 0x1f: `'\x1f'`, 0xe3: `'\xe3'`, 0x7f: `'\x7f'`} {
		if got := quoteByte(c); got != want {
			t.Errorf("quoteByte(%#x) = %s, want %s", c, got, want)
		}
	}
}
