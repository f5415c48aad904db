//go:build !linux

package limits

import "syscall"

// setCork does nothing where TCP_CORK does not exist: responses are sent as written.
func setCork(syscall.RawConn, bool) bool { return false }

// writeMore is refused where MSG_MORE does not exist: the caller writes as usual.
func writeMore(syscall.RawConn, []byte) (int, error) { return 0, errNoMore }
