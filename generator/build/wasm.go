package build

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// Wasm says how to get the engine's WebAssembly module and the matching wasm_exec.js.
type Wasm struct {
	GoCmd   string // the go command; its GOROOT provides wasm_exec.js. Default "go".
	Package string // the wasm main package. Default "./wasm".
	Dir     string // module root to build in. Default ".".
	// Prebuilt names a ready module and its wasm_exec.js instead of compiling: tests use a
	// tiny stand-in so that they do not depend on the engine or the toolchain's files.
	Prebuilt, PrebuiltExecJS string
}

type wasmBuild struct {
	Module    []byte
	ExecJS    string // path of wasm_exec.js of the same toolchain
	GoVersion string // that toolchain's version, for 様式第2号
}

// build compiles the module with flags that make it reproducible: -trimpath, no VCS stamp,
// no symbol table.
func (w Wasm) build(ctx context.Context) (wasmBuild, error) {
	if w.Prebuilt != "" {
		mod, err := os.ReadFile(w.Prebuilt)
		if err != nil {
			return wasmBuild{}, err
		}
		execJS, err := filepath.Abs(w.PrebuiltExecJS)
		return wasmBuild{Module: mod, ExecJS: execJS, GoVersion: runtime.Version()}, err
	}
	goCmd := w.GoCmd
	if goCmd == "" {
		goCmd = "go"
	}
	pkg := w.Package
	if pkg == "" {
		pkg = "./wasm"
	}
	env, err := exec.CommandContext(ctx, goCmd, "env", "GOROOT", "GOVERSION").Output()
	if err != nil {
		return wasmBuild{}, fmt.Errorf("go env GOROOT GOVERSION: %w", err)
	}
	goroot, goVersion, _ := strings.Cut(strings.TrimSpace(string(env)), "\n")
	execJS := filepath.Join(goroot, "lib", "wasm", "wasm_exec.js")
	if _, err := os.Stat(execJS); err != nil {
		return wasmBuild{}, fmt.Errorf("wasm_exec.js of the toolchain: %w", err)
	}
	tmp, err := os.MkdirTemp("", "zeisim-wasm-")
	if err != nil {
		return wasmBuild{}, err
	}
	defer os.RemoveAll(tmp)
	outFile := filepath.Join(tmp, "tax.wasm")
	cmd := exec.CommandContext(ctx, goCmd, "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", outFile, pkg)
	cmd.Dir = w.Dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return wasmBuild{}, fmt.Errorf("building the engine for WebAssembly: %w\n%s", err, stderr.String())
	}
	mod, err := os.ReadFile(outFile)
	if err != nil {
		return wasmBuild{}, err
	}
	return wasmBuild{Module: mod, ExecJS: execJS, GoVersion: strings.TrimSpace(goVersion)}, nil
}
