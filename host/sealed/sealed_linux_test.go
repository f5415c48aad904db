//go:build linux && (amd64 || arm64)

package sealed

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"sync"
	"syscall"
	"testing"
)

func content(n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func newOrSkip(t *testing.T, b []byte) *File {
	t.Helper()
	f, err := New("test", b)
	if errors.Is(err, ErrUnsupported) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestSealedFileCannotChange(t *testing.T) {
	b := content(100 << 10)
	f := newOrSkip(t, b)
	s, err := seals(f.f)
	if err != nil || s != allSeals {
		t.Fatalf("seals %#x (%v), want %#x", s, err, allSeals)
	}
	if _, err := f.f.WriteAt([]byte("defaced"), 0); err == nil {
		t.Error("wrote into the sealed file")
	}
	if err := f.f.Truncate(10); err == nil {
		t.Error("shrank the sealed file")
	}
	// Another descriptor of the same file (as anyone able to reach /proc/PID/fd would get).
	if w, err := os.OpenFile("/proc/self/fd/"+strconv.Itoa(int(f.f.Fd())), os.O_WRONLY, 0); err == nil {
		if _, err := w.Write([]byte("defaced")); err == nil {
			t.Error("wrote into the sealed file through /proc")
		}
		w.Close()
	}
	got, err := io.ReadAll(f.Region())
	if err != nil || !bytes.Equal(got, b) {
		t.Fatalf("Region read %d bytes (%v), want the %d bytes sealed", len(got), err, len(b))
	}
}

// TestSendTo sends an 8 MB file, far more than the socket buffers hold (so the sender waits
// for the socket to drain), to two connections at once: each gets exactly the content.
func TestSendTo(t *testing.T) {
	b := content(8 << 20)
	f := newOrSkip(t, b)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	go func() {
		for i := 0; i < 2; i++ {
			c, err := ln.Accept()
			if err != nil {
				errs <- err
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				raw, err := c.(syscall.Conn).SyscallConn()
				if err != nil {
					errs <- err
					return
				}
				r := f.Region()
				n, err := r.SendTo(raw)
				if err != nil || n != int64(len(b)) || r.Remaining() != 0 {
					errs <- errors.New("sent " + strconv.FormatInt(n, 10) + " bytes: " + errString(err))
				}
			}()
		}
	}()
	var got [2][]byte
	var cwg sync.WaitGroup
	for i := range got {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		cwg.Add(1)
		go func() {
			defer cwg.Done()
			defer c.Close()
			got[i], _ = io.ReadAll(c)
		}()
	}
	cwg.Wait()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i := range got {
		if !bytes.Equal(got[i], b) {
			t.Errorf("connection %d received %d bytes, not the %d sealed", i, len(got[i]), len(b))
		}
	}
}

func errString(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}
