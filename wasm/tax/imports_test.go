package tax

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TestWasmImportGraph keeps reflection-based packages out of the browser module: encoding/json
// alone adds ~120 KB brotli (docs/architecture.md §4.4), fmt ~100 KB.
func TestWasmImportGraph(t *testing.T) {
	if runtime.GOOS == "js" || testing.Short() {
		t.Skip("needs the go command")
	}
	gobin := runtime.GOROOT() + "/bin/go"
	if _, err := os.Stat(gobin); err != nil {
		t.Skip("go command not found")
	}
	cmd := exec.Command(gobin, "list", "-deps", "zeisim/wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		switch pkg {
		case "encoding/json", "fmt", "reflect", "math/big", "text/template", "regexp":
			t.Errorf("the wasm module imports %s", pkg)
		}
	}
}
