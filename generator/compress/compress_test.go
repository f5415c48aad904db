package compress

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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
		br := Brotli(page, q)
		if !bytes.Equal(br, fresh(page, q)) {
			t.Errorf("not compressed at quality %d", q)
		}
		if got, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(br))); !bytes.Equal(got, page) {
			t.Error("round trip")
		}
	}
}

// fresh compresses with a new encoder, the way Brotli did before encoders were reused.
func fresh(data []byte, q int) []byte {
	var b bytes.Buffer
	w := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: q, LGWin: Window(len(data))})
	_, _ = w.Write(data)
	_ = w.Close()
	return b.Bytes()
}

// sample is n bytes of page-like text that differs with seed.
func sample(n, seed int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "<li>給与収入 %d 円、所得割 %d 円 (地方税法第35条)</li>\n", (i*7919+seed)%9000000, (i*104729+seed)%600000)
	}
	return b.Bytes()[:n]
}

// TestWindow: the brotli command's choice (enc/encode.c BROTLI_MAX_BACKWARD_LIMIT, the
// smallest window whose reach 2^w − 16 covers the input, from 10 to 24).
func TestWindow(t *testing.T) {
	for _, tc := range []struct{ n, w int }{
		{0, 10}, {1008, 10}, {1009, 11}, {65520, 16}, {65521, 17}, {3 << 20, 22}, {1 << 30, 24},
	} {
		if got := Window(tc.n); got != tc.w {
			t.Errorf("Window(%d) = %d, want %d", tc.n, got, tc.w)
		}
	}
}

// TestReusedEncodersAgree: an encoder taken back from the pool, after other inputs of the
// same quality and window, gives the bytes a new one gives; so does the gzip writer.
func TestReusedEncodersAgree(t *testing.T) {
	inputs := [][]byte{sample(9000, 1), sample(9500, 2), sample(9000, 1), sample(12000, 3), sample(700, 4)}
	for _, q := range []int{5, 11} {
		for i, in := range inputs {
			if got, want := Brotli(in, q), fresh(in, q); !bytes.Equal(got, want) {
				t.Errorf("brotli q%d input %d: %d bytes from a reused encoder, %d from a new one", q, i, len(got), len(want))
			}
		}
	}
	for i, in := range inputs {
		var want bytes.Buffer
		w, _ := gzip.NewWriterLevel(&want, gzip.BestCompression)
		_, _ = w.Write(in)
		_ = w.Close()
		if got := Gzip(in); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("gzip input %d: %d bytes from a reused writer, %d from a new one", i, len(got), want.Len())
		}
	}
}

// TestBrotliMatchesTheBrotliCommand: the sidecars are the bytes `brotli -q N` writes for the
// same file, across the window sizes a site has (make deps installs the command).
func TestBrotliMatchesTheBrotliCommand(t *testing.T) {
	cmd, err := exec.LookPath("brotli")
	if err != nil {
		t.Skip("the brotli command is not installed (make deps installs it)")
	}
	dir := t.TempDir()
	for _, n := range []int{600, 1008, 1009, 20000, 70000} {
		in := sample(n, n)
		file := filepath.Join(dir, "in")
		if err := os.WriteFile(file, in, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, q := range []int{5, 11} {
			want, err := exec.Command(cmd, "-q", strconv.Itoa(q), "-c", file).Output()
			if err != nil {
				t.Fatal(err)
			}
			if got := Brotli(in, q); !bytes.Equal(got, want) {
				t.Errorf("%d bytes at q%d: %d bytes, the brotli command %d", n, q, len(got), len(want))
			}
		}
	}
}
