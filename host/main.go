// Command host serves a site built by the generator: only its verified files, with the
// generated security headers, CRYPTREC-only TLS, limits, logs, maintenance mode and tamper
// detection. Flags: host -h; operations: README.md, "The host".
//
// The binary runs Go's cryptographic module in FIPS 140-3 mode by default: TLS 1.3 suites
// cannot be configured in Go, and this mode is what removes ChaCha20-Poly1305 (not on the
// CRYPTREC list) from them. GODEBUG=fips140=... in the environment would override it; the
// host refuses to start then (see service.Config.Check).

//go:debug fips140=on
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"zeisim/host/service"
)

func main() {
	cfg := service.Flags(flag.CommandLine)
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := service.Run(ctx, *cfg); err != nil {
		fmt.Fprintln(os.Stderr, "host:", err)
		if errors.Is(err, service.ErrTampered) {
			os.Exit(3)
		}
		os.Exit(1)
	}
}
