package build

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

const syntheticPages = 1000

// syntheticBody is one page of typical city content: headings, Japanese paragraphs, a
// table, a list, a footnote and a link to the previous page.
func syntheticBody(i int, link string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "住民税の説明 %d ページ目です。市民税と県民税を合わせて住民税と呼びます。\n所得割と均等割からなり、前年の所得に基づいて計算されます。[^1]\n\n", i)
	for s := 1; s <= 3; s++ {
		fmt.Fprintf(&b, "## 第%d節 控除の説明\n\n給与所得者は、勤務先から届く源泉徴収票の金額を確かめてください。\n社会保険料控除、生命保険料控除、地震保険料控除などがあります。\n\n", s)
		b.WriteString("| 控除 | 住民税 | 所得税 |\n|---|---:|---:|\n| 基礎控除 | 430,000円 | 480,000円 |\n| 配偶者控除 | 330,000円 | 380,000円 |\n\n")
		b.WriteString("- 給与収入\n- 公的年金等\n- **事業所得**と*雑所得*\n\n")
	}
	fmt.Fprintf(&b, "[前のページ](%s)\n\n[^1]: 地方税法第310条。\n", link)
	return b.String()
}

func syntheticLink(i int) string {
	if i == 0 {
		return "/"
	}
	return fmt.Sprintf("/s%02d/page-%04d/", (i-1)/100, i-1)
}

// addSections adds n pages in sections of a hundred, as a city's site is organised: the
// navigation lists the sections, each section lists its pages. indexName is the section
// page's file name (ours: index.md, Hugo's: _index.md).
func addSections(files map[string]string, dir, indexName string, n int) {
	for i := 0; i < n; i++ {
		if i%100 == 0 {
			files[fmt.Sprintf("%ss%02d/%s", dir, i/100, indexName)] = fmt.Sprintf("---\ntitle: 分野 %d\nweight: %d\n---\n分野の説明です。\n", i/100, i/100)
		}
		files[fmt.Sprintf("%ss%02d/page-%04d.md", dir, i/100, i)] = fmt.Sprintf("---\ntitle: 説明ページ %d\nweight: %d\n---\n%s", i, i, syntheticBody(i, syntheticLink(i)))
	}
}

// writeSynthetic writes a site of n pages for our generator.
func writeSynthetic(tb testing.TB, n int) string {
	dir := tb.TempDir()
	site, err := os.ReadFile("testdata/content/site.json")
	if err != nil {
		tb.Fatal(err)
	}
	operations, err := os.ReadFile("testdata/content/operations.json")
	if err != nil {
		tb.Fatal(err)
	}
	files := map[string]string{
		"site.json":        string(site),
		"operations.json":  string(operations),
		"ja/index.md":      "---\ntitle: トップ\n---\nトップ\n",
		"en/index.md":      "---\ntitle: Home\n---\nHome\n",
		"ja-easy/index.md": "---\ntitle: トップ\n---\nトップ\n",
	}
	addSections(files, "ja/", "index.md", n)
	for name, data := range files {
		write(tb, filepath.Join(dir, name), data)
	}
	return dir
}

// likeTheCommand sets the garbage collector for the rest of the benchmark as the generator
// command sets it for a build (GCPercent), so that the figures are the command's.
func likeTheCommand(b *testing.B) {
	if os.Getenv("GOGC") != "" {
		return
	}
	old := debug.SetGCPercent(GCPercent)
	b.Cleanup(func() { debug.SetGCPercent(old) })
}

func reportPages(b *testing.B, pages int, elapsed time.Duration) {
	b.ReportMetric(float64(pages*b.N)/elapsed.Seconds(), "pages/s")
}

// BenchmarkSynthetic1000 builds 1,000 Markdown pages (plus three home pages) with the real
// theme, from a warm compression cache (brotli of new pages is measured by the cold run
// that warms it, reported as cold-ms).
func BenchmarkSynthetic1000(b *testing.B) {
	likeTheCommand(b)
	dir := writeSynthetic(b, syntheticPages)
	cfg := Config{ContentDir: dir, SiteDir: "../../site", CacheDir: b.TempDir(),
		Wasm: Wasm{Prebuilt: "testdata/wasm/fake.wasm", PrebuiltExecJS: "testdata/wasm/wasm_exec.js"}}
	cfg.OutDir = filepath.Join(b.TempDir(), "dist")
	start := time.Now()
	res, err := Run(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds()), "cold-ms")
	b.ResetTimer()
	start = time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := Run(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
	reportPages(b, res.Pages, time.Since(start))
}

// hugoSite writes a Hugo site with a minimal theme and n of the synthetic pages (in sections of
// 100): the same Markdown features (tables, footnotes, CJK line breaks), navigation and
// section lists.
func hugoSite(tb testing.TB, n int) string {
	dir := tb.TempDir()
	files := map[string]string{
		"hugo.toml":                    "baseURL = 'https://zeisim.example.jp/'\nlanguageCode = 'ja'\ntitle = 'bench'\ndisableKinds = ['taxonomy', 'term', 'RSS']\n[markup.goldmark.extensions]\n  footnote = true\n  table = true\n[markup.goldmark.extensions.cjk]\n  enable = true\n  eastAsianLineBreaks = true\n",
		"layouts/_default/baseof.html": "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>{{.Title}}</title></head><body><nav><ul>{{range .Site.Sections}}<li><a href=\"{{.RelPermalink}}\">{{.Title}}</a></li>{{end}}</ul></nav><main>{{block \"main\" .}}{{end}}</main></body></html>",
		"layouts/_default/single.html": "{{define \"main\"}}<article><h1>{{.Title}}</h1>{{.Content}}</article>{{end}}",
		"layouts/_default/list.html":   "{{define \"main\"}}<h1>{{.Title}}</h1>{{.Content}}<ul>{{range .Pages}}<li><a href=\"{{.RelPermalink}}\">{{.Title}}</a></li>{{end}}</ul>{{end}}",
		"content/_index.md":            "---\ntitle: トップ\n---\nトップ\n",
	}
	addSections(files, "content/", "_index.md", n)
	for name, data := range files {
		write(tb, filepath.Join(dir, name), data)
	}
	return dir
}

// BenchmarkVsHugo1000 builds the 1,000 synthetic pages with our generator and with Hugo
// (apt-get install hugo; --minify), alternating within each iteration so that both see the
// same load on a shared machine. Each is measured twice:
//
//	rebuild  into the previous build's folder, the editing loop. Hugo overwrites every
//	         file; we rewrite only files whose bytes changed (none here).
//	fresh    into a new empty folder, as a CI job does: every file is created.
//
// "ours" is the full build, with a .br and a .gz beside every compressible file (about
// three times Hugo's file count; compression from a warm cache). "ours-plain" skips the
// sidecars: the work Hugo does, plus our CSP and link checks, integrity manifest, service
// worker, bundles and header configs. Hugo runs as a process (its start-up included);
// ours runs in-process. Besides pages per second (wall time), each reports the CPU time
// of one build (-cpu-ms), which the other work on a shared machine disturbs less.
func BenchmarkVsHugo1000(b *testing.B) {
	likeTheCommand(b)
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		b.Skip("hugo is not installed (apt-get install hugo)")
	}
	hugoDir := hugoSite(b, syntheticPages)
	hugoPages := syntheticPages + syntheticPages/100 + 1
	ours := Config{ContentDir: writeSynthetic(b, syntheticPages), SiteDir: "../../site", CacheDir: b.TempDir(),
		Wasm: Wasm{Prebuilt: "testdata/wasm/fake.wasm", PrebuiltExecJS: "testdata/wasm/wasm_exec.js"}}
	plain := ours
	plain.noSidecars = true
	ours.OutDir, plain.OutDir = filepath.Join(b.TempDir(), "dist"), filepath.Join(b.TempDir(), "dist")
	hugoOut := filepath.Join(b.TempDir(), "public")
	runOurs := func(cfg Config) cost {
		start, cpu := time.Now(), processCPU()
		res, err := Run(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		return cost{res.Pages, time.Since(start), processCPU() - cpu}
	}
	runHugo := func(out string) cost {
		start := time.Now()
		cmd := exec.Command(hugo, "--quiet", "--minify", "-s", hugoDir, "-d", out)
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("hugo: %v\n%s", err, msg)
		}
		return cost{hugoPages, time.Since(start), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	}
	fresh := func(cfg Config) Config {
		cfg.OutDir = filepath.Join(b.TempDir(), "dist")
		return cfg
	}
	// The first builds fill the compression cache and the rebuild folders.
	runOurs(ours)
	runOurs(plain)
	runHugo(hugoOut)
	type contender struct {
		name  string
		run   func() cost
		total cost
	}
	all := []*contender{
		{name: "ours-rebuild", run: func() cost { return runOurs(ours) }},
		{name: "ours-plain-rebuild", run: func() cost { return runOurs(plain) }},
		{name: "hugo-rebuild", run: func() cost { return runHugo(hugoOut) }},
		{name: "ours-fresh", run: func() cost { return runOurs(fresh(ours)) }},
		{name: "ours-plain-fresh", run: func() cost { return runOurs(fresh(plain)) }},
		{name: "hugo-fresh", run: func() cost { return runHugo(filepath.Join(b.TempDir(), "public")) }},
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, c := range all {
			got := c.run()
			c.total.pages += got.pages
			c.total.wall += got.wall
			c.total.cpu += got.cpu
		}
	}
	rate := map[string]float64{}
	for _, c := range all {
		rate[c.name] = float64(c.total.pages) / c.total.wall.Seconds()
		b.ReportMetric(rate[c.name], c.name+"-pages/s")
		if c.total.cpu > 0 {
			b.ReportMetric(float64(c.total.cpu.Milliseconds())/float64(b.N), c.name+"-cpu-ms")
		}
	}
	for _, m := range []string{"rebuild", "fresh"} {
		b.ReportMetric(rate["ours-"+m]/rate["hugo-"+m], m+"-ratio")
		b.ReportMetric(rate["ours-plain-"+m]/rate["hugo-"+m], "plain-"+m+"-ratio")
	}
}

// cost is what builds took: wall time and CPU time (user and system, all threads). On a
// shared machine CPU time varies less than wall time.
type cost struct {
	pages     int
	wall, cpu time.Duration
}

// BenchmarkRealSite builds the real content with the real engine into the previous build's
// folder. total-ms is the whole build; wasm-ms is the engine's compile (a link, with Go's
// build cache), which runs beside the content and theme phases; site-ms is the total less
// the time spent waiting for the engine after those.
func BenchmarkRealSite(b *testing.B) {
	likeTheCommand(b)
	root, _ := filepath.Abs("../..")
	cfg := Config{ContentDir: filepath.Join(root, "content"), SiteDir: filepath.Join(root, "site"),
		CacheDir: filepath.Join(os.TempDir(), "zeisim-bench-cache"), Wasm: Wasm{Dir: root}}
	cfg.OutDir = filepath.Join(b.TempDir(), "dist")
	if _, err := Run(context.Background(), cfg); err != nil { // warms Go's and our caches
		b.Fatal(err)
	}
	b.ResetTimer()
	var engine, wait, total time.Duration
	for i := 0; i < b.N; i++ {
		res, err := Run(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range res.Phases {
			total += p.Duration
		}
		wait += res.Phase("wasm")
		engine += res.Engine
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "total-ms")
	b.ReportMetric(float64((total-wait).Milliseconds())/float64(b.N), "site-ms")
	b.ReportMetric(float64(engine.Milliseconds())/float64(b.N), "wasm-ms")
}
