package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"zeisim/generator/wasmdata"
)

// Wasm says how to get the engine's WebAssembly module and the matching wasm_exec.js.
type Wasm struct {
	GoCmd   string // the go command; its GOROOT provides wasm_exec.js. Default "go".
	Package string // the wasm main package. Default "./wasm".
	Dir     string // module root to build in. Default ".".
	// Prebuilt names a ready module and its wasm_exec.js instead of compiling: tests use a
	// tiny stand-in so that they do not depend on the engine or the toolchain's files.
	Prebuilt, PrebuiltExecJS string
	// Cache is a folder keeping compiled modules by what they are built from (moduleKey), so
	// a build whose engine did not change does not run the compiler ("": always compile).
	Cache string
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

// toolchain is what the build needs to know of the Go toolchain that compiles the module.
type toolchain struct {
	ExecJS    string // path of its wasm_exec.js
	GoVersion string // its version, for 様式第2号
}

// toolchain asks the go command for its GOROOT and version (a stand-in module reports the
// generator's own version).
func (w Wasm) toolchain(ctx context.Context) (toolchain, error) {
	if w.Prebuilt != "" {
		execJS, err := filepath.Abs(w.PrebuiltExecJS)
		return toolchain{ExecJS: execJS, GoVersion: runtime.Version()}, err
	}
	env, err := exec.CommandContext(ctx, w.goCmd(), "env", "GOROOT", "GOVERSION").Output()
	if err != nil {
		return toolchain{}, fmt.Errorf("go env GOROOT GOVERSION: %w", err)
	}
	goroot, goVersion, _ := strings.Cut(strings.TrimSpace(string(env)), "\n")
	execJS := filepath.Join(goroot, "lib", "wasm", "wasm_exec.js")
	if _, err := os.Stat(execJS); err != nil {
		return toolchain{}, fmt.Errorf("wasm_exec.js of the toolchain: %w", err)
	}
	return toolchain{ExecJS: execJS, GoVersion: strings.TrimSpace(goVersion)}, nil
}

// pkg is the wasm main package, "./wasm" unless set.
func (w Wasm) pkg() string {
	if w.Package == "" {
		return "./wasm"
	}
	return w.Package
}

func (w Wasm) goCmd() string {
	if w.GoCmd == "" {
		return "go"
	}
	return w.GoCmd
}

// WasmBuildFlags are the flags the shipped engine is compiled with, and the engine's tests
// under WebAssembly too (make test-wasm asks for them with -print-wasm-flags), so the suite
// passes on what is shipped. -trimpath, no VCS stamp and no symbol table make it
// reproducible; no inlining (-l) makes it smaller: 622,624 → 557,862 B brotli -q11 on
// 2026-12-05 (the runtime alone 441,858 → 413,151), while an assessment stays well under a
// millisecond.
var WasmBuildFlags = []string{"-trimpath", "-buildvcs=false", "-gcflags=all=-l", "-ldflags=-s -w"}

// module compiles the module with WasmBuildFlags.
func (w Wasm) module(ctx context.Context) ([]byte, error) {
	if w.Prebuilt != "" {
		return os.ReadFile(w.Prebuilt)
	}
	pkg := w.pkg()
	var cached string
	if w.Cache != "" {
		if key, err := w.moduleKey(ctx, pkg); err == nil {
			cached = filepath.Join(w.Cache, "engine", key+".wasm")
			if b, err := os.ReadFile(cached); err == nil {
				return b, nil
			}
		}
	}
	b, err := w.compile(ctx, pkg)
	if err == nil && cached != "" {
		keep(cached, b) // a cache that cannot be written only costs the next build a compile
	}
	return b, err
}

// moduleKey names a compiled module by everything it is built from (inputFiles): the
// toolchain's version, the build flags, the packing, and each input's name and bytes.
func (w Wasm) moduleKey(ctx context.Context, pkg string) (string, error) {
	ver, err := exec.CommandContext(ctx, w.goCmd(), "env", "GOVERSION").Output()
	if err != nil {
		return "", err
	}
	files, err := w.inputFiles(pkg)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%q\x00merged %d\x00", bytes.TrimSpace(ver), WasmBuildFlags, wasmdata.MaxGap)
	for _, f := range files {
		b, err := os.ReadFile(f.path)
		if err != nil && !os.IsNotExist(err) {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f.name, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// inputFile is one file the module is built from: its path and the name it is keyed by.
type inputFile struct{ path, name string }

// inputFiles are what the module is built from: go.mod and go.sum (listed even when absent)
// and every non-test .go file under the engine's folder, named relative to it. The engine
// imports nothing outside that folder but the standard library
// (TestEngineImportsStayInItsFolder), so nothing else can change the module.
func (w Wasm) inputFiles(pkg string) ([]inputFile, error) {
	files := []inputFile{{filepath.Join(w.Dir, "go.mod"), "go.mod"}, {filepath.Join(w.Dir, "go.sum"), "go.sum"}}
	root := filepath.Join(w.Dir, pkg)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			rel, _ := filepath.Rel(root, p)
			files = append(files, inputFile{p, filepath.ToSlash(rel)})
		}
		return nil
	})
	return files, err
}

// compile runs go build for the module.
func (w Wasm) compile(ctx context.Context, pkg string) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "zeisim-wasm-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	outFile := filepath.Join(tmp, "tax.wasm")
	args := append(append([]string{"build"}, WasmBuildFlags...), "-o", outFile, pkg)
	cmd := exec.CommandContext(ctx, w.goCmd(), args...)
	cmd.Dir = w.Dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("building the engine for WebAssembly: %w\n%s", err, stderr.String())
	}
	b, err := os.ReadFile(outFile)
	if err != nil {
		return nil, err
	}
	return wasmdata.Pack(b)
}
