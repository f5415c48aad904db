// Command taxcalc assesses households given as JSON on standard input: one object in, one
// object out; an array in, an array out. Exit 0 when all were assessed, 1 when any was
// rejected, 2 when the input is not JSON.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
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
	trimmed := bytes.TrimSpace(data)
	if !json.Valid(trimmed) {
		fmt.Fprintln(stderr, "taxcalc: standard input is not valid JSON")
		return 2
	}
	status := 0
	one := func(raw []byte) json.RawMessage {
		out, err := tax.AssessJSON(raw)
		if err != nil {
			status = 1
			var ve *tax.ValidationError
			if !errors.As(err, &ve) {
				ve = &tax.ValidationError{Errors: []tax.FieldError{{Field: "(input)", Message: err.Error(), MessageEn: err.Error()}}}
			}
			out, _ = json.Marshal(ve)
		}
		return out
	}
	var result any
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(trimmed, &items); err != nil {
			fmt.Fprintln(stderr, "taxcalc:", err)
			return 2
		}
		outs := make([]json.RawMessage, len(items))
		for i, item := range items {
			outs[i] = one(item)
		}
		result = outs
	} else {
		result = one(trimmed)
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(result); err != nil {
		fmt.Fprintln(stderr, "taxcalc:", err)
		return 2
	}
	return status
}
