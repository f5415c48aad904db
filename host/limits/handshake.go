package limits

import (
	"crypto/tls"
	"errors"
	"net"
	"sync"
	"time"
)

// TLSListener completes each TLS handshake before net/http takes the connection (net/http
// would do it in the same per-connection goroutine a moment later). HTTP/2 connections are
// handed over as the *tls.Conn that net/http gives its HTTP/2 server; HTTP/1.1 ones inside a
// wrapper that net/http serves as a connection with a TLS state (Request.TLS is set) and whose
// plaintext writes pass through Bare, so that net/http's own error answers over TLS carry the
// security headers and are logged like those over plain HTTP.
type TLSListener struct {
	inner   net.Listener
	config  *tls.Config
	timeout time.Duration
	bare    *Bare
	// OnError is told of a failed handshake (net/http logged these as "TLS handshake error").
	OnError func(remote net.Addr, err error)

	ready chan accepted
	done  chan struct{}
	once  sync.Once
}

type accepted struct {
	c   net.Conn
	err error
}

// NewTLSListener starts accepting on inner; timeout bounds each handshake (0: no bound).
func NewTLSListener(inner net.Listener, config *tls.Config, timeout time.Duration, bare *Bare) *TLSListener {
	l := &TLSListener{inner: inner, config: config, timeout: timeout, bare: bare,
		ready: make(chan accepted), done: make(chan struct{})}
	go l.loop()
	return l
}

func (l *TLSListener) loop() {
	for {
		c, err := l.inner.Accept()
		if err != nil {
			l.hand(accepted{err: err})
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		go l.handshake(c)
	}
}

// hand passes a result to Accept, or drops it once the listener is closed.
func (l *TLSListener) hand(a accepted) {
	select {
	case l.ready <- a:
	case <-l.done:
		if a.c != nil {
			a.c.Close()
		}
	}
}

func (l *TLSListener) handshake(c net.Conn) {
	tc := tls.Server(c, l.config)
	if l.timeout > 0 { // 0: unbounded, as net/http does without a timeout
		c.SetDeadline(time.Now().Add(l.timeout))
	}
	if err := tc.Handshake(); err != nil {
		var re tls.RecordHeaderError
		if errors.As(err, &re) && re.Conn != nil && looksLikeHTTP(re.RecordHeader) {
			// What net/http answers plain HTTP on a TLS port; Bare adds the header set.
			re.Conn.Write([]byte("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"))
		}
		c.Close()
		if l.OnError != nil {
			l.OnError(c.RemoteAddr(), err)
		}
		return
	}
	c.SetDeadline(time.Time{})
	if tc.ConnectionState().NegotiatedProtocol == "h2" {
		l.hand(accepted{c: tc})
		return
	}
	l.hand(accepted{c: &tlsHTTP1{Conn: tc, bare: l.bare}})
}

// looksLikeHTTP is net/http's test (tlsRecordHeaderLooksLikeHTTP) for plain HTTP on a TLS port.
func looksLikeHTTP(hdr [5]byte) bool {
	switch string(hdr[:]) {
	case "GET /", "HEAD ", "POST ", "PUT /", "OPTIO":
		return true
	}
	return false
}

func (l *TLSListener) Accept() (net.Conn, error) {
	select {
	case a := <-l.ready:
		return a.c, a.err
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *TLSListener) Close() error {
	err := net.ErrClosed
	l.once.Do(func() {
		close(l.done)
		err = l.inner.Close()
	})
	return err
}

func (l *TLSListener) Addr() net.Addr { return l.inner.Addr() }

// tlsHTTP1 is an HTTP/1.1 connection over TLS, handshake done. Its ConnectionState (from the
// embedded *tls.Conn) gives net/http the Request.TLS it would set for a *tls.Conn.
type tlsHTTP1 struct {
	*tls.Conn
	bare *Bare
}

func (c *tlsHTTP1) Write(p []byte) (int, error) {
	if n, bare, err := c.bare.write(c, c.Conn, p); bare {
		return n, err
	}
	return c.Conn.Write(p)
}
