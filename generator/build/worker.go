package build

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"zeisim/generator/assets"
	"zeisim/generator/headers"
	"zeisim/generator/offline"
)

// serviceWorker builds /sw.js with the list of everything it precaches (every fingerprinted
// asset, every page, the manifest and the favicon) and the engine it hosts for the simulator
// pages (execJS: the toolchain's wasm_exec.js, which starts the Go runtime).
func (b *builder) serviceWorker(execJS string) error {
	var entries []offline.Entry
	pageHash := map[string]string{}
	integrity := map[string]string{}
	for _, a := range b.named {
		integrity[a.Path] = a.Integrity
	}
	for _, d := range b.docs {
		if d.integrity != "" {
			integrity[d.path] = d.integrity
		}
	}
	hash := func(p string) string {
		if h, ok := integrity[p]; ok {
			return h
		}
		return assets.Integrity(b.out.files[p])
	}
	for _, p := range sortedKeys(b.out.files) {
		switch {
		case strings.HasPrefix(p, headers.AssetPrefix):
			entries = append(entries, offline.Entry{URL: p, Integrity: integrity[p]})
		case strings.HasSuffix(p, "/index.html"):
			u := strings.TrimSuffix(p, "index.html")
			entries = append(entries, offline.Entry{URL: u})
			pageHash[u] = hash(p)
		case p == "/manifest.webmanifest" || p == "/favicon.svg":
			entries = append(entries, offline.Entry{URL: p})
			pageHash[p] = hash(p)
		}
	}
	list, cache := offline.Precache(entries, pageHash)
	bundles, err := assets.Bundle(assets.BundleOptions{
		EntryPoints: []string{filepath.Join(b.cfg.SiteDir, "assets", "sw", "sw.ts")},
		Aliases:     map[string]string{"go:wasm_exec": execJS},
		Define:      offline.Defines(list, cache, b.hostedEngine()),
	})
	if err != nil {
		return fmt.Errorf("service worker: %w", err)
	}
	sw, ok := bundles["sw.js"]
	if !ok {
		return fmt.Errorf("service worker: site/assets/sw/sw.ts gave no sw.js")
	}
	b.out.add(swURL, sw)
	return nil
}

// hostedEngine is the engine the service worker hosts: the published module and the pages
// that use it (nil when no page does, so a site without the simulator never loads it).
func (b *builder) hostedEngine() *offline.Engine {
	var pages []string
	for _, p := range b.c.Pages {
		if p.Layout == "simulator" {
			pages = append(pages, p.URL)
		}
	}
	wasm, ok := b.named["tax.wasm"]
	if len(pages) == 0 || !ok {
		return nil
	}
	sort.Strings(pages)
	return &offline.Engine{URL: wasm.Path, Integrity: wasm.Integrity, Pages: pages}
}
