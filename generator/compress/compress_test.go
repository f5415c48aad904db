package compress

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestRoundTripAndDeterminism(t *testing.T) {
	data := bytes.Repeat([]byte("住民税 resident tax 241,300円\n"), 500)
	gz := Gzip(data)
	if !bytes.Equal(gz, Gzip(data)) {
		t.Error("gzip output differs between runs")
	}
	// No name, no mtime: bytes 4–7 (MTIME) are zero and FLG has no FNAME.
	if gz[3] != 0 || !bytes.Equal(gz[4:8], []byte{0, 0, 0, 0}) {
		t.Errorf("gzip header carries a name or time: % x", gz[:10])
	}
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(r); !bytes.Equal(got, data) {
		t.Error("gzip round trip")
	}
	br := Brotli(data)
	if !bytes.Equal(br, Brotli(data)) {
		t.Error("brotli output differs between runs")
	}
	if got, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(br))); !bytes.Equal(got, data) {
		t.Error("brotli round trip")
	}
	if len(br) >= len(data)/10 || len(gz) >= len(data)/10 {
		t.Errorf("repetitive text compressed poorly: br %d, gz %d of %d", len(br), len(gz), len(data))
	}
}

func TestCompressible(t *testing.T) {
	for p, want := range map[string]bool{"/index.html": true, "/a/tax.1.wasm": true, "/sw.js": true, "/a/icon.png": false, "/.well-known/security.txt": true} {
		if Compressible(p) != want {
			t.Errorf("%s: %v", p, !want)
		}
	}
}

// TestBrotliQualityBySize: the large assets get the best quality, the pages a fast one; both
// decode to the input.
func TestBrotliQualityBySize(t *testing.T) {
	page := bytes.Repeat([]byte("<p>住民税 resident tax 241,300円</p>\n"), 200) // ~8 KB
	asset := bytes.Repeat(page, 8)                                          // ~64 KB
	if BrotliQuality(len(page)) != 5 || BrotliQuality(len(asset)) != brotli.BestCompression || BrotliQuality(TopQualityFrom) != brotli.BestCompression {
		t.Fatalf("qualities %d / %d", BrotliQuality(len(page)), BrotliQuality(len(asset)))
	}
	for _, data := range [][]byte{page, asset} {
		var want bytes.Buffer
		w := brotli.NewWriterLevel(&want, BrotliQuality(len(data)))
		_, _ = w.Write(data)
		_ = w.Close()
		br := Brotli(data)
		if !bytes.Equal(br, want.Bytes()) {
			t.Errorf("%d bytes: not compressed at quality %d", len(data), BrotliQuality(len(data)))
		}
		if got, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(br))); !bytes.Equal(got, data) {
			t.Error("round trip")
		}
	}
}
