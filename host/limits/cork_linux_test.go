package limits

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// notSent is how many bytes the kernel holds unsent on c's socket (TCP_INFO's
// tcpi_notsent_bytes): what MSG_MORE keeps back, read without timing anything.
func notSent(t *testing.T, c net.Conn) int {
	t.Helper()
	raw, err := c.(*conn).Conn.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var info *unix.TCPInfo
	var serr error
	raw.Control(func(fd uintptr) { info, serr = unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO) })
	if serr != nil {
		t.Fatal(serr)
	}
	return int(info.Notsent_bytes)
}

// pair is a loopback connection: the server's side wrapped as the listener wraps it.
func pair(t *testing.T, cork bool) (server *conn, client net.Conn) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	capped := NewListener(ln, 0)
	capped.Cork = cork
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	s, err := capped.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); client.Close() })
	return s.(*conn), client
}

// TestWriteMore: a write of exactly net/http's buffer size leaves its partial segment with
// the kernel (MSG_MORE); the next write of any other size, or Flush, sends it; without Cork
// nothing is held. Every byte arrives, in order.
func TestWriteMore(t *testing.T) {
	full, small, odd := bytes.Repeat([]byte{'f'}, corkAt), []byte("tail"), bytes.Repeat([]byte{'o'}, corkAt+1)
	type step struct {
		write   []byte // nil: Flush
		held    bool   // corked afterwards
		notSent int
	}
	for _, tc := range []struct {
		name  string
		cork  bool
		steps []step
	}{
		{"full buffer, then its tail", true, []step{{full, true, corkAt}, {small, false, 0}}},
		{"full buffer, then Flush", true, []step{{full, true, corkAt}, {nil, false, 0}}},
		{"two full buffers, then a larger write", true, []step{{full, true, corkAt}, {full, true, 2 * corkAt}, {odd, false, 0}}},
		{"any other size is sent at once", true, []step{{odd, false, 0}, {small, false, 0}}},
		{"no cork", false, []step{{full, false, 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, client := pair(t, tc.cork)
			var want []byte
			for i, st := range tc.steps {
				if st.write == nil {
					Flush(s)
				} else {
					if n, err := s.Write(st.write); err != nil || n != len(st.write) {
						t.Fatalf("step %d: Write = %d, %v", i, n, err)
					}
					want = append(want, st.write...)
				}
				if got := s.corked.Load(); got != st.held {
					t.Errorf("step %d: held %v, want %v", i, got, st.held)
				}
				if got := notSent(t, s); got != st.notSent {
					t.Errorf("step %d: %d bytes not sent, want %d", i, got, st.notSent)
				}
			}
			client.SetReadDeadline(time.Now().Add(5 * time.Second))
			got := make([]byte, len(want))
			if _, err := io.ReadFull(client, got); err != nil || !bytes.Equal(got, want) {
				t.Errorf("client read %d bytes (%v), want the %d written", len(got), err, len(want))
			}
		})
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestHeldTailSentWhenResponseEnds: a response whose last write is a full buffer (net/http
// writes the body's last 4 kB straight through) leaves its tail held until net/http reports
// the connection idle, and State sends it then, as the service wires it.
func TestHeldTailSentWhenResponseEnds(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	capped := NewListener(ln, 0)
	capped.Cork = true
	var mu sync.Mutex
	var atIdle [][2]int // not-sent bytes when the connection turned idle, before and after State
	srv := &http.Server{
		ConnState: func(c net.Conn, s http.ConnState) {
			if s != http.StateIdle {
				State(c, s)
				return
			}
			before := notSent(t, c)
			State(c, s)
			mu.Lock()
			atIdle = append(atIdle, [2]int{before, notSent(t, c)})
			mu.Unlock()
		},
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var n int
			fmt.Sscan(r.URL.Query().Get("n"), &n)
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("Content-Length", fmt.Sprint(n)) // as the host's server sets it: no chunks
			w.Write(bytes.Repeat([]byte{'x'}, n))
		}),
	}
	go srv.Serve(capped)
	defer srv.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	counted := &countingReader{r: c}
	r := bufio.NewReader(counted)
	// get returns the size of the whole response (status line, headers and body).
	get := func(n int) int {
		before := counted.n
		fmt.Fprintf(c, "GET /?n=%d HTTP/1.1\r\nHost: x\r\n\r\n", n)
		res, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		if len(body) != n || strings.Trim(string(body), "x") != "" {
			t.Fatalf("body of %d bytes, want %d", len(body), n)
		}
		if r.Buffered() != 0 {
			t.Fatal("bytes after the response")
		}
		return counted.n - before
	}
	// The headers' size (same for every 4-digit body), so that the response is two full
	// buffers exactly: the first flushed with the headers, the second written straight through.
	headers := get(1000) - 1000
	get(2*corkAt - headers)
	mu.Lock()
	defer mu.Unlock()
	if len(atIdle) != 2 {
		t.Fatalf("%d idle reports, want 2", len(atIdle))
	}
	if atIdle[1][0] == 0 {
		t.Errorf("the two-buffer response left nothing held before the connection turned idle (%v): the test no longer exercises the hold", atIdle)
	}
	for i, a := range atIdle {
		if a[1] != 0 {
			t.Errorf("response %d: %d bytes still held after State (before: %d)", i, a[1], a[0])
		}
	}
}
