//go:build !linux

package limits

import "syscall"

// pushHeld has nothing to push where writeMore holds nothing back.
func pushHeld(syscall.RawConn) {}

// writeMore is refused where MSG_MORE does not exist: the caller writes as usual.
func writeMore(syscall.RawConn, []byte) (int, error) { return 0, errNoMore }
