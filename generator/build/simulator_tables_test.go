package build

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// placeholderNames are the {name} placeholders the simulator fills in a string (i18n.ts, Lang.t).
var placeholderNames = regexp.MustCompile(`\{(\w+)\}`)

// placeholderExceptions are the keys whose placeholders may differ between languages, because
// the code offers several and each language picks the one its way of writing needs.
var placeholderExceptions = map[string]string{
	"format.compact": "the chart's axis: 万 units ({man}) or millions ({m})",
}

func readTable(t *testing.T, file string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return m
}

// TestSimulatorTablesComplete keeps the simulator's string tables (site/i18n/simulator/<code>.json)
// whole. The page falls back to ja.json key by key (site/assets/ts/simulator/i18n.ts), which would
// put a Japanese sentence on an English page or a hard one on the やさしい日本語 page; this test
// makes that fallback a safety net, never a way the site works. Every language of
// content/site.json must have a table; every table must have exactly the keys of ja.json (an
// extra key is a misspelt one, which the page would never show), no empty string, and the same
// placeholders as the Japanese string (a message without {field} would not name the field).
func TestSimulatorTablesComplete(t *testing.T) {
	dir := filepath.Join("..", "..", "site", "i18n", "simulator")
	ja := readTable(t, filepath.Join(dir, "ja.json"))
	if len(ja) < 100 {
		t.Fatalf("ja.json has only %d keys", len(ja))
	}
	var site struct {
		Languages []struct {
			Code string `json:"code"`
		} `json:"languages"`
	}
	raw, err := os.ReadFile(filepath.Join("..", "..", "content", "site.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &site); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, f := range files {
		codes[strings.TrimSuffix(filepath.Base(f), ".json")] = true
	}
	if len(site.Languages) < 3 {
		t.Fatalf("content/site.json lists %d languages", len(site.Languages))
	}
	for _, l := range site.Languages {
		if !codes[l.Code] {
			t.Errorf("language %q has no simulator table: add site/i18n/simulator/%s.json with every key of ja.json", l.Code, l.Code)
		}
	}
	for code := range codes {
		if code == "ja" {
			continue
		}
		t.Run(code, func(t *testing.T) {
			table := readTable(t, filepath.Join(dir, code+".json"))
			for k, want := range ja {
				got, ok := table[k]
				switch {
				case !ok:
					t.Errorf("%s.json lacks %q (ja: %q)", code, k, want)
				case strings.TrimSpace(got) == "":
					t.Errorf("%s.json: %q is empty", code, k)
				case placeholderExceptions[k] == "" && !slices.Equal(placeholders(got), placeholders(want)):
					t.Errorf("%s.json: %q has placeholders %v, ja.json %v", code, k, placeholders(got), placeholders(want))
				}
			}
			for k := range table {
				if _, ok := ja[k]; !ok {
					t.Errorf("%s.json has %q, which ja.json does not: a misspelt key, or add it to ja.json too", code, k)
				}
			}
		})
	}
}

func placeholders(s string) []string {
	var out []string
	for _, m := range placeholderNames.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestEasyGuideNamesTheFormsFields: where the やさしい日本語 guide says 「…」に 入れます, the words in
// the brackets are a field's label on the やさしい日本語 form, so a resident finds the field.
func TestEasyGuideNamesTheFormsFields(t *testing.T) {
	table := readTable(t, filepath.Join("..", "..", "site", "i18n", "simulator", "ja-easy.json"))
	labels := map[string]bool{}
	for k, v := range table {
		if strings.HasPrefix(k, "field.") {
			labels[v] = true
		}
	}
	guide, err := os.ReadFile(filepath.Join("..", "..", "content", "ja-easy", "guide.md"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range regexp.MustCompile(`「([^「」]+)」に 入れます`).FindAllStringSubmatch(string(guide), -1) {
		n++
		if !labels[m[1]] {
			t.Errorf("the guide says 「%s」に 入れます, but no field on the form is called that", m[1])
		}
	}
	if n < 3 {
		t.Fatalf("only %d 「…」に 入れます in the guide: the test no longer reads it", n)
	}
}
