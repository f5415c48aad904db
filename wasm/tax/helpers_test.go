package tax

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

func parseIntStr(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }

// parseRat reads a decimal string of the trace back into an exact rat.
func parseRat(t *testing.T, s string) rat {
	t.Helper()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, fracPart, _ := strings.Cut(s, ".")
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		t.Fatalf("parseRat %q: %v", s, err)
	}
	r := ri(w)
	if fracPart != "" {
		f, err := strconv.ParseInt(fracPart, 10, 64)
		if err != nil {
			t.Fatalf("parseRat %q: %v", s, err)
		}
		d := int64(1)
		for range len(fracPart) {
			d *= 10
		}
		r = r.add(frac(f, d))
	}
	if neg {
		r = ri(0).sub(r)
	}
	return r
}
