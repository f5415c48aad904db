package tax

import (
	"unicode/utf8"
)

// A hand-written JSON writer for the contract's output, byte-for-byte what encoding/json's
// Marshal produces for the same values (TestWriterMatchesEncodingJSON), without reflection.

type jw struct{ b []byte }

func (w *jw) raw(s string) { w.b = append(w.b, s...) }

func (w *jw) int(v int64) {
	var d [32]byte
	w.b = append(w.b, formatInt(&d, v, false)...)
}

func (w *jw) bool(v bool) {
	if v {
		w.b = append(w.b, "true"...)
	} else {
		w.b = append(w.b, "false"...)
	}
}

const hexDigits = "0123456789abcdef"

// str writes s as encoding/json does with HTML escaping on: <, > and & as \u003c etc.,
// U+2028 / U+2029 escaped, invalid UTF-8 as U+FFFD.
func (w *jw) str(s string) {
	if !utf8.ValidString(s) {
		w.strSlow(s)
		return
	}
	b := append(w.b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if jsonPlain[c] {
			continue
		}
		if c == 0xE2 { // U+2028 and U+2029 are E2 80 A8 / E2 80 A9
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				b = append(b, s[start:i]...)
				b = append(b, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&0xf])
				i += 2
				start = i + 1
			}
			continue
		}
		b = append(b, s[start:i]...)
		b = escapeASCII(b, c)
		start = i + 1
	}
	b = append(b, s[start:]...)
	w.b = append(b, '"')
}

// jsonPlain marks the bytes str copies as they are: everything but control characters,
// " \ < > & and 0xE2 (the first byte of U+2028 / U+2029, checked apart). A table lookup
// per byte: the result's ~14 KB of trace text is the bulk of every zeisim.assess answer.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = true
	}
	for _, c := range []byte{'"', '\\', '<', '>', '&', 0xE2} {
		t[c] = false
	}
	return t
}()

func escapeASCII(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}

// strSlow handles strings with invalid UTF-8 (each bad byte becomes U+FFFD, as encoding/json).
func (w *jw) strSlow(s string) {
	b := append(w.b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = escapeASCII(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	w.b = append(b, '"')
}

// array writes n elements with each, or null for a nil slice (as encoding/json).
func (w *jw) array(isNil bool, n int, each func(i int)) {
	if isNil {
		w.raw("null")
		return
	}
	w.b = append(w.b, '[')
	for i := range n {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		each(i)
	}
	w.b = append(w.b, ']')
}

// strObject writes an object of string fields in order: names[i] → values[i].
func (w *jw) strObject(names []string, values ...string) {
	for i, v := range values {
		if i == 0 {
			w.raw(`{"`)
		} else {
			w.raw(`,"`)
		}
		w.raw(names[i])
		w.raw(`":`)
		w.str(v)
	}
	w.b = append(w.b, '}')
}

var errorNames = []string{"field", "message", "message_en"}

// EncodeResult writes a Result as the contract's JSON.
func EncodeResult(r *Result) []byte {
	w := jw{b: make([]byte, 0, resultSize(r))}
	w.writeResult(r)
	return w.b
}

// resultSize is a generous estimate of the encoded size, so that the buffer is allocated
// once: the fixed part, and each step's and assumption's text with its names and quotes.
func resultSize(r *Result) int {
	n := 2048
	for i := range r.Steps {
		s := &r.Steps[i]
		n += 80 + len(s.ID) + len(s.Label) + len(s.LabelEn) + len(s.Amount) + len(s.Formula) + len(s.Law)
	}
	for i := range r.Assumptions {
		a := &r.Assumptions[i]
		n += 80 + len(a.ID) + len(a.Label) + len(a.LabelEn) + len(a.Value) + len(a.ValueEn) + len(a.Source)
	}
	for i := range r.Notes {
		n += 48 + len(r.Notes[i].ID) + len(r.Notes[i].Message) + len(r.Notes[i].MessageEn)
	}
	for i := range r.Declaration {
		d := &r.Declaration[i]
		n += 180 + len(d.Section) + len(d.ID) + len(d.Label) + len(d.LabelEn) + len(d.Return) + len(d.ReturnEn)
	}
	return n
}

// EncodeErrors writes a ValidationError as {"errors": [...]}.
func EncodeErrors(e *ValidationError) []byte {
	var w jw
	w.raw(`{"errors":`)
	w.array(e.Errors == nil, len(e.Errors), func(i int) {
		f := &e.Errors[i]
		w.strObject(errorNames, f.Field, f.Message, f.MessageEn)
	})
	w.b = append(w.b, '}')
	return w.b
}

// EncodeCurve writes the salary curve as a JSON array.
func EncodeCurve(points []CurvePoint) []byte {
	w := jw{b: make([]byte, 0, 16+len(points)*96)}
	if points == nil {
		return []byte("null")
	}
	w.b = append(w.b, '[')
	for i, p := range points {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.raw(`{"salary":`)
		w.int(p.Salary)
		w.raw(`,"city":`)
		w.int(p.City)
		w.raw(`,"prefecture":`)
		w.int(p.Prefecture)
		w.raw(`,"forest":`)
		w.int(p.Forest)
		w.raw(`,"total":`)
		w.int(p.Total)
		w.b = append(w.b, '}')
	}
	w.b = append(w.b, ']')
	return w.b
}
