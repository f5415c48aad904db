// Command codecgen writes the engine's JSON codec and the page's TypeScript types from the
// contract's Go types in wasm/tax/io.go, so that the three cannot drift (go generate in
// wasm/tax; TestGeneratedFilesCurrent fails when a file is stale).
//
//   - wasm/tax/codec_gen.go: a strict decoder for Input and everything it holds (through the
//     hand-written primitives of decode.go: paths, unknown and repeated keys, types), and a
//     writer for Result and everything it holds whose bytes equal encoding/json's
//     (TestWriterMatchesEncodingJSON), without reflection, which keeps encoding/json and its
//     size out of the WebAssembly module.
//   - site/assets/ts/simulator/contract.gen.ts: the same types for the page.
//
// Supported field types: int, int64, string, bool, a struct of io.go, a pointer to one, and a
// slice of any of these. An input slice needs a `codec:"max=NAME"` tag naming its bound.
package main

import (
	"fmt"
	"os"

	"zeisim/wasm/tax/internal/codecgen/gen"
)

const (
	source = "io.go"
	goOut  = "codec_gen.go"
	tsOut  = "../../site/assets/ts/simulator/contract.gen.ts"
)

func main() {
	src, err := os.ReadFile(source)
	if err == nil {
		var g, ts []byte
		if g, ts, err = gen.Generate(src); err == nil {
			if err = os.WriteFile(goOut, g, 0o644); err == nil {
				err = os.WriteFile(tsOut, ts, 0o644)
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "codecgen:", err)
		os.Exit(1)
	}
}
