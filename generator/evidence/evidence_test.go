package evidence

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// repoRoot is the module root, two folders up from this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// TestCheckSheetNamesRealTests is the guarantee behind 様式第1号: every test the sheet cites as
// proof exists in the repository, and every item is answered with a reason.
func TestCheckSheetNamesRealTests(t *testing.T) {
	root := repoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, "generator", "evidence", "checksheet.json"))
	if err != nil {
		t.Fatal(err)
	}
	cs, err := ParseCheckSheet(data)
	if err != nil {
		t.Fatal(err)
	}
	known, err := FindTests(os.DirFS(root), "zeisim")
	if err != nil {
		t.Fatal(err)
	}
	if missing := cs.MissingTests(known); len(missing) > 0 {
		t.Errorf("the check sheet cites %d tests that do not exist:\n  %s", len(missing), strings.Join(missing, "\n  "))
	}
	// The IPA form: each of the eleven kinds of vulnerability named in the 脆弱性の種類 column.
	csv := string(cs.CSV())
	for _, kind := range []string{"1. SQLインジェクション", "2. OSコマンド・インジェクション", "3. パス名パラメータの未チェック／ディレクトリ・トラバーサル",
		"4. セッション管理の不備", "5. クロスサイト・スクリプティング", "6. CSRF（クロスサイト・リクエスト・フォージェリ）",
		"7. HTTPヘッダ・インジェクション", "8. メールヘッダ・インジェクション", "9. クリックジャッキング", "10. バッファオーバーフロー",
		"11. アクセス制御や認可制御の欠落"} {
		if !strings.Contains(csv, "\r\n"+kind+",IPA ") {
			t.Errorf("様式第1号 CSV has no row of 脆弱性の種類 %q", kind)
		}
	}
	if !strings.HasPrefix(csv, "\ufeff脆弱性の種類,項番,対策の性質,チェック項目,対応状況,理由・措置,確認テスト,関連文書\r\n") {
		t.Errorf("CSV header: %.120q", csv)
	}
	c := cs.Counts()
	t.Logf("様式第1号: %d items: 対応済 %d, 未対策 %d, 対応不要 %d", len(cs.Items), c[Done], c[NotDone], c[NotRequired])
}

func TestParseCheckSheetRejects(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"unknown status", `{"items":[{"id":"A","title":"t","status":"済","reason":"r"}]}`, "not one of"},
		{"no reason", `{"items":[{"id":"A","title":"t","status":"対応不要","reason":" "}]}`, "reason is required"},
		{"done without proof", `{"items":[{"id":"A","title":"t","status":"対応済","reason":"r"}]}`, "needs at least one test"},
		{"duplicate", `{"items":[{"id":"A","title":"t","status":"対応不要","reason":"r"},{"id":"A","title":"t","status":"対応不要","reason":"r"}]}`, "duplicate id"},
		{"unknown field", `{"items":[{"id":"A","title":"t","status":"対応不要","reason":"r","owner":"x"}]}`, "unknown field"},
		{"IPA rows missing", `{"items":[{"id":"IPA 1-(i)-a","nature":"根本的解決","title":"t","status":"対応不要","reason":"r"}]}`, "every row of the IPA checklist"},
		{"IPA nature", `{"items":[{"id":"IPA 1-(i)-a","nature":"運用","title":"t","status":"対応不要","reason":"r"}]}`, "対策の性質"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCheckSheet([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestFindTestsSeesThisTest(t *testing.T) {
	known, err := FindTests(os.DirFS(repoRoot(t)), "zeisim")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"zeisim/generator/evidence.TestFindTestsSeesThisTest", "zeisim/e2e.TestSimulatorComputesExample1"} {
		if !known[name] {
			t.Errorf("FindTests missed %s", name)
		}
	}
	if known["zeisim/generator/evidence.repoRoot"] {
		t.Error("FindTests listed a helper that is not a test")
	}
}

// goFiles parses every non-test Go file below dir (module-relative dir, e.g. "host") with mode
// and calls f with its path relative to the module root; testdata, node_modules and the
// folders skip names are not entered.
func goFiles(t *testing.T, dir string, mode parser.Mode, skip []string, f func(rel string, file *ast.File)) {
	t.Helper()
	root := repoRoot(t)
	fset := token.NewFileSet()
	err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules" || slices.Contains(skip, rel)) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(fset, p, nil, mode)
		if err != nil {
			return err
		}
		f(rel, file)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// imports lists, for every non-test Go file below dir, the packages it imports.
func imports(t *testing.T, dir string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	goFiles(t, dir, parser.ImportsOnly, nil, func(rel string, file *ast.File) {
		for _, imp := range file.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			out[rel] = append(out[rel], path)
		}
	})
	return out
}

// TestNoUnsafeOrCgo backs IPA 10-(i)-a: no code of ours can touch memory directly.
func TestNoUnsafeOrCgo(t *testing.T) {
	files := 0
	for _, dir := range []string{"host", "generator", "wasm"} {
		for file, imps := range imports(t, dir) {
			files++
			for _, imp := range imps {
				if imp == "unsafe" || imp == "C" {
					t.Errorf("%s imports %q", file, imp)
				}
			}
		}
	}
	if files < 50 {
		t.Fatalf("scanned only %d files: the walk is broken", files)
	}
}

// hostExecAllowed are the host files that may start a process: the operator's alert command,
// a fixed program with fixed arguments from the host's flags, never a shell and never a value
// from a request.
var hostExecAllowed = map[string]bool{"host/tamper/tamper.go": true}

// TestHostDoesNotRunShell backs IPA 2-(i): the host does not start processes from requests.
func TestHostDoesNotRunShell(t *testing.T) {
	root := repoRoot(t)
	hostServingFiles(t, func(rel string, file *ast.File) {
		for _, imp := range file.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "os/exec" && !hostExecAllowed[rel] {
				t.Errorf("%s imports %s: only the alert command may start a process (syscall for signals is fine)", rel, p)
			}
		}
		if !hostExecAllowed[rel] {
			return
		}
		src, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		for _, shell := range []string{`"sh"`, `"/bin/sh"`, `"bash"`, `"-c"`} {
			if strings.Contains(string(src), shell) {
				t.Errorf("%s mentions %s: the alert command must run without a shell", rel, shell)
			}
		}
	})
	for rel := range hostExecAllowed {
		if _, err := os.Stat(filepath.Join(root, rel)); err != nil {
			t.Errorf("%s is allowed to start a process but is gone: %v", rel, err)
		}
	}
}

func TestUpdates(t *testing.T) {
	prev := Environment{
		Components: []Component{{Name: "go", Version: "go1.26.8"}, {Name: "github.com/yuin/goldmark", Version: "v1.8.7"}, {Name: "gone", Version: "v1"}},
		Tested:     map[string]string{"Chromium": "156.0.8078.73"},
	}
	cur := Environment{
		Components: []Component{{Name: "go", Version: "go1.26.9"}, {Name: "github.com/yuin/goldmark", Version: "v1.8.7"}, {Name: "new", Version: "v2"}},
		Tested:     map[string]string{"Chromium": "156.0.8078.108"},
	}
	got := Updates(prev, cur)
	want := []Update{
		{"go", "go1.26.8", "go1.26.9"},
		{"gone", "v1", "（削除）"},
		{"new", "（新規）", "v2"},
		{"試験環境 Chromium", "156.0.8078.73", "156.0.8078.108"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("update %d: got %v, want %v", i, got[i], want[i])
		}
	}
	csv := string(UpdateReportCSV(got, "2026-12-01"))
	if !strings.HasPrefix(csv, "\ufeff実施日,") || !strings.Contains(csv, "2026-12-01,go,go1.26.8,go1.26.9\r\n") {
		t.Errorf("様式第3号 CSV:\n%s", csv)
	}
}

func TestModuleComponents(t *testing.T) {
	goMod := []byte("module zeisim\n\ngo 1.26.0\n\nrequire (\n\tgithub.com/yuin/goldmark v1.8.7\n\tgolang.org/x/sys v0.1.0 // indirect\n)\n")
	goSum := []byte("github.com/yuin/goldmark v1.8.7 h1:AAA=\ngithub.com/yuin/goldmark v1.8.7/go.mod h1:BBB=\ngolang.org/x/sys v0.1.0 h1:CCC=\n")
	got, err := ModuleComponents(goMod, goSum)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Name != "github.com/yuin/goldmark" || got[0].Checksum != "h1:AAA=" || !got[0].Direct || got[1].Name != "go" || got[2].Direct {
		t.Errorf("components: %+v", got)
	}
	if _, err := ModuleComponents(goMod, []byte("github.com/yuin/goldmark v1.8.7 h1:AAA=\n")); err == nil {
		t.Error("a module without a checksum was accepted")
	}
}
