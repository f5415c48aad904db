package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"zeisim/generator/assets"
	"zeisim/generator/headers"
	"zeisim/generator/offline"
)

// swURL is where the service worker is published: unfingerprinted, because browsers look
// for updates at the URL they registered, and at the root, so that its scope is the site.
const swURL = "/sw.js"

// siteDefines are the constants of the site-wide scripts.
func siteDefines() map[string]string {
	return map[string]string{
		"__ZEISIM_SW_POLICY__":     `"` + headers.SWPolicy + `"`,
		"__ZEISIM_ENGINE_POLICY__": `"` + headers.EnginePolicy + `"`,
		"__ZEISIM_SW_URL__":        `"` + swURL + `"`,
	}
}

// themeAssets is the theme's share of the assets: bundles and icons. It needs neither the
// content nor the engine, so it is made while those load and compile.
type themeAssets struct {
	bundles map[string][]byte
	iconSVG []byte
	iconPNG map[int][]byte
}

var iconSizes = []int{192, 512}

// theme bundles the theme's scripts and styles and renders the icons. It does not touch
// the builder's state: it runs beside content loading.
func (b *builder) theme(execJS string) (themeAssets, error) {
	entries, err := assets.Entries(filepath.Join(b.cfg.SiteDir, "assets"))
	if err != nil {
		return themeAssets{}, fmt.Errorf("theme assets: %w", err)
	}
	// The simulator is bundled once per string table (site/i18n/simulator/<lang>.json), as
	// simulator-<lang>.js with that table only: a page loads its own language's words, not
	// every language's.
	var simulator string
	for i, e := range entries {
		if filepath.Base(e) == "simulator.ts" {
			simulator = e
			entries = append(entries[:i:i], entries[i+1:]...)
			break
		}
	}
	bundles, err := assets.Bundle(assets.BundleOptions{
		EntryPoints: entries,
		Aliases:     map[string]string{"go:wasm_exec": execJS},
		Define:      siteDefines(),
	})
	if err != nil {
		return themeAssets{}, err
	}
	if simulator != "" {
		tables, err := filepath.Glob(filepath.Join(b.cfg.SiteDir, "i18n", "simulator", "*.json"))
		if err != nil {
			return themeAssets{}, err
		}
		for _, table := range tables {
			abs, err := filepath.Abs(table)
			if err != nil {
				return themeAssets{}, err
			}
			one, err := assets.Bundle(assets.BundleOptions{
				EntryPoints: []string{simulator},
				Aliases:     map[string]string{"go:wasm_exec": execJS, "zeisim:strings": abs},
				Define:      siteDefines(),
			})
			if err != nil {
				return themeAssets{}, err
			}
			bundles["simulator-"+strings.TrimSuffix(filepath.Base(table), ".json")+".js"] = one["simulator.js"]
		}
	}
	icon, err := b.min.Minify("image/svg+xml", offline.IconSVG())
	if err != nil {
		return themeAssets{}, err
	}
	t := themeAssets{bundles: bundles, iconSVG: icon, iconPNG: map[int][]byte{}}
	for _, size := range iconSizes {
		t.iconPNG[size] = offline.IconPNG(size)
	}
	return t, nil
}

// assets publishes the engine, the bundles, the icons, the theme's static files and the
// content folders' other files.
func (b *builder) assets(wasm []byte, t themeAssets) error {
	b.fingerprint("tax.wasm", wasm)
	for _, name := range sortedKeys(t.bundles) {
		b.fingerprint(name, t.bundles[name])
	}
	b.fingerprint("icon.svg", t.iconSVG)
	for _, size := range iconSizes {
		b.fingerprint(fmt.Sprintf("icon-%d.png", size), t.iconPNG[size])
	}
	if err := b.copyDir(filepath.Join(b.cfg.SiteDir, "static"), "/", "site/static"); err != nil {
		return err
	}
	for _, r := range b.c.Resources {
		data, err := os.ReadFile(filepath.Join(b.cfg.ContentDir, filepath.FromSlash(r.File)))
		if err != nil {
			return err
		}
		if err := b.publishFile(r.URL, data, filepath.ToSlash(filepath.Join(b.cfg.ContentDir, r.File))); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) fingerprint(name string, data []byte) {
	a := b.cfg.Session.fingerprint(name, data)
	b.named[name] = a
	b.out.addSummed(a.Path, a.Data, a.Sum)
}

// copyDir publishes every file below dir at prefix, minifying the types that minify.
func (b *builder) copyDir(dir, prefix, label string) error {
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
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return b.publishFile(prefix+rel, data, label+"/"+rel)
	})
}

// publishFile adds a file that the site did not generate, refusing one that would shadow a
// generated file or break the CSP.
func (b *builder) publishFile(sitePath string, data []byte, source string) error {
	if strings.HasPrefix(sitePath, headers.AssetPrefix) {
		return fmt.Errorf("%s: %s is reserved for fingerprinted assets: move the file", source, headers.AssetPrefix)
	}
	if _, dup := b.out.files[sitePath]; dup {
		return fmt.Errorf("%s: another file is already published at %s: rename one", source, sitePath)
	}
	ext := path.Ext(sitePath)
	if ext == ".html" || ext == ".htm" {
		return fmt.Errorf("%s: HTML files are not copied: write the page in Markdown under content/", source)
	}
	if mt, ok := assets.MediaTypes[ext]; ok {
		min, err := b.min.Minify(mt, data)
		if err != nil {
			return fmt.Errorf("%s: %w", source, err)
		}
		if ext == ".svg" {
			if err := svgSafe(min); err != nil {
				return fmt.Errorf("%s: %w", source, err)
			}
		}
		data = min
	}
	b.out.add(sitePath, data)
	return nil
}

// svgSafe refuses SVG that carries script or event handlers: opened directly, an SVG is a
// document of its own.
func svgSafe(data []byte) error {
	s := strings.ToLower(string(data))
	for _, bad := range []string{"<script", "javascript:", "<foreignobject"} {
		if strings.Contains(s, bad) {
			return fmt.Errorf("SVG contains %s: remove it (images must not run code)", bad)
		}
	}
	for _, attr := range strings.Fields(strings.NewReplacer("<", " ", ">", " ", "/", " ").Replace(s)) {
		if strings.HasPrefix(attr, "on") && strings.Contains(attr, "=") {
			return fmt.Errorf("SVG has an event handler (%s): remove it", strings.SplitN(attr, "=", 2)[0])
		}
	}
	return nil
}
