package tax

import (
	"unicode/utf8"
)

// Decode reads one household from JSON (engine-io.md). Unknown fields, repeated fields and
// wrong types are rejected with the path of the field, all at once, so a typo never silently
// becomes zero. Input that is not JSON at all gives a *SyntaxError.
func Decode(data []byte) (Input, error) {
	v, err := parseJSON(data)
	if err != nil {
		return Input{}, err
	}
	return decodeValue(v)
}

// syntaxFieldError turns a SyntaxError into the contract's error shape.
func syntaxFieldError(err error) *ValidationError {
	// A type assertion, not errors.As: the reader returns its *SyntaxError unwrapped, and
	// errors.As would bring reflection into the engine's WebAssembly (~8 KB brotli).
	msg := err.Error()
	if se, ok := err.(*SyntaxError); ok {
		return &ValidationError{Errors: []FieldError{{
			Field:     "(input)",
			Message:   "入力がJSONとして読めません（" + itoa(int64(se.Offset)) + "バイト目: " + se.Msg + "）",
			MessageEn: "the input is not valid JSON (byte " + itoa(int64(se.Offset)) + ": " + se.Msg + ")",
		}}}
	}
	return &ValidationError{Errors: []FieldError{{Field: "(input)", Message: msg, MessageEn: msg}}}
}

func decodeValue(v jval) (Input, error) {
	var in Input // fiscal_year and municipality left out stay 0 and "": defaults with an assumption
	var d jdec
	if v.kind != jObj {
		d.wrong("(input)", v, "オブジェクト", "an object")
		return Input{}, &ValidationError{Errors: d.errs}
	}
	d.decodeInput("", v, &in)
	if len(d.errs) > 0 {
		// Report the other fields' problems too: every bad field at once.
		for _, e := range validate(&in) {
			seen := false
			for _, prev := range d.errs {
				seen = seen || prev.Field == e.Field
			}
			if !seen {
				d.errs = append(d.errs, e)
			}
		}
		return Input{}, &ValidationError{Errors: d.errs}
	}
	return in, nil
}

type jdec struct {
	errs    []FieldError
	dropped int // errors past maxErrors, summed up in the last one
}

// maxErrors bounds the errors one input can produce (an object of a million unknown keys
// gets 50 and a count, not a million).
const maxErrors = 50

func (d *jdec) add(field, ja, en string) {
	switch {
	case len(d.errs) < maxErrors:
		d.errs = append(d.errs, FieldError{Field: field, Message: ja, MessageEn: en})
	default:
		d.dropped++
		n := itoa(int64(d.dropped))
		d.errs[maxErrors-1] = FieldError{Field: "(input)", Message: "ほかに " + n + " 件の誤りがあります（最初の誤りから直してください）",
			MessageEn: n + " more errors (fix the first ones first)"}
	}
}

// excerpt bounds a text taken from the input (a key, a number's spelling) to a short prefix,
// so that an error never echoes a megabyte back.
func excerpt(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…(" + itoa(int64(len(s))) + " bytes)"
}

// tooMany refuses an array longer than the contract allows.
func (d *jdec) tooMany(path string, n int) {
	if path == "dependents" {
		d.add(path, "扶養親族は"+itoa(int64(n))+"人までしか入力できません", "at most "+itoa(int64(n))+" dependants")
		return
	}
	d.add(path, itoa(int64(n))+"件までしか入力できません", "at most "+itoa(int64(n))+" entries")
}

func (d *jdec) wrong(path string, v jval, ja, en string) {
	d.add(path, ja+"で入力してください（"+v.kind.ja()+"になっています）", "must be "+en+", not "+v.kind.en())
}

func join(path, key string) string {
	key = excerpt(key)
	if path == "" {
		return key
	}
	return path + "." + key
}

// fields walks an object; each returns false for a key it does not know.
func (d *jdec) fields(path string, v jval, each func(path, key string, f jval) bool) {
	if v.kind != jObj {
		p := path
		if p == "" {
			p = "(input)"
		}
		d.wrong(p, v, "オブジェクト", "an object")
		return
	}
	var seen map[string]bool // only for large objects: the pairwise check is quadratic
	if len(v.obj) > 32 {
		seen = make(map[string]bool, len(v.obj))
	}
	for i, m := range v.obj {
		p := join(path, m.key)
		dup := false
		if seen != nil {
			dup, seen[m.key] = seen[m.key], true
		} else {
			for _, prev := range v.obj[:i] {
				dup = dup || prev.key == m.key
			}
		}
		if dup {
			d.add(p, "同じ項目が2回入力されています", "this field appears twice")
			continue
		}
		if !each(p, m.key, m.val) {
			d.add(p, "不明な項目です（項目名を確認してください）", "unknown field (check the name)")
		}
	}
}

func (d *jdec) int64(path string, v jval) (int64, bool) {
	if v.kind != jNum {
		d.wrong(path, v, "数値（整数）", "a whole number")
		return 0, false
	}
	n, whole, fits := parseInt(v.s)
	if !whole || !fits {
		if whole {
			d.add(path, "数値が大きすぎます", "the number is too large")
		} else {
			d.add(path, "整数（小数点や指数表記なし）で入力してください: "+excerpt(v.s), "must be a whole number without a fraction or exponent: "+excerpt(v.s))
		}
		return 0, false
	}
	return n, true
}

func (d *jdec) yen(path string, v jval) int64 {
	n, _ := d.int64(path, v)
	return n
}

func (d *jdec) int(path string, v jval) int {
	n, ok := d.int64(path, v)
	if !ok {
		return 0
	}
	if n < -1<<31 || n > 1<<31-1 {
		d.add(path, "数値が範囲外です", "the number is out of range")
		return 0
	}
	return int(n)
}

func (d *jdec) bool(path string, v jval) bool {
	if v.kind != jBool {
		d.wrong(path, v, "true か false", "true or false")
		return false
	}
	return v.b
}

func (d *jdec) str(path string, v jval) string {
	if v.kind != jStr {
		d.wrong(path, v, "文字列", "a string")
		return ""
	}
	return v.s
}

// parseInt reads a JSON number token as an int64: whole says it is an optional minus and
// digits only (no fraction or exponent), fits that it is within int64.
func parseInt(s string) (n int64, whole, fits bool) {
	neg := len(s) > 0 && s[0] == '-'
	digits := s
	if neg {
		digits = s[1:]
	}
	if digits == "" {
		return 0, false, false
	}
	var u uint64
	fits = true
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, false, false
		}
		if fits {
			if u > (1<<63)/10 || u*10+uint64(c-'0') > 1<<63 {
				fits = false
				continue
			}
			u = u*10 + uint64(c-'0')
		}
	}
	if !fits || (!neg && u == 1<<63) {
		return 0, true, false
	}
	if neg {
		return -int64(u), true, true // u == 1<<63 gives the most negative int64
	}
	return int64(u), true, true
}
