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
// cache of the previous build, "cold" with none (every .br and .gz made again); "fresh" into
// a new folder (a CI job), "rebuild" into the previous build's folder (make build: only
// changed files are written; Hugo rewrites every file of its public/). Hugo builds the same 1,000 pages (content/bench/, its own section) with the
// minimal theme of BenchmarkVsHugo1000, as a process. The engine is the prebuilt test module
// on both of ours: the generator is measured, not the Go compiler.
func BenchmarkEditorPagesVsHugo(b *testing.B) {
	likeTheCommand(b)
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		b.Skip("hugo is not installed (apt-get install hugo)")
	}
	content := b.TempDir()
	if err := os.CopyFS(content, os.DirFS("../../content")); err != nil {
		b.Fatal(err)
	}
	hugoDir := hugoSite(b, 0) // the editor pages only, as in ours
	for i := range syntheticPages {
		write(b, filepath.Join(content, "ja", "bench", fmt.Sprintf("page-%04d.md", i)), editorPage(i))
		write(b, filepath.Join(hugoDir, "content", "bench", fmt.Sprintf("page-%04d.md", i)), editorPage(i))
	}
	hugoPages := 0
	cfg := Config{ContentDir: content, SiteDir: "../../site", CacheDir: b.TempDir(),
		Wasm: Wasm{Prebuilt: "testdata/wasm/fake.wasm", PrebuiltExecJS: "testdata/wasm/wasm_exec.js"}}
	prev := filepath.Join(b.TempDir(), "dist")
	run := func(cache string, fresh bool) (int, time.Duration) {
		c := cfg
		c.OutDir, c.CacheDir = prev, cache
		if fresh {
			c.OutDir = filepath.Join(b.TempDir(), "dist")
		}
		start := time.Now()
		res, err := Run(context.Background(), c)
		if err != nil {
			b.Fatal(err)
		}
		return res.Pages, time.Since(start)
	}
	hugoOut := filepath.Join(b.TempDir(), "public")
	runHugo := func(fresh bool) time.Duration {
		out := hugoOut
		if fresh {
			out = filepath.Join(b.TempDir(), "public")
		}
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
	run(cfg.CacheDir, false) // warms the cache and the folder for the rebuilds
	runHugo(false)
	type measure struct {
		name  string
		pages *int
		run   func() time.Duration
		total time.Duration
	}
	var pages int
	ours := func(cache func() string, fresh bool) func() time.Duration {
		return func() time.Duration {
			n, d := run(cache(), fresh)
			pages = n
			return d
		}
	}
	warm := func() string { return cfg.CacheDir }
	cold := func() string { return b.TempDir() }
	all := []*measure{
		{name: "ours-warm-rebuild", pages: &pages, run: ours(warm, false)},
		{name: "ours-cold-rebuild", pages: &pages, run: ours(cold, false)},
		{name: "hugo-rebuild", pages: &hugoPages, run: func() time.Duration { return runHugo(false) }},
		{name: "ours-warm-fresh", pages: &pages, run: ours(warm, true)},
		{name: "ours-cold-fresh", pages: &pages, run: ours(cold, true)},
		{name: "hugo-fresh", pages: &hugoPages, run: func() time.Duration { return runHugo(true) }},
	}
	b.ResetTimer()
	for range b.N {
		for _, m := range all {
			m.total += m.run()
		}
	}
	rate := map[string]float64{}
	for _, m := range all {
		rate[m.name] = float64(*m.pages*b.N) / m.total.Seconds()
		b.ReportMetric(rate[m.name], m.name+"-pages/s")
	}
	for _, r := range []string{"warm-rebuild", "cold-rebuild", "warm-fresh", "cold-fresh"} {
		hugo := "hugo-rebuild"
		if r == "warm-fresh" || r == "cold-fresh" {
			hugo = "hugo-fresh"
		}
		b.ReportMetric(rate["ours-"+r]/rate[hugo], r+"-ratio")
	}
}
