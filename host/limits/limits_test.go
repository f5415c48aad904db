package limits

import (
	"io"
	"net"
	"testing"
	"time"
)

func TestRate(t *testing.T) {
	now := time.Unix(1000, 0)
	r := NewRate(2, 3) // 2/s, burst 3
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
	if ok, _ := NewRate(0, 0).AllowAt("x", now); !ok {
		t.Error("a disabled limiter refused")
	}
}

func TestListenerCap(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	capped := NewListener(ln, 2)
	rejected := make(chan string, 4)
	capped.OnReject = func(a net.Addr) { rejected <- a.String() }
	defer capped.Close()
	accepted := make(chan net.Conn, 4)
	go func() {
		for {
			c, err := capped.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	var served []net.Conn
	for i := 0; i < 2; i++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		served = append(served, <-accepted)
	}
	third, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	third.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := third.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("connection over the cap: read %v, want EOF (closed by the server)", err)
	}
	<-rejected
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
	select {
	case s := <-accepted:
		s.Close()
	case <-time.After(10 * time.Second):
		t.Error("no connection accepted after a slot was freed")
	}
}
