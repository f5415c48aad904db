package limits

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"syscall"
	"testing"

	"zeisim/host/testsite"
)

type connKey struct{}

// corkOption reads TCP_CORK on the server's side of c.
func corkOption(t *testing.T, c net.Conn) int {
	t.Helper()
	raw, err := c.(*conn).Conn.(syscall.Conn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	v := -1
	raw.Control(func(fd uintptr) { v, _ = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_CORK) })
	return v
}

// TestCorkReleasedAfterEachResponse: a response larger than net/http's write buffer is corked
// while it is written, and the cork is released once it is complete (through ConnState, as
// the service wires it), so the next, small response on the same connection is not held.
// Linux would send held bytes after 200 ms anyway, so the test reads the socket option rather
// than timing anything.
func TestCorkReleasedAfterEachResponse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	capped := NewListener(ln, 0)
	capped.Cork = true
	big := bytes.Repeat([]byte("0123456789abcdef"), 1000) // 16 kB: four buffers' worth
	corkedWhileWriting := make(chan int, 1)
	var serverConn net.Conn
	srv := &http.Server{
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			serverConn = c
			return context.WithValue(ctx, connKey{}, c)
		},
		ConnState: func(c net.Conn, s http.ConnState) {
			if s == http.StateIdle {
				Flush(c)
			}
		},
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/small" {
				io.WriteString(w, "small")
				return
			}
			w.Write(big)
			corkedWhileWriting <- corkOption(t, r.Context().Value(connKey{}).(net.Conn))
		}),
	}
	go srv.Serve(capped)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1}}
	get := func(path string) string {
		req, err := http.NewRequest("GET", "http://"+ln.Addr().String()+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, body := testsite.Fetch(t, client, req)
		return body
	}
	if got := get("/big"); got != string(big) {
		t.Fatalf("big body: %d bytes, want %d", len(got), len(big))
	}
	if v := <-corkedWhileWriting; v != 1 {
		t.Errorf("TCP_CORK %d while a 16 kB answer was written, want 1", v)
	}
	// The second answer on the same connection is read only after the first one's ConnState
	// ran, in the connection's goroutine: the cork must be gone by then.
	if got := get("/small"); got != "small" {
		t.Fatalf("small body %q", got)
	}
	if v := corkOption(t, serverConn); v != 0 {
		t.Errorf("TCP_CORK %d after the answers were complete, want 0", v)
	}
}
