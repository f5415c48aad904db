// Package limits bounds what clients can take: a cap on open connections and a per-client
// request-rate limit (token bucket), both written here so the host needs only the standard library.
package limits

import (
	"net"
	"sync"
	"sync/atomic"
)

// Listener accepts at most max connections at once. A connection over the cap is closed
// at once (instead of waiting in the kernel's backlog, which would let a flood starve later
// clients silently); OnReject is told so it can be counted and logged.
type Listener struct {
	net.Listener
	sem      chan struct{}
	OnReject func(remote net.Addr)
	open     atomic.Int64
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
			return &conn{Conn: c, l: l}, nil
		}
		select {
		case l.sem <- struct{}{}:
			l.open.Add(1)
			return &conn{Conn: c, l: l}, nil
		default:
			if l.OnReject != nil {
				l.OnReject(c.RemoteAddr())
			}
			c.Close()
		}
	}
}

type conn struct {
	net.Conn
	l    *Listener
	once sync.Once
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
