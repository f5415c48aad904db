package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestUpdateReport(t *testing.T) {
	dir := t.TempDir()
	prev := filepath.Join(dir, "prev.json")
	cur := filepath.Join(dir, "cur.json")
	os.WriteFile(prev, []byte(`{"components":[{"name":"go","version":"go1.26.7"},{"name":"github.com/yuin/goldmark","version":"v1.8.7"}]}`), 0o644)
	os.WriteFile(cur, []byte(`{"components":[{"name":"go","version":"go1.26.8"},{"name":"github.com/yuin/goldmark","version":"v1.8.7"}]}`), 0o644)
	var out bytes.Buffer
	if err := run([]string{"update", "-prev", prev, "-cur", cur, "-date", "2026-11-30"}, &out); err != nil {
		t.Fatal(err)
	}
	want := "\ufeff実施日,ソフトウェア等,更新前,更新後\r\n2026-11-30,go,go1.26.7,go1.26.8\r\n"
	if out.String() != want {
		t.Errorf("様式第3号:\n%q\nwant\n%q", out.String(), want)
	}
	if err := run([]string{"update", "-cur", cur, "-date", "2026-11-30"}, &out); err == nil {
		t.Error("update without -prev was accepted")
	}
	// One command from two builds: their folders.
	for i, env := range []string{prev, cur} {
		conf := filepath.Join(dir, fmt.Sprint("build", i), "conf")
		os.MkdirAll(conf, 0o755)
		b, _ := os.ReadFile(env)
		os.WriteFile(filepath.Join(conf, "environment.json"), b, 0o644)
	}
	out.Reset()
	if err := run([]string{"update", "-prev", filepath.Join(dir, "build0"), "-cur", filepath.Join(dir, "build1"), "-date", "2026-11-30"}, &out); err != nil || out.String() != want {
		t.Errorf("from two build folders: %v\n%q", err, out.String())
	}
}

// TestEnvironmentFromRunningHost: 様式第2号's TLS lines come from the running host's admin
// listener, not from the build.
func TestEnvironmentFromRunningHost(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "conf"), 0o755)
	os.WriteFile(filepath.Join(dir, "conf", "environment.json"), []byte(`{"components":[{"name":"go","version":"go1.26.8","direct":true}],"tls":["build-time line"]}`), 0o644)
	admin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/tls" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, `{"tls":["TLS 1.3 暗号スイート: TLS_AES_128_GCM_SHA256","使用中の証明書: zeisim.example.jp"]}`)
	}))
	defer admin.Close()
	var out bytes.Buffer
	if err := run([]string{"environment", "-cur", dir, "-running", admin.URL}, &out); err != nil {
		t.Fatal(err)
	}
	csv := out.String()
	if strings.Contains(csv, "build-time line") || !strings.Contains(csv, "TLS 設定,ホスト,使用中の証明書: zeisim.example.jp") || !strings.Contains(csv, "go1.26.8") {
		t.Errorf("様式第2号 from the running host:\n%s", csv)
	}
	if err := run([]string{"environment", "-cur", dir}, &out); err == nil {
		t.Error("environment without -running was accepted")
	}
}

// TestSBOMOfRealBinary builds this very command and describes it: the SBOM must name the
// module's dependencies with their go.sum hashes.
func TestSBOMOfRealBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "reports")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var out bytes.Buffer
	if err := run([]string{"sbom", bin}, &out); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		BomFormat  string `json:"bomFormat"`
		Components []struct {
			Name, Version, Purl string
			Hashes              []struct{ Alg, Content string }
		} `json:"components"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.BomFormat != "CycloneDX" || len(doc.Components) < 2 {
		t.Fatalf("SBOM: %s", out.String())
	}
	var sawStd bool
	for _, c := range doc.Components {
		if c.Name == "std" && strings.HasPrefix(c.Version, "go1.") {
			sawStd = true
		}
	}
	if !sawStd {
		t.Errorf("SBOM has no Go standard library component:\n%s", out.String())
	}
	var again bytes.Buffer
	run([]string{"sbom", bin}, &again)
	if !bytes.Equal(out.Bytes(), again.Bytes()) {
		t.Error("two SBOMs of the same binary differ")
	}
}
