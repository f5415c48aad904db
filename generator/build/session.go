package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"

	"zeisim/generator/assets"
	"zeisim/generator/headers"
)

// Session lets successive builds in one process (the dev loop) reuse what did not change
// since the last one: the toolchain's facts, the theme's bundles and icons, and the engine.
// The theme and the engine are keyed by a stamp of their inputs (every file's path, size and
// modification time), so an edit under site/ rebundles the theme and an edit under the
// engine's folder recompiles it, while a content edit renders the pages only (measured by
// BenchmarkDevEdit). The toolchain is asked once per session: restart the dev loop after
// upgrading Go.
type Session struct {
	mu        sync.Mutex
	tc        *toolchain
	themeKey  string
	theme     themeAssets
	engineKey string
	engine    []byte

	last lastWrite // the previous build's folder

	// assets are the last fingerprints by name, with the bytes they were made from: the engine
	// (3.3 MB) and the bundles are the same slices from build to build while reused, and
	// hashing them (SHA-256 for the name, SHA-384 for SRI) took ~20 ms of CPU a build.
	assets map[string]assets.Asset

	themeBuilds, engineBuilds int // how often each was made, not reused (tests read them)
	fingerprints              int // assets hashed, not taken from the last build (tests read it)
}

// NewSession starts an empty session: its first build does everything.
func NewSession() *Session { return &Session{} }

func (s *Session) toolchain(ctx context.Context, w Wasm) (toolchain, error) {
	if s == nil {
		return w.toolchain(ctx)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tc != nil {
		return *s.tc, nil
	}
	tc, err := w.toolchain(ctx)
	if err == nil {
		s.tc = &tc
	}
	return tc, err
}

// engineStart returns the engine of the last build when its inputs are unchanged, and
// otherwise starts its compile; keep records a module that compiled.
func (s *Session) engineStart(ctx context.Context, w Wasm) (e *engine, keep func()) {
	if s == nil {
		return w.start(ctx), func() {}
	}
	key, err := w.inputsStamp()
	s.mu.Lock()
	if err == nil && key == s.engineKey && s.engine != nil {
		module := s.engine
		s.mu.Unlock()
		done := make(chan struct{})
		close(done)
		return &engine{done: done, module: module}, func() {}
	}
	s.engineBuilds++
	s.mu.Unlock()
	e = w.start(ctx)
	return e, func() {
		if m, err2 := e.wait(); err == nil && err2 == nil {
			s.mu.Lock()
			s.engineKey, s.engine = key, m
			s.mu.Unlock()
		}
	}
}

// themeFor returns the theme of the last build when nothing under the theme's folder (nor
// the toolchain's wasm_exec.js) changed, and otherwise makes it with build.
func (s *Session) themeFor(siteDir, execJS string, build func() (themeAssets, error)) (themeAssets, error) {
	if s == nil {
		return build()
	}
	key, err := Stamp(siteDir, execJS)
	if err == nil {
		s.mu.Lock()
		t, same := s.theme, key == s.themeKey && s.themeKey != ""
		s.mu.Unlock()
		if same {
			return t, nil
		}
	}
	t, berr := build()
	s.mu.Lock()
	s.themeBuilds++
	if berr == nil && err == nil {
		s.themeKey, s.theme = key, t
	}
	s.mu.Unlock()
	return t, berr
}

// inputsStamp is the stamp of the files the engine is built from (inputFiles, which
// moduleKey hashes byte by byte for the on-disk cache).
func (w Wasm) inputsStamp() (string, error) {
	if w.Prebuilt != "" {
		return Stamp(w.Prebuilt)
	}
	pkg := w.pkg()
	files, err := w.inputFiles(pkg)
	if err != nil {
		return "", err
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.path
	}
	return Stamp(paths...)
}

// Stamp hashes the path, size and modification time of every file under each root (a file
// or a folder; a missing root counts as missing; node_modules is skipped). Reading no file's
// bytes, it costs a walk: the session keys its reuse by it, and the dev loop polls it.
func Stamp(roots ...string) (string, error) {
	h := sha256.New()
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root && errors.Is(err, fs.ErrNotExist) {
					fmt.Fprintf(h, "%s\x00missing\x00", p)
					return nil
				}
				return err
			}
			if d.IsDir() {
				if d.Name() == "node_modules" {
					return filepath.SkipDir
				}
				return nil
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%s\x00%d\x00%d\x00", p, fi.Size(), fi.ModTime().UnixNano())
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// fingerprint is assets.Fingerprint, answered from the last build when data is the very
// slice fingerprinted then. The entry keeps that slice alive, so no other bytes can be at its
// address; the build never changes a slice it has published.
func (s *Session) fingerprint(name string, data []byte) assets.Asset {
	if s == nil || len(data) == 0 {
		return assets.Fingerprint(headers.AssetPrefix, name, data)
	}
	s.mu.Lock()
	prev, ok := s.assets[name]
	s.mu.Unlock()
	if ok && len(prev.Data) == len(data) && &prev.Data[0] == &data[0] {
		return prev
	}
	a := assets.Fingerprint(headers.AssetPrefix, name, data)
	s.mu.Lock()
	if s.assets == nil {
		s.assets = map[string]assets.Asset{}
	}
	s.assets[name] = a
	s.fingerprints++
	s.mu.Unlock()
	return a
}

// lastWrite returns the record of the previous build's folder (nil without a session).
func (s *Session) lastWrite() *lastWrite {
	if s == nil {
		return nil
	}
	return &s.last
}
