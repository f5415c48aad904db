// Command dev is the development loop: it builds the site with the generator, serves the
// result with the real host's request path (so pages run under the real headers and CSP),
// and rebuilds when a source file changes. It is the one program that uses both the
// generator and the host; they never import each other.
//
//	go run ./dev                                  build with drafts, serve http://127.0.0.1:8080/
//	go run ./dev -municipality 141003 -addr :8081 the 横浜市 site
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"zeisim/distconf"
	"zeisim/generator/build"
	"zeisim/host/server"
)

func main() {
	cfg := build.Config{Drafts: true, Session: build.NewSession()}
	flag.StringVar(&cfg.ContentDir, "content", "content", "folder of Markdown pages and site.json")
	flag.StringVar(&cfg.SiteDir, "site", "site", "theme folder")
	flag.StringVar(&cfg.OutDir, "out", "dist", "output folder (replaced)")
	flag.StringVar(&cfg.Municipality, "municipality", "", "全国地方公共団体コード to build for (e.g. 141003 for 横浜市)")
	flag.StringVar(&cfg.CacheDir, "cache", build.DefaultCache(), `folder caching compressed files by content ("" caches nothing)`)
	addr := flag.String("addr", "127.0.0.1:8080", "address to serve on")
	flag.Parse()
	if err := devLoop(cfg, *addr); err != nil {
		fmt.Fprintln(os.Stderr, "dev:", err)
		os.Exit(1)
	}
}

// devLoop builds, serves and rebuilds. Changes are found by polling modification times ten
// times a second: no file-watching dependency, and it works the same on every OS and on
// network drives. A poll stats the ~230 source files in 0.7-0.9 ms (1 % of a core); a
// content edit then builds in ~45 ms and loads in ~13 ms, so a save shows in 60-160 ms.
func devLoop(cfg build.Config, addr string) error {
	var current atomic.Pointer[server.Site]
	rebuild := func() {
		start := time.Now()
		res, err := build.Run(context.Background(), cfg)
		if err != nil {
			fmt.Fprintf(os.Stderr, "\n%s build failed (the last good build is still served):\n%v\n", time.Now().Format("15:04:05"), err)
			return
		}
		site, err := loadBuild(cfg.OutDir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "dev: loading the build:", err)
			return
		}
		current.Store(site)
		fmt.Printf("%s built %d pages in %v\n", time.Now().Format("15:04:05"), res.Pages, time.Since(start).Round(time.Millisecond))
	}
	rebuild()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("dev: serving http://%s/ (Ctrl-C stops)\n", ln.Addr())
	srv := &http.Server{
		ReadHeaderTimeout: 5 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			site := current.Load()
			if site == nil {
				http.Error(w, "the site has not built yet: see the terminal", http.StatusServiceUnavailable)
				return
			}
			site.ServeHTTP(w, r)
		}),
	}
	go func() {
		sources := []string{cfg.ContentDir, cfg.SiteDir, "wasm"}
		last, _ := build.Stamp(sources...)
		var lastErr string
		for range time.Tick(pollEvery) {
			now, err := build.Stamp(sources...)
			if err != nil {
				// A file removed during the walk: the next poll sees the folder settled. An
				// error that stays is said once, not ten times a second.
				if err.Error() != lastErr {
					fmt.Fprintln(os.Stderr, "dev: watching the sources:", err)
					lastErr = err.Error()
				}
				continue
			}
			lastErr = ""
			if now != last {
				last = now
				rebuild()
			}
		}
	}()
	return srv.Serve(ln)
}

// pollEvery is how often the sources are checked for changes.
const pollEvery = 100 * time.Millisecond

// loadBuild loads a build the way the host does: its dist/conf contract and the verified
// files of public/.
func loadBuild(dir string) (*server.Site, error) {
	c, err := distconf.Read(dir)
	if err != nil {
		return nil, err
	}
	return server.Load(filepath.Join(dir, "public"), c.Headers, c.Manifest)
}
