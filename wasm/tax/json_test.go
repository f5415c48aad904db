package tax

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWriterMatchesEncodingJSON: the hand-written writer produces exactly what
// encoding/json.Marshal produces for the same Result, so dropping reflection from the wasm
// changed no byte of the contract.
func TestWriterMatchesEncodingJSON(t *testing.T) {
	for name, c := range loadGolden(t) {
		in, err := Decode(c.Input)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r, err := Assess(in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := EncodeResult(&r); !bytes.Equal(got, want) {
			t.Errorf("%s: writer differs from encoding/json\n got %s\nwant %s", name, firstDiff(got, want), "")
		}
	}
	odd := &Result{Steps: []Step{{ID: "a\"b\\c\n\t\r<>&\u2028\u2029\x01", Label: "\xff無効", Amount: "1"}}}
	want, _ := json.Marshal(odd)
	if got := EncodeResult(odd); !bytes.Equal(got, want) {
		t.Errorf("escaping differs:\n got %s\nwant %s", got, want)
	}
	ve := &ValidationError{Errors: []FieldError{{"x.y", "メッセージ <", "message &"}}}
	want, _ = json.Marshal(ve)
	if got := EncodeErrors(ve); !bytes.Equal(got, want) {
		t.Errorf("errors: got %s want %s", got, want)
	}
	pts := []CurvePoint{{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}}
	want, _ = json.Marshal(pts)
	if got := EncodeCurve(pts); !bytes.Equal(got, want) {
		t.Errorf("curve: got %s want %s", got, want)
	}
}

func firstDiff(a, b []byte) string {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			lo := max(0, i-40)
			return "at byte " + itoa(int64(i)) + ": " + string(a[lo:min(len(a), i+40)]) + " | " + string(b[lo:min(len(b), i+40)])
		}
	}
	return "length " + itoa(int64(len(a))) + " vs " + itoa(int64(len(b)))
}

// TestDecodeErrors: strict decoding names every bad field with its path, at once.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		fields []string
	}{
		{"unknown field", `{"income":{"salery":5000000}}`, []string{"income.salery"}},
		{"string for a number", `{"income":{"salary":"5000000"}}`, []string{"income.salary"}},
		{"fraction", `{"income":{"salary":5000000.5}}`, []string{"income.salary"}},
		{"exponent", `{"income":{"salary":5e6}}`, []string{"income.salary"}},
		{"too large for int64", `{"income":{"salary":99999999999999999999}}`, []string{"income.salary"}},
		{"negative", `{"income":{"salary":-1}}`, []string{"income.salary"}},
		{"absurd", `{"income":{"salary":10000000001}}`, []string{"income.salary"}},
		{"null scalar", `{"income":{"salary":null}}`, []string{"income.salary"}},
		{"duplicate", `{"fiscal_year":2026,"fiscal_year":2025}`, []string{"fiscal_year"}},
		{"unknown year", `{"fiscal_year":2024}`, []string{"fiscal_year"}},
		{"unknown municipality", `{"municipality":"999999"}`, []string{"municipality"}},
		{"municipality as number", `{"municipality":142051}`, []string{"municipality"}},
		{"not an object", `[1]`, []string{"(input)"}},
		{"bool wrong", `{"credits":{"donations":{"one_stop":"yes"}}}`, []string{"credits.donations.one_stop"}},
		{"age out of range", `{"taxpayer":{"age":131},"spouse":{"age":-1}}`, []string{"taxpayer.age", "spouse.age"}},
		{"disability enum", `{"taxpayer":{"disability":"severe"}}`, []string{"taxpayer.disability"}},
		{"self-medication with medical", `{"deductions":{"self_medication":20000,"medical_expenses":{"paid":150000}}}`, []string{"deductions.self_medication"}},
		{"reimbursed above paid", `{"deductions":{"medical_expenses":{"paid":1000,"reimbursed":2000}}}`, []string{"deductions.medical_expenses.reimbursed"}},
		{"widow with spouse", `{"taxpayer":{"status":"widow"},"spouse":{"age":50}}`, []string{"spouse"}},
		{"single parent without child", `{"taxpayer":{"status":"single_parent"},"income":{"salary":3000000}}`, []string{"taxpayer.status"}},
		{"one-stop with medical", `{"deductions":{"medical_expenses":{"paid":300000}},"credits":{"donations":{"furusato":10000,"one_stop":true}}}`, []string{"credits.donations.one_stop"}},
		// 確定申告 needed or filed, which cancels the one-stop exception (地方税法附則7条, 所得税法121条):
		// the independent audit found these accepted with the 申告特例控除 added.
		{"one-stop with business", `{"income":{"salary":4000000,"business":300000},"credits":{"donations":{"furusato":10000,"one_stop":true}}}`, []string{"credits.donations.one_stop"}},
		{"one-stop with real estate", `{"income":{"real_estate":-100000,"salary":4000000},"credits":{"donations":{"furusato":10000,"one_stop":true}}}`, []string{"credits.donations.one_stop"}},
		{"one-stop salary over 20m", `{"income":{"salary":20000001},"credits":{"donations":{"furusato":10000,"one_stop":true}}}`, []string{"credits.donations.one_stop"}},
		{"one-stop other income over 200k", `{"income":{"salary":4000000,"miscellaneous":200001},"credits":{"donations":{"furusato":10000,"one_stop":true}}}`, []string{"credits.donations.one_stop"}},
		{"one-stop pension over 4m", `{"taxpayer":{"age":70},"income":{"pension":4000001},"credits":{"donations":{"furusato":10000,"one_stop":true}}}`, []string{"credits.donations.one_stop"}},
		{"one-stop aggregate dividends", `{"income":{"salary":4000000,"dividends":10000},"credits":{"donations":{"furusato":10000,"one_stop":true}}}`, []string{"credits.donations.one_stop"}},
		{"one-stop carry-forward", `{"income":{"salary":4000000,"loss_carryforward":10000},"credits":{"donations":{"furusato":10000,"one_stop":true}}}`, []string{"credits.donations.one_stop"}},
		{"business employee without a business", `{"income":{"salary":4000000},"spouse":{"age":40,"business_employee":true}}`, []string{"spouse.business_employee"}},
		{"foreign credited above paid", `{"credits":{"foreign_tax":{"paid":1000,"income_tax_limit":5000,"national_credited":2000}}}`, []string{"credits.foreign_tax.national_credited"}},
		{"dividend levy without dividends", `{"credits":{"withheld":{"dividend_levy":500}}}`, []string{"credits.withheld.dividend_levy"}},
		{"negative land gain", `{"income":{"separate":{"land_long":{"gain":-5}}}}`, []string{"income.separate.land_long.gain"}},
		{"land deduction above gain", `{"income":{"separate":{"land_short":{"gain":100,"special_deduction":200}}}}`, []string{"income.separate.land_short.special_deduction"}},
		{"land kind", `{"income":{"separate":{"land_short":{"gain":100,"kind":"residential"}}}}`, []string{"income.separate.land_short.kind"}},
		{"unlisted loss", `{"income":{"separate":{"unlisted_stock_gains":-1}}}`, []string{"income.separate.unlisted_stock_gains"}},
		{"one-stop with separate income", `{"income":{"salary":4000000,"separate":{"listed_dividends":1000}},"credits":{"donations":{"furusato":10000,"one_stop":true}}}`, []string{"credits.donations.one_stop"}},
		{"slip small business above the total", `{"deductions":{"withholding_slip":{"social_insurance":100000,"small_business":200000}}}`, []string{"deductions.withholding_slip.small_business"}},
		{"carry-forward too old", `{"fiscal_year":2026,"income":{"business":100,"loss_carryforward_years":[{"year":2021,"amount":5}]}}`, []string{"income.loss_carryforward_years[0].year"}},
		{"carry-forward twice", `{"income":{"loss_carryforward":5,"loss_carryforward_years":[{"year":2024,"amount":5}]}}`, []string{"income.loss_carryforward"}},
		{"housing without year", `{"credits":{"housing_loan":{"credit":100000}}}`, []string{"credits.housing_loan.move_in_year"}},
		{"housing future year", `{"fiscal_year":2026,"credits":{"housing_loan":{"credit":100000,"move_in_year":2026}}}`, []string{"credits.housing_loan.move_in_year"}},
		{"negative miscellaneous", `{"income":{"miscellaneous":-5}}`, []string{"income.miscellaneous"}},
		{"dependent path", `{"dependents":[{"age":10},{"age":"ten"}]}`, []string{"dependents[1].age"}},
		{"dependent age", `{"dependents":[{"age":10},{"age":131}]}`, []string{"dependents[1].age"}},
		{"dependent carry-forward", `{"dependents":[{"age":10,"income":{"loss_carryforward":1000}}]}`, []string{"dependents[0].income.loss_carryforward"}},
		{"spouse income path", `{"spouse":{"age":40,"income":{"miscellaneous":-5}}}`, []string{"spouse.income.miscellaneous"}},
		{"spouse ascendant", `{"spouse":{"age":40,"lineal_ascendant":true}}`, []string{"spouse.lineal_ascendant"}},
		{"many at once", `{"fiscal_year":"2026","income":{"salary":-5,"pension":"x"},"deductions":{"foo":1}}`,
			[]string{"fiscal_year", "income.salary", "income.pension", "deductions.foo"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := AssessJSON([]byte(tt.in))
			if err == nil {
				t.Fatalf("accepted: %s", out)
			}
			ve, ok := err.(*ValidationError)
			if !ok {
				t.Fatalf("error %T %v, want *ValidationError", err, err)
			}
			got := map[string]bool{}
			for _, e := range ve.Errors {
				got[e.Field] = true
				if e.Message == "" || e.MessageEn == "" {
					t.Errorf("field %s: message missing (ja %q, en %q)", e.Field, e.Message, e.MessageEn)
				}
			}
			for _, f := range tt.fields {
				if !got[f] {
					t.Errorf("no error for %s; got %+v", f, ve.Errors)
				}
			}
		})
	}
}

// TestDecodeAcceptsContractExample: the input example of engine-io.md decodes as written.
func TestDecodeAcceptsContractExample(t *testing.T) {
	const example = `{
  "fiscal_year": 2026, "municipality": "142051",
  "taxpayer": {"age": 40, "disability": "none", "status": "none", "working_student": false, "public_assistance": false},
  "income": {"salary": 5000000, "pension": 0, "business": 0, "real_estate": 0, "miscellaneous": 0, "dividends": 0},
  "deductions": {"social_insurance": 750000, "small_business_mutual_aid": 0,
    "life_insurance": {"general_new": 0, "general_old": 0, "care_medical": 0, "pension_new": 0, "pension_old": 0},
    "earthquake_insurance": {"earthquake": 0, "long_term_old": 0},
    "medical_expenses": {"paid": 0, "reimbursed": 0}, "self_medication": 0, "casualty_loss": 0},
  "spouse": {"age": 38, "disability": "none", "living_together": true, "income": {"salary": 0}},
  "dependents": [{"age": 17, "disability": "none", "living_together": true, "lineal_ascendant": false, "income": {}}],
  "credits": {"donations": {"furusato": 0, "one_stop": false, "pref_designated": 0, "muni_designated": 0},
    "housing_loan": {"credit": 0, "move_in_year": 0}}
}`
	in, err := Decode([]byte(example))
	if err != nil {
		t.Fatal(err)
	}
	if in.Spouse == nil || in.Spouse.Age != 38 || len(in.Dependents) != 1 || in.Income.Salary != 5000000 {
		t.Fatalf("decoded %+v", in)
	}
	if _, err := Assess(in); err != nil {
		t.Fatal(err)
	}
}

// FuzzJSONReader checks the reader against encoding/json: it never panics, accepts only
// valid JSON, accepts all valid JSON except invalid UTF-8 and deep nesting (which it rejects
// on purpose), and decodes households to the same Input as encoding/json whenever both
// accept them.
func FuzzJSONReader(f *testing.F) {
	for _, c := range loadGolden(f) {
		f.Add([]byte(c.Input))
	}
	for _, s := range []string{`{}`, `[]`, `{"a":[1,2,{"b":null}]}`, `"\ud83d\ude00"`, `"\ud800"`, `-0.5e+10`, `{"income":{"salary":1}}`, "\"\xff\"", `[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := parseJSON(data)
		valid := json.Valid(data)
		if err == nil && !valid {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		if err != nil && valid && utf8.Valid(data) && !strings.Contains(err.Error(), "nested too deeply") {
			t.Fatalf("rejected valid JSON %q: %v", data, err)
		}
		if err != nil {
			return
		}
		if v.kind == jStr {
			var s string
			if json.Unmarshal(data, &s) == nil && s != v.s {
				t.Fatalf("string %q: got %q, encoding/json %q", data, v.s, s)
			}
		}
		ours, oerr := decodeValue(v)
		var theirs Input // fields left out stay zero: the engine applies (and lists) the defaults
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		terr := dec.Decode(&theirs)
		if oerr == nil && terr == nil && !reflect.DeepEqual(ours, theirs) {
			t.Fatalf("%q: decoded %+v, encoding/json %+v", data, ours, theirs)
		}
	})
}

// TestWriterStringsMatchEncodingJSON: random strings of the characters that matter to the
// escaping (quotes, controls, HTML characters, U+2028/9 and their neighbours, Japanese,
// invalid UTF-8), written as encoding/json writes them.
func TestWriterStringsMatchEncodingJSON(t *testing.T) {
	parts := []string{"a", "Z", " ", "\"", "\\", "/", "<", ">", "&", "\n", "\r", "\t", "\x00", "\x1f", "\x7f",
		"\u2028", "\u2029", "\u2027", "\u202a", "−", "→", "≤", "×", "円", "所得割", "（", "）", "\xe2", "\xe2\x80", "\xff", "\xc3", "é", "😀"}
	r := rand.New(rand.NewPCG(5, 8))
	for range 20000 {
		var s string
		for k := r.IntN(12); k > 0; k-- {
			s += parts[r.IntN(len(parts))]
		}
		want, _ := json.Marshal(s)
		var w jw
		w.str(s)
		if !bytes.Equal(w.b, want) {
			t.Fatalf("%q: got %s, want %s", s, w.b, want)
		}
	}
}

// TestBadInputBounded: what an error echoes from the input is a short excerpt, and an input
// with a huge number of bad fields gets a bounded list (the audit saw a 1 MB key echoed whole).
func TestBadInputBounded(t *testing.T) {
	big := strings.Repeat("k", 1<<20)
	many := make([]string, 0, 100000)
	for i := range 100000 {
		many = append(many, fmt.Sprintf("%q:1", fmt.Sprint("x", i)))
	}
	for _, tt := range []struct{ name, json string }{
		{"1 MB key", `{"` + big + `":1}`},
		{"1 MB number", `{"income":{"salary":1` + strings.Repeat("0", 1<<20) + `.5}}`},
		{"100,000 unknown keys", "{" + strings.Join(many, ",") + "}"},
	} {
		_, err := Decode([]byte(tt.json))
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("%s: %v, want a ValidationError", tt.name, err)
		}
		size := 0
		for _, e := range ve.Errors {
			size += len(e.Field) + len(e.Message) + len(e.MessageEn)
		}
		if len(ve.Errors) > maxErrors || size > 20000 {
			t.Errorf("%s: %d errors, %d bytes of text: not bounded", tt.name, len(ve.Errors), size)
		}
	}
}

// TestDefaultsAreListed: an input that leaves out the year, the municipality or the age is
// computed with a default, and each default is listed in assumptions (the audit saw {}
// accepted as 藤沢市 FY2026 without a word).
func TestDefaultsAreListed(t *testing.T) {
	for _, tt := range []struct {
		json string
		want []string
	}{
		{`{}`, []string{"default_fiscal_year", "default_municipality", "default_taxpayer_age"}},
		{`{"fiscal_year":2026,"municipality":"142051","taxpayer":{"age":40}}`, nil},
		{`{"fiscal_year":2025,"taxpayer":{"age":40}}`, []string{"default_municipality"}},
	} {
		in, err := Decode([]byte(tt.json))
		if err != nil {
			t.Fatal(err)
		}
		r, err := Assess(in)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range r.Assumptions {
			if strings.HasPrefix(a.ID, "default_") {
				got = append(got, a.ID)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: default assumptions %v, want %v", tt.json, got, tt.want)
		}
		if tt.json == `{}` && (r.FiscalYear != 2026 || r.Municipality.Code != "142051") {
			t.Errorf("{}: computed for %d %s", r.FiscalYear, r.Municipality.Code)
		}
	}
}
