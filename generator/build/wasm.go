package build

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
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

// engine is a compile of the module running beside the rest of the build: with Go's build
// cache it is a link of about 200 ms, the longest single step of a warm build.
type engine struct {
	done   chan struct{}
	module []byte
	err    error
	took   time.Duration // how long the compile ran (it overlaps other phases)
}

// start compiles the module in the background; wait returns it. A build that stops early
// cancels ctx and waits, so no compiler outlives Run.
func (w Wasm) start(ctx context.Context) *engine {
	e := &engine{done: make(chan struct{})}
	go func() {
		defer close(e.done)
		t := time.Now()
		e.module, e.err = w.module(ctx)
		e.took = time.Since(t)
	}()
	return e
}

func (e *engine) wait() ([]byte, error) {
	<-e.done
	return e.module, e.err
}

// execJS returns the path of wasm_exec.js of the toolchain that compiles the module.
func (w Wasm) execJS(ctx context.Context) (string, error) {
	if w.Prebuilt != "" {
		return filepath.Abs(w.PrebuiltExecJS)
	}
	env, err := exec.CommandContext(ctx, w.goCmd(), "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %w", err)
	}
	execJS := filepath.Join(strings.TrimSpace(string(env)), "lib", "wasm", "wasm_exec.js")
	if _, err := os.Stat(execJS); err != nil {
		return "", fmt.Errorf("wasm_exec.js of the toolchain: %w", err)
	}
	return execJS, nil
}

func (w Wasm) goCmd() string {
	if w.GoCmd == "" {
		return "go"
	}
	return w.GoCmd
}

// module compiles the module with flags that make it reproducible: -trimpath, no VCS
// stamp, no symbol table.
func (w Wasm) module(ctx context.Context) ([]byte, error) {
	if w.Prebuilt != "" {
		return os.ReadFile(w.Prebuilt)
	}
	pkg := w.Package
	if pkg == "" {
		pkg = "./wasm"
	}
	tmp, err := os.MkdirTemp("", "zeisim-wasm-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	outFile := filepath.Join(tmp, "tax.wasm")
	cmd := exec.CommandContext(ctx, w.goCmd(), "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", outFile, pkg)
	cmd.Dir = w.Dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("building the engine for WebAssembly: %w\n%s", err, stderr.String())
	}
	return os.ReadFile(outFile)
}
