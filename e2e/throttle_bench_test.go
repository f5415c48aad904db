package e2e

import (
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"
)

// link is a slow network in front of one site, for the A/B bench: every connection to it,
// the engine Worker's included (which Chrome's network emulation does not reach), shares one
// downlink of rate bytes per second, and each chunk arrives latency after it was sent.
type link struct {
	latency time.Duration
	rate    float64 // bytes per second, down; the requests go up unshaped (they are small)

	mu   sync.Mutex
	free time.Time // when the downlink has sent everything queued so far
}

// throttled starts a link in front of site (http://host:port) and returns its URL. It stops
// with the benchmark.
func throttled(b *testing.B, site string, latency time.Duration, kbits float64) string {
	u, err := url.Parse(site)
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ln.Close() })
	l := &link{latency: latency, rate: kbits * 1000 / 8}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go l.serve(c, u.Host)
		}
	}()
	return "http://" + ln.Addr().String()
}

func (l *link) serve(client net.Conn, upstream string) {
	defer client.Close()
	server, err := net.Dial("tcp", upstream)
	if err != nil {
		return
	}
	defer server.Close()
	go func() {
		io.Copy(server, client)
		server.(*net.TCPConn).CloseWrite()
	}()
	buf := make([]byte, 16<<10)
	for {
		n, err := server.Read(buf)
		if n > 0 {
			time.Sleep(time.Until(l.due(time.Now(), n)))
			if _, werr := client.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// due is when n bytes read at now arrive: after the bytes queued before them have gone down
// the link, their own transmission time, and the latency.
func (l *link) due(now time.Time, n int) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.free.Before(now) {
		l.free = now
	}
	l.free = l.free.Add(time.Duration(float64(n) / l.rate * float64(time.Second)))
	return l.free.Add(l.latency)
}

// TestLinkDue: bytes leave one after another at the link's rate and arrive its latency later;
// an idle link starts from the moment the bytes are read.
func TestLinkDue(t *testing.T) {
	l := &link{latency: 100 * time.Millisecond, rate: 1000} // 1 kB/s
	start := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	for i, tc := range []struct {
		at   time.Duration // read this long after start
		n    int
		want time.Duration // arrives this long after start
	}{
		{0, 500, 600 * time.Millisecond},                        // 0.5 s to send + latency
		{100 * time.Millisecond, 1000, 1600 * time.Millisecond}, // queued behind the first
		{200 * time.Millisecond, 0, 1600 * time.Millisecond},
		{5 * time.Second, 250, 5350 * time.Millisecond}, // the link was idle again
	} {
		if got := l.due(start.Add(tc.at), tc.n).Sub(start); got != tc.want {
			t.Errorf("chunk %d: arrives after %v, want %v", i, got, tc.want)
		}
	}
}
