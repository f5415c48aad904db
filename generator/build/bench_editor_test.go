package build

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// editorPage is one page as a city editor adds it: a file in a folder of its own, with the
// front matter an editor writes (title, description, weight) and no index.md for the folder.
func editorPage(i int) string {
	return fmt.Sprintf("---\ntitle: お知らせ %d\ndescription: 住民税についてのお知らせ %d です。\nweight: %d\n---\n%s", i, i, i, syntheticBody(i, "/"))
}

// BenchmarkEditorPagesVsHugo adds 1,000 pages to the real content the way an editor would
// (content/ja/bench/page-NNNN.md) and builds the whole site: "warm" with the compression
// cache of the previous build, "cold" with none (every .br and .gz made again), each into a
// fresh folder. Hugo builds the same 1,000 pages (content/bench/, its own section) with the
// minimal theme of BenchmarkVsHugo1000, as a process. The engine is the prebuilt test module
// on both of ours: the generator is measured, not the Go compiler.
func BenchmarkEditorPagesVsHugo(b *testing.B) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		b.Skip("hugo is not installed (apt-get install hugo)")
	}
	content := b.TempDir()
	if err := os.CopyFS(content, os.DirFS("../../content")); err != nil {
		b.Fatal(err)
	}
	hugoDir := hugoSite(b)
	for i := range syntheticPages {
		write(b, filepath.Join(content, "ja", "bench", fmt.Sprintf("page-%04d.md", i)), editorPage(i))
		write(b, filepath.Join(hugoDir, "content", "bench", fmt.Sprintf("page-%04d.md", i)), editorPage(i))
	}
	hugoPages := 0
	cfg := Config{ContentDir: content, SiteDir: "../../site", CacheDir: b.TempDir(),
		Wasm: Wasm{Prebuilt: "testdata/wasm/fake.wasm", PrebuiltExecJS: "testdata/wasm/wasm_exec.js"}}
	run := func(cache string) (int, time.Duration) {
		c := cfg
		c.OutDir, c.CacheDir = filepath.Join(b.TempDir(), "dist"), cache
		start := time.Now()
		res, err := Run(context.Background(), c)
		if err != nil {
			b.Fatal(err)
		}
		return res.Pages, time.Since(start)
	}
	runHugo := func() time.Duration {
		out := filepath.Join(b.TempDir(), "public")
		start := time.Now()
		if msg, err := exec.Command(hugo, "--quiet", "--minify", "-s", hugoDir, "-d", out).CombinedOutput(); err != nil {
			b.Fatalf("hugo: %v\n%s", err, msg)
		}
		d := time.Since(start)
		if hugoPages == 0 {
			_ = filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
				if err == nil && !e.IsDir() && filepath.Base(p) == "index.html" {
					hugoPages++
				}
				return nil
			})
		}
		return d
	}
	run(cfg.CacheDir) // warms the cache for "warm"
	var pages int
	var warm, cold, hugoTime time.Duration
	b.ResetTimer()
	for range b.N {
		n, d := run(cfg.CacheDir)
		pages, warm = n, warm+d
		_, d = run(b.TempDir())
		cold += d
		hugoTime += runHugo()
	}
	rate := func(n int, d time.Duration) float64 { return float64(n*b.N) / d.Seconds() }
	b.ReportMetric(rate(pages, warm), "ours-warm-pages/s")
	b.ReportMetric(rate(pages, cold), "ours-cold-pages/s")
	b.ReportMetric(rate(hugoPages, hugoTime), "hugo-pages/s")
	b.ReportMetric(rate(pages, warm)/rate(hugoPages, hugoTime), "warm-ratio")
	b.ReportMetric(rate(pages, cold)/rate(hugoPages, hugoTime), "cold-ratio")
}
