package main

import (
	"bytes"
	"os"
	"testing"

	"zeisim/wasm/tax/internal/codecgen/gen"
)

// TestGeneratedFilesCurrent fails when io.go changed without go generate: the codec and the
// TypeScript types must be exactly what io.go gives today.
func TestGeneratedFilesCurrent(t *testing.T) {
	src, err := os.ReadFile("../../" + source)
	if err != nil {
		t.Fatal(err)
	}
	g, ts, err := gen.Generate(src)
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
