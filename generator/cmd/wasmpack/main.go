// Command wasmpack packs a Go WebAssembly module as the engine ships (wasmdata.Pack):
//
//	wasmpack in.wasm out.wasm
//	    writes the packed module (make bench packs its anchor the same way)
//	wasmpack -exec prog.wasm [args...]
//	    packs prog, a test binary above all, and runs it with the toolchain's
//	    go_js_wasm_exec; make test-wasm passes it to go test -exec, so the engine's suite
//	    runs on packed modules
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"zeisim/generator/wasmdata"
)

func main() {
	code, err := run(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmpack:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

const usage = "usage: wasmpack in.wasm out.wasm | wasmpack -exec prog.wasm [args...]"

func run(args []string) (int, error) {
	if len(args) == 2 && args[0] != "-exec" {
		packed, err := pack(args[0])
		if err != nil {
			return 0, err
		}
		return 0, os.WriteFile(args[1], packed, 0o644)
	}
	if len(args) < 2 || args[0] != "-exec" {
		return 0, errors.New(usage)
	}
	return execPacked(args[1], args[2:])
}

func pack(file string) ([]byte, error) {
	in, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	packed, err := wasmdata.Pack(in)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return packed, nil
}

// execPacked runs the packed file with go_js_wasm_exec and returns its exit code.
func execPacked(file string, args []string) (int, error) {
	packed, err := pack(file)
	if err != nil {
		return 0, err
	}
	dir, err := os.MkdirTemp("", "wasmpack-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	// The same base name: go_js_wasm_exec and the test binary's messages show it.
	prog := filepath.Join(dir, filepath.Base(file))
	if err := os.WriteFile(prog, packed, 0o755); err != nil {
		return 0, err
	}
	goroot := os.Getenv("GOROOT") // go test sets it for the programs it runs
	if goroot == "" {
		b, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			return 0, fmt.Errorf("finding go_js_wasm_exec: GOROOT is not set and go env failed: %w", err)
		}
		goroot = strings.TrimSpace(string(b))
	}
	cmd := exec.Command(filepath.Join(goroot, "lib", "wasm", "go_js_wasm_exec"), append([]string{prog}, args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	return 0, err
}
