package limits

import "syscall"

// pushHeld sends what a MSG_MORE write left held: clearing TCP_CORK pushes the pending
// frames (the socket is never corked otherwise).
func pushHeld(raw syscall.RawConn) {
	_ = raw.Control(func(fd uintptr) {
		_ = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_CORK, 0)
	})
}

// writeMore writes p with MSG_MORE: the kernel sends the full segments and keeps the last,
// partial one for the bytes that follow (TCP_CORK for one write, without the two
// setsockopt calls around it). It waits for the socket like net.Conn's Write, deadlines
// included.
func writeMore(raw syscall.RawConn, p []byte) (int, error) {
	n := 0
	var serr error
	err := raw.Write(func(fd uintptr) bool {
		for n < len(p) {
			m, e := syscall.SendmsgN(int(fd), p[n:], nil, nil, syscall.MSG_MORE|syscall.MSG_NOSIGNAL)
			switch {
			case e == syscall.EINTR:
				continue
			case e == syscall.EAGAIN:
				return false // wait until writable, then call again
			case e != nil:
				serr = e
				return true
			}
			n += m
		}
		return true
	})
	if err == nil {
		err = serr
	}
	return n, err
}
