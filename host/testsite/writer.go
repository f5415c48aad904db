package testsite

import (
	"io"
	"net/http"
	"syscall"
	"testing"
	"time"
)

// Writer is a ResponseWriter for benchmarks: like net/http's, it starts each response with an
// empty header map, but it keeps only the status and the body size, so a benchmark measures
// the handler and not a recorder's buffer growth. Reset readies it for the next request.
type Writer struct {
	h      http.Header
	Status int
	Bytes  int
}

func (w *Writer) Header() http.Header {
	if w.h == nil {
		w.h = make(http.Header)
	}
	return w.h
}

func (w *Writer) WriteHeader(code int) {
	if w.Status == 0 {
		w.Status = code
	}
}

func (w *Writer) Write(b []byte) (int, error) {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	w.Bytes += len(b)
	return len(b), nil
}

// Reset forgets the last response; the next one gets a new header map, as on a real connection.
func (w *Writer) Reset() { *w = Writer{} }

// CPUTime is the process's user and system CPU time so far. Benchmarks report it per
// operation next to ns/op: on a machine shared with other work the wall clock counts the time
// spent waiting for a core, the CPU time does not.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// ReportCPU reports the CPU time per operation since start as "cpu-ns/op".
func ReportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(CPUTime()-start)/float64(b.N), "cpu-ns/op")
}

// Fetch sends req with c and returns the response with its whole body; any error fails t.
func Fetch(t testing.TB, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}
