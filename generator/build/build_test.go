package build

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"zeisim/distconf"
	"zeisim/generator/linkcheck"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// testConfig builds testdata/content with the real theme and a stand-in engine, so the
// output depends only on this repository's files.
func testConfig(t *testing.T) Config {
	t.Helper()
	return Config{
		ContentDir: "testdata/content",
		SiteDir:    "../../site",
		OutDir:     filepath.Join(t.TempDir(), "dist"),
		Wasm:       Wasm{Prebuilt: "testdata/wasm/fake.wasm", PrebuiltExecJS: "testdata/wasm/wasm_exec.js"},
	}
}

func build(t *testing.T, cfg Config) Result {
	t.Helper()
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res
}

// readTree maps every file below dir to its contents.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGolden compares rendered pages and generated files with testdata/golden. After an
// intended change to the theme or the generator: go test ./generator/build -update
func TestGolden(t *testing.T) {
	cfg := testConfig(t)
	build(t, cfg)
	// The files under test are the ones testdata/golden holds (a/b.html as a__b.html.golden):
	// to cover another, add an empty golden file for it and run with -update.
	goldens, err := filepath.Glob(filepath.Join("testdata", "golden", "*.golden"))
	if err != nil || len(goldens) < 10 {
		t.Fatalf("golden files: %d (%v)", len(goldens), err)
	}
	var files []string
	for _, g := range goldens {
		files = append(files, strings.ReplaceAll(strings.TrimSuffix(filepath.Base(g), ".golden"), "__", "/"))
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(cfg.OutDir, f))
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", strings.ReplaceAll(f, "/", "__")+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./generator/build -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (if intended: go test ./generator/build -update)\n--- got\n%s\n--- want\n%s", f, golden, got, want)
			}
		})
	}
}

// TestReproducible builds twice, with separate caches, and wants byte-identical trees.
func TestReproducible(t *testing.T) {
	a, b := testConfig(t), testConfig(t)
	a.CacheDir = t.TempDir()
	b.CacheDir = "" // uncached: the cache must not hide a difference
	build(t, a)
	build(t, b)
	ta, tb := readTree(t, a.OutDir), readTree(t, b.OutDir)
	if len(ta) != len(tb) {
		t.Fatalf("builds differ in file count: %d vs %d", len(ta), len(tb))
	}
	for p, da := range ta {
		if !bytes.Equal(da, tb[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
	// A second build from the warm cache is the same too.
	c := testConfig(t)
	c.CacheDir = a.CacheDir
	build(t, c)
	for p, dc := range readTree(t, c.OutDir) {
		if !bytes.Equal(dc, ta[p]) {
			t.Errorf("%s differs when built from the cache", p)
		}
	}
}

// TestEverythingResolves checks, independently of the build's own check, that every
// reference of every published page resolves, that every published file is in the
// integrity manifest with its SHA-256, and that sidecars sit beside compressible files.
func TestEverythingResolves(t *testing.T) {
	cfg := testConfig(t)
	build(t, cfg)
	tree := readTree(t, filepath.Join(cfg.OutDir, "public"))
	published := map[string]bool{}
	for p := range tree {
		published["/"+p] = true
	}
	var docs []linkcheck.Doc
	for p, data := range tree {
		if strings.HasSuffix(p, ".html") {
			docs = append(docs, linkcheck.Doc{Path: "/" + p, Source: p, HTML: data})
		}
	}
	if len(docs) < 8 {
		t.Fatalf("only %d HTML files published", len(docs))
	}
	if probs := linkcheck.Check(docs, published); len(probs) > 0 {
		t.Errorf("unresolved references: %v", probs)
	}
	raw, err := os.ReadFile(filepath.Join(cfg.OutDir, "conf", distconf.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	manifest, err := distconf.ParseManifest(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(manifest.Files) != len(tree) {
		t.Errorf("integrity.json lists %d files, public/ has %d", len(manifest.Files), len(tree))
	}
	for p, data := range tree {
		e, ok := manifest.Files["/"+p]
		if !ok || e.Size != int64(len(data)) || e.SHA256 != sha256hex(data) {
			t.Errorf("integrity.json entry for /%s is %+v", p, e)
		}
	}
	for _, p := range []string{"index.html", "sw.js", "sitemap.xml"} {
		for _, ext := range []string{".br", ".gz"} {
			if tree[p+ext] == nil {
				t.Errorf("no %s%s sidecar", p, ext)
			}
		}
	}
	for p := range tree {
		if strings.HasPrefix(p, "a/") && strings.HasSuffix(p, ".wasm") {
			if tree[p+".br"] == nil && len(tree[p]) > 100 {
				t.Errorf("engine %s has no .br", p)
			}
		}
	}
	// The service worker precaches every fingerprinted asset and every page.
	sw := string(tree["sw.js"])
	for p := range tree {
		if strings.HasPrefix(p, "a/") && !strings.HasSuffix(p, ".br") && !strings.HasSuffix(p, ".gz") && !strings.Contains(sw, `"/`+p+`"`) {
			t.Errorf("sw.js does not precache /%s", p)
		}
		if strings.HasSuffix(p, "/index.html") || p == "index.html" {
			u := "/" + strings.TrimSuffix(p, "index.html")
			if !strings.Contains(sw, `"`+u+`"`) {
				t.Errorf("sw.js does not precache the page %s", u)
			}
		}
	}
	// It hosts the engine the simulator pages load (site/assets/sw/sw.ts): the same URL and SRI
	// metadata, and the list of those pages, a navigation to which starts reading it.
	wasmAttrs := regexp.MustCompile(`data-wasm="([^"]+)" data-wasm-integrity="([^"]+)"`)
	var simPages []string
	for p, data := range tree {
		m := wasmAttrs.FindSubmatch(data)
		if m == nil || !strings.HasSuffix(p, "index.html") {
			continue
		}
		simPages = append(simPages, strconv.Quote("/"+strings.TrimSuffix(p, "index.html")))
		if hosted := fmt.Sprintf(`{url:%q,integrity:%q,pages:[`, m[1], m[2]); !strings.Contains(sw, hosted) {
			t.Errorf("sw.js does not host the engine %s loads: no %s", p, hosted)
		}
	}
	slices.Sort(simPages)
	if len(simPages) == 0 {
		t.Error("no simulator page: the check above proves nothing")
	}
	if want := "pages:[" + strings.Join(simPages, ",") + "]"; !strings.Contains(sw, want) {
		t.Errorf("sw.js does not start the engine for exactly the simulator pages: no %s", want)
	}
	if tree["draft/index.html"] != nil {
		t.Error("a draft page was published")
	}
}

// TestMunicipalityOverride builds the same content for 横浜市 without touching a file.
func TestMunicipalityOverride(t *testing.T) {
	cfg := testConfig(t)
	cfg.Municipality = "141003"
	build(t, cfg)
	tree := readTree(t, filepath.Join(cfg.OutDir, "public"))
	for _, tc := range []struct{ file, want string }{
		{"index.html", "横浜市 住民税シミュレーター"},
		{"index.html", "横浜市の住民税を計算します。"},
		{"index.html", "横浜市 財政局 主税部 市民税課"},
		{"index.html", "tel:045-671-2121"},
		{"en/index.html", "Yokohama Resident Tax Simulator"},
		{"easy/index.html", "よこはまし（横浜市）の じゅうみんぜい"},
		{"simulator/index.html", `data-municipality="141003"`},
		// The 横浜市 site offers 横浜市 only (the engine knows other profiles).
		{"simulator/index.html", `data-municipalities='["141003"]'`},
		{"manifest.webmanifest", `"short_name":"横浜市 住民税"`},
	} {
		if !bytes.Contains(tree[tc.file], []byte(tc.want)) {
			t.Errorf("%s: want %q in\n%s", tc.file, tc.want, tree[tc.file])
		}
	}
	for p, data := range tree {
		if strings.HasSuffix(p, ".html") && bytes.Contains(data, []byte("藤沢")) {
			t.Errorf("%s still names 藤沢市", p)
		}
	}
	cfg = testConfig(t)
	cfg.Municipality = "999999"
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "999999") || !strings.Contains(err.Error(), "141003") {
		t.Errorf("unknown municipality: err = %v, want the code and the known codes", err)
	}
}

// copyTree copies dir into a temporary folder, for tests that break a file.
func copyTree(t *testing.T, dir string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func write(t testing.TB, file, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestOutDirSafety: the build replaces only a folder that looks like a previous build.
func TestOutDirSafety(t *testing.T) {
	cfg := testConfig(t)
	cfg.OutDir = t.TempDir()
	write(t, filepath.Join(cfg.OutDir, "main.go"), "package main")
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "not a previous build") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(cfg.OutDir, "main.go")); err != nil {
		t.Fatal("the build deleted a source folder")
	}
}

// TestLanguagesAndTree checks the switcher, alternates, navigation and breadcrumbs.
func TestLanguagesAndTree(t *testing.T) {
	cfg := testConfig(t)
	build(t, cfg)
	tree := readTree(t, filepath.Join(cfg.OutDir, "public"))
	for _, tc := range []struct{ file, want string }{
		// ja and en pages at the same path are translations of each other.
		{"guide/index.html", `<a href="/en/guide/" lang="en" hreflang="en">English</a>`},
		{"guide/index.html", `<link rel="alternate" hreflang="en" href="https://zeisim.example.jp/en/guide/">`},
		{"guide/index.html", `<link rel="alternate" hreflang="x-default" href="https://zeisim.example.jp/guide/">`},
		// No やさしい日本語 translation: the switcher falls back to its home page.
		{"guide/index.html", `<a href="/easy/" lang="ja">やさしい日本語</a>`},
		{"easy/index.html", `<html lang="ja">`},
		{"en/index.html", `<html lang="en">`},
		// Breadcrumbs from the tree.
		{"guide/deductions/index.html", `<ol><li><a href="/">トップ</a></li><li><a href="/guide/">しくみ</a></li><li aria-current="page">所得控除</li></ol>`},
		// Navigation: the home page's children by weight, current page marked.
		{"simulator/index.html", `<li><a href="/simulator/" aria-current="page">住民税を計算する</a></li><li><a href="/guide/">しくみ</a></li>`},
		// A section lists its children.
		{"guide/index.html", `<a href="/guide/deductions/">所得控除</a>`},
		// Markdown: Japanese heading IDs, unique; tables without style=; footnotes; CJK line join.
		{"guide/deductions/index.html", `<h2 id="社会保険料控除">`},
		{"guide/deductions/index.html", `<h2 id="社会保険料控除-1">`},
		{"guide/deductions/index.html", `<th>住民税</th>`},
		{"guide/index.html", `住民税は所得割と均等割からなります。`},
		{"guide/index.html", `class="footnote-ref"`},
	} {
		if !bytes.Contains(tree[tc.file], []byte(tc.want)) {
			t.Errorf("%s: want %q in\n%s", tc.file, tc.want, tree[tc.file])
		}
	}
	if bytes.Contains(tree["guide/deductions/index.html"], []byte("編集メモ")) {
		t.Error("an HTML comment in Markdown was published")
	}
	if bytes.Contains(tree["easy/index.html"], []byte(`rel="alternate"`)) {
		t.Error("やさしい日本語 has no hreflang: its pages list no alternates")
	}
	if bytes.Contains(tree["index.html"], []byte(`href="https://zeisim.example.jp/easy/"`)) {
		t.Error("やさしい日本語 must not be listed as an hreflang alternate")
	}
}

// TestRebuildInPlace: a build into a previous build's folder writes only what changed and
// leaves the same tree as a build into an empty folder: stale files, emptied folders and
// symlinks are removed (a symlink is never written through), tampered files are restored.
func TestRebuildInPlace(t *testing.T) {
	cfg := testConfig(t)
	first := build(t, cfg)
	fresh := readTree(t, cfg.OutDir)
	if first.Written != len(fresh) || first.Files >= len(fresh) {
		t.Errorf("first build wrote %d files (%d published), the folder holds %d", first.Written, first.Files, len(fresh))
	}
	if again := build(t, cfg); again.Written != 0 {
		t.Errorf("an unchanged rebuild wrote %d files", again.Written)
	}

	pub := filepath.Join(cfg.OutDir, "public")
	outside := filepath.Join(t.TempDir(), "secret.txt")
	write(t, outside, "outside the output folder")
	write(t, filepath.Join(pub, "old-page", "deep", "index.html"), "stale")                          // a page since removed
	write(t, filepath.Join(pub, "guide", "index.html"), "tampered")                                  // same name, other bytes
	write(t, filepath.Join(pub, "robots.txt"), strings.Repeat("x", len(fresh["public/robots.txt"]))) // same size
	if err := os.Remove(filepath.Join(pub, "index.html.br")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(pub, "404.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(pub, "404.html")); err != nil { // would be written through
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(pub, "en")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(pub, "en"), "a file where a folder belongs")

	res := build(t, cfg)
	// guide, robots, index.html.br, 404.html, and the en/ files.
	if res.Written == 0 || res.Written > 40 {
		t.Errorf("repair wrote %d files", res.Written)
	}
	got := readTree(t, cfg.OutDir)
	if len(got) != len(fresh) {
		t.Errorf("rebuild has %d files, a fresh build %d", len(got), len(fresh))
	}
	for p, data := range fresh {
		if !bytes.Equal(got[p], data) {
			t.Errorf("%s differs from a fresh build", p)
		}
	}
	if b, _ := os.ReadFile(outside); string(b) != "outside the output folder" {
		t.Error("the build wrote through a symlink")
	}
	for _, p := range []string{"public/old-page", "public/404.html"} {
		info, err := os.Lstat(filepath.Join(cfg.OutDir, p))
		switch {
		case p == "public/old-page":
			if err == nil {
				t.Error("an emptied folder was kept")
			}
		case err != nil || !info.Mode().IsRegular():
			t.Errorf("%s: %v %v, want a regular file", p, info.Mode(), err)
		}
	}
}

// TestConcurrentPhasesReportInOrder: the engine, the theme and the content are made at
// once, but a content mistake is reported before an engine failure, and a failed build
// writes nothing.
func TestConcurrentPhasesReportInOrder(t *testing.T) {
	broken := testConfig(t)
	broken.ContentDir = copyTree(t, "testdata/content")
	write(t, filepath.Join(broken.ContentDir, "ja", "guide", "bad.md"), "---\ntitle: 題\ntitel: 題\n---\n")
	for _, tc := range []struct {
		name      string
		cfg       Config
		want, not string
	}{
		{"engine fails", testConfig(t), "no-such.wasm", "titel"},
		{"content and engine fail", broken, "titel", "no-such.wasm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Wasm.Prebuilt = filepath.Join(t.TempDir(), "no-such.wasm")
			_, err := Run(context.Background(), tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), tc.not) {
				t.Errorf("err = %v, want %q and not %q", err, tc.want, tc.not)
			}
			if _, err := os.Stat(tc.cfg.OutDir); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a failed build wrote %s", tc.cfg.OutDir)
			}
		})
	}
}

// TestFailedFirstBuildLeavesNothing: a first build writes pages while it runs; when a later
// step fails (here the link check, after every page is rendered), everything it created is
// removed, the missing parent folders of -out included.
func TestFailedFirstBuildLeavesNothing(t *testing.T) {
	cfg := testConfig(t)
	cfg.ContentDir = copyTree(t, "testdata/content")
	write(t, filepath.Join(cfg.ContentDir, "ja", "guide", "links.md"), "---\ntitle: リンク\n---\n[古いページ](/old-page/)\n")
	root := t.TempDir()
	cfg.OutDir = filepath.Join(root, "new", "site", "dist")
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "does not resolve") {
		t.Fatalf("err = %v", err)
	}
	if ents, _ := os.ReadDir(root); len(ents) > 0 {
		t.Errorf("a failed build left %s/%s", root, ents[0].Name())
	}
}
