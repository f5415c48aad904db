package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The theme's bundles and icons are kept in the build cache (cacheDir/theme.gob) between
// builds, keyed by everything they are made from: the generator's own build ID (its code, the
// bundler's and the minifier's versions, the defines), the toolchain's wasm_exec.js and every
// file under the theme's assets and simulator string tables, byte by byte. Bundling them
// with esbuild and drawing the icons is ~80 ms of CPU per build whatever the content, and the
// pages wait for it; reading the key's inputs is ~2 ms. One entry only: a theme being edited
// replaces it, and the folder does not grow.
const themeCacheName = "theme.gob"

// themeInputs are the folders under the site folder that the theme is made from (theme).
var themeInputs = []string{"assets", filepath.Join("i18n", "simulator")}

type themeEntry struct {
	Key     string
	Bundles map[string][]byte
	IconSVG []byte
	IconPNG map[int][]byte
}

// cachedTheme returns the theme from cacheDir when its key matches, else makes it with
// makeTheme and keeps it there. Without a cache folder or a generator ID it always makes it;
// a cache that cannot be read or written costs only the making.
func cachedTheme(cacheDir, siteDir, execJS string, makeTheme func() (themeAssets, error)) (themeAssets, error) {
	id := generatorID()
	if cacheDir == "" || id == "" {
		return makeTheme()
	}
	key, err := themeKey(id, siteDir, execJS)
	if err != nil {
		return makeTheme()
	}
	file := filepath.Join(cacheDir, themeCacheName)
	if b, err := os.ReadFile(file); err == nil {
		var e themeEntry
		if gob.NewDecoder(bytes.NewReader(b)).Decode(&e) == nil && e.Key == key && e.Bundles != nil && e.IconPNG != nil {
			return themeAssets{bundles: e.Bundles, iconSVG: e.IconSVG, iconPNG: e.IconPNG}, nil
		}
	}
	t, err := makeTheme()
	if err != nil {
		return t, err
	}
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(themeEntry{Key: key, Bundles: t.bundles, IconSVG: t.iconSVG, IconPNG: t.iconPNG}) == nil {
		keep(file, buf.Bytes())
	}
	return t, nil
}

// themeKey hashes the generator's ID, wasm_exec.js and each theme input's path and bytes.
func themeKey(id, siteDir, execJS string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "zeisim theme\x00%s\x00", id)
	js, err := os.ReadFile(execJS)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(h, "%d\x00", len(js))
	h.Write(js)
	for _, in := range themeInputs {
		root := filepath.Join(siteDir, in)
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "node_modules" {
					return filepath.SkipDir
				}
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(siteDir, p)
			fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(b))
			h.Write(b)
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
