package evidence

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// hostServingFiles calls f for every non-test Go file of the serving host binary: host/ without
// the operators' and benchmark commands and the test fixtures.
func hostServingFiles(t *testing.T, f func(rel string, file *ast.File)) {
	t.Helper()
	goFiles(t, "host", parser.SkipObjectResolution, []string{"host/cmd", "host/testcert", "host/testsite", "host/observatory", "host/deploy"}, f)
}

// securityEvents finds every event the host writes to its security log: calls of the form
// x.Security.Info/Warn/Error("event", ...), by event name with the level.
func securityEvents(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	hostServingFiles(t, func(rel string, file *ast.File) {
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			owner, ok := sel.X.(*ast.SelectorExpr)
			if !ok || owner.Sel.Name != "Security" {
				return true
			}
			level := strings.ToUpper(sel.Sel.Name)
			if level != "INFO" && level != "WARN" && level != "ERROR" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: a security event whose name is not a literal: the 監視体制表 cannot list it", rel)
				return true
			}
			name, _ := strconv.Unquote(lit.Value)
			out[name] = level
			return true
		})
	})
	return out
}

func loadMonitoring(t *testing.T) Monitoring {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "generator", "evidence", "monitoring.json"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseMonitoring(data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestMonitoringListsEveryEvent keeps 監視体制表 (仕様書 3(13)) and the host together: every
// event the host writes to its security log is a line of the table with its level, every line
// names an event the host really writes (or a test for what is detected outside it), every
// setting it names is a host flag, and every test it cites exists.
func TestMonitoringListsEveryEvent(t *testing.T) {
	m := loadMonitoring(t)
	events := securityEvents(t)
	if len(events) < 10 {
		t.Fatalf("found only %d security events in host/: the scan is broken", len(events))
	}
	listed := map[string]bool{}
	for _, d := range m.Detections {
		if d.Event == "" {
			continue
		}
		listed[d.Event] = true
		level, ok := events[d.Event]
		switch {
		case !ok:
			t.Errorf("監視体制表 lists %q, which the host never writes", d.Event)
		case level != d.Level:
			t.Errorf("監視体制表 lists %q as %s, the host writes it as %s", d.Event, d.Level, level)
		}
	}
	for e, level := range events {
		if !listed[e] {
			t.Errorf("the host writes the security event %q (%s), which 監視体制表 does not list", e, level)
		}
	}
	host, err := LoadHostFacts()
	if err != nil {
		t.Fatal(err)
	}
	known, err := FindTests(os.DirFS(repoRoot(t)), "zeisim")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range m.Detections {
		for _, f := range d.Flags {
			if _, ok := host.Flags[strings.TrimPrefix(f, "-")]; !ok {
				t.Errorf("監視体制表 (%s) names %s, which is not a host flag", d.Target, f)
			}
		}
		for _, name := range d.Tests {
			if !known[name] {
				t.Errorf("監視体制表 (%s) cites %s, which does not exist", d.Target, name)
			}
		}
	}
	for _, target := range []string{"DoS攻撃", "改ざん", "サーバ負荷の急増", "外部C&Cサーバ等への通信"} {
		if !slices.ContainsFunc(m.Detections, func(d Detection) bool { return d.Target == target }) {
			t.Errorf("監視体制表 has no line for %s, which 仕様書 3(13) names", target)
		}
	}
}

// outgoing are the calls and types through which Go code reaches out to another machine.
var outgoing = map[string][]string{
	"net":        {"Dial", "DialTimeout", "DialTCP", "DialUDP", "DialIP", "DialUnix", "Dialer", "Resolver", "LookupHost", "LookupIP", "LookupAddr", "LookupCNAME", "LookupMX", "LookupTXT", "LookupSRV", "LookupNS", "LookupPort"},
	"net/http":   {"Get", "Head", "Post", "PostForm", "Client", "DefaultClient", "Transport", "DefaultTransport", "NewRequest", "NewRequestWithContext"},
	"crypto/tls": {"Dial", "DialWithDialer", "Dialer"},
}

// forbiddenImports are packages that exist to talk to other machines.
var forbiddenImports = []string{"net/smtp", "net/rpc", "net/http/httptrace", "net/http/cookiejar"}

// egressGuard names net.Resolver and http.Transport only to put refusing dialers in place of
// Go's own (host/egress.TestGuard proves every attempt through them fails and is reported).
const egressGuard = "host/egress/egress.go"

// TestHostMakesNoOutgoingConnections backs 監視体制表's line for 外部C&Cサーバ等への通信 and
// 仕様書 3(1): the serving host has no code that opens a connection, resolves a name or sends
// a request to anywhere; a firewall that denies outgoing traffic then loses nothing, and any
// outgoing attempt is an incident.
func TestHostMakesNoOutgoingConnections(t *testing.T) {
	files := 0
	hostServingFiles(t, func(rel string, file *ast.File) {
		files++
		if filepath.ToSlash(rel) == egressGuard {
			return
		}
		names := map[string]string{} // local name → import path
		for _, imp := range file.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if slices.Contains(forbiddenImports, p) {
				t.Errorf("%s imports %s", rel, p)
			}
			local := p[strings.LastIndex(p, "/")+1:]
			if imp.Name != nil {
				local = imp.Name.Name
			}
			names[local] = p
		}
		ast.Inspect(file, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pkg, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			if p, ok := names[pkg.Name]; ok && slices.Contains(outgoing[p], sel.Sel.Name) {
				t.Errorf("%s uses %s.%s: the host must not connect anywhere", rel, p, sel.Sel.Name)
			}
			return true
		})
	})
	if files < 20 {
		t.Fatalf("scanned only %d files of host/: the walk is broken", files)
	}
}

// TestCheckSheetDocsExist: every README section and make target the check sheet cites exists
// (site paths are links in the rendered sheet, which the generator's link check verifies).
func TestCheckSheetDocsExist(t *testing.T) {
	root := repoRoot(t)
	cs, err := LoadCheckSheet()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	headings := map[string]bool{}
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "#") {
			headings[strings.TrimSpace(strings.TrimLeft(line, "#"))] = true
		}
	}
	makefile, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	targets := map[string]bool{}
	for _, line := range strings.Split(string(makefile), "\n") {
		if i := strings.Index(line, ":"); i > 0 && !strings.ContainsAny(line[:i], " \t=$#") {
			targets[line[:i]] = true
		}
	}
	pages := 0
	for _, it := range cs.Items {
		for _, d := range it.Docs {
			switch kind, target := docKind(d); kind {
			case docReadme:
				if !headings[target] {
					t.Errorf("%s cites README.md section %q, which does not exist", it.ID, target)
				}
			case docMake:
				if !targets[target] {
					t.Errorf("%s cites make %s, which the Makefile does not have", it.ID, target)
				}
			case docPage:
				pages++
			}
		}
	}
	if !targets["test"] || !headings["The host"] {
		t.Fatal("the README or Makefile scan is broken")
	}
	if md := string(cs.Markdown()); pages > 0 && !strings.Contains(md, "](/security/") {
		t.Error("site paths the sheet cites are not rendered as links, so the link check cannot verify them")
	}
}

func TestParseCheckSheetRejectsUncheckableDocs(t *testing.T) {
	_, err := ParseCheckSheet([]byte(`{"items":[{"id":"A","title":"t","status":"対応済","reason":"r","docs":["README の運用の章"]}]}`))
	if err == nil || !strings.Contains(err.Error(), "so that it can be checked") {
		t.Fatalf("error %v, want the document refused", err)
	}
}

// TestMaintenanceTeam: 保守体制表 (仕様書 3(2)) shows every role, marks what is still to fill,
// lists it for the build's notice, and refuses a role without duties or a malformed date.
func TestMaintenanceTeam(t *testing.T) {
	m, err := ParseMaintenanceTeam([]byte(`{"maintenance_team": {"provider": "株式会社例", "updated": "2026-11-27", "hours": "平日 9:00〜17:00", "city_contact": "",
		"roles": [{"role": "統括責任者", "duties": "総括", "name": "山田 太郎（例）", "contact": "03-0000-0000", "deputy": ""}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(m.Blank(), ","), "city_contact,統括責任者: deputy"; got != want {
		t.Errorf("blank fields %q, want %q", got, want)
	}
	md := string(m.Markdown())
	for _, want := range []string{"| 提供者 | 株式会社例 |", "| 利用者（市）の連絡窓口 | " + toFill + " |", "| 統括責任者 | 総括 | 山田 太郎（例） | 03-0000-0000 | " + toFill + " |"} {
		if !strings.Contains(md, want) {
			t.Errorf("保守体制表 lacks %q:\n%s", want, md)
		}
	}
	if csv := string(m.CSV()); !strings.HasPrefix(csv, "\ufeff提供者,株式会社例") || !strings.Contains(csv, "\r\n統括責任者,総括,山田 太郎（例）,03-0000-0000,"+toFill+"\r\n") {
		t.Errorf("CSV:\n%s", csv)
	}
	for _, bad := range []struct{ json, want string }{
		{`{"maintenance_team": {"roles": []}}`, "at least one role"},
		{`{"maintenance_team": {"roles": [{"role": "監視担当"}]}}`, `"duties" are required`},
		{`{"maintenance_team": {"updated": "令和8年11月", "roles": [{"role": "a", "duties": "b"}]}}`, "YYYY-MM-DD"},
		{`{"maintenance_team": {"phone": "1", "roles": [{"role": "a", "duties": "b"}]}}`, "unknown field"},
	} {
		if _, err := ParseMaintenanceTeam([]byte(bad.json)); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: error %v, want one containing %q", bad.json, err, bad.want)
		}
	}
	// The repository's own file is valid.
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "content", "operations.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseMaintenanceTeam(data); err != nil {
		t.Errorf("content/operations.json: %v", err)
	}
}
