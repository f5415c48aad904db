package build

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sessionSite copies the real content and theme into a temp folder, so a test can edit them.
func sessionSite(t testing.TB) Config {
	dir := t.TempDir()
	for _, d := range []string{"content", "site"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("..", "..", d))); err != nil {
			t.Fatal(err)
		}
	}
	// The stand-in engine is copied too: a test edits it.
	module, err := os.ReadFile("testdata/wasm/fake.wasm")
	if err != nil {
		t.Fatal(err)
	}
	prebuilt := filepath.Join(dir, "fake.wasm")
	if err := os.WriteFile(prebuilt, module, 0o644); err != nil {
		t.Fatal(err)
	}
	return Config{ContentDir: filepath.Join(dir, "content"), SiteDir: filepath.Join(dir, "site"),
		OutDir: filepath.Join(dir, "dist"), CacheDir: filepath.Join(dir, "cache"), Session: NewSession(),
		Wasm: Wasm{Prebuilt: prebuilt, PrebuiltExecJS: "testdata/wasm/wasm_exec.js"}}
}

// edit rewrites a file with an edit and a modification time unlike any before it, as an
// editor's save does (some filesystems keep mtimes to the second).
func edit(t testing.TB, path string, change func(string) string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(change(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Duration(len(b)%997+1) * time.Second)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
}

// TestSessionRebuildsWhatChanged: with a session, a content edit reuses the theme (same
// bundle bytes without running esbuild: the theme phase drops to the wait), a theme edit
// rebundles, and every build's output equals a build without a session.
func TestSessionRebuildsWhatChanged(t *testing.T) {
	cfg := sessionSite(t)
	ctx := context.Background()
	if _, err := Run(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	sameAsFresh := func(step string) {
		t.Helper()
		c := cfg
		c.Session, c.OutDir = nil, filepath.Join(t.TempDir(), "dist")
		if _, err := Run(ctx, c); err != nil {
			t.Fatal(err)
		}
		got, want := readTree(t, cfg.OutDir), readTree(t, c.OutDir)
		if !maps.EqualFunc(got, want, bytes.Equal) {
			t.Fatalf("%s: the session's build differs from a full build (%d files against %d)", step, len(got), len(want))
		}
	}
	builds := func() (theme, engine int) { return cfg.Session.themeBuilds, cfg.Session.engineBuilds }
	if th, en := builds(); th != 1 || en != 1 {
		t.Fatalf("first build: theme made %d times, engine %d; want 1 and 1", th, en)
	}
	// Every fingerprinted asset (the engine, the theme's bundles and icons) is hashed once,
	// and again only when its bytes were made again.
	assetCount := len(cfg.Session.assets)
	hashed := func(step string, want int) {
		t.Helper()
		if got := cfg.Session.fingerprints; got != want {
			t.Errorf("%s: %d assets hashed in all, want %d", step, got, want)
		}
	}
	hashed("first build", assetCount)

	edit(t, filepath.Join(cfg.ContentDir, "ja", "guide.md"), func(s string) string { return s + "\n追記した段落です。\n" })
	if _, err := Run(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if th, en := builds(); th != 1 || en != 1 {
		t.Errorf("after a content edit: theme made %d times, engine %d; want 1 and 1 (reused)", th, en)
	}
	hashed("content edit", assetCount)
	if b, _ := os.ReadFile(filepath.Join(cfg.OutDir, "public", "guide", "index.html")); !strings.Contains(string(b), "追記した段落です。") {
		t.Error("the edited page does not show the edit")
	}
	sameAsFresh("content edit")

	css := filepath.Join(cfg.SiteDir, "assets", "css", "site.css")
	edit(t, css, func(s string) string { return s + "\n.session-test-rule { color: #123456; }\n" })
	if _, err := Run(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if th, en := builds(); th != 2 || en != 1 {
		t.Errorf("after a theme edit: theme made %d times, engine %d; want 2 and 1", th, en)
	}
	hashed("theme edit", 2*assetCount-1) // all but the engine
	found := false
	matches, _ := filepath.Glob(filepath.Join(cfg.OutDir, "public", "a", "site.*.css"))
	for _, m := range matches {
		if b, _ := os.ReadFile(m); strings.Contains(string(b), "#123456") {
			found = true
		}
	}
	if !found {
		t.Error("the theme edit is not in the published stylesheet")
	}
	sameAsFresh("theme edit")

	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(cfg.Wasm.Prebuilt, later, later); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	hashed("engine edit", 2*assetCount)
	if th, en := builds(); th != 2 || en != 2 {
		t.Errorf("after an engine edit: theme made %d times, engine %d; want 2 and 2", th, en)
	}
}

// BenchmarkDevEdit is the dev loop's answer to an editor saving one page: a build with the
// session of the previous one (theme and engine reused) against a full build, both into the
// previous build's folder with a warm compression cache.
func BenchmarkDevEdit(b *testing.B) {
	cfg := sessionSite(b)
	ctx := context.Background()
	if _, err := Run(ctx, cfg); err != nil {
		b.Fatal(err)
	}
	page := filepath.Join(cfg.ContentDir, "ja", "guide.md")
	var withSession, full time.Duration
	for i := 0; i < b.N; i++ {
		edit(b, page, func(s string) string { return s + "\n追記。\n" })
		start := time.Now()
		if _, err := Run(ctx, cfg); err != nil {
			b.Fatal(err)
		}
		withSession += time.Since(start)
		edit(b, page, func(s string) string { return s + "\n追記。\n" })
		c := cfg
		c.Session = nil
		start = time.Now()
		if _, err := Run(ctx, c); err != nil {
			b.Fatal(err)
		}
		full += time.Since(start)
	}
	b.ReportMetric(float64(withSession.Milliseconds())/float64(b.N), "ms/edit-session")
	b.ReportMetric(float64(full.Milliseconds())/float64(b.N), "ms/edit-full")
	b.ReportMetric(float64(full)/float64(withSession), "speedup")
}
