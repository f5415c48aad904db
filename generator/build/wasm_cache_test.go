package build

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEngineImportsStayInItsFolder: the engine's module depends on nothing outside wasm/ but
// the standard library, which is what lets moduleKey hash only that folder (with go.mod,
// go.sum, the flags and the toolchain's version).
func TestEngineImportsStayInItsFolder(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./wasm")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if p != "zeisim/wasm" && !strings.HasPrefix(p, "zeisim/wasm/") {
			t.Errorf("the engine imports %s, outside wasm/: moduleKey would miss its changes", p)
		}
	}
}

// TestEngineCacheKey: the key changes when an engine source, go.mod or the flags change, and
// not for a test file.
func TestEngineCacheKey(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module x\n")
	write("wasm/main.go", "package main\n")
	write("wasm/tax/a.go", "package tax\n")
	w := Wasm{Dir: dir}
	key := func() string {
		k, err := w.moduleKey(context.Background(), "./wasm")
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k0 := key()
	write("wasm/tax/a_test.go", "package tax\n")
	write("wasm/tax/testdata/x.go", "package x\n")
	if key() != k0 {
		t.Error("a test file changed the key")
	}
	write("wasm/tax/a.go", "package tax\n\nconst x = 1\n")
	k1 := key()
	if k1 == k0 {
		t.Error("an engine source changed and the key did not")
	}
	write("go.mod", "module x\n\ngo 1.26\n")
	k2 := key()
	if k2 == k1 {
		t.Error("go.mod changed and the key did not")
	}
	old := WasmBuildFlags
	WasmBuildFlags = append([]string{"-race"}, old...)
	defer func() { WasmBuildFlags = old }()
	if key() == k2 {
		t.Error("the flags changed and the key did not")
	}
}
