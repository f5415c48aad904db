package limits

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRate(t *testing.T) {
	now := time.Unix(1000, 0)
	r := NewRate(2, 3, 0) // 2/s, burst 3, always enforced
	for i := 0; i < 3; i++ {
		if ok, _ := r.AllowAt("a", now); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, wait := r.AllowAt("a", now)
	if ok || wait != 500*time.Millisecond {
		t.Errorf("4th request: ok %v wait %v, want refused with 500ms", ok, wait)
	}
	if ok, _ := r.AllowAt("b", now); !ok {
		t.Error("another client was limited")
	}
	now = now.Add(500 * time.Millisecond)
	if ok, _ := r.AllowAt("a", now); !ok {
		t.Error("a refilled token was refused")
	}
	now = now.Add(time.Hour)
	r.AllowAt("c", now)
	if n := r.Clients(); n != 1 {
		t.Errorf("%d buckets kept after an hour idle, want only the new one", n)
	}
	if ok, _ := NewRate(0, 0, 0).AllowAt("x", now); !ok {
		t.Error("a disabled limiter refused")
	}
}

// TestRateOnlyWhenBusy: a client over its rate is refused only while all clients together
// make at least Busy requests a second.
func TestRateOnlyWhenBusy(t *testing.T) {
	now := time.Unix(1000, 0)
	r := NewRate(1, 2, 10) // 1/s, burst 2, enforced from 10 requests/s over all clients
	for i := 0; i < 9; i++ {
		if ok, _ := r.AllowAt("a", now); !ok {
			t.Fatalf("request %d refused on a quiet host (%d requests this second)", i+1, i+1)
		}
	}
	if ok, _ := r.AllowAt("a", now); ok {
		t.Errorf("10th request this second, client over its rate: allowed")
	}
	if ok, _ := r.AllowAt("b", now); !ok {
		t.Errorf("a client within its rate was refused on a busy host")
	}
	// The next second still counts as busy (the last one had 11 requests); two seconds on, quiet.
	if ok, _ := r.AllowAt("a", now.Add(1100*time.Millisecond)); !ok {
		t.Errorf("a refilled token refused")
	}
	if ok, _ := r.AllowAt("a", now.Add(1200*time.Millisecond)); ok {
		t.Errorf("over its rate in the second after a busy one: allowed")
	}
	if ok, _ := r.AllowAt("a", now.Add(3300*time.Millisecond)); !ok {
		t.Errorf("refused on a host that has been quiet for two seconds")
	}
}

// TestKey: IPv6 clients are counted by /64, IPv4 by address.
func TestKey(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"192.0.2.7", "192.0.2.7"},
		{"2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"},
		{"::ffff:192.0.2.7", "::ffff:192.0.2.7"},
		{"not-an-address", "not-an-address"},
	} {
		if got := Key(c.in); got != c.want {
			t.Errorf("Key(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	r := NewRate(1, 1, 0)
	now := time.Unix(1000, 0)
	r.AllowAt(Key("2001:db8:1:2::1"), now)
	if ok, _ := r.AllowAt(Key("2001:db8:1:2::ffff"), now); ok {
		t.Errorf("a second address of the same /64 got its own bucket")
	}
}

// TestBare: net/http's own answers get the header lines and are reported; a handler's answer
// (which carries the Content-Security-Policy) and body bytes are left alone.
func TestBare(t *testing.T) {
	var seen []int
	b := &Bare{Headers: []byte("Content-Security-Policy: default-src 'none'\r\nX-Frame-Options: DENY\r\n"),
		Seen: func(_ net.Addr, status int) { seen = append(seen, status) }}
	c := fakeConn{}
	for _, tc := range []struct {
		in, want string
		status   int
	}{
		{"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request",
			"HTTP/1.1 400 Bad Request\r\nContent-Security-Policy: default-src 'none'\r\nX-Frame-Options: DENY\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request", 400},
		{"HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n431 Request Header Fields Too Large", "", 431},
		{"HTTP/1.1 501 Not Implemented\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\nUnsupported transfer encoding", "", 501},
		{"HTTP/1.1 505 HTTP Version Not Supported: unsupported protocol version\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n505", "", 505},
		{"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n", "", 400},
		{"HTTP/1.1 404 Not Found\r\nContent-Security-Policy: x\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n", "-", 0},
		{"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", "-", 0},
		{"GET / HTTP/1.1\r\n\r\n", "-", 0},
	} {
		seen = nil
		out, ok := b.rewrite(c, []byte(tc.in))
		if tc.want == "-" {
			if ok || len(seen) > 0 {
				t.Errorf("%q rewritten: %q", tc.in, out)
			}
			continue
		}
		if !ok || len(seen) != 1 || seen[0] != tc.status || !strings.Contains(string(out), "\r\nX-Frame-Options: DENY\r\n") {
			t.Errorf("%q: ok %v seen %v out %q", tc.in, ok, seen, out)
		}
		if tc.want != "" && string(out) != tc.want {
			t.Errorf("%q:\n got %q\nwant %q", tc.in, out, tc.want)
		}
	}
}

type fakeConn struct{ net.Conn }

func (fakeConn) RemoteAddr() net.Addr { return &net.TCPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 1} }

func TestListenerCap(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	capped := NewListener(ln, 2)
	rejected := make(chan string, 4)
	capped.OnReject = func(a net.Addr, why string) { rejected <- why }
	defer capped.Close()
	accepted := acceptAll(capped)
	var served []net.Conn
	for i := 0; i < 2; i++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		s := <-accepted
		State(s, http.StateActive) // a request in progress: not to be shed
		served = append(served, s)
	}
	third, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	third.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := third.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("connection over the cap: read %v, want EOF (closed by the server)", err)
	}
	if why := <-rejected; why != "cap" {
		t.Errorf("refused as %q, want cap", why)
	}
	if capped.Open() != 2 {
		t.Errorf("open %d, want 2", capped.Open())
	}
	// A slot freed by the server is available again.
	served[0].Close()
	if capped.Open() != 1 {
		t.Errorf("open %d after a close, want 1", capped.Open())
	}
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var fresh net.Conn
	select {
	case fresh = <-accepted:
	case <-time.After(10 * time.Second):
		t.Fatal("no connection accepted after a slot was freed")
	}
	// Full again, with one connection waiting for its request (fresh): a new one takes its place.
	shed := make(chan string, 1)
	capped.OnShed = func(a net.Addr) { shed <- a.String() }
	d, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	select {
	case s := <-accepted:
		s.Close()
	case <-time.After(10 * time.Second):
		t.Fatal("a full listener with a waiting connection refused a new one")
	}
	if a := <-shed; a != fresh.RemoteAddr().String() {
		t.Errorf("shed %s, want the waiting connection %s", a, fresh.RemoteAddr())
	}
	served[1].Close()
}

// TestListenerPerClient: once half full, an address holding its share gets no more
// connections; another address still does.
func TestListenerPerClient(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	capped := NewListener(ln, 4)
	capped.PerClient = 1
	rejected := make(chan string, 4)
	capped.OnReject = func(a net.Addr, why string) { rejected <- why + " " + Client(a.String()) }
	defer capped.Close()
	accepted := acceptAll(capped)
	dial := func(ip net.IP) net.Conn {
		c, err := (&net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}}).Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	// Below half full the share does not apply: one address opens two.
	dial(net.IPv4(127, 0, 0, 1))
	dial(net.IPv4(127, 0, 0, 1))
	<-accepted
	<-accepted
	dial(net.IPv4(127, 0, 0, 1))
	if got := <-rejected; !strings.HasPrefix(got, "client 127.0.0.1") {
		t.Errorf("third from one address at half full: %q, want refused as client", got)
	}
	dial(net.IPv4(127, 0, 0, 3))
	select {
	case <-accepted:
	case <-time.After(10 * time.Second):
		t.Error("another address was refused")
	}
}

// acceptAll accepts on l until it is closed, handing each connection over.
func acceptAll(l net.Listener) chan net.Conn {
	accepted := make(chan net.Conn, 4)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	return accepted
}
