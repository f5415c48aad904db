// Package compress writes the precompressed sidecars (.br and .gz) that hosts serve to
// browsers that accept them. Both encodings are deterministic: gzip headers carry no name,
// no modification time and no OS byte that varies, and brotli has no header fields.
//
// Brotli has no encoder in the standard library. github.com/andybalholm/brotli is a pure-Go
// port of the reference encoder, with no dependencies; with the window the brotli command
// picks (Window), its output is byte-identical to `brotli -q N` (compress_test.go checks).
// Shelling out to the brotli command instead would make the build depend on a program that
// city servers running Windows do not have.
//
// Encoders are reused (sync.Pool): a new one clears its hash tables in fresh memory, which
// was a third of the brotli time of a page and most of gzip's.
package compress

import (
	"bytes"
	"compress/gzip"
	"path"
	"strings"
	"sync"

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

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestCompression) // the level is valid
	return w
}}

// Gzip compresses data at the best level with a header that is the same on every machine.
func Gzip(data []byte) []byte {
	var b bytes.Buffer
	w := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(w)
	// Reset keeps the zero Header: no name, comment or mtime; OS is set to "unknown" (255)
	// by compress/gzip on every platform.
	w.Reset(&b)
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

// Window is the brotli command's window for an input of n bytes: the smallest from 2^10
// whose reach (2^w − 16 bytes) covers the input, at most 2^24. The encoder's default, 2^22,
// costs every file the clearing of hash tables sized for it (32 MB at quality 11) and a few
// bytes of output.
func Window(n int) int {
	w := 10
	for w < 24 && 1<<w-16 < n {
		w++
	}
	return w
}

// brotliWriters holds reusable encoders by quality and window: Reset keeps an encoder's
// hasher, whose kind depends on both, so an encoder is only reused for the same pair.
var brotliWriters [brotli.BestCompression + 1][25]sync.Pool

// Brotli compresses data at quality q (BrotliQuality, 0–11) with the window for its size.
// Quality 11 is slow (about 4 s per MB in pure Go); the build caches results by content and
// quality.
func Brotli(data []byte, q int) []byte {
	var b bytes.Buffer
	win := Window(len(data))
	pool := &brotliWriters[q][win]
	w, _ := pool.Get().(*brotli.Writer)
	if w == nil {
		w = brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: q, LGWin: win})
	} else {
		w.Reset(&b)
	}
	defer pool.Put(w)
	_, _ = w.Write(data)
	_ = w.Close()
	return b.Bytes()
}
