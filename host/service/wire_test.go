package service

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"zeisim/host/testsite"
)

// TestWholeBodiesOnTheWire fetches, through the real server, a page larger than net/http's
// 4 kB write buffer (full buffers sent with MSG_MORE) and an engine-sized file with its gzip sidecar (sent with
// sendfile from a sealed copy), with every security header, exact bytes and lengths, then a
// HEAD, a revalidation and a range of the large file, and checks the access log's byte counts.
func TestWholeBodiesOnTheWire(t *testing.T) {
	files := testsite.Files()
	rnd := rand.New(rand.NewPCG(3, 4))
	wasm := make([]byte, 3<<20)
	for i := range wasm {
		wasm[i] = byte(rnd.Uint32() % 7) // compressible, so the sidecar is smaller but still large
	}
	page := []byte("<!doctype html><title>ページ</title>" + strings.Repeat("<p>給与所得控除</p>\n", 600))
	const big, pagePath = "/a/big.0123456789ab.wasm", "/guide/index.html"
	files[big], files[big+".gz"] = wasm, testsite.Gzip(wasm)
	files[pagePath] = page
	if len(files[big+".gz"]) < 64<<10 || len(page) < 8<<10 {
		t.Fatal("fixture too small to reach the paths under test")
	}
	cfg := defaults(t, testsite.Build(t, files))
	cfg.AccessLog = filepath.Join(t.TempDir(), "access.log")
	h := start(t, cfg)
	base := h.URLs["http"]

	for _, c := range []struct {
		target, accept string
		want           []byte
		encoding       string
	}{
		{"/guide/", "", page, ""},
		{big, "", wasm, ""},
		{big, "gzip", files[big+".gz"], "gzip"},
		{big, "gzip", files[big+".gz"], "gzip"}, // the same region again, on a kept-alive connection
		{"/guide/", "", page, ""},
	} {
		resp, body := get(t, base+c.target, "Accept-Encoding", c.accept)
		name := c.target + " " + c.accept
		if resp.StatusCode != 200 || !bytes.Equal([]byte(body), c.want) {
			t.Fatalf("%s: %d, %d bytes, want 200 and the %d bytes of the file", name, resp.StatusCode, len(body), len(c.want))
		}
		if resp.ContentLength != int64(len(c.want)) || resp.Header.Get("Content-Encoding") != c.encoding {
			t.Errorf("%s: Content-Length %d Content-Encoding %q", name, resp.ContentLength, resp.Header.Get("Content-Encoding"))
		}
		plainHeaders(t, name, resp.Header)
	}

	req := func(method, target string, hdr ...string) (int, string, string) {
		resp, body := send(t, method, base+target, hdr...)
		return resp.StatusCode, resp.Header.Get("Content-Length"), body
	}
	if code, length, body := req("HEAD", big, "Accept-Encoding", "gzip"); code != 200 || body != "" || length != strconv.Itoa(len(files[big+".gz"])) {
		t.Errorf("HEAD: %d, Content-Length %s, %d bytes of body", code, length, len(body))
	}
	resp, _ := get(t, base+big)
	if code, _, body := req("GET", big, "If-None-Match", resp.Header.Get("ETag")); code != 304 || body != "" {
		t.Errorf("revalidation: %d with %d bytes", code, len(body))
	}
	if code, length, body := req("GET", big, "Range", "bytes=1000000-1000009"); code != 206 || body != string(wasm[1000000:1000010]) || length != "10" {
		t.Errorf("range: %d, Content-Length %s, %q", code, length, body)
	}

	// The access log counts what each answer sent, sendfile included.
	for _, f := range h.flush {
		f.Flush()
	}
	logged, err := os.ReadFile(cfg.AccessLog)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, line := range strings.Split(strings.TrimSpace(string(logged)), "\n") {
		var e struct {
			Method string `json:"method"`
			Status int    `json:"status"`
			Bytes  int64  `json:"bytes"`
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		if e.Method == "GET" && e.Status == 200 {
			got[strconv.FormatInt(e.Bytes, 10)]++
		}
	}
	for _, n := range []int{len(page), len(wasm), len(files[big+".gz"])} {
		if got[strconv.Itoa(n)] == 0 {
			t.Errorf("no 200 logged with %d bytes; logged %v", n, got)
		}
	}
}
