// Package build turns content/ and site/ into a static site: pages rendered from Markdown
// through the theme's templates, bundled and fingerprinted assets with SRI, the engine
// compiled to WebAssembly, the header set and the integrity manifest.
//
// Output layout:
//
//	OutDir/public/   the document root, what any static host serves
//	OutDir/conf/     headers.json and integrity.json, read by our host; never served
package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tdewolff/minify/v2"
	minhtml "github.com/tdewolff/minify/v2/html"

	"zeisim/generator/assets"
	"zeisim/generator/content"
	"zeisim/generator/csp"
	"zeisim/generator/headers"
	"zeisim/generator/markdown"
)

// Config says where the sources are and where the site goes.
type Config struct {
	ContentDir string // Markdown pages and site.json
	SiteDir    string // the theme: layouts/, assets/, static/
	OutDir     string // replaced entirely by the build
	Wasm       Wasm
}

// Result summarises a build.
type Result struct {
	Files int // published files, sidecars included
	Pages int
}

// Run builds the site.
func Run(ctx context.Context, cfg Config) (Result, error) {
	site, pages, err := content.Load(os.DirFS(cfg.ContentDir))
	if err != nil {
		return Result{}, err
	}
	wasm, err := cfg.Wasm.build(ctx)
	if err != nil {
		return Result{}, err
	}
	out := newOutput()

	entries, err := assets.Entries(filepath.Join(cfg.SiteDir, "assets"))
	if err != nil {
		return Result{}, fmt.Errorf("theme assets: %w", err)
	}
	bundles, err := assets.Bundle(assets.BundleOptions{
		EntryPoints: entries,
		Aliases:     map[string]string{"go:wasm_exec": wasm.ExecJS},
	})
	if err != nil {
		return Result{}, err
	}
	named := map[string]assets.Asset{}
	add := func(name string, data []byte) {
		a := assets.Fingerprint(headers.AssetPrefix, name, data)
		named[name] = a
		out.add(a.Path, a.Data)
	}
	add("tax.wasm", wasm.Module)
	for _, name := range sortedKeys(bundles) {
		add(name, bundles[name])
	}
	if err := copyStatic(filepath.Join(cfg.SiteDir, "static"), out); err != nil {
		return Result{}, err
	}

	tmpl, err := loadTemplates(filepath.Join(cfg.SiteDir, "layouts"), named)
	if err != nil {
		return Result{}, err
	}
	md := markdown.New()
	m := minify.New()
	m.Add("text/html", &minhtml.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	for _, pg := range pages {
		body, headings, err := md.Render(pg.Body)
		if err != nil {
			return Result{}, &content.Error{File: pg.File, Msg: err.Error()}
		}
		t, ok := tmpl[pg.Layout]
		if !ok {
			return Result{}, &content.Error{File: pg.File, Line: 1, Msg: fmt.Sprintf("layout %q has no template: add site/layouts/%s.html or use one of %s", pg.Layout, pg.Layout, strings.Join(sortedKeys(tmpl), ", "))}
		}
		var buf bytes.Buffer
		data := pageData{Site: site, Page: pg, Content: template.HTML(body), Headings: headings, Pages: pages}
		if err := t.ExecuteTemplate(&buf, "base", data); err != nil {
			return Result{}, fmt.Errorf("%s: rendering with layout %q: %w", pg.File, pg.Layout, err)
		}
		file := strings.TrimPrefix(pg.URL, "/") + "index.html"
		if v := csp.Check(file+" (from "+pg.File+")", buf.Bytes()); len(v) > 0 {
			return Result{}, violations(v)
		}
		var min bytes.Buffer
		if err := m.Minify("text/html", &min, &buf); err != nil {
			return Result{}, fmt.Errorf("%s: minify: %w", file, err)
		}
		out.add("/"+file, min.Bytes())
	}

	if err := out.write(cfg.OutDir); err != nil {
		return Result{}, err
	}
	hdr, err := headers.Site().JSON()
	if err != nil {
		return Result{}, err
	}
	conf := filepath.Join(cfg.OutDir, "conf")
	if err := os.WriteFile(filepath.Join(conf, "headers.json"), hdr, 0o644); err != nil {
		return Result{}, err
	}
	manifest, err := out.manifest()
	if err != nil {
		return Result{}, err
	}
	if err := os.WriteFile(filepath.Join(conf, "integrity.json"), manifest, 0o644); err != nil {
		return Result{}, err
	}
	return Result{Files: len(out.files), Pages: len(pages)}, nil
}

type pageData struct {
	Site     content.Site
	Page     content.Page
	Content  template.HTML
	Headings []markdown.Heading
	Pages    []content.Page
}

// ViolationError lists inline script or style found in the output.
type ViolationError []csp.Violation

func (v ViolationError) Error() string {
	var b strings.Builder
	b.WriteString("the output would break the Content-Security-Policy:")
	for _, x := range v {
		b.WriteString("\n  " + x.String())
	}
	return b.String()
}

func violations(v []csp.Violation) error { return ViolationError(v) }

func loadTemplates(dir string, named map[string]assets.Asset) (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"asset": func(name string) (assets.Asset, error) {
			a, ok := named[name]
			if !ok {
				return a, fmt.Errorf("no asset %q (have %s)", name, strings.Join(sortedKeys(named), ", "))
			}
			return a, nil
		},
	}
	base, err := template.New("base").Funcs(funcs).ParseFiles(filepath.Join(dir, "base.html"))
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	if partials, _ := filepath.Glob(filepath.Join(dir, "partials", "*.html")); len(partials) > 0 {
		if _, err := base.ParseFiles(partials...); err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
	}
	layouts, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, l := range layouts {
		name := strings.TrimSuffix(filepath.Base(l), ".html")
		if name == "base" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFiles(l)
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		out[name] = t
	}
	return out, nil
}

func copyStatic(dir string, out *output) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out.add("/"+filepath.ToSlash(rel), data)
		return nil
	})
}

// output collects the published files in memory until the build has succeeded, so a failed
// build never leaves a half-written site.
type output struct{ files map[string][]byte }

func newOutput() *output { return &output{files: map[string][]byte{}} }

func (o *output) add(sitePath string, data []byte) { o.files[sitePath] = data }

func (o *output) write(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	pub := filepath.Join(dir, "public")
	for _, p := range sortedKeys(o.files) {
		f := filepath.Join(pub, filepath.FromSlash(strings.TrimPrefix(p, "/")))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(f, o.files[p], 0o644); err != nil {
			return err
		}
	}
	return os.MkdirAll(filepath.Join(dir, "conf"), 0o755)
}

// ManifestEntry is one published file in the integrity manifest.
type ManifestEntry struct {
	SHA256 string `json:"sha256"`
	Size   int    `json:"size"`
}

func (o *output) manifest() ([]byte, error) {
	files := make(map[string]ManifestEntry, len(o.files))
	for p, data := range o.files {
		sum := sha256.Sum256(data)
		files[p] = ManifestEntry{SHA256: hex.EncodeToString(sum[:]), Size: len(data)}
	}
	return json.MarshalIndent(struct {
		Files map[string]ManifestEntry `json:"files"`
	}{files}, "", "  ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
