//go:build linux && (amd64 || arm64)

package sealed

import (
	"os"
	"syscall"
	"unsafe"
)

const (
	mfdCloexec      = 0x1
	mfdAllowSealing = 0x2
	fAddSeals       = 1024 + 9
	fGetSeals       = 1024 + 10
	fSealSeal       = 0x1
	fSealShrink     = 0x2
	fSealGrow       = 0x4
	fSealWrite      = 0x8
	allSeals        = fSealSeal | fSealShrink | fSealGrow | fSealWrite
)

func create(name string, b []byte) (*os.File, error) {
	p, err := syscall.BytePtrFromString("zeisim:" + name)
	if err != nil {
		return nil, err
	}
	fd, _, errno := syscall.Syscall(sysMemfdCreate, uintptr(unsafe.Pointer(p)), mfdCloexec|mfdAllowSealing, 0)
	if errno != 0 {
		return nil, os.NewSyscallError("memfd_create", errno)
	}
	f := os.NewFile(fd, name)
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, err
	}
	if _, _, errno := syscall.Syscall(syscall.SYS_FCNTL, fd, fAddSeals, allSeals); errno != 0 {
		f.Close()
		return nil, os.NewSyscallError("fcntl F_ADD_SEALS", errno)
	}
	return f, nil
}

// seals reports the file's seals (for tests).
func seals(f *os.File) (int, error) {
	s, _, errno := syscall.Syscall(syscall.SYS_FCNTL, f.Fd(), fGetSeals, 0)
	if errno != 0 {
		return 0, errno
	}
	return int(s), nil
}

func sendTo(r *Region, c syscall.RawConn) (int64, error) {
	src, err := r.f.f.SyscallConn()
	if err != nil {
		return 0, err
	}
	var sent int64
	var serr error
	// The sealed file is a regular file: it never blocks, so Control suffices on its side.
	cerr := src.Control(func(in uintptr) {
		werr := c.Write(func(out uintptr) bool {
			for r.off < r.end {
				off := r.off
				n, err := syscall.Sendfile(int(out), int(in), &off, int(min(r.end-r.off, 1<<30)))
				if n > 0 {
					r.off += int64(n)
					sent += int64(n)
				}
				switch {
				case err == syscall.EINTR:
				case err == syscall.EAGAIN:
					return false // wait until the socket drains
				case err != nil:
					serr = err
					if sent == 0 && (err == syscall.EINVAL || err == syscall.ENOSYS || err == syscall.EPERM) {
						serr = ErrNoSendfile
					}
					return true
				case n == 0:
					serr = syscall.EIO // the sealed file cannot shrink: never expected
					return true
				}
			}
			return true
		})
		if serr == nil {
			serr = werr
		}
	})
	if serr == nil {
		serr = cerr
	}
	return sent, serr
}
