// Command generator builds the static site into a folder (default dist/).
//
//	go run ./generator                         build dist/ for the municipality in content/site.json
//	go run ./generator -municipality 141003    the same site for 横浜市
//	go run ./generator -dev -addr 127.0.0.1:8080   rebuild on every change and serve locally
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
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
	flag.StringVar(&cfg.CacheDir, "cache", defaultCache(), `folder caching compressed files by content ("" caches nothing)`)
	flag.StringVar(&cfg.TestedBrowser, "tested-browser", "", `the browser the end-to-end suites run against, for 様式第2号 (e.g. "$(chromium --version)")`)
	timings := flag.Bool("timings", false, "print how long each phase took")
	dev := flag.Bool("dev", false, "rebuild whenever content/, site/ or wasm/ change, and serve the site")
	addr := flag.String("addr", "127.0.0.1:8080", "with -dev: address to serve on")
	flag.Parse()
	if *dev {
		cfg.Drafts = true
		if err := devLoop(cfg, *addr); err != nil {
			fmt.Fprintln(os.Stderr, "generator:", err)
			os.Exit(1)
		}
		return
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

func defaultCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "zeisim-generator")
}
