//go:build linux || darwin

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkBatch runs the built command on a batch of 20,000 households streamed through
// standard input, as an operator would, and reports households per second and the process's
// peak resident memory (which streaming keeps at one household's worth plus the runtime).
func BenchmarkBatch(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "taxcalc")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	const n = 20000
	var peak int64
	var elapsed time.Duration
	b.ResetTimer()
	for range b.N {
		cmd := exec.Command(bin)
		cmd.Stdin = &households{n: n}
		devnull, _ := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		cmd.Stdout = devnull
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		devnull.Close()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss) // KiB on Linux
		}
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "households/s")
	b.ReportMetric(float64(peak)/1024, "peak-RSS-MiB")
}
