package wasmdata

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// module assembles a module from sections (id, body) after the header.
func module(secs ...section) []byte {
	b := []byte("\x00asm\x01\x00\x00\x00")
	for _, s := range secs {
		b = append(b, s.id)
		b = append(b, uleb(uint64(len(s.body)))...)
		b = append(b, s.body...)
	}
	return b
}

func dataSection(segs ...Segment) section { return section{idData, encodeData(segs)} }

// image is the memory the segments initialise, from address 0 to the end of the last one.
func image(t *testing.T, m []byte) []byte {
	t.Helper()
	segs, err := Segments(m)
	if err != nil {
		t.Fatal(err)
	}
	var mem []byte
	for _, s := range segs {
		end := int(s.Offset) + len(s.Data)
		if end > len(mem) {
			mem = append(mem, make([]byte, end-len(mem))...)
		}
		copy(mem[s.Offset:], s.Data)
	}
	return mem
}

func TestMerge(t *testing.T) {
	custom := section{0, []byte("\x04name\x01\x02\x03")}
	code := section{10, []byte{1, 2, 0x0b}}
	for _, tc := range []struct {
		name string
		segs []Segment
		want int // segments after Merge with MaxGap
	}{
		{"adjacent", []Segment{{100, []byte{1, 2}}, {102, []byte{3}}}, 1},
		{"gap of MaxGap zeros is filled", []Segment{{100, []byte{1}}, {101 + MaxGap, []byte{2}}}, 1},
		{"longer gap is kept", []Segment{{100, []byte{1}}, {102 + MaxGap, []byte{2}}}, 2},
		{"runs", []Segment{{0, []byte{9}}, {5, []byte{8}}, {7 + MaxGap, []byte{7, 7}}, {17 + MaxGap, []byte{6}}, {18 + 3*MaxGap, nil}}, 3},
		{"offset needing a sign byte", []Segment{{0x40, []byte{1}}, {0x7fff_ffff - 1, []byte{2}}}, 2},
		{"high half of memory", []Segment{{0x8000_0000, []byte{1}}, {0x8000_0004, []byte{2}}}, 1},
		{"no segments", nil, 0},
		{"out of address order, as Go writes them", []Segment{{3 + 2*MaxGap, []byte{3}}, {0, []byte{1}}, {6 + 2*MaxGap, []byte{4}}, {2, []byte{2}}}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := module(custom, code, dataSection(tc.segs...), custom)
			out, err := Merge(in, MaxGap)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Segments(out)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.want {
				t.Errorf("%d segments, want %d", len(got), tc.want)
			}
			if !slices.ContainsFunc(tc.segs, func(s Segment) bool { return s.Offset > 1<<20 }) && !bytes.Equal(image(t, out), image(t, in)) {
				t.Error("memory image changed")
			}
			for i, s := range got {
				if i > 0 && got[i-1].Offset+uint32(len(got[i-1].Data))+MaxGap >= s.Offset {
					t.Errorf("segments %d and %d were left apart", i-1, i)
				}
			}
			// The other sections are kept byte for byte and in order.
			secs, _ := sections(out)
			if len(secs) != 4 || !bytes.Equal(secs[0].body, custom.body) || !bytes.Equal(secs[1].body, code.body) || !bytes.Equal(secs[3].body, custom.body) {
				t.Errorf("sections changed: %v", secs)
			}
			if again, _ := Merge(out, MaxGap); !bytes.Equal(again, out) {
				t.Error("merging twice changed the module again")
			}
		})
	}
}

// The input module's bytes are not written to (the merged segments are copies).
func TestMergeLeavesInputAlone(t *testing.T) {
	in := module(dataSection(Segment{8, []byte{1}}, Segment{10, []byte{2}}), section{0, []byte("\x01x")})
	keep := bytes.Clone(in)
	if _, err := Merge(in, MaxGap); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(in, keep) {
		t.Error("Merge wrote into its input")
	}
}

func TestMergeUpdatesDataCount(t *testing.T) {
	in := module(section{idDataCount, uleb(3)}, section{10, []byte{0}},
		dataSection(Segment{0, []byte{1}}, Segment{1, []byte{2}}, Segment{2, []byte{3}}))
	out, err := Merge(in, MaxGap)
	if err != nil {
		t.Fatal(err)
	}
	secs, _ := sections(out)
	if secs[0].id != idDataCount || !bytes.Equal(secs[0].body, uleb(1)) {
		t.Errorf("DataCount = %v, want 1", secs[0])
	}
}

func TestMergeRejects(t *testing.T) {
	seg := func(parts ...[]byte) section {
		b := uleb(1)
		for _, p := range parts {
			b = append(b, p...)
		}
		return section{idData, b}
	}
	for _, tc := range []struct {
		name string
		m    []byte
		want string
	}{
		{"not wasm", []byte("\x7fELF\x02\x01\x01\x00"), "not a WebAssembly module"},
		{"version 2", []byte("\x00asm\x02\x00\x00\x00"), "not a WebAssembly module"},
		{"section past the end", append(module(), idData, 10, 0), "unexpected end"},
		{"passive segment", module(seg([]byte{1, 1, 7})), "flags 1"},
		{"global offset", module(seg([]byte{0, 0x23, 0, 0x0b, 0})), "not an i32.const"},
		{"longer offset expression", module(seg([]byte{0, 0x41, 1, 0x41}, []byte{0x0b, 0})), "longer than one constant"},
		{"overlap", module(dataSection(Segment{10, []byte{1, 2, 3}}, Segment{11, []byte{4}})), "overlap"},
		{"overlap out of order", module(dataSection(Segment{10, []byte{1}}, Segment{5, []byte{1, 2, 3, 4, 5, 6}})), "overlap"},
		{"length past the end", module(seg([]byte{0, 0x41, 0, 0x0b, 9, 1})), "unexpected end"},
		{"bytes after the segments", module(section{idData, append(encodeData([]Segment{{0, []byte{1}}}), 0)}), "after the last segment"},
		{"count larger than the section", module(section{idData, uleb(1 << 30)}), "cannot fit"},
		{"two data sections", module(dataSection(Segment{0, []byte{1}}), dataSection(Segment{9, []byte{2}})), "two data sections"},
		{"endless integer", module(section{idData, []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x01}}), "too long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Merge(tc.m, MaxGap)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

// TestMergeGoModule: on a module Go's linker wrote, Merge keeps the memory image and joins
// the segments; that it still runs is shown by make test-wasm, which runs the engine's
// tests on merged test binaries, and by the browser suites on the merged engine.
func TestMergeGoModule(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a program for WebAssembly")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	os.WriteFile(src, []byte("package main\n\nimport \"strings\"\n\nvar words = strings.Fields(\"ふるさと 納税 住民税\")\n\nfunc main() { println(len(words)) }\n"), 0o644)
	out := filepath.Join(dir, "m.wasm")
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	cmd := exec.Command(goCmd, "build", "-o", out, src)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	in, _ := os.ReadFile(out)
	merged, err := Merge(in, MaxGap)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := Segments(in)
	after, _ := Segments(merged)
	if !bytes.Equal(image(t, merged), image(t, in)) {
		t.Error("memory image changed")
	}
	if len(after)*2 > len(before) {
		t.Errorf("%d segments → %d: expected fewer than half", len(before), len(after))
	}
	t.Logf("%d segments → %d, %d → %d B", len(before), len(after), len(in), len(merged))
}

func FuzzMerge(f *testing.F) {
	f.Add(module(dataSection(Segment{0, []byte{1}}, Segment{3, []byte{2}})))
	f.Add(module(section{idDataCount, uleb(1)}, dataSection(Segment{0x40, []byte{1}})))
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x0b\x01\x00"))
	f.Fuzz(func(t *testing.T, m []byte) {
		out, err := Merge(m, MaxGap)
		if err != nil {
			return
		}
		if len(out) > len(m)+MaxGap*len(m) {
			t.Fatalf("%d bytes in, %d out", len(m), len(out))
		}
		segs, err := Segments(m)
		if err != nil {
			t.Fatalf("merged a module whose segments cannot be read: %v", err)
		}
		// Images compared where they stay small (an offset may be near 4 GiB).
		if !slices.ContainsFunc(segs, func(s Segment) bool { return s.Offset > 1<<16 }) {
			if !bytes.Equal(image(t, out), image(t, m)) {
				t.Fatal("memory image changed")
			}
		}
	})
}
