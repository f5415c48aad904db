package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestRun covers the contract's exit codes (engine-io.md): 0 all assessed, 1 any rejected,
// 2 not JSON; one object in → one object out, an array in → an array out in order.
func TestRun(t *testing.T) {
	ex1 := `{"fiscal_year":2026,"income":{"salary":5000000},"deductions":{"social_insurance":750000}}`
	bad := `{"income":{"salary":-1}}`
	tests := []struct {
		name   string
		stdin  string
		status int
		totals []float64 // per output object; -1 = rejected
		array  bool
	}{
		// tax-rules.md §17 Example 1: 年税額 241,300.
		{"one object", ex1, 0, []float64{241300}, false},
		{"array in order", "[" + ex1 + `,{"fiscal_year":2026,"taxpayer":{"age":30},"income":{"salary":1101000}}]`, 0, []float64{241300, 6200}, true},
		{"one rejected", bad, 1, []float64{-1}, false},
		{"array with a rejection", "[" + ex1 + "," + bad + "]", 1, []float64{241300, -1}, true},
		{"empty array", "[]", 0, nil, true},
		{"not JSON", "{salary: 5}", 2, nil, false},
		{"empty input", "", 2, nil, false},
		{"trailing garbage", ex1 + "}", 2, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			status := run(strings.NewReader(tt.stdin), &out, &errOut)
			if status != tt.status {
				t.Fatalf("exit %d, want %d (stderr %s)", status, tt.status, errOut.String())
			}
			if tt.status == 2 {
				if out.Len() != 0 || errOut.Len() == 0 {
					t.Fatalf("not-JSON input: stdout %q, stderr %q", out.String(), errOut.String())
				}
				return
			}
			var objs []map[string]any
			if tt.array {
				if err := json.Unmarshal(out.Bytes(), &objs); err != nil {
					t.Fatalf("output is not an array: %v\n%s", err, out.String())
				}
			} else {
				var o map[string]any
				if err := json.Unmarshal(out.Bytes(), &o); err != nil {
					t.Fatalf("output is not an object: %v", err)
				}
				objs = []map[string]any{o}
			}
			if len(objs) != len(tt.totals) {
				t.Fatalf("%d outputs, want %d", len(objs), len(tt.totals))
			}
			for i, o := range objs {
				if tt.totals[i] < 0 {
					if _, ok := o["errors"]; !ok {
						t.Errorf("output %d: want errors, got %v", i, o)
					}
					continue
				}
				if o["total"] != tt.totals[i] {
					t.Errorf("output %d: total %v, want %v", i, o["total"], tt.totals[i])
				}
			}
		})
	}
}

// TestGoldenThroughCLI: the shared golden households give the same totals on the command line.
func TestGoldenThroughCLI(t *testing.T) {
	files, _ := filepath.Glob("../../tax/testdata/golden/*.json")
	if len(files) < 20 {
		t.Fatalf("golden cases: %d", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Input  json.RawMessage `json:"input"`
			Expect struct {
				Total float64 `json:"total"`
			} `json:"expect"`
		}
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatal(err)
		}
		var out, errOut bytes.Buffer
		if st := run(bytes.NewReader(c.Input), &out, &errOut); st != 0 {
			t.Fatalf("%s: exit %d %s", f, st, out.String())
		}
		var r map[string]any
		if err := json.Unmarshal(out.Bytes(), &r); err != nil || r["total"] != c.Expect.Total {
			t.Errorf("%s: total %v, want %v (%v)", f, r["total"], c.Expect.Total, err)
		}
	}
}

// households is a reader of a JSON array of n households, made as it is read.
type households struct {
	n, i int
	buf  []byte
}

func (h *households) Read(p []byte) (int, error) {
	for len(h.buf) == 0 {
		switch {
		case h.i == 0:
			h.buf = []byte("[")
		case h.i <= h.n:
			sep := ","
			if h.i == 1 {
				sep = ""
			}
			h.buf = fmt.Appendf(nil, `%s{"fiscal_year":2026,"municipality":"142051","taxpayer":{"age":40},"income":{"salary":%d},"deductions":{"social_insurance":%d}}`,
				sep, 3000000+h.i*100, 450000)
		case h.i == h.n+1:
			h.buf = []byte("]")
		default:
			return 0, io.EOF
		}
		h.i++
	}
	n := copy(p, h.buf)
	h.buf = h.buf[n:]
	return n, nil
}

// peakWriter samples the heap in use every 20,000 closing braces written (a few hundred
// times over the batch) and keeps the largest.
type peakWriter struct {
	braces, peak uint64
}

func (w *peakWriter) Write(p []byte) (int, error) {
	for _, b := range p {
		if b == '}' {
			w.braces++
			if w.braces%20000 == 0 {
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				w.peak = max(w.peak, m.HeapInuse)
			}
		}
	}
	return len(p), nil
}

// TestBatchStreams: a batch of 20,000 households is read, assessed and written one at a time:
// the live heap stays that of a few households (the audit measured about 4 GB for 50,000 when
// the whole batch was held).
func TestBatchStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000 assessments")
	}
	w := &peakWriter{}
	var errOut bytes.Buffer
	if st := run(&households{n: 20000}, w, &errOut); st != 0 {
		t.Fatalf("exit %d: %s", st, errOut.String())
	}
	if w.peak == 0 || w.peak > 64<<20 {
		t.Errorf("heap in use up to %d MB during the batch, want a bounded few MB", w.peak>>20)
	}
}

// TestBatchStopsAtBadJSON: the results before a household that is not JSON are written, then
// exit 2.
func TestBatchStopsAtBadJSON(t *testing.T) {
	ex1 := `{"fiscal_year":2026,"income":{"salary":5000000},"deductions":{"social_insurance":750000}}`
	var out, errOut bytes.Buffer
	if st := run(strings.NewReader("["+ex1+","+ex1+",{salary:1}]"), &out, &errOut); st != 2 {
		t.Fatalf("exit %d, want 2", st)
	}
	if strings.Count(out.String(), `"total": 241300`) != 2 || !strings.Contains(errOut.String(), "household 3") {
		t.Errorf("stdout %d bytes, stderr %q", out.Len(), errOut.String())
	}
}
