// Package assets bundles the theme's TypeScript and CSS with esbuild, fingerprints the final
// bytes into content-hashed names and computes their Subresource Integrity values.
package assets

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// Asset is one published, fingerprinted file.
type Asset struct {
	Path      string // site path, e.g. "/a/simulator.3f9c0a1b2c.js"
	Data      []byte
	Integrity string   // "sha384-…"
	Sum       [32]byte // SHA-256 of Data, which the name is made from (the compression cache keys by it too)
}

// Fingerprint names data by its content: dir/name.<12 hex of SHA-256>.ext.
func Fingerprint(dir, name string, data []byte) Asset {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	p := path.Join(dir, strings.TrimSuffix(name, ext)+"."+hex.EncodeToString(sum[:6])+ext)
	return Asset{Path: p, Data: data, Integrity: Integrity(data), Sum: sum}
}

// Integrity is the SRI value (sha384) of data.
func Integrity(data []byte) string {
	sum := sha512.Sum384(data)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// BundleOptions says what to bundle.
type BundleOptions struct {
	EntryPoints []string          // files below the theme's asset folder
	Aliases     map[string]string // import path → file ("go:wasm_exec" → GOROOT/lib/wasm/wasm_exec.js, "zeisim:strings" → a string table)
	Define      map[string]string // identifier → JSON literal, replaced at build time
}

// Target is the browser baseline the bundles are compiled for: ES2020 and the browsers
// that have WebAssembly.instantiateStreaming, service workers and Trusted Types or ignore
// them safely (Safari 15, Firefox 100).
var Target = []api.Engine{{Name: api.EngineChrome, Version: "100"}, {Name: api.EngineFirefox, Version: "100"}, {Name: api.EngineSafari, Version: "15"}}

// Bundle builds each entry point into one minified file, keyed by entry name with its output
// extension ("simulator.js", "site.css"). esbuild minifies JS and CSS itself; the other
// types go through Minify.
func Bundle(opts BundleOptions) (map[string][]byte, error) {
	aliases := opts.Aliases
	plugin := api.Plugin{
		Name: "aliases",
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: `^(go|zeisim):`}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				p, ok := aliases[args.Path]
				if !ok {
					return api.OnResolveResult{}, fmt.Errorf("unknown import %q", args.Path)
				}
				return api.OnResolveResult{Path: p}, nil
			})
		},
	}
	res := api.Build(api.BuildOptions{
		EntryPoints:       opts.EntryPoints,
		Bundle:            true,
		Write:             false,
		Outdir:            "out",
		EntryNames:        "[name]",
		Format:            api.FormatIIFE,
		Target:            api.ES2020,
		Engines:           Target,
		Platform:          api.PlatformBrowser,
		Define:            opts.Define,
		Charset:           api.CharsetUTF8,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		LegalComments:     api.LegalCommentsNone,
		Sourcemap:         api.SourceMapNone,
		Plugins:           []api.Plugin{plugin},
		LogLevel:          api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		var b strings.Builder
		for _, m := range res.Errors {
			if m.Location != nil {
				fmt.Fprintf(&b, "%s:%d:%d: ", m.Location.File, m.Location.Line, m.Location.Column)
			}
			b.WriteString(m.Text + "\n")
		}
		return nil, fmt.Errorf("bundling failed:\n%s", b.String())
	}
	out := make(map[string][]byte, len(res.OutputFiles))
	for _, f := range res.OutputFiles {
		out[filepath.Base(f.Path)] = f.Contents
	}
	return out, nil
}

// Entries lists the entry points in dir: every .ts file not ending in .d.ts and every .css
// file whose name does not start with "_" (partials), sorted.
func Entries(dir string) ([]string, error) {
	var out []string
	for _, sub := range []string{"ts", "css"} {
		ents, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			n := e.Name()
			if e.IsDir() || strings.HasPrefix(n, "_") || strings.HasSuffix(n, ".d.ts") {
				continue
			}
			if strings.HasSuffix(n, ".ts") || strings.HasSuffix(n, ".css") {
				out = append(out, filepath.Join(dir, sub, n))
			}
		}
	}
	sort.Strings(out)
	return out, nil
}
