package tax

import "strconv"

// tracer records the calculation trace: one Step per figure, in the order the law computes
// them. The same trace feeds the UI, the printout and the tests. When off (the salary curve,
// the ふるさと納税 search) nothing is recorded, so the hot paths allocate nothing for it.
type tracer struct {
	on    bool
	steps []Step
}

func (t *tracer) add(id, ja, en, amount, formula, law string) {
	if !t.on {
		return
	}
	t.steps = append(t.steps, Step{ID: id, Label: ja, LabelEn: en, Amount: amount, Formula: formula, Law: law})
}

func (t *tracer) yen(id, ja, en string, v int64, formula, law string) {
	if !t.on {
		return
	}
	t.add(id, ja, en, strconv.FormatInt(v, 10), formula, law)
}

func (t *tracer) rat(id, ja, en string, v rat, formula, law string) {
	if !t.on {
		return
	}
	if !v.exact() {
		formula += " (= " + strconv.FormatInt(v.n, 10) + "/" + strconv.FormatInt(v.d, 10) + ")"
	}
	t.add(id, ja, en, v.String(), formula, law)
}

// yen formats an amount with thousands separators: 2,380,000.
func yen(v int64) string {
	var digits [24]byte
	d := strconv.AppendInt(digits[:0], v, 10)
	neg := d[0] == '-'
	if neg {
		d = d[1:]
	}
	var out [32]byte
	b := out[:0]
	if neg {
		b = append(b, '-')
	}
	pre := len(d) % 3
	if pre == 0 {
		pre = 3
	}
	b = append(b, d[:pre]...)
	for i := pre; i < len(d); i += 3 {
		b = append(b, ',')
		b = append(b, d[i:i+3]...)
	}
	return string(b)
}

// yenR formats an exact amount with separators: 79,574.25.
func yenR(v rat) string {
	s := v.String()
	dot := len(s)
	for i := range len(s) {
		if s[i] == '.' {
			dot = i
			break
		}
	}
	w, err := strconv.ParseInt(s[:dot], 10, 64)
	if err != nil {
		return s
	}
	if s[:dot] == "-0" {
		return "-0" + s[dot:]
	}
	return yen(w) + s[dot:]
}

// pct formats a rate as a percentage: 4025/100000 → 4.025%.
func pct(r Rate) string { return frac(r.N, r.D).mulInt(100).String() + "%" }

func pctR(r rat) string { return r.mulInt(100).String() + "%" }
