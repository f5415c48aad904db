// Package limits bounds what clients can take: a cap on open connections (with a share per
// client address and shedding of the connections that cost least to drop), a per-client
// request-rate limit that bites only when the host is loaded, and the hooks that let the host
// see, log and label the answers net/http writes by itself. Standard library only.
package limits

import (
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"zeisim/host/sealed"
)

// Listener accepts at most Max connections at once. When it is full, a new connection takes
// the place of the open one that has waited longest without a request in progress (still
// sending its headers, or idle between keep-alive requests): a slowloris client holds only
// connections of that kind, a resident's requests finish in milliseconds. Once the listener
// is half full, a client address (an IPv6 /64) holding PerClient connections gets no more, so
// one address cannot take the whole cap while a crowd behind one proxy is never refused on a
// quiet host. A connection that is refused is closed at once (instead of waiting in the
// kernel's backlog, which would let a flood starve later clients silently).
type Listener struct {
	net.Listener
	Max       int // <= 0: no cap
	PerClient int // <= 0: no share per client

	// OnReject is told of a connection refused: why is "cap" (full, nothing to shed) or
	// "client" (the address holds its share). OnShed of an open connection closed to make room.
	OnReject func(remote net.Addr, why string)
	OnShed   func(remote net.Addr)

	// Cork holds a response that net/http writes in several pieces until its last piece, so
	// that it leaves in as few TCP segments as it fills (Linux MSG_MORE, like nginx's
	// tcp_nopush). Only for plain HTTP/1 listeners whose server calls State from ConnState.
	Cork bool

	// Bare sees the answers net/http writes by itself (see bare.go); nil: untouched.
	Bare *Bare

	mu    sync.Mutex
	conns map[*conn]struct{}
	per   map[string]int
	open  atomic.Int64
}

// NewListener wraps l with a cap of max open connections (max <= 0: no cap).
func NewListener(l net.Listener, max int) *Listener {
	return &Listener{Listener: l, Max: max, conns: map[*conn]struct{}{}, per: map[string]int{}}
}

// Open is the number of connections currently held.
func (l *Listener) Open() int64 { return l.open.Load() }

func (l *Listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if cc := l.admit(c); cc != nil {
			return cc, nil
		}
	}
}

// admit counts c in, sheds an open connection to make room, or refuses c.
func (l *Listener) admit(c net.Conn) *conn {
	key := KeyOf(c.RemoteAddr())
	l.mu.Lock()
	why, shed := "", (*conn)(nil)
	switch {
	case l.PerClient > 0 && l.Max > 0 && len(l.conns)*2 >= l.Max && l.per[key] >= l.PerClient:
		why = "client"
	case l.Max > 0 && len(l.conns) >= l.Max:
		if shed = l.oldestWaiting(); shed == nil {
			why = "cap"
		} else {
			l.forget(shed) // its slot is the new connection's from now on
		}
	}
	if why != "" {
		l.mu.Unlock()
		if l.OnReject != nil {
			l.OnReject(c.RemoteAddr(), why)
		}
		c.Close()
		return nil
	}
	cc := &conn{Conn: c, l: l, key: key, cork: l.Cork, bare: l.Bare}
	cc.since.Store(time.Now().UnixNano())
	if sc, ok := c.(syscall.Conn); ok {
		cc.raw, _ = sc.SyscallConn()
	}
	l.conns[cc] = struct{}{}
	l.per[key]++
	l.open.Add(1)
	l.mu.Unlock()
	if shed != nil {
		if l.OnShed != nil {
			l.OnShed(shed.RemoteAddr())
		}
		shed.Conn.Close()
	}
	return cc
}

// oldestWaiting is the open connection without a request in progress that has waited
// longest; callers hold mu. A scan, run only when the listener is full.
func (l *Listener) oldestWaiting() *conn {
	var best *conn
	var bestSince int64
	for c := range l.conns {
		if c.busy.Load() {
			continue
		}
		if s := c.since.Load(); best == nil || s < bestSince {
			best, bestSince = c, s
		}
	}
	return best
}

// forget releases c's slot once; callers hold mu.
func (l *Listener) forget(c *conn) {
	if _, ok := l.conns[c]; !ok {
		return
	}
	delete(l.conns, c)
	if l.per[c.key]--; l.per[c.key] <= 0 {
		delete(l.per, c.key)
	}
	l.open.Add(-1)
}

// State is the server's ConnState hook: it marks a connection busy while a request is in
// progress (not to be shed) and, when a response is complete, sends what a cork holds.
func State(c net.Conn, s http.ConnState) {
	cc := unwrap(c)
	if cc == nil {
		return
	}
	switch s {
	case http.StateActive:
		cc.busy.Store(true)
	case http.StateIdle:
		cc.since.Store(time.Now().UnixNano())
		cc.busy.Store(false)
		Flush(cc)
	}
}

// unwrap finds this package's connection under a TLS connection or a handshaken wrapper.
func unwrap(c net.Conn) *conn {
	for {
		switch v := c.(type) {
		case *conn:
			return v
		case interface{ NetConn() net.Conn }:
			c = v.NetConn()
		default:
			return nil
		}
	}
}

type conn struct {
	net.Conn
	l    *Listener
	key  string
	once sync.Once
	bare *Bare

	busy  atomic.Bool  // a request is in progress
	since atomic.Int64 // unix ns: accepted, or last became idle

	raw    syscall.RawConn // nil: neither corked nor sent to with sendfile
	cork   bool            // full buffers are written with MSG_MORE
	corked atomic.Bool     // the last write was one of those: the kernel holds its tail
}

// ReadFrom is how net/http hands a response body to the connection (after writing the
// headers): a sealed region goes out with sendfile(2), anything else through Write.
func (c *conn) ReadFrom(r io.Reader) (int64, error) {
	if reg, ok := r.(*sealed.Region); ok && c.raw != nil {
		n, err := reg.SendTo(c.raw)
		if !errors.Is(err, sealed.ErrNoSendfile) {
			return n, err
		}
	}
	return io.Copy(writeOnly{c}, r)
}

// writeOnly hides ReadFrom from io.Copy, which would call it again.
type writeOnly struct{ io.Writer }

// errNoMore: the platform has no MSG_MORE write (writeMore); the caller writes as usual.
var errNoMore = errors.New("MSG_MORE not available")

// corkAt is the size of net/http's connection write buffer: a write of exactly this size is
// a full buffer flushed in the middle of a larger write, so more of the same response follows.
const corkAt = 4 << 10

// Write sends a full buffer with MSG_MORE, so the response's next bytes leave in the same
// segments instead of a partial segment of its own (nginx's tcp_nopush); any other write
// sends everything held. An answer net/http writes by itself goes through Bare first.
func (c *conn) Write(p []byte) (int, error) {
	if n, bare, err := c.bare.write(c, c.Conn, p); bare {
		return n, err
	}
	if c.cork && c.raw != nil && len(p) == corkAt {
		n, err := writeMore(c.raw, p)
		if err != errNoMore {
			c.corked.Store(err == nil)
			if err != nil {
				err = &net.OpError{Op: "write", Net: "tcp", Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: err}
			}
			return n, err
		}
	}
	n, err := c.Conn.Write(p)
	if c.cork {
		c.corked.Store(false) // a plain write pushes what MSG_MORE held
	}
	return n, err
}

// Flush sends what a MSG_MORE write still holds: a response whose last write was exactly
// 4 kB (rare: a body that ends on a buffer boundary). State calls it when net/http reports
// the connection idle, that is after each response's last write; closing the socket flushes
// as well.
func Flush(c net.Conn) {
	if cc := unwrap(c); cc != nil && cc.raw != nil && cc.corked.Load() {
		pushHeld(cc.raw)
		cc.corked.Store(false)
	}
}

func (c *conn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.l.mu.Lock()
		c.l.forget(c)
		c.l.mu.Unlock()
	})
	return err
}
