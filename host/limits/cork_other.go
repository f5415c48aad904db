//go:build !linux

package limits

import "syscall"

// setCork does nothing where TCP_CORK does not exist: responses are sent as written.
func setCork(syscall.RawConn, bool) bool { return false }
