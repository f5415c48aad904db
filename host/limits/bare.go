package limits

import (
	"bytes"
	"io"
	"net"
	"strconv"
)

// Bare finds the answers net/http writes by itself, before any handler runs: 400 for a
// request it cannot parse, 431 for headers over its cap, 501 for a transfer coding it does
// not know, 505 for an HTTP version it does not speak, and the 400 for plain HTTP sent to the
// TLS port. They would otherwise leave with none of the site's security headers and reach
// neither the access log nor the metrics. Bare adds Headers to each and tells Seen.
//
// The answers are recognised by their shape, fixed in net/http/server.go (conn.serve): the
// status line, then exactly "Content-Type: text/plain; charset=utf-8" and "Connection: close",
// in one Write; or net/http's one line for plain HTTP on the TLS port. A handler's answer never
// has that shape (it carries the site's header set), and the check looks no further than the
// status line, so the request path pays a prefix comparison per write.
type Bare struct {
	Headers []byte                            // header lines to add, each ending in "\r\n"
	Seen    func(remote net.Addr, status int) // called once per bare answer
}

var (
	bareHeaders = []byte("\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n")
	plainToTLS  = []byte("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server")
)

// write sends p to w rewritten when it is a bare answer of c, and says whether it was (a nil
// Bare rewrites nothing).
func (b *Bare) write(c net.Conn, w io.Writer, p []byte) (n int, bare bool, err error) {
	if b == nil {
		return 0, false, nil
	}
	q, ok := b.rewrite(c, p)
	if !ok {
		return 0, false, nil
	}
	if _, err := w.Write(q); err != nil {
		return 0, true, err
	}
	return len(p), true, nil
}

// rewrite returns p with Headers after its status line when p is a bare answer.
func (b *Bare) rewrite(c net.Conn, p []byte) ([]byte, bool) {
	if !bytes.HasPrefix(p, []byte("HTTP/1.")) || len(p) < len("HTTP/1.1 400\r\n") {
		return nil, false
	}
	line := bytes.IndexByte(p[:min(len(p), 256)], '\n') + 1
	if line == 0 || !(bytes.HasPrefix(p[line-2:], bareHeaders) || bytes.HasPrefix(p, plainToTLS)) {
		return nil, false
	}
	status, err := strconv.Atoi(string(p[9:12]))
	if err != nil {
		return nil, false
	}
	if b.Seen != nil {
		b.Seen(c.RemoteAddr(), status)
	}
	q := make([]byte, 0, len(p)+len(b.Headers))
	q = append(q, p[:line]...)
	q = append(q, b.Headers...)
	return append(q, p[line:]...), true
}
