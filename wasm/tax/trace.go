package tax

import "strings"

// tracer records the calculation trace: one Step per figure, in the order the law computes
// them. The same trace feeds the UI, the printout and the tests. When off (the salary curve,
// the ふるさと納税 search) nothing is recorded, so the hot paths allocate nothing for it.
//
// Every string the trace builds (amounts, formulas with figures, labels with the
// municipality's words) is written into one strings.Builder and cut from it: the Builder
// never rewrites bytes it has handed out as a string (its String does not copy), so a full
// trace costs a buffer instead of one allocation per concatenation and per formatted number.
type tracer struct {
	on    bool
	steps []Step
	sb    strings.Builder
}

// traceSteps and traceBytes pre-size the trace for most households (Example 2: 38 steps,
// 2.3 KB of text; the golden households 0.7–3.1 KB): the bytes allocated per assessment set
// how often the GC runs, so they are not rounded up generously. Larger traces grow.
const (
	traceSteps = 48
	traceBytes = 3072
)

func (t *tracer) start() {
	t.on = true
	t.steps = make([]Step, 0, traceSteps)
	t.sb.Grow(traceBytes)
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
	var d [32]byte
	from := t.sb.Len()
	t.sb.Write(formatInt(&d, v, false))
	t.add(id, ja, en, t.sb.String()[from:], formula, law)
}

// rat records an exact amount; a value whose decimal is truncated shows its fraction.
func (t *tracer) rat(id, ja, en string, v rat, formula, law string) {
	if !t.on {
		return
	}
	if !v.exact() {
		formula = t.text(formula).s(" (= ").int(v.n).s("/").int(v.fix().d).s(")").String()
	}
	t.add(id, ja, en, t.text("").rat(v).String(), formula, law)
}

// cat joins parts into one string of the trace (labels such as "配当控除（" + 市民税 + "）").
//
//go:noinline
func (t *tracer) cat(parts ...string) string {
	b := t.text("")
	for _, p := range parts {
		b = b.s(p)
	}
	return b.String()
}

// text starts a string of the trace with s; the textBuilder's methods append to it and
// String cuts it out. One text at a time: finish it (String) before starting the next.
//
//go:noinline
func (t *tracer) text(s string) textBuilder {
	b := textBuilder{t: t, from: t.sb.Len()}
	t.sb.WriteString(s)
	return b
}

// textBuilder appends the parts of one trace string to the tracer's builder. Its most used
// methods are kept out of line (go:noinline): inlined at the ~300 places that build the
// trace, they (with the Builder's own checks) would add 200 KB to the WebAssembly module
// for 5% of the native speed.
type textBuilder struct {
	t    *tracer
	from int
}

//go:noinline
func (b textBuilder) s(x string) textBuilder {
	b.t.sb.WriteString(x)
	return b
}

func (b textBuilder) bytes(x []byte) textBuilder {
	b.t.sb.Write(x)
	return b
}

// int writes v plainly: 2380000.
//
//go:noinline
func (b textBuilder) int(v int64) textBuilder {
	var d [32]byte
	return b.bytes(formatInt(&d, v, false))
}

// yen writes v with thousands separators: 2,380,000.
//
//go:noinline
func (b textBuilder) yen(v int64) textBuilder {
	var d [32]byte
	return b.bytes(formatInt(&d, v, true))
}

// yenR writes an exact amount with separators: 79,574.25.
func (b textBuilder) yenR(v rat) textBuilder {
	var d [48]byte
	return b.bytes(appendYenR(d[:0], v))
}

// rat writes an exact amount as a decimal: 79574.25.
func (b textBuilder) rat(v rat) textBuilder {
	var d [48]byte
	return b.bytes(v.appendDecimal(d[:0]))
}

// pct writes a rate as a percentage: 4025/100000 → 4.025%.
func (b textBuilder) pct(r Rate) textBuilder { return b.pctR(frac(r.N, r.D)) }

func (b textBuilder) pctR(r rat) textBuilder { return b.rat(r.mulInt(100)).s("%") }

//go:noinline
func (b textBuilder) String() string { return b.t.sb.String()[b.from:] }

// yen formats an amount with thousands separators: 2,380,000.
func yen(v int64) string {
	var d [32]byte
	return string(appendYen(d[:0], v))
}

// itoa is v in decimal (the engine formats its numbers itself: the strconv package would add
// ~4 KB brotli to the WebAssembly for these few calls).
func itoa(v int64) string {
	var d [32]byte
	return string(formatInt(&d, v, false))
}

func appendYen(b []byte, v int64) []byte {
	var d [32]byte
	return append(b, formatInt(&d, v, true)...)
}

// formatInt writes v in decimal at the end of buf and returns that part; grouped puts a
// comma every three digits. It is strconv.AppendInt (plus appendGrouped) done in one pass,
// two digits at a time: a full trace formats about a hundred numbers.
func formatInt(buf *[32]byte, v int64, grouped bool) []byte {
	i := len(buf) // 19 digits, 6 commas and a sign fit
	u := uint64(v)
	if v < 0 {
		u = -u // the magnitude, also for the most negative int64
	}
	if grouped {
		for u >= 1000 {
			g := u % 1000
			u /= 1000
			r := g % 100 * 2
			i -= 4
			buf[i], buf[i+1], buf[i+2], buf[i+3] = ',', byte('0'+g/100), digitPairs[r], digitPairs[r+1]
		}
	}
	for u >= 100 {
		r := u % 100 * 2
		u /= 100
		i -= 2
		buf[i], buf[i+1] = digitPairs[r], digitPairs[r+1]
	}
	if u >= 10 {
		i -= 2
		buf[i], buf[i+1] = digitPairs[2*u], digitPairs[2*u+1]
	} else {
		i--
		buf[i] = byte('0' + u)
	}
	if v < 0 {
		i--
		buf[i] = '-'
	}
	return buf[i:]
}

const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

// appendGrouped appends the decimal digits d with a comma every three from the right.
func appendGrouped(b, d []byte) []byte {
	pre := len(d) % 3
	if pre == 0 {
		pre = 3
	}
	b = append(b, d[:pre]...)
	for i := pre; i < len(d); i += 3 {
		b = append(b, ',')
		b = append(b, d[i:i+3]...)
	}
	return b
}

// appendYenR appends v as rat.String does, with separators in the whole part: 79,574.25
// (and -0.5 for a negative value above −1).
func appendYenR(b []byte, v rat) []byte {
	var tmp [48]byte
	s := v.appendDecimal(tmp[:0])
	dot := len(s)
	for i := range s {
		if s[i] == '.' {
			dot = i
			break
		}
	}
	whole := s[:dot]
	if whole[0] == '-' {
		b = append(b, '-')
		whole = whole[1:]
	}
	b = appendGrouped(b, whole)
	return append(b, s[dot:]...)
}
