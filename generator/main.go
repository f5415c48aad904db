// Command generator builds the static site into a folder (default dist/).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"zeisim/generator/build"
)

func main() {
	var cfg build.Config
	flag.StringVar(&cfg.ContentDir, "content", "content", "folder of Markdown pages and site.json")
	flag.StringVar(&cfg.SiteDir, "site", "site", "theme folder")
	flag.StringVar(&cfg.OutDir, "out", "dist", "output folder (replaced)")
	flag.Parse()
	res, err := build.Run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "generator:", err)
		os.Exit(1)
	}
	fmt.Printf("generator: %d pages, %d files written to %s\n", res.Pages, res.Files, cfg.OutDir)
}
