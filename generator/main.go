// Command generator builds the static site into a folder (default dist/).
//
//	go run ./generator                         build dist/ for the municipality in content/site.json
//	go run ./generator -municipality 141003    the same site for 横浜市
//
// The development loop (rebuild on every change and serve) is ./dev, which uses the host too.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"zeisim/generator/build"
)

func main() {
	var cfg build.Config
	flag.StringVar(&cfg.ContentDir, "content", "content", "folder of Markdown pages and site.json")
	flag.StringVar(&cfg.SiteDir, "site", "site", "theme folder")
	flag.StringVar(&cfg.OutDir, "out", "dist", "output folder (replaced)")
	flag.StringVar(&cfg.Municipality, "municipality", "", "全国地方公共団体コード to build for, overriding site.json (e.g. 141003 for 横浜市)")
	flag.BoolVar(&cfg.Drafts, "drafts", false, "publish pages marked draft: true")
	flag.StringVar(&cfg.CacheDir, "cache", build.DefaultCache(), `build cache: compressed files, the compiled engine and the theme's bundles, each by what it is made from ("" caches nothing)`)
	flag.StringVar(&cfg.TestedBrowser, "tested-browser", "", `the browser the end-to-end suites run against, for 様式第2号 (e.g. "$(chromium --version)")`)
	timings := flag.Bool("timings", false, "print how long each phase took")
	printFlags := flag.Bool("print-wasm-flags", false, "print the go build flags of the shipped engine, shell-quoted, and exit (make test-wasm tests with them)")
	flag.Parse()
	if *printFlags {
		for i, f := range build.WasmBuildFlags {
			if i > 0 {
				fmt.Print(" ")
			}
			fmt.Print("'" + strings.ReplaceAll(f, "'", `'\''`) + "'")
		}
		fmt.Println()
		return
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(build.GCPercent)
	}
	res, err := build.Run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "generator:", err)
		os.Exit(1)
	}
	fmt.Printf("generator: %d pages, %d published files; %d files written to %s, the others were unchanged\n", res.Pages, res.Files, res.Written, cfg.OutDir)
	for _, n := range res.Notices {
		fmt.Fprintln(os.Stderr, "generator: note:", n)
	}
	if *timings {
		var total time.Duration
		for _, p := range res.Phases {
			fmt.Printf("  %-9s %v\n", p.Name, p.Duration.Round(time.Millisecond))
			total += p.Duration
		}
		fmt.Printf("  %-9s %v\n", "total", total.Round(time.Millisecond))
		fmt.Printf("  (the engine's compile took %v, beside content and theme; \"wasm\" is the wait for it)\n", res.Engine.Round(time.Millisecond))
	}
}
