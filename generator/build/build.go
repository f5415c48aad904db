// Package build turns content/ and site/ into a static site: pages rendered from Markdown
// through the theme's templates, bundled and fingerprinted assets with SRI, the engine
// compiled to WebAssembly, the service worker and web app manifest, sitemap, robots.txt,
// security.txt, precompressed sidecars, the header set rendered for every host, and the
// integrity manifest.
//
// Output layout:
//
//	OutDir/public/   the document root, what any static host serves
//	OutDir/conf/     headers.json and integrity.json (read by our host, never served),
//	                 nginx.conf and Caddyfile for operators of those servers
//
// The build is reproducible: every walk and map is sorted, nothing reads the clock, and
// compressed output is cached only by the hash of its input.
package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"time"

	"zeisim/distconf"
	"zeisim/generator/assets"
	"zeisim/generator/content"
	"zeisim/generator/headers"
	"zeisim/generator/markdown"
)

// Config says where the sources are and where the site goes.
type Config struct {
	ContentDir   string // Markdown pages and site.json
	SiteDir      string // the theme: layouts/, assets/, static/, i18n/
	OutDir       string // made to hold exactly this build; only files whose bytes changed are rewritten
	Municipality string // overrides site.json's municipality code
	Drafts       bool   // publish pages marked draft (the editing loop)
	CacheDir     string // where compressed files are cached by content hash; "" caches nothing
	// TestedBrowser is the browser the end-to-end suites run against (e.g. "Chromium
	// 156.0.8078.108"), reported in 様式第2号; empty leaves it out.
	TestedBrowser string
	Wasm          Wasm
	// Session, when set, carries what an unchanged theme, engine and toolchain gave the last
	// build into this one (the dev loop); nil builds everything.
	Session *Session

	noSidecars bool     // benchmarks only: publish no .br/.gz, the work Hugo does
	navTest    *navTest // tests only: how the header's nav list is rendered (navlist.go)
}

// Result summarises a build.
type Result struct {
	Files   int // published files, sidecars included
	Written int // files created or rewritten in OutDir (the others already held the right bytes)
	Pages   int
	Phases  []Phase // how long each phase took, in order; they add up to the build's time
	// Engine is how long the engine's compile ran. It runs beside the content and theme
	// phases; the "wasm" phase is only the wait for it after those.
	Engine time.Duration
	// Notices are what the editor should act on although the build succeeded, e.g. fields of
	// 保守体制表 still to fill before going live.
	Notices []string
}

// Phase is one timed step of the build.
type Phase struct {
	Name     string
	Duration time.Duration
}

func (r *Result) time(name string, start time.Time) time.Time {
	now := time.Now()
	r.Phases = append(r.Phases, Phase{name, now.Sub(start)})
	return now
}

// Phase returns the duration of the named phase (0 if it did not run).
func (r Result) Phase(name string) time.Duration {
	for _, p := range r.Phases {
		if p.Name == name {
			return p.Duration
		}
	}
	return 0
}

// Run builds the site. Nothing is written unless the whole build succeeds.
//
// Three things that need nothing from each other run at once: the engine's compile, the
// theme's bundles and icons, and the security documents and content (which need only the
// toolchain's version). Errors are reported in order of importance to the editor: content
// first, then the engine, then the theme.
func Run(ctx context.Context, cfg Config) (res Result, err error) {
	t := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	if cfg.Wasm.Cache == "" && cfg.CacheDir != "" {
		cfg.Wasm.Cache = cfg.CacheDir
	}
	eng, keepEngine := cfg.Session.engineStart(ctx, cfg.Wasm)
	defer func() {
		cancel()
		_, _ = eng.wait()
	}()
	tc, err := cfg.Session.toolchain(ctx, cfg.Wasm)
	if err != nil {
		return res, err
	}
	out := newOutput()
	out.last = cfg.Session.lastWrite()
	b := &builder{cfg: cfg, out: out, min: assets.NewMinifier(), md: markdown.New(), named: map[string]assets.Asset{}}
	type themeResult struct {
		t   themeAssets
		err error
	}
	themeDone := make(chan themeResult, 1)
	go func() {
		t, err := cfg.Session.themeFor(cfg.SiteDir, tc.ExecJS, func() (themeAssets, error) {
			return cachedTheme(cfg.CacheDir, cfg.SiteDir, tc.ExecJS, func() (themeAssets, error) { return b.theme(tc.ExecJS) })
		})
		themeDone <- themeResult{t, err}
	}()
	ev, err := buildEvidence(cfg, tc.GoVersion)
	if err != nil {
		<-themeDone
		return res, err
	}
	b.ev = ev
	c, err := content.Load(os.DirFS(cfg.ContentDir), content.Options{Municipality: cfg.Municipality, Drafts: cfg.Drafts, Documents: ev.documents})
	if err != nil {
		<-themeDone
		return res, inDir(cfg.ContentDir, err)
	}
	b.c = c
	b.navs = newNavLists(c, c.Site.Languages)
	b.navs.test = cfg.navTest
	b.cat = simCatalog(c.Municipality)
	// Into a new folder, files are written as they are made; a failure removes them.
	if b.out.early, err = startEarly(cfg.OutDir, 3*len(c.Pages)+1024); err != nil {
		<-themeDone
		return res, err
	}
	defer func() {
		if err != nil {
			b.out.early.abort()
		}
	}()
	t = res.time("content", t)
	th := <-themeDone
	t = res.time("theme", t)
	wasm, err := eng.wait()
	res.Engine = eng.took
	if err != nil {
		return res, err
	}
	keepEngine()
	t = res.time("wasm", t)
	if th.err != nil {
		return res, th.err
	}
	if err := b.assets(wasm, th.t); err != nil {
		return res, err
	}
	t = res.time("assets", t)
	if err := b.pages(); err != nil {
		return res, err
	}
	t = res.time("pages", t)
	if err := b.extras(); err != nil {
		return res, err
	}
	for _, p := range sortedKeys(ev.files) {
		b.out.add(p, ev.files[p])
	}
	if err := b.checkLinks(); err != nil {
		return res, err
	}
	if err := b.serviceWorker(tc.ExecJS); err != nil {
		return res, err
	}
	t = res.time("offline", t)
	if !cfg.noSidecars {
		if err := b.out.compress(cfg.CacheDir); err != nil {
			return res, err
		}
	}
	t = res.time("compress", t)
	conf, err := b.conf()
	if err != nil {
		return res, err
	}
	written, err := b.out.write(cfg.OutDir, conf)
	if err != nil {
		return res, err
	}
	res.time("write", t)
	res.Files, res.Written, res.Pages = len(b.out.files), written, len(c.Pages)
	res.Notices = ev.notices
	return res, nil
}

// builder carries one build's state between its phases.
type builder struct {
	ev    evidenceOutput
	cfg   Config
	c     *content.Content
	out   *output
	min   *assets.Minifier
	md    *markdown.Renderer
	named map[string]assets.Asset // fingerprinted assets by their source name ("site.css")
	cat   SimCatalog              // the engine's catalog as the simulator page reads it
	docs  []htmlDoc               // every published HTML file, for the link check
	navs  *navLists               // each language's nav, and its rendering for the header
}

// conf returns the files of OutDir/conf.
func (b *builder) conf() (map[string][]byte, error) {
	set := headers.Site()
	hdr, err := set.Encode()
	if err != nil {
		return nil, err
	}
	manifest, err := distconf.NewManifest(b.out.files).Encode()
	if err != nil {
		return nil, err
	}
	host := b.hostInfo()
	return map[string][]byte{
		distconf.HeadersFile:  hdr,
		distconf.ManifestFile: manifest,
		"nginx.conf":          set.Nginx(host),
		"environment.json":    b.ev.environmentJSON,
		"Caddyfile":           set.Caddy(host),
	}, nil
}

func (b *builder) hostInfo() headers.Host {
	return headers.Host{
		BaseURL:  b.c.Site.BaseURL,
		NotFound: "/404.html",
		Types:    map[string]string{".wasm": "application/wasm", ".webmanifest": "application/manifest+json"},
	}
}

// inDir prefixes the file names of content errors with the content folder, so that the
// editor sees the path they open ("content/ja/index.md:3: …").
func inDir(dir string, err error) error {
	var errs content.Errors
	if errors.As(err, &errs) {
		out := make(content.Errors, len(errs))
		for i, e := range errs {
			out[i] = inDir(dir, e)
		}
		return out
	}
	var ce *content.Error
	if errors.As(err, &ce) {
		c := *ce
		c.File = filepath.ToSlash(filepath.Join(dir, c.File))
		return &c
	}
	return err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// GCPercent is the garbage collector's target the generator command sets for a build (unless
// GOGC is set): a build is a short batch with a small live heap (the site in memory), and
// collecting a quarter as often cut the CPU of a warm rebuild of 1,000 pages by 15-20 %
// (12 alternating runs), for a peak RSS of 99-137 MB instead of 61-85 MB (a cold build, which
// compresses the engine at brotli 11: 347 MB instead of 216 MB). The benchmarks
// build the same way. The dev server, a long-lived process, keeps Go's default.
const GCPercent = 400

// DefaultCache is where the compressed-file cache lives unless told otherwise: the user's
// cache folder, or none when there is no such folder.
func DefaultCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "zeisim-generator")
}
