// Command hostfacts writes what the security documents say about the host, as data: every
// flag with its default (監視体制表) and the TLS settings of the binary as built (様式第2号).
// The generator reads the file instead of importing the host (the two never import each
// other); TestFactsCurrent fails when the file no longer matches the host.
//
//	go run ./host/cmd/hostfacts > generator/evidence/hostfacts.json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"zeisim/host/service"
	"zeisim/host/tlsconf"
)

// Facts is the file's shape; generator/evidence.HostFacts reads the same fields.
type Facts struct {
	Flags map[string]string `json:"flags"` // name (without -) → default
	TLS   []string          `json:"tls"`   // tlsconf.Summary with FIPS mode on, the binary's default
}

func facts() Facts {
	fs := flag.NewFlagSet("host", flag.ContinueOnError)
	service.Flags(fs)
	f := Facts{Flags: map[string]string{}, TLS: tlsconf.Summary(true)}
	fs.VisitAll(func(fl *flag.Flag) { f.Flags[fl.Name] = fl.DefValue })
	return f
}

func render(f Facts) []byte {
	b, _ := json.MarshalIndent(f, "", "  ") // map keys sorted: deterministic
	return append(b, '\n')
}

func main() {
	if _, err := os.Stdout.Write(render(facts())); err != nil {
		fmt.Fprintln(os.Stderr, "hostfacts:", err)
		os.Exit(1)
	}
}
