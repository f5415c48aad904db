package build

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"

	"zeisim/generator/compress"
)

// TestCachePack: sidecars come back from the one-file cache as they were made, a damaged
// file is read up to the damage (the rest is made again), and nothing is written when
// nothing is new.
func TestCachePack(t *testing.T) {
	dir := t.TempDir()
	page := bytes.Repeat([]byte("<p>住民税 241,300円</p>\n"), 300)
	asset := bytes.Repeat(page, 10)
	p := openPack(dir)
	for _, d := range [][]byte{page, asset} {
		if !bytes.Equal(p.get("br", "/x.html", d, sha256.Sum256(d)), compress.Brotli(d, compress.BrotliQuality("/x.html", len(d)))) || !bytes.Equal(p.get("gz", "/x.html", d, sha256.Sum256(d)), compress.Gzip(d)) {
			t.Fatal("a sidecar differs from the encoder's")
		}
	}
	if err := p.save(); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, packName)
	info, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	again := openPack(dir)
	if len(again.old) != 4 {
		t.Fatalf("%d entries read back, want 4", len(again.old))
	}
	for _, d := range [][]byte{page, asset} {
		if !bytes.Equal(again.get("br", "/x.html", d, sha256.Sum256(d)), compress.Brotli(d, compress.BrotliQuality("/x.html", len(d)))) {
			t.Fatal("a cached sidecar differs from the encoder's")
		}
	}
	if err := again.save(); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(file); !after.ModTime().Equal(info.ModTime()) {
		t.Error("the cache was rewritten with nothing new")
	}
	// Cut the file in the middle of a record: what comes before stays, the rest is made again.
	b, _ := os.ReadFile(file)
	if err := os.WriteFile(file, b[:len(b)-10], 0o644); err != nil {
		t.Fatal(err)
	}
	cut := openPack(dir)
	if len(cut.old) != 3 {
		t.Errorf("%d entries before the damage, want 3", len(cut.old))
	}
	for _, d := range [][]byte{page, asset} {
		if !bytes.Equal(cut.get("gz", "/x.html", d, sha256.Sum256(d)), compress.Gzip(d)) || !bytes.Equal(cut.get("br", "/x.html", d, sha256.Sum256(d)), compress.Brotli(d, compress.BrotliQuality("/x.html", len(d)))) {
			t.Fatal("a sidecar differs after damage")
		}
	}
	// Version 1 of the pack held other bytes for the same keys: it is neither read nor kept.
	v1 := t.TempDir()
	if err := os.Rename(file, filepath.Join(v1, "compressed.pack")); err != nil {
		t.Fatal(err)
	}
	if len(openPack(v1).old) != 0 {
		t.Error("a version 1 pack was read")
	}
	removeLegacyCache(v1)
	if _, err := os.Stat(filepath.Join(v1, "compressed.pack")); err == nil {
		t.Error("the version 1 pack was left on disk")
	}
}
