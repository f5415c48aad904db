package service

import (
	"bytes"
	"context"
	"crypto/tls"
	"flag"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync"
	"testing"
	"time"

	"zeisim/host/testsite"
)

// defaults is the production configuration, as the flags set it, on loopback ports.
func defaults(t testing.TB, dir string) Config {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	cfg := Flags(fs)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	cfg.Dir = dir
	cfg.Addr = "127.0.0.1:0"
	cfg.AdminAddr = "127.0.0.1:0"
	cfg.Stdout = io.Discard
	cfg.Stderr = &syncBuffer{}
	return *cfg
}

// syncBuffer collects the security log mirror safely across goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func securityLog(h *Host) string { return h.cfg.Stderr.(*syncBuffer).String() }

// start loads and starts a host; it is stopped when the test ends.
func start(t *testing.T, cfg Config) *Host {
	t.Helper()
	h, err := Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := h.Start(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- h.Wait(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return h
}

func site(t *testing.T) string { return testsite.Build(t, testsite.Files()) }

var client = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Transport:     &http.Transport{DisableCompression: true, TLSClientConfig: &tls.Config{}},
}

func get(t *testing.T, url string, hdr ...string) (*http.Response, string) {
	t.Helper()
	return send(t, "GET", url, hdr...)
}

// send is get with any method.
func send(t *testing.T, method, url string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return testsite.Fetch(t, client, req)
}

// eventually polls cond (every 20ms, at most 10s): used to wait for a background switch
// (maintenance poll, tamper interval) without asserting how fast it happens.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

func contextWithCancel() (context.Context, context.CancelFunc) {
	return context.WithCancel(context.Background())
}

// withConnTrace records the local address of the connection a request used.
func withConnTrace(ctx context.Context, local *string) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) {
		*local = i.Conn.LocalAddr().String()
	}})
}
