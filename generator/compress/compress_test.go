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
	br := Brotli(data, 11)
	if !bytes.Equal(br, Brotli(data, 11)) {
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

// TestBrotliQuality: the assets and large files get the best quality, the pages a fast one.
func TestBrotliQuality(t *testing.T) {
	for _, tc := range []struct {
		p    string
		n, q int
	}{
		{"/guide/index.html", 9000, 5}, {"/sitemap.xml", 40000, 11}, {"/a/site.1234.css", 26000, 11},
		{"/a/site.1234.js", 800, 11}, {"/index.html", TopQualityFrom, 11}, {"/index.html", TopQualityFrom - 1, 5},
	} {
		if got := BrotliQuality(tc.p, tc.n); got != tc.q {
			t.Errorf("%s (%d bytes): quality %d, want %d", tc.p, tc.n, got, tc.q)
		}
	}
	page := bytes.Repeat([]byte("<p>住民税 resident tax 241,300円</p>\n"), 200)
	for _, q := range []int{5, 11} {
		var want bytes.Buffer
		w := brotli.NewWriterLevel(&want, q)
		_, _ = w.Write(page)
		_ = w.Close()
		br := Brotli(page, q)
		if !bytes.Equal(br, want.Bytes()) {
			t.Errorf("not compressed at quality %d", q)
		}
		if got, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(br))); !bytes.Equal(got, page) {
			t.Error("round trip")
		}
	}
}
