package tax

import (
	"unicode/utf16"
	"unicode/utf8"
)

// A small strict JSON reader (RFC 8259) for the engine contract. The engine does not use
// encoding/json: reflection-based JSON adds about 120 KB (brotli) to the WebAssembly module,
// and the contract is small enough to read by hand. The command line and the browser both go
// through this reader, so they can never disagree. FuzzJSONReader checks it against
// encoding/json.

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNum
	jStr
	jObj
	jArr
)

func (k jkind) ja() string {
	return [...]string{"null", "真偽値", "数値", "文字列", "オブジェクト", "配列"}[k]
}

func (k jkind) en() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an object", "an array"}[k]
}

type jval struct {
	kind jkind
	s    string // string contents, or the number's literal text
	b    bool
	obj  []jmember
	arr  []jval
	raw  []byte // the value's bytes in the input (for arrays of households)
}

type jmember struct {
	key string
	val jval
}

const maxDepth = 32

// SyntaxError is input that is not JSON at all (exit status 2 on the command line).
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return "invalid JSON at byte " + itoa(int64(e.Offset)) + ": " + e.Msg
}

type jreader struct {
	data []byte
	pos  int
}

func parseJSON(data []byte) (jval, error) {
	r := jreader{data: data}
	r.ws()
	v, err := r.value(0)
	if err != nil {
		return jval{}, err
	}
	r.ws()
	if r.pos != len(r.data) {
		return jval{}, r.fail("unexpected data after the value")
	}
	return v, nil
}

func (r *jreader) fail(msg string) error { return &SyntaxError{Offset: r.pos, Msg: msg} }

func (r *jreader) ws() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

func (r *jreader) value(depth int) (jval, error) {
	if depth > maxDepth {
		return jval{}, r.fail("nested too deeply")
	}
	if r.pos >= len(r.data) {
		return jval{}, r.fail("unexpected end of input")
	}
	start := r.pos
	var v jval
	var err error
	switch c := r.data[r.pos]; {
	case c == '{':
		v, err = r.object(depth)
	case c == '[':
		v, err = r.array(depth)
	case c == '"':
		var s string
		s, err = r.str()
		v = jval{kind: jStr, s: s}
	case c == '-' || (c >= '0' && c <= '9'):
		v, err = r.number()
	case c == 't':
		err = r.lit("true")
		v = jval{kind: jBool, b: true}
	case c == 'f':
		err = r.lit("false")
		v = jval{kind: jBool}
	case c == 'n':
		err = r.lit("null")
		v = jval{kind: jNull}
	default:
		return jval{}, r.fail("unexpected character " + quoteByte(c))
	}
	if err != nil {
		return jval{}, err
	}
	v.raw = r.data[start:r.pos]
	return v, nil
}

func (r *jreader) lit(word string) error {
	if len(r.data)-r.pos < len(word) || string(r.data[r.pos:r.pos+len(word)]) != word {
		return r.fail("invalid literal")
	}
	r.pos += len(word)
	return nil
}

func (r *jreader) object(depth int) (jval, error) {
	r.pos++ // {
	v := jval{kind: jObj}
	r.ws()
	if r.pos < len(r.data) && r.data[r.pos] == '}' {
		r.pos++
		return v, nil
	}
	for {
		r.ws()
		if r.pos >= len(r.data) || r.data[r.pos] != '"' {
			return jval{}, r.fail("expected a string key")
		}
		k, err := r.str()
		if err != nil {
			return jval{}, err
		}
		r.ws()
		if r.pos >= len(r.data) || r.data[r.pos] != ':' {
			return jval{}, r.fail("expected ':'")
		}
		r.pos++
		r.ws()
		val, err := r.value(depth + 1)
		if err != nil {
			return jval{}, err
		}
		v.obj = append(v.obj, jmember{k, val})
		r.ws()
		if r.pos >= len(r.data) {
			return jval{}, r.fail("unexpected end of input in an object")
		}
		switch r.data[r.pos] {
		case ',':
			r.pos++
		case '}':
			r.pos++
			return v, nil
		default:
			return jval{}, r.fail("expected ',' or '}'")
		}
	}
}

func (r *jreader) array(depth int) (jval, error) {
	r.pos++ // [
	v := jval{kind: jArr}
	r.ws()
	if r.pos < len(r.data) && r.data[r.pos] == ']' {
		r.pos++
		return v, nil
	}
	for {
		r.ws()
		val, err := r.value(depth + 1)
		if err != nil {
			return jval{}, err
		}
		v.arr = append(v.arr, val)
		r.ws()
		if r.pos >= len(r.data) {
			return jval{}, r.fail("unexpected end of input in an array")
		}
		switch r.data[r.pos] {
		case ',':
			r.pos++
		case ']':
			r.pos++
			return v, nil
		default:
			return jval{}, r.fail("expected ',' or ']'")
		}
	}
}

func (r *jreader) number() (jval, error) {
	start := r.pos
	d := r.data
	if d[r.pos] == '-' {
		r.pos++
	}
	digits := func() int {
		n := 0
		for r.pos < len(d) && d[r.pos] >= '0' && d[r.pos] <= '9' {
			r.pos++
			n++
		}
		return n
	}
	if r.pos < len(d) && d[r.pos] == '0' {
		r.pos++
	} else if digits() == 0 {
		return jval{}, r.fail("invalid number")
	}
	if r.pos < len(d) && d[r.pos] == '.' {
		r.pos++
		if digits() == 0 {
			return jval{}, r.fail("invalid number")
		}
	}
	if r.pos < len(d) && (d[r.pos] == 'e' || d[r.pos] == 'E') {
		r.pos++
		if r.pos < len(d) && (d[r.pos] == '+' || d[r.pos] == '-') {
			r.pos++
		}
		if digits() == 0 {
			return jval{}, r.fail("invalid number")
		}
	}
	return jval{kind: jNum, s: string(d[start:r.pos])}, nil
}

func (r *jreader) str() (string, error) {
	r.pos++ // opening quote
	d := r.data
	start := r.pos
	// Fast path: no escapes.
	for r.pos < len(d) {
		c := d[r.pos]
		if c == '"' {
			s := d[start:r.pos]
			if !utf8.Valid(s) {
				return "", r.fail("invalid UTF-8 in a string")
			}
			r.pos++
			return string(s), nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return "", r.fail("control character in a string")
		}
		r.pos++
	}
	buf := append([]byte(nil), d[start:r.pos]...)
	for r.pos < len(d) {
		c := d[r.pos]
		switch {
		case c == '"':
			r.pos++
			if !utf8.Valid(buf) {
				return "", r.fail("invalid UTF-8 in a string")
			}
			return string(buf), nil
		case c < 0x20:
			return "", r.fail("control character in a string")
		case c == '\\':
			r.pos++
			if r.pos >= len(d) {
				return "", r.fail("unexpected end of input in a string")
			}
			e := d[r.pos]
			r.pos++
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r1, ok := r.hex4()
				if !ok {
					return "", r.fail("invalid \\u escape")
				}
				if utf16.IsSurrogate(r1) {
					// A pair gives one rune; a lone surrogate becomes U+FFFD (as encoding/json).
					if r.pos+6 <= len(d) && d[r.pos] == '\\' && d[r.pos+1] == 'u' {
						save := r.pos
						r.pos += 2
						if r2, ok := r.hex4(); ok {
							if dec := utf16.DecodeRune(r1, r2); dec != utf8.RuneError {
								buf = utf8.AppendRune(buf, dec)
								continue
							}
						}
						r.pos = save
					}
					r1 = utf8.RuneError
				}
				buf = utf8.AppendRune(buf, r1)
			default:
				return "", r.fail("invalid escape")
			}
		default:
			buf = append(buf, c)
			r.pos++
		}
	}
	return "", r.fail("unterminated string")
}

func (r *jreader) hex4() (rune, bool) {
	if r.pos+4 > len(r.data) {
		return 0, false
	}
	var v rune
	for _, c := range r.data[r.pos : r.pos+4] {
		v <<= 4
		switch {
		case c >= '0' && c <= '9':
			v |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			v |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			v |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	r.pos += 4
	return v, true
}

// quoteByte names one input byte: 'x' when printable ASCII, '\xNN' otherwise.
func quoteByte(c byte) string {
	const hex = "0123456789abcdef"
	switch {
	case c == '\'' || c == '\\':
		return "'\\" + string(rune(c)) + "'"
	case c >= 0x20 && c < 0x7f:
		return "'" + string(rune(c)) + "'"
	}
	return "'\\x" + string([]byte{hex[c>>4], hex[c&15]}) + "'"
}
