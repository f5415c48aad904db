// Package layering holds the test of the repository's import rules, which the folder names
// promise: content → generator → dist → host → browser, with the engine inside the browser.
package layering

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

type pkg struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
}

// rule: packages under from (a path prefix) may not import any path with one of the
// forbidden prefixes, in their code or their tests.
type rule struct {
	from, why string
	forbid    []string
	only      bool // from is one exact package
	code      bool // the package's code only, not its tests
}

var rules = []rule{
	{from: "zeisim/wasm/tax", only: true, code: true, why: "the engine is pure: no I/O, no clock, no reflection",
		forbid: []string{"os", "io", "io/fs", "net", "net/http", "syscall", "syscall/js", "time", "fmt", "reflect", "encoding/json"}},
	{from: "zeisim/wasm/tax", only: true, why: "the engine (and its tests) never depend on the glue, the generator or the host",
		forbid: []string{"zeisim/wasm/cmd", "zeisim/generator", "zeisim/host", "zeisim/dev"}},
	{from: "zeisim/distconf", why: "the dist/conf contract is a leaf both sides import",
		forbid: []string{"zeisim"}},
	{from: "zeisim/generator", why: "the generator never depends on the host (host facts reach it as data: hostfacts.json)",
		forbid: []string{"zeisim/host", "zeisim/dev"}},
	{from: "zeisim/host", why: "the host never depends on the generator (it reads dist/conf as data)",
		forbid: []string{"zeisim/generator", "zeisim/dev", "zeisim/wasm"}},
}

// forbidden reports the imports of p that break r.
func forbidden(r rule, p pkg) []string {
	if r.only && p.ImportPath != r.from && p.ImportPath != r.from+"_test" {
		return nil
	}
	if !r.only && p.ImportPath != r.from && !strings.HasPrefix(p.ImportPath, r.from+"/") {
		return nil
	}
	imports := p.Imports
	if !r.code {
		imports = append(append(append([]string{}, p.Imports...), p.TestImports...), p.XTestImports...)
	}
	var out []string
	for _, imp := range imports {
		for _, f := range r.forbid {
			if imp == f || strings.HasPrefix(imp, f+"/") {
				out = append(out, imp)
			}
		}
	}
	return out
}

func listPackages(t *testing.T, goos, goarch string) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", "zeisim/...")
	cmd.Dir = ".."
	cmd.Env = append(cmd.Environ(), "GOOS="+goos, "GOARCH="+goarch)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// TestImportRules fails on any import that breaks the layering, for the native build and the
// browser build (GOOS=js: the glue and the engine as shipped). The engine's tests may use the
// standard library (they read testdata), never the other layers.
func TestImportRules(t *testing.T) {
	for _, target := range [][2]string{{"linux", "amd64"}, {"js", "wasm"}} {
		pkgs := listPackages(t, target[0], target[1])
		if len(pkgs) < 20 {
			t.Fatalf("%s/%s: only %d packages listed", target[0], target[1], len(pkgs))
		}
		for _, p := range pkgs {
			for _, r := range rules {
				for _, imp := range forbidden(r, p) {
					t.Errorf("%s/%s: %s imports %s: %s", target[0], target[1], p.ImportPath, imp, r.why)
				}
			}
		}
	}
}

// TestRulesCatchViolations: each rule refuses the imports the issue named (generator → host,
// host → generator, engine → I/O), so the test above cannot pass by matching nothing.
func TestRulesCatchViolations(t *testing.T) {
	for _, c := range []struct {
		p    pkg
		want string
	}{
		{pkg{ImportPath: "zeisim/generator/build", Imports: []string{"zeisim/host/service"}}, "zeisim/host/service"},
		{pkg{ImportPath: "zeisim/generator", Imports: []string{"zeisim/host/server"}}, "zeisim/host/server"},
		{pkg{ImportPath: "zeisim/host/server", TestImports: []string{"zeisim/generator/headers"}}, "zeisim/generator/headers"},
		{pkg{ImportPath: "zeisim/wasm/tax", Imports: []string{"os"}}, "os"},
		{pkg{ImportPath: "zeisim/wasm/tax", Imports: []string{"zeisim/host/limits"}}, "zeisim/host/limits"},
		{pkg{ImportPath: "zeisim/distconf", Imports: []string{"zeisim/host/server"}}, "zeisim/host/server"},
	} {
		found := false
		for _, r := range rules {
			for _, imp := range forbidden(r, c.p) {
				found = found || imp == c.want
			}
		}
		if !found {
			t.Errorf("%s importing %s passes the rules", c.p.ImportPath, c.want)
		}
	}
}
