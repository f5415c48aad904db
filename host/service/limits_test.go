package service

// The host's limits on the wire: request rate, connections, slow clients, header size.

import (
	"bufio"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"zeisim/host/testcert"
	"zeisim/host/testsite"
)

// TestRateLimit: on a busy host (here: -rate-busy 0, always busy) a client over its rate gets
// 429 with Retry-After, logged once and counted.
func TestRateLimit(t *testing.T) {
	cfg := defaults(t, site(t))
	cfg.RatePerSecond, cfg.RateBurst = 0.5, 5 // one more every 2s: the test finishes long before
	cfg.RateBusy = 0
	h := start(t, cfg)
	for i := 0; i < 5; i++ {
		if resp, _ := get(t, h.URLs["http"]+"/"); resp.StatusCode != 200 {
			t.Fatalf("request %d of the burst: %d", i+1, resp.StatusCode)
		}
	}
	resp, body := get(t, h.URLs["http"]+"/")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("over the rate: %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if resp.Header.Get("Content-Security-Policy") == "" || strings.Contains(body, "index") {
		t.Errorf("429 without headers or with content")
	}
	// Another client address (127.0.0.2 is loopback too) is not affected.
	other := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DialContext: (&net.Dialer{
		LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}).DialContext}}
	r2, err := other.Get(h.URLs["http"] + "/")
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != 200 {
		t.Errorf("another client got %d", r2.StatusCode)
	}
	if h.Counters.Status(429) != 1 {
		t.Errorf("429 counted %d times", h.Counters.Status(429))
	}
	if !strings.Contains(securityLog(h), `"event":"rate limit hit","client":"127.0.0.1"`) {
		t.Errorf("security log lacks the rate-limit hit:\n%s", securityLog(h))
	}
	_, metrics := get(t, h.URLs["admin"]+"/metrics")
	if !contains(metrics, "zeisim_rate_limited_total 1", `zeisim_requests_total{status="429"} 1`) {
		t.Errorf("metrics:\n%s", metrics)
	}
}

// TestCrowdBehindOneAddress: residents behind one address (carrier-grade NAT, a city
// office's proxy) loading pages together are never refused on a host that has time for them:
// with the production defaults, 600 requests from one address in a moment (40 page loads of
// about 15 requests) are all served.
func TestCrowdBehindOneAddress(t *testing.T) {
	h := start(t, defaults(t, site(t)))
	for i := 0; i < 600; i++ {
		if resp, _ := get(t, h.URLs["http"]+"/"); resp.StatusCode != 200 {
			t.Fatalf("request %d from one address: %d", i+1, resp.StatusCode)
		}
	}
	if n := h.Counters.Status(429); n != 0 {
		t.Errorf("%d requests refused on a quiet host", n)
	}
}

func TestSlowlorisCutOff(t *testing.T) {
	cfg := defaults(t, site(t))
	cfg.ReadHeaderTimeout = 300 * time.Millisecond
	cfg.MaxConns = 8
	h := start(t, cfg)
	addr := strings.TrimPrefix(h.URLs["http"], "http://")
	var slow []net.Conn
	for i := 0; i < 4; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\n") // and never the blank line
		slow = append(slow, c)
	}
	// Others are served meanwhile.
	if resp, _ := get(t, h.URLs["http"]+"/"); resp.StatusCode != 200 {
		t.Fatalf("a normal client got %d while slow clients hold connections", resp.StatusCode)
	}
	for i, c := range slow {
		// Keep trickling a header byte now and then, as slowloris does; the server must
		// close the connection anyway once the header deadline has passed.
		c.SetDeadline(time.Now().Add(10 * time.Second))
		closed := false
		for j := 0; j < 100 && !closed; j++ {
			if _, err := c.Write([]byte("X")); err != nil {
				closed = true
				break
			}
			c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
			buf := make([]byte, 512)
			n, err := c.Read(buf)
			if n > 0 && !strings.HasPrefix(string(buf[:n]), "HTTP/1.1 4") {
				t.Fatalf("slow client %d got a response: %q", i, buf[:n])
			}
			var ne net.Error
			if err != nil && !(errors.As(err, &ne) && ne.Timeout()) {
				closed = true
			}
		}
		if !closed {
			t.Errorf("slow client %d still connected after 100 trickled bytes", i)
		}
	}
	if resp, _ := get(t, h.URLs["http"]+"/"); resp.StatusCode != 200 {
		t.Errorf("after the slow clients: %d", resp.StatusCode)
	}
}

// TestConnectionCap: a full listener closes the connection that has waited longest without a
// request in progress (idle keep-alive, or still sending headers) for a new one, and refuses
// a new one only when every connection is in the middle of a request.
func TestConnectionCap(t *testing.T) {
	files := testsite.Files()
	files["/a/big.0123456789ab.wasm"] = make([]byte, 8<<20) // a response a client can stall on
	cfg := defaults(t, testsite.Build(t, files))
	cfg.MaxConns = 2
	h := start(t, cfg)
	addr := strings.TrimPrefix(h.URLs["http"], "http://")
	dial := func() net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		c.SetDeadline(time.Now().Add(10 * time.Second))
		return c
	}
	served := func(c net.Conn) bool {
		fmt.Fprintf(c, "GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		return err == nil && resp.StatusCode == 200
	}
	// Two idle keep-alive connections fill the cap; a third takes the older one's place.
	idle := []net.Conn{dial(), dial()}
	for i, c := range idle {
		if !served(c) {
			t.Fatalf("held connection %d not served", i)
		}
	}
	if !served(dial()) {
		t.Errorf("a new connection was not served in place of an idle one")
	}
	if n, err := idle[0].Read(make([]byte, 1)); n != 0 || err == nil {
		t.Errorf("the longest-idle connection was not closed")
	}
	// Two connections stalled in the middle of an 8 MB response (the client does not read):
	// nothing can be shed, a third connection is refused.
	eventually(t, "two connections busy", func() bool {
		for _, c := range []net.Conn{dial(), dial()} {
			fmt.Fprintf(c, "GET /a/big.0123456789ab.wasm HTTP/1.1\r\nHost: x\r\n\r\n")
		}
		time.Sleep(100 * time.Millisecond)
		c := dial()
		fmt.Fprintf(c, "GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n")
		c.SetDeadline(time.Now().Add(2 * time.Second))
		n, err := c.Read(make([]byte, 1))
		return n == 0 && err != nil && !errors.Is(err, os.ErrDeadlineExceeded)
	})
	_, metrics := get(t, h.URLs["admin"]+"/metrics")
	if strings.Contains(metrics, "zeisim_connections_rejected_total 0\n") || strings.Contains(metrics, "zeisim_connections_shed_total 0\n") {
		t.Errorf("shed or rejected connections not counted:\n%s", metrics)
	}
	if !strings.Contains(securityLog(h), `"connections shed"`) || !strings.Contains(securityLog(h), `"connection cap reached"`) {
		t.Errorf("security log:\n%s", securityLog(h))
	}
}

// TestSlowHeaderFloodFromOneAddress repeats the probe's finding: 1,500 connections from one
// address that never finish their headers filled the 1,024-connection cap and made residents'
// HTTPS requests fail. With the defaults' shape (here a cap of 64 and 16 per client, so the
// test is quick), every resident request from another address is served, over plain HTTP and
// over TLS, and the flooding address holds no more than its share.
func TestSlowHeaderFloodFromOneAddress(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		var h *Host
		var rc *http.Client
		if useTLS {
			var ca *testcert.CA
			h, ca = tlsHost(t, "p256", func(c *Config) { c.MaxConns, c.MaxConnsPer = 64, 16 })
			rc = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true,
				TLSClientConfig: &tls.Config{RootCAs: ca.Pool(), ServerName: "localhost"},
				DialContext:     (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}).DialContext}}
		} else {
			cfg := defaults(t, site(t))
			cfg.MaxConns, cfg.MaxConnsPer = 64, 16
			h = start(t, cfg)
			rc = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true,
				DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}).DialContext}}
		}
		base := h.URLs["http"]
		if useTLS {
			base = h.URLs["https"]
		}
		addr := base[strings.Index(base, "//")+2:]
		for i := 0; i < 300; i++ {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if !useTLS {
				fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\n") // headers never finished
			}
		}
		failed := 0
		for i := 0; i < 30; i++ {
			resp, err := rc.Get(base + "/")
			if err != nil || resp.StatusCode != 200 {
				failed++
				continue
			}
			resp.Body.Close()
		}
		if failed > 0 {
			t.Errorf("tls %v: %d of 30 resident requests failed during the flood", useTLS, failed)
		}
		if !strings.Contains(securityLog(h), `"max_per_client":16`) {
			t.Errorf("tls %v: the flooding address was not held to its share:\n%s", useTLS, securityLog(h))
		}
	}
}

func TestHeaderCap(t *testing.T) {
	cfg := defaults(t, site(t))
	cfg.MaxHeaderBytes = 4 << 10
	h := start(t, cfg)
	c, err := net.Dial("tcp", strings.TrimPrefix(h.URLs["http"], "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n", strings.Repeat("a", 12<<10))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("12 KiB header over a 4 KiB cap: %d", resp.StatusCode)
	}
}
