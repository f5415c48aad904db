package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGeneratedFilesCurrent fails when io.go changed without go generate: the codec and the
// TypeScript types must be exactly what io.go gives today.
func TestGeneratedFilesCurrent(t *testing.T) {
	src, err := os.ReadFile("../../" + source)
	if err != nil {
		t.Fatal(err)
	}
	g, ts, err := generate(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		path string
		want []byte
	}{{"../../" + goOut, g}, {"../../" + tsOut, ts}} {
		got, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.want) {
			t.Errorf("%s is stale: run go generate ./wasm/tax", f.path)
		}
	}
}

// TestGenerateRefuses: what the generator cannot encode faithfully is an error, not a guess.
func TestGenerateRefuses(t *testing.T) {
	for _, src := range []string{
		"package tax\ntype Input struct { A int64 `json:\"a,omitempty\"` }\ntype Result struct{}\n",
		"package tax\ntype Input struct { A []Input `json:\"a\"` }\ntype Result struct{}\n",
		"package tax\ntype Input struct { A float64 `json:\"a\"` }\ntype Result struct{}\n",
		"package tax\ntype Input struct { A int64 }\ntype Result struct{}\n",
	} {
		if _, _, err := generate([]byte(src)); err == nil {
			t.Errorf("accepted:\n%s", src)
		}
	}
}
