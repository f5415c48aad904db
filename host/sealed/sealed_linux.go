//go:build linux

package sealed

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// allSeals forbids any later write, growth, shrinking or change of the seals themselves.
const allSeals = unix.F_SEAL_SEAL | unix.F_SEAL_SHRINK | unix.F_SEAL_GROW | unix.F_SEAL_WRITE

// create uses golang.org/x/sys/unix for memfd_create and the seals: the standard library's
// syscall package has neither, and calling them by hand would need package unsafe in our
// code (IPA 10-(i)-a: our code does not touch memory directly).
func create(name string, b []byte) (*os.File, error) {
	fd, err := unix.MemfdCreate("zeisim:"+name, unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING)
	if err != nil {
		return nil, os.NewSyscallError("memfd_create", err)
	}
	f := os.NewFile(uintptr(fd), name)
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_ADD_SEALS, allSeals); err != nil {
		f.Close()
		return nil, os.NewSyscallError("fcntl F_ADD_SEALS", err)
	}
	return f, nil
}

// seals reports the file's seals (for tests).
func seals(f *os.File) (int, error) {
	return unix.FcntlInt(f.Fd(), unix.F_GET_SEALS, 0)
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
