package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zeisim/generator/wasmdata"
)

// A module of two data segments 4 bytes apart (section 11: count 2; flags 0, i32.const
// offset, end, length, bytes).
var twoSegments = []byte("\x00asm\x01\x00\x00\x00\x0b\x0e\x02\x00\x41\x08\x0b\x02ab\x00\x41\x0e\x0b\x01c")

func TestPackWrites(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.wasm"), filepath.Join(dir, "out.wasm")
	os.WriteFile(in, twoSegments, 0o644)
	if code, err := run([]string{in, out}); err != nil || code != 0 {
		t.Fatalf("run = %d, %v", code, err)
	}
	got, _ := os.ReadFile(out)
	want, _ := wasmdata.Pack(twoSegments)
	if !bytes.Equal(got, want) {
		t.Errorf("wrote %q, want %q", got, want)
	}
	if segs, _ := wasmdata.Segments(got); len(segs) != 1 || string(segs[0].Data) != "ab\x00\x00\x00\x00c" {
		t.Errorf("segments %v", segs)
	}
}

func TestUsageAndErrors(t *testing.T) {
	dir := t.TempDir()
	notWasm := filepath.Join(dir, "x.wasm")
	os.WriteFile(notWasm, []byte("#!/bin/sh\n"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "usage"},
		{[]string{"-exec"}, "usage"},
		{[]string{"a", "b", "c"}, "usage"},
		{[]string{notWasm, filepath.Join(dir, "out")}, "not a WebAssembly module"},
		{[]string{"-exec", notWasm}, "not a WebAssembly module"},
		{[]string{filepath.Join(dir, "missing"), filepath.Join(dir, "out")}, "no such file"},
	} {
		if _, err := run(tc.args); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%q) = %v, want an error saying %q", tc.args, err, tc.want)
		}
	}
}
