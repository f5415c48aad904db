// Package examples keeps the worked examples that the resident pages show honest.
//
// Each example is a JSON file (generator/examples/testdata/examples/<id>.json): one household in the engine's input
// format (engine-io.md), the figures the pages state for it, each with its tax-rules.md
// reference, and the page sections that present it. The tests run the real engine on every
// household and compare every stated figure, and check that the pages print exactly those
// figures, so that a page can never drift from the engine.
package examples

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/big"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Example is one worked example (examples/<id>.json).
type Example struct {
	ID     string `json:"id"`
	Source string `json:"source"` // where the figures come from, e.g. "tax-rules.md §17 Example 1"
	// Sections are the page sections that present the example, one or more per language.
	Sections []Section `json:"sections"`
	// Input is the household, exactly as the engine reads it.
	Input json.RawMessage `json:"input"`
	// Expected are the figures the pages state, computed by the engine.
	Expected []Figure `json:"expected"`
	// Given are the other amounts the section prints that are not engine results:
	// statutory constants (基礎控除 430,000円, the 2,000円 of a donation…), each with its
	// reference. Every amount of the household's input counts as given too.
	Given []Given `json:"given"`

	File string `json:"-"`
}

// Section is the part of a Markdown page that presents an example: from the heading whose
// text is Heading to the next heading of the same or a higher level.
type Section struct {
	Page    string `json:"page"` // below content/, e.g. "ja/how-it-works.md"
	Heading string `json:"heading"`
}

// Lang is the page's language: its first folder below content/.
func (s Section) Lang() string {
	lang, _, _ := strings.Cut(s.Page, "/")
	return lang
}

// Figure is one stated figure. Expr names what the engine must produce: a field of its result
// ("city.income_levy", "installments.special[0]"), a field of the input ("input.income.salary"),
// or arithmetic over them with + - * / and parentheses ("taxable_income * 6/100").
type Figure struct {
	Expr  string          `json:"expr"`
	Value json.RawMessage `json:"value"` // a number (exact decimal) or true/false
	Ref   string          `json:"ref"`   // tax-rules.md section and/or the law
	// Hidden figures are checked against the engine but not printed in the pages (for
	// instance a non-taxable flag).
	Hidden bool `json:"hidden"`
}

// Given is an amount a section prints that is not an engine figure.
type Given struct {
	Value json.Number `json:"value"`
	What  string      `json:"what"`
	Ref   string      `json:"ref"`
}

// Load reads every examples/*.json file of fsys, sorted by id.
func Load(fsys fs.FS) ([]Example, error) {
	files, err := fs.Glob(fsys, "examples/*.json")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no worked examples in examples/")
	}
	seen := map[string]string{}
	var out []Example
	for _, f := range files {
		raw, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var ex Example
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&ex); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		ex.File = f
		switch {
		case ex.ID == "" || ex.ID+".json" != path.Base(f):
			return nil, fmt.Errorf("%s: id must be the file name without .json", f)
		case ex.Source == "":
			return nil, fmt.Errorf("%s: say where the figures come from in \"source\"", f)
		case len(ex.Input) == 0:
			return nil, fmt.Errorf("%s: the household \"input\" is missing", f)
		case len(ex.Expected) == 0:
			return nil, fmt.Errorf("%s: no \"expected\" figures", f)
		}
		for i, fig := range ex.Expected {
			if fig.Expr == "" || len(fig.Value) == 0 || fig.Ref == "" {
				return nil, fmt.Errorf("%s: expected[%d] needs expr, value and ref", f, i)
			}
		}
		for i, g := range ex.Given {
			if g.Value == "" || g.Ref == "" {
				return nil, fmt.Errorf("%s: given[%d] needs value and ref", f, i)
			}
		}
		if prev, dup := seen[ex.ID]; dup {
			return nil, fmt.Errorf("%s: id %q already used by %s", f, ex.ID, prev)
		}
		seen[ex.ID] = f
		out = append(out, ex)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Doc is a JSON document decoded for lookups by path (numbers kept exact).
type Doc map[string]any

// DecodeDoc decodes a JSON object keeping numbers as json.Number.
func DecodeDoc(raw []byte) (Doc, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var d Doc
	if err := dec.Decode(&d); err != nil {
		return nil, err
	}
	return d, nil
}

// Lookup finds a dotted path with optional [index] parts, e.g. "installments.special[0]".
func (d Doc) Lookup(p string) (any, error) {
	var cur any = map[string]any(d)
	for _, part := range strings.Split(p, ".") {
		name, idx := part, -1
		if i := strings.IndexByte(part, '['); i >= 0 && strings.HasSuffix(part, "]") {
			name = part[:i]
			if _, err := fmt.Sscanf(part[i+1:len(part)-1], "%d", &idx); err != nil {
				return nil, fmt.Errorf("%q: bad index in %q", p, part)
			}
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%q: %q is not an object", p, name)
		}
		if cur, ok = m[name]; !ok {
			return nil, fmt.Errorf("%q: no field %q", p, name)
		}
		if idx >= 0 {
			arr, ok := cur.([]any)
			if !ok || idx >= len(arr) {
				return nil, fmt.Errorf("%q: no element %d", p, idx)
			}
			cur = arr[idx]
		}
	}
	return cur, nil
}

// Eval computes an expression over the engine result and the input ("input." prefix).
// Missing input fields are zero, as the engine reads them; a missing result field is an error.
func Eval(expr string, result, input Doc) (*big.Rat, error) {
	p := &exprParser{src: expr, result: result, input: input}
	v, err := p.sum()
	if err != nil {
		return nil, fmt.Errorf("%q: %w", expr, err)
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		return nil, fmt.Errorf("%q: unexpected %q", expr, p.src[p.pos:])
	}
	return v, nil
}

type exprParser struct {
	src           string
	pos           int
	result, input Doc
}

func (p *exprParser) skipSpace() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
}

func (p *exprParser) sum() (*big.Rat, error) {
	v, err := p.product()
	for err == nil {
		p.skipSpace()
		if p.pos >= len(p.src) || (p.src[p.pos] != '+' && p.src[p.pos] != '-') {
			return v, nil
		}
		op := p.src[p.pos]
		p.pos++
		var w *big.Rat
		if w, err = p.product(); err == nil {
			if op == '+' {
				v = new(big.Rat).Add(v, w)
			} else {
				v = new(big.Rat).Sub(v, w)
			}
		}
	}
	return nil, err
}

func (p *exprParser) product() (*big.Rat, error) {
	v, err := p.operand()
	for err == nil {
		p.skipSpace()
		if p.pos >= len(p.src) || (p.src[p.pos] != '*' && p.src[p.pos] != '/') {
			return v, nil
		}
		op := p.src[p.pos]
		p.pos++
		var w *big.Rat
		if w, err = p.operand(); err == nil {
			if op == '*' {
				v = new(big.Rat).Mul(v, w)
			} else if w.Sign() == 0 {
				err = fmt.Errorf("division by zero")
			} else {
				v = new(big.Rat).Quo(v, w)
			}
		}
	}
	return nil, err
}

var operandRE = regexp.MustCompile(`^(?:[0-9]+(?:\.[0-9]+)?|[a-z_][a-z_0-9]*(?:\[[0-9]+\])?(?:\.[a-z_][a-z_0-9]*(?:\[[0-9]+\])?)*)`)

func (p *exprParser) operand() (*big.Rat, error) {
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '(' {
		p.pos++
		v, err := p.sum()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ')' {
			return nil, fmt.Errorf("missing )")
		}
		p.pos++
		return v, nil
	}
	tok := operandRE.FindString(p.src[p.pos:])
	if tok == "" {
		return nil, fmt.Errorf("expected a number or a field at %q", p.src[p.pos:])
	}
	p.pos += len(tok)
	if tok[0] >= '0' && tok[0] <= '9' {
		r, _ := new(big.Rat).SetString(tok)
		return r, nil
	}
	doc, name := p.result, tok
	if rest, ok := strings.CutPrefix(tok, "input."); ok {
		doc, name = p.input, rest
		if _, err := doc.Lookup(name); err != nil {
			return new(big.Rat), nil
		}
	}
	v, err := doc.Lookup(name)
	if err != nil {
		return nil, err
	}
	return toRat(v)
}

func toRat(v any) (*big.Rat, error) {
	switch x := v.(type) {
	case json.Number:
		r, ok := new(big.Rat).SetString(x.String())
		if !ok {
			return nil, fmt.Errorf("not a number: %s", x)
		}
		return r, nil
	case string: // the trace gives amounts as decimal strings
		r, ok := new(big.Rat).SetString(x)
		if !ok {
			return nil, fmt.Errorf("not a number: %q", x)
		}
		return r, nil
	}
	return nil, fmt.Errorf("not a number: %v", v)
}

// ParseValue reads an expected value: a number as an exact rational, or a boolean.
func ParseValue(raw json.RawMessage) (num *big.Rat, b, isBool bool, err error) {
	s := strings.TrimSpace(string(raw))
	switch s {
	case "true", "false":
		return nil, s == "true", true, nil
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, false, false, fmt.Errorf("value %s is neither a number nor true/false", s)
	}
	return r, false, false, nil
}

// InputAmounts lists every number in the input (the household's own amounts and ages).
func InputAmounts(input Doc) []*big.Rat {
	var out []*big.Rat
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case json.Number:
			if r, err := toRat(x); err == nil {
				out = append(out, r)
			}
		}
	}
	walk(map[string]any(input))
	return out
}

// Yen formats an amount as the pages print it: "241,300円" in Japanese, "¥241,300" in
// English. Fractions (intermediate figures) keep their exact decimals: "79,574.25円".
func Yen(lang string, v *big.Rat) string {
	n := Number(v)
	if lang == "ja" || strings.HasPrefix(lang, "ja-") {
		return n + "円"
	}
	return "¥" + n
}

// Number formats an exact decimal with thousands separators.
func Number(v *big.Rat) string {
	s := v.FloatString(decimals(v))
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// decimals is how many decimal places v needs to be written exactly (at most 6).
func decimals(v *big.Rat) int {
	for d := 0; d <= 6; d++ {
		scaled := new(big.Rat).Mul(v, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)))
		if scaled.IsInt() {
			return d
		}
	}
	return 6
}

var (
	yenJa = regexp.MustCompile(`([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)円`)
	yenEn = regexp.MustCompile(`¥([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)`)
)

// Amounts lists the yen amounts printed in a piece of Markdown, in the page language's form.
func Amounts(lang, md string) []string {
	re := yenEn
	if lang == "ja" || strings.HasPrefix(lang, "ja-") {
		re = yenJa
	}
	var out []string
	for _, m := range re.FindAllStringSubmatch(md, -1) {
		out = append(out, m[1])
	}
	return out
}

// ParseAmount reads "241,300" or "79,574.25".
func ParseAmount(s string) (*big.Rat, bool) {
	return new(big.Rat).SetString(strings.ReplaceAll(s, ",", ""))
}

var headingRE = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)

// Extract returns the Markdown of a section: from the heading whose text is heading to the
// next heading of the same or a higher level (front matter and fenced code are not special:
// example pages have neither around their sections).
func Extract(md, heading string) (string, bool) {
	lines := strings.Split(md, "\n")
	start, level := -1, 0
	for i, l := range lines {
		m := headingRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		if start >= 0 && len(m[1]) <= level {
			return strings.Join(lines[start:i], "\n"), true
		}
		if start < 0 && strings.TrimSpace(m[2]) == heading {
			start, level = i, len(m[1])
		}
	}
	if start < 0 {
		return "", false
	}
	return strings.Join(lines[start:], "\n"), true
}
