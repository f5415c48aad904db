package limits

import "syscall"

// setCork sets or clears TCP_CORK and reports whether the socket is now corked.
func setCork(raw syscall.RawConn, on bool) bool {
	v := 0
	if on {
		v = 1
	}
	var serr error
	if err := raw.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_CORK, v)
	}); err != nil || serr != nil {
		return false
	}
	return on
}
