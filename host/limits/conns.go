// Package limits bounds what clients can take: a cap on open connections and a per-client
// request-rate limit (token bucket), both written here so the host needs only the standard library.
package limits

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"syscall"

	"zeisim/host/sealed"
)

// Listener accepts at most max connections at once. A connection over the cap is closed
// at once (instead of waiting in the kernel's backlog, which would let a flood starve later
// clients silently); OnReject is told so it can be counted and logged.
type Listener struct {
	net.Listener
	sem      chan struct{}
	OnReject func(remote net.Addr)
	open     atomic.Int64

	// Cork holds a response that net/http writes in several pieces until Flush, so that it
	// leaves in as few TCP segments as it fills (Linux TCP_CORK, like nginx's tcp_nopush).
	// Only for plain HTTP/1 listeners whose server calls Flush from ConnState on StateIdle.
	Cork bool
}

// NewListener wraps l with a cap of max open connections (max <= 0: no cap).
func NewListener(l net.Listener, max int) *Listener {
	ll := &Listener{Listener: l}
	if max > 0 {
		ll.sem = make(chan struct{}, max)
	}
	return ll
}

// Open is the number of connections currently held.
func (l *Listener) Open() int64 { return l.open.Load() }

func (l *Listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if l.sem == nil {
			l.open.Add(1)
			return l.wrap(c), nil
		}
		select {
		case l.sem <- struct{}{}:
			l.open.Add(1)
			return l.wrap(c), nil
		default:
			if l.OnReject != nil {
				l.OnReject(c.RemoteAddr())
			}
			c.Close()
		}
	}
}

func (l *Listener) wrap(c net.Conn) *conn {
	cc := &conn{Conn: c, l: l, cork: l.Cork}
	if sc, ok := c.(syscall.Conn); ok {
		cc.raw, _ = sc.SyscallConn()
	}
	return cc
}

type conn struct {
	net.Conn
	l    *Listener
	once sync.Once

	raw    syscall.RawConn // nil: neither corked nor sent to with sendfile
	cork   bool
	corked atomic.Bool
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

// corkAt is the size of net/http's connection write buffer: a write this large is a full
// buffer (or a body larger than it), so more of the same response follows.
const corkAt = 4 << 10

// Write corks the socket before a write that more of the same response will follow, so the
// response's last bytes leave with these instead of in a segment of their own.
func (c *conn) Write(p []byte) (int, error) {
	if c.cork && c.raw != nil && len(p) >= corkAt && !c.corked.Load() {
		c.corked.Store(setCork(c.raw, true))
	}
	return c.Conn.Write(p)
}

// Flush sends what a cork holds. The service calls it when net/http reports the connection
// idle, that is after each response's last write; closing the socket flushes as well, and
// Linux sends corked data after 200 ms in any case, so a missed Flush costs time, never bytes.
func Flush(c net.Conn) {
	if cc, ok := c.(*conn); ok && cc.raw != nil && cc.corked.Load() {
		setCork(cc.raw, false)
		cc.corked.Store(false)
	}
}

func (c *conn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.l.open.Add(-1)
		if c.l.sem != nil {
			<-c.l.sem
		}
	})
	return err
}
