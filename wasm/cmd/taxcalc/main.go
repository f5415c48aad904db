// Command taxcalc assesses households given as JSON on standard input: one object in, one
// object out; an array in, an array out (same order). Exit 0 when all were assessed, 1 when
// any was rejected (its slot holds {"errors": [...]}), 2 when the input is not JSON.
//
// An array is streamed: each household is read, assessed and written before the next is
// read, so memory stays that of one household whatever the batch size. Input that turns out
// not to be JSON partway through an array ends the output there, with exit 2.
//
// Each household goes through the engine's own JSON code (tax.Respond), the same code the
// browser runs, so the command line and the simulator cannot disagree.
package main

import (
	"bufio"
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
	in := bufio.NewReaderSize(stdin, 64<<10)
	out := bufio.NewWriterSize(stdout, 64<<10)
	rejected, err := stream(in, out)
	if ferr := out.Flush(); err == nil && ferr != nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintln(stderr, "taxcalc:", err)
		return 2
	}
	if rejected {
		return 1
	}
	return 0
}

var errNotJSON = errors.New("standard input is not valid JSON")

// stream assesses one object or each element of an array, writing indented JSON as it goes.
func stream(in *bufio.Reader, out *bufio.Writer) (rejected bool, err error) {
	dec := json.NewDecoder(in)
	var pretty bytes.Buffer
	// write indents one result (indentation only: json.Indent never changes a value).
	write := func(result []byte, prefix string) error {
		pretty.Reset()
		if err := json.Indent(&pretty, result, prefix, "  "); err != nil {
			return err
		}
		_, err := out.Write(pretty.Bytes())
		return err
	}
	assess := func(raw json.RawMessage) []byte {
		b, ok := tax.Respond(raw)
		rejected = rejected || !ok
		return b
	}
	first, err := firstByte(in)
	if err != nil {
		return false, fmt.Errorf("%w: %v", errNotJSON, err)
	}
	if first != '[' {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return false, fmt.Errorf("%w: %v", errNotJSON, err)
		}
		if err := atEnd(dec); err != nil {
			return false, err
		}
		if err := write(assess(raw), ""); err != nil {
			return false, err
		}
		return rejected, out.WriteByte('\n')
	}
	if _, err := dec.Token(); err != nil { // the '['
		return false, fmt.Errorf("%w: %v", errNotJSON, err)
	}
	n := 0
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return rejected, fmt.Errorf("%w: household %d: %v", errNotJSON, n+1, err)
		}
		sep := ",\n  "
		if n == 0 {
			sep = "[\n  "
		}
		if _, err := out.WriteString(sep); err != nil {
			return rejected, err
		}
		if err := write(assess(raw), "  "); err != nil {
			return rejected, err
		}
		n++
	}
	if _, err := dec.Token(); err != nil { // the ']'
		return rejected, fmt.Errorf("%w: %v", errNotJSON, err)
	}
	if err := atEnd(dec); err != nil {
		return rejected, err
	}
	end := "\n]\n"
	if n == 0 {
		end = "[]\n"
	}
	_, err = out.WriteString(end)
	return rejected, err
}

// firstByte peeks at the first byte after white space.
func firstByte(in *bufio.Reader) (byte, error) {
	for {
		b, err := in.Peek(1)
		if err != nil {
			return 0, err
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			in.Discard(1)
		default:
			return b[0], nil
		}
	}
}

// atEnd fails when anything but white space follows the value.
func atEnd(dec *json.Decoder) error {
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: more after the end of the input", errNotJSON)
	}
	return nil
}
