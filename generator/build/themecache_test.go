package build

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"zeisim/generator/assets"
	"zeisim/generator/markdown"
)

// TestGeneratorID: the ID read from the executable's first bytes is the one the Go toolchain
// reports for it.
func TestGeneratorID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Fatalf("go tool buildid: %v", err)
	}
	if got, want := generatorID(), strings.TrimSpace(string(out)); got != want || want == "" {
		t.Errorf("generatorID() = %q, go tool buildid says %q", got, want)
	}
}

// TestBuildIDFormats: the ELF note and the text form the linker writes for Mach-O and PE;
// anything else has no ID (and the theme is then not cached).
func TestBuildIDFormats(t *testing.T) {
	id := "abc/def"
	elf := append([]byte("\x7fELF padding"), 4, 0, 0, 0, byte(len(id)), 0, 0, 0, 4, 0, 0, 0, 'G', 'o', 0, 0)
	elf = append(elf, id...)
	for _, c := range []struct {
		name string
		head []byte
		want string
	}{
		{"ELF note", elf, id},
		{"Mach-O or PE text", []byte("\xcf\xfa\xed\xfe....\xff Go build ID: \"" + id + "\"\n \xff rest"), id},
		{"note cut short", elf[:len(elf)-2], ""},
		{"no ID", []byte("#!/bin/sh\necho hi\n"), ""},
	} {
		if got := buildID(c.head); got != c.want {
			t.Errorf("%s: buildID = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestThemeCache: a second build reads the theme from the cache; a change to any of its
// inputs (a script, a string table, wasm_exec.js) or to the generator makes it again; a
// damaged cache file is made again, never an error.
func TestThemeCache(t *testing.T) {
	site, cache := t.TempDir(), t.TempDir()
	write(t, filepath.Join(site, "assets", "ts", "site.ts"), "console.log(1)\n")
	write(t, filepath.Join(site, "i18n", "simulator", "ja.json"), "{}\n")
	write(t, filepath.Join(site, "layouts", "base.html"), "x")
	execJS := filepath.Join(t.TempDir(), "wasm_exec.js")
	write(t, execJS, "// go\n")
	made := 0
	mk := func() (themeAssets, error) {
		made++
		return themeAssets{bundles: map[string][]byte{"site.js": []byte{byte(made)}}, iconSVG: []byte("<svg/>"), iconPNG: map[int][]byte{192: {1}}}, nil
	}
	get := func(want int, why string) themeAssets {
		t.Helper()
		got, err := cachedTheme(cache, site, execJS, mk)
		if err != nil {
			t.Fatal(err)
		}
		if made != want {
			t.Errorf("%s: the theme was made %d times, want %d", why, made, want)
		}
		return got
	}
	first := get(1, "first build")
	if again := get(1, "nothing changed"); !reflect.DeepEqual(again, first) {
		t.Errorf("cached theme %+v, made %+v", again, first)
	}
	write(t, filepath.Join(site, "layouts", "base.html"), "y")
	get(1, "a layout changed (not a theme input)")
	for i, p := range []string{filepath.Join(site, "assets", "ts", "site.ts"), filepath.Join(site, "i18n", "simulator", "ja.json"), execJS} {
		write(t, p, "changed\n")
		get(2+i, p+" changed")
	}
	if err := os.WriteFile(filepath.Join(cache, themeCacheName), []byte("not gob"), 0o644); err != nil {
		t.Fatal(err)
	}
	get(5, "damaged cache")
	get(5, "cache written again")
	if _, err := cachedTheme("", site, execJS, mk); err != nil || made != 6 {
		t.Errorf("without a cache folder: made %d times (err %v), want 6", made, err)
	}
	a, _ := themeKey("one", site, execJS)
	b, _ := themeKey("two", site, execJS)
	if a == b {
		t.Error("the key does not change with the generator's ID")
	}
}

// TestThemeCacheKeyCoversTheInputs: the real theme, made from a folder holding only the
// theme inputs that themeKey hashes, is the same to the byte as made from the site folder.
// An import from anywhere else would fail to resolve or differ here, and the cache would
// miss its changes.
func TestThemeCacheKeyCoversTheInputs(t *testing.T) {
	only := t.TempDir()
	for _, in := range themeInputs {
		if err := os.CopyFS(filepath.Join(only, in), os.DirFS(filepath.Join("..", "..", "site", in))); err != nil {
			t.Fatal(err)
		}
	}
	execJS, err := filepath.Abs(filepath.Join("testdata", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	theme := func(siteDir string) themeAssets {
		b := &builder{cfg: Config{SiteDir: siteDir}, min: assets.NewMinifier(), md: markdown.New()}
		th, err := b.theme(execJS)
		if err != nil {
			t.Fatalf("theme from %s: %v", siteDir, err)
		}
		return th
	}
	want, got := theme(filepath.Join("..", "..", "site")), theme(only)
	if len(want.bundles) == 0 || len(got.bundles) != len(want.bundles) {
		t.Fatalf("bundles: %d from the inputs alone, %d from the site", len(got.bundles), len(want.bundles))
	}
	for name, data := range want.bundles {
		if !bytes.Equal(got.bundles[name], data) {
			t.Errorf("%s differs when made from the theme inputs alone", name)
		}
	}
}
