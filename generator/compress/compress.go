// Package compress writes the precompressed sidecars (.br and .gz) that hosts serve to
// browsers that accept them. Both encodings are deterministic: gzip headers carry no name,
// no modification time and no OS byte that varies, and brotli has no header fields.
//
// Brotli has no encoder in the standard library. github.com/andybalholm/brotli is a pure-Go
// port of the reference encoder (byte-identical output to `brotli -q 11`, measured), with
// no dependencies; shelling out to the brotli command instead would make the build depend
// on a program that city servers running Windows do not have.
package compress

import (
	"bytes"
	"compress/gzip"
	"path"
	"strings"

	"github.com/andybalholm/brotli"
)

// compressible lists the extensions worth compressing; images such as PNG are compressed
// already.
var compressible = map[string]bool{
	".html": true, ".css": true, ".js": true, ".json": true, ".svg": true, ".xml": true,
	".txt": true, ".wasm": true, ".webmanifest": true, ".ico": true, ".map": true,
}

// Compressible reports whether sidecars are made for the site path p.
func Compressible(p string) bool { return compressible[path.Ext(p)] }

// Gzip compresses data at the best level with a header that is the same on every machine.
func Gzip(data []byte) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression) // the level is valid
	// The zero Header has no name, comment or mtime; OS is set to "unknown" (255) by
	// compress/gzip on every platform.
	_, _ = w.Write(data)
	_ = w.Close()
	return b.Bytes()
}

// TopQualityFrom is the size from which any file is compressed at brotli's best quality (11).
const TopQualityFrom = 32 << 10

// BrotliQuality is the quality for the file at site path p of n bytes. The assets (the
// fingerprinted files under /a/: the engine, the bundles, the stylesheet, which every visit
// needs and browsers keep) and any file from TopQualityFrom get the best quality, 11. The
// pages, a few KB each, get 5: ~20× faster in pure Go for ~9% more bytes (about 300 bytes a
// page, measured on the site's pages), so a build without a compression cache stays quick
// as pages are added.
func BrotliQuality(p string, n int) int {
	if n >= TopQualityFrom || strings.HasPrefix(p, "/a/") {
		return brotli.BestCompression
	}
	return 5
}

// Brotli compresses data at quality q (BrotliQuality). Quality 11 is slow (about 4 s per MB
// in pure Go); the build caches results by content and quality.
func Brotli(data []byte, q int) []byte {
	var b bytes.Buffer
	w := brotli.NewWriterLevel(&b, q)
	_, _ = w.Write(data)
	_ = w.Close()
	return b.Bytes()
}
