// Command host serves a site built by the generator: only its verified files, with the
// generated security headers, CRYPTREC-only TLS, limits, logs, maintenance mode and tamper
// detection. Flags: host -h; operations: README.md, "The host".
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
