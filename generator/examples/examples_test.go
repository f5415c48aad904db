package examples

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"

	"zeisim/wasm/tax"
)

// contentDir is the real content folder: the tests check the pages residents read.
const contentDir = "../../content"

// examplesDir holds the worked examples (examples/*.json). They live beside this package
// rather than under content/, where every top-level folder must be a language.
const examplesDir = "testdata"

func load(t *testing.T) []Example {
	t.Helper()
	exs, err := Load(os.DirFS(examplesDir))
	if err != nil {
		t.Fatal(err)
	}
	return exs
}

func assess(t *testing.T, ex Example) (result, input Doc) {
	t.Helper()
	in, err := tax.Decode(ex.Input)
	if err != nil {
		t.Fatalf("%s: the engine rejects the household: %v", ex.File, err)
	}
	res, err := tax.Assess(in)
	if err != nil {
		t.Fatalf("%s: the engine rejects the household: %v", ex.File, err)
	}
	raw, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if result, err = DecodeDoc(raw); err != nil {
		t.Fatal(err)
	}
	if input, err = DecodeDoc(ex.Input); err != nil {
		t.Fatal(err)
	}
	return result, input
}

// TestEngineAgreesWithExamples runs the engine on every worked example and compares every
// figure the pages state (each figure's tax-rules.md reference is in its JSON file).
func TestEngineAgreesWithExamples(t *testing.T) {
	for _, ex := range load(t) {
		t.Run(ex.ID, func(t *testing.T) {
			result, input := assess(t, ex)
			for _, fig := range ex.Expected {
				want, wantBool, isBool, err := ParseValue(fig.Value)
				if err != nil {
					t.Errorf("%s: %s: %v", ex.File, fig.Expr, err)
					continue
				}
				if isBool {
					got, err := result.Lookup(fig.Expr)
					if err != nil {
						t.Errorf("%s: %v", ex.File, err)
					} else if got != wantBool {
						t.Errorf("%s: %s = %v, the example states %v (%s)", ex.File, fig.Expr, got, wantBool, fig.Ref)
					}
					continue
				}
				got, err := Eval(fig.Expr, result, input)
				if err != nil {
					t.Errorf("%s: %v", ex.File, err)
				} else if got.Cmp(want) != 0 {
					t.Errorf("%s: %s = %s, the example states %s (%s)", ex.File, fig.Expr, Number(got), Number(want), fig.Ref)
				}
			}
		})
	}
}

// TestPagesPrintExampleFigures checks that each section presenting an example exists and
// prints every stated figure exactly as formatted for its language.
func TestPagesPrintExampleFigures(t *testing.T) {
	for _, ex := range load(t) {
		t.Run(ex.ID, func(t *testing.T) {
			langs := map[string]bool{}
			for _, sec := range ex.Sections {
				langs[sec.Lang()] = true
				md := readSection(t, ex, sec)
				printed := map[string]bool{}
				for _, a := range Amounts(sec.Lang(), md) {
					printed[a] = true
				}
				for _, fig := range ex.Expected {
					want, _, isBool, err := ParseValue(fig.Value)
					if err != nil || isBool || fig.Hidden {
						continue
					}
					if !printed[Number(want)] {
						t.Errorf("%s: section %q of %s does not print %s (%s), which the example states",
							ex.File, sec.Heading, sec.Page, Yen(sec.Lang(), want), fig.Expr)
					}
				}
			}
			if len(ex.Sections) > 0 && (!langs["ja"] || !langs["en"]) {
				t.Errorf("%s: an example shown to residents must be presented in both ja and en pages", ex.File)
			}
		})
	}
}

// TestSectionsPrintOnlyCheckedFigures makes sure a section shows no amount that escapes the
// check: each must be a figure the engine computes, an amount of a household's input, or a
// given statutory amount with its reference.
func TestSectionsPrintOnlyCheckedFigures(t *testing.T) {
	type key struct{ page, heading string }
	allowed := map[key][]*big.Rat{}
	owners := map[key][]string{}
	for _, ex := range load(t) {
		input, err := DecodeDoc(ex.Input)
		if err != nil {
			t.Fatalf("%s: %v", ex.File, err)
		}
		var vals []*big.Rat
		for _, fig := range ex.Expected {
			if v, _, isBool, err := ParseValue(fig.Value); err == nil && !isBool {
				vals = append(vals, v)
			}
		}
		for _, g := range ex.Given {
			v, ok := new(big.Rat).SetString(g.Value.String())
			if !ok {
				t.Fatalf("%s: given %q is not a number", ex.File, g.Value)
			}
			vals = append(vals, v)
		}
		vals = append(vals, InputAmounts(input)...)
		for _, sec := range ex.Sections {
			k := key{sec.Page, sec.Heading}
			allowed[k] = append(allowed[k], vals...)
			owners[k] = append(owners[k], ex.ID)
		}
	}
	keys := make([]key, 0, len(allowed))
	for k := range allowed {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].page+keys[i].heading < keys[j].page+keys[j].heading })
	for _, k := range keys {
		t.Run(k.page+"#"+k.heading, func(t *testing.T) {
			sec := Section{Page: k.page, Heading: k.heading}
			md := readSection(t, Example{File: strings.Join(owners[k], ", ")}, sec)
			for _, a := range Amounts(sec.Lang(), md) {
				v, ok := ParseAmount(a)
				if !ok || Number(v) != a {
					t.Errorf("%s: %q is not written as %s", k.page, a, Yen(sec.Lang(), v))
					continue
				}
				found := false
				for _, w := range allowed[k] {
					if w.Cmp(v) == 0 {
						found = true
						break
					}
				}
				if !found {
					t.Errorf("%s, section %q prints %s, which is neither an engine figure, an input nor a given amount of its examples (%s): add it to one of their JSON files or remove it",
						k.page, k.heading, Yen(sec.Lang(), v), strings.Join(owners[k], ", "))
				}
			}
		})
	}
}

func readSection(t *testing.T, ex Example, sec Section) string {
	t.Helper()
	raw, err := os.ReadFile(path.Join(contentDir, sec.Page))
	if err != nil {
		t.Fatalf("%s: page %s: %v", ex.File, sec.Page, err)
	}
	md, ok := Extract(string(raw), sec.Heading)
	if !ok {
		t.Fatalf("%s: page %s has no heading %q", ex.File, sec.Page, sec.Heading)
	}
	return md
}

func TestEval(t *testing.T) {
	result, _ := DecodeDoc([]byte(`{"taxable_income": 2380000, "adj": {"pref": 1000}, "i": {"s": [20200, 20100]}, "amount": "79574.25"}`))
	input, _ := DecodeDoc([]byte(`{"income": {"salary": 5000000}}`))
	cases := []struct {
		expr, want string
		err        bool
	}{
		{"taxable_income * 6/100", "142800", false},
		{"taxable_income * 4025/100000 - adj.pref", "94795", false},
		{"(taxable_income - 2000000) * 5/100", "19000", false},
		{"i.s[0] + i.s[1] * 11", "241300", false},
		{"input.income.salary", "5000000", false},
		{"input.income.pension", "0", false}, // absent input is zero, as the engine reads it
		{"amount", "79574.25", false},
		{"missing", "", true},
		{"i.s[2]", "", true},
		{"1/0", "", true},
		{"(1", "", true},
		{"1 +", "", true},
		{"1 2", "", true},
	}
	for _, c := range cases {
		got, err := Eval(c.expr, result, input)
		if c.err {
			if err == nil {
				t.Errorf("Eval(%q) = %s, want an error", c.expr, Number(got))
			}
			continue
		}
		if err != nil || Number(got) != Number(mustRat(c.want)) {
			t.Errorf("Eval(%q) = %v, %v; want %s", c.expr, got, err, c.want)
		}
	}
}

func mustRat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return r
}

func TestFormatting(t *testing.T) {
	cases := []struct{ v, ja, en string }{
		{"241300", "241,300円", "¥241,300"},
		{"0", "0円", "¥0"},
		{"100", "100円", "¥100"},
		{"1000", "1,000円", "¥1,000"},
		{"79574.25", "79,574.25円", "¥79,574.25"},
		{"22979.52", "22,979.52円", "¥22,979.52"},
	}
	for _, c := range cases {
		if got := Yen("ja", mustRat(c.v)); got != c.ja {
			t.Errorf("Yen(ja, %s) = %q, want %q", c.v, got, c.ja)
		}
		if got := Yen("en", mustRat(c.v)); got != c.en {
			t.Errorf("Yen(en, %s) = %q, want %q", c.v, got, c.en)
		}
	}
	if got := Amounts("ja", "市 1,500円／県 1,000円、11,000円と100円未満"); fmt.Sprint(got) != "[1,500 1,000 11,000 100]" {
		t.Errorf("Amounts(ja) = %v", got)
	}
	if got := Amounts("en", "¥241,300 and ¥0; 5%, salary ¥5,000,000, then"); fmt.Sprint(got) != "[241,300 0 5,000,000]" {
		t.Errorf("Amounts(en) = %v", got)
	}
}

func TestExtract(t *testing.T) {
	md := "# T\n## A\na\n### A1\nx\n### A2\ny\n## B\nb\n"
	cases := []struct{ heading, want string }{
		{"A", "## A\na\n### A1\nx\n### A2\ny"},
		{"A1", "### A1\nx"},
		{"A2", "### A2\ny"},
		{"B", "## B\nb\n"},
	}
	for _, c := range cases {
		got, ok := Extract(md, c.heading)
		if !ok || got != c.want {
			t.Errorf("Extract(%q) = %q, %v; want %q", c.heading, got, ok, c.want)
		}
	}
	if _, ok := Extract(md, "C"); ok {
		t.Error("Extract found a heading that does not exist")
	}
}

// FuzzEval: the expression parser never panics, whatever the JSON files hold.
func FuzzEval(f *testing.F) {
	for _, s := range []string{"taxable_income * 6/100", "(a - b) * 3/5", "input.x.y[3]", "((1", "1/0", "a[99999999999999999999]"} {
		f.Add(s)
	}
	result, _ := DecodeDoc([]byte(`{"a": 1, "b": {"c": [1, 2]}}`))
	f.Fuzz(func(t *testing.T, expr string) {
		_, _ = Eval(expr, result, Doc{})
	})
}

// workedExampleRE matches the headings that present a worked example in any language.
var workedExampleRE = regexp.MustCompile(`^(例[0-9０-９]+|Example [0-9]+)`)

// TestEveryWorkedExampleIsChecked fails when a page presents a worked example (a heading
// "例N…" or "Example N…") that no example file checks against the engine.
func TestEveryWorkedExampleIsChecked(t *testing.T) {
	registered := map[string]bool{}
	for _, ex := range load(t) {
		for _, sec := range ex.Sections {
			registered[sec.Page+"\x00"+sec.Heading] = true
		}
	}
	var pages []string
	err := fs.WalkDir(os.DirFS(contentDir), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Ext(p) == ".md" {
			pages = append(pages, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, page := range pages {
		raw, err := os.ReadFile(path.Join(contentDir, page))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(raw), "\n") {
			m := headingRE.FindStringSubmatch(line)
			if m == nil || !workedExampleRE.MatchString(m[2]) {
				continue
			}
			found++
			if !registered[page+"\x00"+m[2]] {
				t.Errorf("%s:%d: worked example %q is not checked: add its household and figures to generator/examples/testdata/examples/", page, i+1, m[2])
			}
		}
	}
	if found == 0 {
		t.Error("no worked example headings found: has the page layout changed?")
	}
}

// TestContactPagesMatchSettings keeps the お問い合わせ pages in step with the contact in
// content/site.json (the entry of the site's municipality), the one place city staff change it.
func TestContactPagesMatchSettings(t *testing.T) {
	raw, err := os.ReadFile(path.Join(contentDir, "site.json"))
	if err != nil {
		t.Fatal(err)
	}
	var site struct {
		Languages []struct {
			Code string `json:"code"`
		} `json:"languages"`
		Municipality string `json:"municipality"`
		Contact      map[string]struct {
			Office map[string]string `json:"office"`
			Phone  string            `json:"phone"`
			URL    string            `json:"url"`
		} `json:"contact"`
	}
	if err := json.Unmarshal(raw, &site); err != nil {
		t.Fatal(err)
	}
	contact, ok := site.Contact[site.Municipality]
	if !ok {
		t.Fatalf("site.json: no contact for municipality %s", site.Municipality)
	}
	checked := 0
	for _, lang := range site.Languages {
		page := path.Join(lang.Code, "contact.md")
		md, err := os.ReadFile(path.Join(contentDir, page))
		if os.IsNotExist(err) && lang.Code == "ja-easy" {
			continue // a language may leave the お問い合わせ page out; every page that exists is checked
		} else if err != nil {
			t.Errorf("%s: %v", page, err)
			continue
		}
		checked++
		for what, want := range map[string]string{"phone": contact.Phone, "url": contact.URL, "office": contact.Office[lang.Code]} {
			if want == "" {
				t.Errorf("site.json: contact %s for %q is empty", what, lang.Code)
			} else if !strings.Contains(string(md), want) {
				t.Errorf("%s does not show the contact %s %q of site.json", page, what, want)
			}
		}
	}
	if checked == 0 {
		t.Error("no contact page found")
	}
}
