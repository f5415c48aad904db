// Package sealed keeps a copy of verified content in a sealed memory file (Linux memfd with
// the write, grow, shrink and seal seals set), from which a socket sends it with sendfile(2)
// instead of copying it through the process, as nginx does from its document root. Nothing,
// this process included, can change a sealed file's bytes after they were checked, so sending
// from it keeps the host's promise that only verified bytes leave.
package sealed

import (
	"errors"
	"io"
	"os"
	"syscall"
)

// ErrUnsupported is returned by New where the system has no sealed memory files.
var ErrUnsupported = errors.New("sealed memory files are not supported here")

// File is content held twice: in memory (for readers) and in a sealed memory file (for
// sendfile). It is immutable and safe for concurrent use; the file is closed when the File is
// garbage collected.
type File struct {
	f    *os.File
	data []byte
}

// New seals a copy of b. The caller keeps b and must not change it.
func New(name string, b []byte) (*File, error) {
	f, err := create(name, b)
	if err != nil {
		return nil, err
	}
	return &File{f: f, data: b}, nil
}

// Region is a fresh reader of the whole content, for one response.
func (f *File) Region() *Region { return &Region{f: f, end: int64(len(f.data))} }

// Region reads part of a File. Read copies from memory; SendTo has the kernel copy from the
// sealed file at the region's own offset, so one File serves many connections at once.
type Region struct {
	f        *File
	off, end int64
}

func (r *Region) Read(p []byte) (int, error) {
	if r.off >= r.end {
		return 0, io.EOF
	}
	n := copy(p, r.f.data[r.off:r.end])
	r.off += int64(n)
	return n, nil
}

// Remaining is how many bytes are left to read or send.
func (r *Region) Remaining() int64 { return r.end - r.off }

// ErrNoSendfile is returned by SendTo, before anything was sent, when the kernel refuses
// sendfile for this socket: the caller writes the region with Read instead.
var ErrNoSendfile = errors.New("sendfile not available")

// SendTo sends the rest of the region to the socket behind c with sendfile(2), waiting for
// the socket to drain as a Write would (and within the connection's write deadline).
func (r *Region) SendTo(c syscall.RawConn) (int64, error) {
	return sendTo(r, c)
}
