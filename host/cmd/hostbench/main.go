// Command hostbench measures our host against nginx serving the same dist/ with the same
// header set, on loopback only (host/loadbench); `make bench` runs it.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"zeisim/host/cmd/hostbench/loadbench"
)

func main() {
	dist := flag.String("dist", "dist", "the generator's output")
	hostBin := flag.String("host", "", "host binary (built by make bench)")
	dur := flag.Duration("d", 5*time.Second, "duration of one wrk run")
	rounds := flag.Int("rounds", 2, "alternating rounds per path")
	conns := flag.Int("c", 64, "wrk connections")
	bare := flag.Bool("bare", false, "also load the site handler alone on a default http.Server (no log, limits or timeouts): what net/http itself costs")
	only := flag.String("only", "", "measure only the paths containing this text (all three when empty)")
	serveBare := flag.String("serve-bare", "", "(internal) serve -dist that way on this address")
	flag.Parse()
	if *serveBare != "" {
		if err := loadbench.RunBare(*dist, *serveBare); err != nil {
			fmt.Fprintln(os.Stderr, "hostbench:", err)
			os.Exit(1)
		}
		return
	}
	if err := loadbench.Run(*dist, *hostBin, *dur, *rounds, *conns, *bare, *only); err != nil {
		fmt.Fprintln(os.Stderr, "hostbench:", err)
		os.Exit(1)
	}
}
