package tax

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateSnapshots = flag.Bool("update", false, "rewrite testdata/trace from the engine's current output")

// traceSnapshot is one household of testdata/trace with the engine's complete output for it:
// every figure and every string of the trace (labels, formulas, citations), notes and
// assumptions. The golden cases check figures against the law; the snapshots pin the rest,
// so that a change made for speed cannot alter a single character the resident reads.
type traceSnapshot struct {
	Input  json.RawMessage `json:"input"`
	Output json.RawMessage `json:"output"`
}

// TestTraceSnapshots compares the full output, byte for byte, with testdata/trace. The
// files were made from the inputs of testdata/golden; after an intended change of wording,
// review the diff and rerun with -update.
func TestTraceSnapshots(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "trace", "*.json"))
	if err != nil || len(files) < 30 {
		t.Fatalf("expected at least 30 trace snapshots, found %d (%v)", len(files), err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var s traceSnapshot
			if err := json.Unmarshal(b, &s); err != nil {
				t.Fatal(err)
			}
			out, err := AssessJSON(s.Input)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			var got bytes.Buffer
			if err := json.Indent(&got, out, "", "\t"); err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			if err := json.Indent(&want, s.Output, "", "\t"); err != nil {
				t.Fatal(err)
			}
			if *updateSnapshots {
				writeSnapshot(t, f, s.Input, out)
				return
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%s: output differs from the snapshot:\n%s", f, diffLine(want.String(), got.String()))
			}
		})
	}
}

func writeSnapshot(t *testing.T, path string, input, output []byte) {
	t.Helper()
	var in, out bytes.Buffer
	if err := json.Compact(&in, input); err != nil {
		t.Fatal(err)
	}
	if err := json.Indent(&out, output, "\t", "\t"); err != nil {
		t.Fatal(err)
	}
	b := []byte("{\n\t\"input\": " + in.String() + ",\n\t\"output\": " + out.String() + "\n}\n")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// diffLine shows the first differing line of two texts with its line number.
func diffLine(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + itoa(int64(i+1)) + ":\n  want " + w + "\n  got  " + g
		}
	}
	return "(no line differs)"
}
