package assets

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"
)

// TestTypeScriptUnits runs the page's own unit tests (site/assets/ts/test/*.test.ts: parsing,
// the share link, the string tables) under Node's test runner, bundled by the same esbuild
// the site is built with. make deps installs Node; ZEISIM_NODE names another binary.
func TestTypeScriptUnits(t *testing.T) {
	dir := filepath.Join("..", "..", "site", "assets", "ts", "test")
	entries, err := filepath.Glob(filepath.Join(dir, "*.test.ts"))
	if err != nil || len(entries) == 0 {
		t.Fatalf("no TypeScript tests in %s (%v)", dir, err)
	}
	node := os.Getenv("ZEISIM_NODE")
	if node == "" {
		node = "node"
	}
	if _, err := exec.LookPath(node); err != nil {
		t.Fatalf("Node.js is needed for the TypeScript tests (make deps installs it): %v", err)
	}
	out := t.TempDir()
	res := api.Build(api.BuildOptions{
		EntryPoints:  entries,
		Bundle:       true,
		Write:        true,
		Outdir:       out,
		OutExtension: map[string]string{".js": ".mjs"},
		Format:       api.FormatESModule,
		Platform:     api.PlatformNode,
		Target:       api.ES2022,
		External:     []string{"node:*"},
		// The page's own table, as the generator aliases it per language: the tests read ja.
		Plugins: []api.Plugin{{Name: "strings", Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: `^zeisim:strings$`}, func(api.OnResolveArgs) (api.OnResolveResult, error) {
				p, err := filepath.Abs(filepath.Join("..", "..", "site", "i18n", "simulator", "ja.json"))
				return api.OnResolveResult{Path: p}, err
			})
		}}},
		LogLevel: api.LogLevelSilent,
	})
	for _, m := range res.Errors {
		loc := ""
		if m.Location != nil {
			loc = m.Location.File + ":" + strconv.Itoa(m.Location.Line) + ": "
		}
		t.Errorf("bundling the tests: %s%s", loc, m.Text)
	}
	if t.Failed() {
		return
	}
	var files []string
	for _, f := range res.OutputFiles {
		files = append(files, f.Path)
	}
	cmd := exec.Command(node, append([]string{"--test", "--test-reporter=spec"}, files...)...)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, b)
	}
	if !strings.Contains(string(b), "pass") {
		t.Fatalf("node --test reported no passing tests:\n%s", b)
	}
	t.Logf("%s", b)
}
