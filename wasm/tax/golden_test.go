package tax

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

// goldenCase is one shared household of testdata/golden: its input, the figures the rules
// give for it (computed by hand from tax-rules.md, with the citation in the file), and
// optionally trace amounts by step id. The end-to-end suites read the same files.
type goldenCase struct {
	Name     string            `json:"name"`
	Citation string            `json:"citation"`
	Input    json.RawMessage   `json:"input"`
	Expect   map[string]any    `json:"expect"`
	Steps    map[string]string `json:"steps"`
}

func loadGolden(t testing.TB) map[string]goldenCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	out := make(map[string]goldenCase, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c goldenCase
		dec := json.NewDecoder(bytesReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if c.Citation == "" || len(c.Expect) == 0 {
			t.Fatalf("%s: every golden case needs a citation and expectations", f)
		}
		out[filepath.Base(f)] = c
	}
	return out
}

// subset reports the paths where got differs from want (want's keys only).
func subset(path string, want, got any, diffs *[]string) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			*diffs = append(*diffs, path+": not an object")
			return
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, ok := g[k]
			if !ok {
				*diffs = append(*diffs, path+"."+k+": missing")
				continue
			}
			subset(path+"."+k, w[k], gv, diffs)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) < len(w) {
			*diffs = append(*diffs, path+": array too short")
			return
		}
		for i := range w {
			subset(path+"["+itoa(int64(i))+"]", w[i], g[i], diffs)
		}
	default:
		if !reflect.DeepEqual(want, got) {
			b1, _ := json.Marshal(want)
			b2, _ := json.Marshal(got)
			*diffs = append(*diffs, path+": got "+string(b2)+", want "+string(b1))
		}
	}
}

// TestGoldenHouseholds runs every shared case through the JSON door (the same bytes the
// browser and the command line see) and checks each expected figure.
func TestGoldenHouseholds(t *testing.T) {
	cases := loadGolden(t)
	if len(cases) < 20 {
		t.Fatalf("only %d golden cases; the e2e suites need at least 20", len(cases))
	}
	names := make([]string, 0, len(cases))
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := cases[n]
		t.Run(n, func(t *testing.T) {
			out, err := AssessJSON(c.Input)
			if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			var got map[string]any
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatal(err)
			}
			var diffs []string
			subset("", c.Expect, got, &diffs)
			for _, d := range diffs {
				t.Errorf("%s (%s): %s", c.Name, c.Citation, d)
			}
			if len(c.Steps) > 0 {
				var r Result
				if err := json.Unmarshal(out, &r); err != nil {
					t.Fatal(err)
				}
				have := stepAmounts(&r)
				for id, w := range c.Steps {
					if have[id] != w {
						t.Errorf("%s: step %s = %q, want %q (%s)", c.Name, id, have[id], w, c.Citation)
					}
				}
			}
		})
	}
}
