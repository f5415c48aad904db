package service

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The findings of the independent probe of the host (issue 17), each replayed on the wire.

// exchange writes raw to a fresh connection (TLS when ca is given) and reads every answer
// until the server closes it.
func exchange(t *testing.T, h *Host, useTLS bool, raw string) []*http.Response {
	t.Helper()
	var c net.Conn
	var err error
	if useTLS {
		c, err = tls.Dial("tcp", strings.TrimPrefix(h.URLs["https"], "https://"), &tls.Config{
			InsecureSkipVerify: true, NextProtos: []string{"http/1.1"}}) // the certificate is not under test here
	} else {
		c, err = net.Dial("tcp", strings.TrimPrefix(h.URLs["http"], "http://"))
	}
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, raw)
	br := bufio.NewReader(c)
	var out []*http.Response
	for {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			return out
		}
		io.ReadAll(resp.Body)
		out = append(out, resp)
	}
}

// TestSmugglingShapedRequestCloses: Content-Length together with Transfer-Encoding is answered
// once and the connection closed (RFC 9112 §6.1); the probe got two answers on one connection.
func TestSmugglingShapedRequestCloses(t *testing.T) {
	h := start(t, defaults(t, site(t)))
	for _, raw := range []string{
		"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n",
	} {
		got := exchange(t, h, false, raw)
		if len(got) != 1 || !got[0].Close {
			t.Errorf("%q: %d answers on one connection, want 1 with Connection: close", raw, len(got))
		}
	}
	// A plain pipelined pair still gets two answers: only requests with a body are cut.
	if got := exchange(t, h, false, "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); len(got) != 2 {
		t.Errorf("pipelined GETs: %d answers, want 2", len(got))
	}
}

// TestBareAnswersCarryHeaders: the answers net/http writes before any handler runs (the probe
// counted 514 of 550 fuzzed requests with no security header and no log line) carry the header
// set, no-store, and appear in the access log and the metrics: over plain HTTP and over TLS.
func TestBareAnswersCarryHeaders(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		h, _ := tlsHost(t, "p256", func(c *Config) {
			c.Addr = "127.0.0.1:0"
			c.AccessLog = filepath.Join(t.TempDir(), "access.log")
		})
		for _, c := range []struct {
			raw    string
			status int
		}{
			{"GET / HTTP/1.1\r\nHost: a@b\r\n\r\n", 400},
			{"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400},
			{"GET / HTTP/1.1\r\n\r\n", 400}, // no Host
			{"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
			{"GET / HTTP/9.9\r\nHost: x\r\n\r\n", 505},
			{"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 40<<10) + "\r\n\r\n", 431},
		} {
			got := exchange(t, h, useTLS, c.raw)
			if len(got) != 1 || got[0].StatusCode != c.status {
				t.Errorf("tls %v %.40q: %d answers, want one %d", useTLS, c.raw, len(got), c.status)
				continue
			}
			if useTLS {
				for _, k := range securityHeaders {
					if got[0].Header.Get(k) == "" {
						t.Errorf("tls %.40q: %d without %s", c.raw, c.status, k)
					}
				}
			} else {
				plainHeaders(t, fmt.Sprintf("%.40q", c.raw), got[0].Header)
			}
			if cc := got[0].Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("tls %v %.40q: Cache-Control %q", useTLS, c.raw, cc)
			}
		}
		if n := h.Counters.Status(400); n != 3 {
			t.Errorf("tls %v: 400 counted %d times, want 3", useTLS, n)
		}
		for _, code := range []int{431, 501, 505} {
			if n := h.Counters.Status(code); n != 1 {
				t.Errorf("tls %v: %d counted %d times, want 1", useTLS, code, n)
			}
		}
		h.Close() // flushes the access log
		b, _ := os.ReadFile(h.cfg.AccessLog)
		if n := strings.Count(string(b), `"status":400`); n != 3 || !strings.Contains(string(b), `"status":505`) ||
			!strings.Contains(string(b), fmt.Sprintf(`"tls":%v`, useTLS)) {
			t.Errorf("tls %v: access log has %d lines of 400:\n%s", useTLS, n, b)
		}
	}
	// Plain HTTP to the TLS port: net/http's 400, now with the header set.
	h, _ := tlsHost(t, "p256")
	c, err := net.Dial("tcp", strings.TrimPrefix(h.URLs["https"], "https://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil || resp.StatusCode != 400 || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("plain HTTP on the TLS port: %v %v", resp, err)
	}
}

// TestRequestSizeLimits: -max-header-bytes is the limit to the byte (the probe found ~20 KB
// accepted under 16 KB), answered 431 by the host with its header set; a request target over
// 8 KiB gets 414 (it got 431).
func TestRequestSizeLimits(t *testing.T) {
	h := start(t, defaults(t, site(t)))
	header := func(n int) string { // a request whose header fields total n bytes with Host: x
		pad := n - len("Host: x\r\n") - len("X-Pad: \r\n")
		return "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " + strings.Repeat("p", pad) + "\r\nConnection: close\r\n\r\n"
	}
	for _, c := range []struct {
		what   string
		raw    string
		status int
	}{
		{"headers of 16,000 bytes", header(16000), 200},
		{"headers of 16,385 bytes", header(16385), 431},
		{"headers of 20,000 bytes", header(20000), 431},
		{"target of 8,000 bytes", "GET /?" + strings.Repeat("q", 8000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200},
		{"target of 9,000 bytes", "GET /?" + strings.Repeat("q", 9000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 414},
		{"target of 20,000 bytes", "GET /" + strings.Repeat("q", 20000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 414},
	} {
		got := exchange(t, h, false, c.raw)
		if len(got) != 1 || got[0].StatusCode != c.status {
			st := 0
			if len(got) > 0 {
				st = got[0].StatusCode
			}
			t.Errorf("%s: %d, want %d", c.what, st, c.status)
			continue
		}
		plainHeaders(t, c.what, got[0].Header)
	}
}
