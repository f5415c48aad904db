package gen

import "testing"

// TestGenerateRefuses: what the generator cannot encode faithfully is an error, not a guess.
func TestGenerateRefuses(t *testing.T) {
	for _, src := range []string{
		"package tax\ntype Input struct { A int64 `json:\"a,omitempty\"` }\ntype Result struct{}\n",
		"package tax\ntype Input struct { A []Input `json:\"a\"` }\ntype Result struct{}\n",
		"package tax\ntype Input struct { A float64 `json:\"a\"` }\ntype Result struct{}\n",
		"package tax\ntype Input struct { A int64 }\ntype Result struct{}\n",
	} {
		if _, _, err := Generate([]byte(src)); err == nil {
			t.Errorf("accepted:\n%s", src)
		}
	}
}
