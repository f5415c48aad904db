//go:build !linux

package sealed

import (
	"os"
	"syscall"
)

func create(string, []byte) (*os.File, error) { return nil, ErrUnsupported }

func seals(*os.File) (int, error) { return 0, ErrUnsupported }

func sendTo(*Region, syscall.RawConn) (int64, error) { return 0, ErrNoSendfile }
