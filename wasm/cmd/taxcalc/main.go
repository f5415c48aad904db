// Command taxcalc assesses households given as JSON on standard input: one object in, one
// object out; an array in, an array out (same order). Exit 0 when all were assessed, 1 when
// any was rejected (its slot holds {"errors": [...]}), 2 when the input is not JSON.
//
// It reads and writes through the engine's own JSON code (tax.AssessMany), the same code the
// browser runs, so the command line and the simulator cannot disagree.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"zeisim/wasm/tax"
)

func main() {
	os.Exit(run(os.Stdin, os.Stdout, os.Stderr))
}

func run(stdin io.Reader, stdout, stderr io.Writer) int {
	data, err := io.ReadAll(stdin)
	if err != nil {
		fmt.Fprintln(stderr, "taxcalc:", err)
		return 2
	}
	outs, array, rejected, err := tax.AssessMany(data)
	if err != nil {
		fmt.Fprintln(stderr, "taxcalc: standard input is not valid JSON:", err)
		return 2
	}
	var compact []byte
	if array {
		compact = append(compact, '[')
		for i, o := range outs {
			if i > 0 {
				compact = append(compact, ',')
			}
			compact = append(compact, o...)
		}
		compact = append(compact, ']')
	} else {
		compact = outs[0]
	}
	// Indentation only: json.Indent changes whitespace, never a value.
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, compact, "", "  "); err != nil {
		fmt.Fprintln(stderr, "taxcalc:", err)
		return 2
	}
	pretty.WriteByte('\n')
	if _, err := stdout.Write(pretty.Bytes()); err != nil {
		fmt.Fprintln(stderr, "taxcalc:", err)
		return 2
	}
	if rejected {
		return 1
	}
	return 0
}
