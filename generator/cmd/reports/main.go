// Command reports writes the security documents that are not pages of the site:
//
//	reports update -prev last-month-dist -cur dist -date 2026-12-01
//	    様式第3号 (ソフトウェア等の運用報告): what changed between two builds (their
//	    conf/environment.json; a folder or the file itself), as CSV
//	reports environment -cur dist -running http://127.0.0.1:9090
//	    様式第2号 (運用環境報告) as CSV, with the TLS lines read from the running host's admin
//	    listener (/tls) instead of the build's description of the binary's defaults
//	reports sbom -o sbom.cdx.json bin/host bin/generator
//	    a CycloneDX SBOM of built Go binaries, from their embedded build information
package main

import (
	"debug/buildinfo"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"zeisim/generator/evidence"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "reports:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: reports update|sbom …")
	}
	switch args[0] {
	case "update":
		fs := flag.NewFlagSet("update", flag.ContinueOnError)
		prev := fs.String("prev", "", "last report's build (its folder, or its conf/environment.json)")
		cur := fs.String("cur", "dist", "this build (its folder, or its conf/environment.json)")
		date := fs.String("date", "", "date the updates were applied (YYYY-MM-DD)")
		out := fs.String("o", "", "output file (default: standard output)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *prev == "" || *date == "" {
			return fmt.Errorf("update needs -prev and -date")
		}
		var p, c evidence.Environment
		if err := evidence.ReadEnvironment(*prev, &p); err != nil {
			return err
		}
		if err := evidence.ReadEnvironment(*cur, &c); err != nil {
			return err
		}
		return write(*out, stdout, evidence.UpdateReportCSV(evidence.Updates(p, c), *date))
	case "environment":
		fs := flag.NewFlagSet("environment", flag.ContinueOnError)
		cur := fs.String("cur", "dist", "the build the host serves (its folder, or its conf/environment.json)")
		running := fs.String("running", "", "the running host's admin address, e.g. http://127.0.0.1:9090")
		out := fs.String("o", "", "output file (default: standard output)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *running == "" {
			return fmt.Errorf("environment needs -running (the host's -admin-addr as a URL)")
		}
		var env evidence.Environment
		if err := evidence.ReadEnvironment(*cur, &env); err != nil {
			return err
		}
		lines, err := evidence.RunningTLS(*running)
		if err != nil {
			return err
		}
		env.TLS = lines
		return write(*out, stdout, env.CSV())
	case "sbom":
		fs := flag.NewFlagSet("sbom", flag.ContinueOnError)
		out := fs.String("o", "", "output file (default: standard output)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		bins := map[string]*debug.BuildInfo{}
		for _, f := range fs.Args() {
			bi, err := buildinfo.ReadFile(f)
			if err != nil {
				return fmt.Errorf("%s: %w", f, err)
			}
			bins[filepath.Base(f)] = bi
		}
		if len(bins) == 0 {
			return fmt.Errorf("sbom needs the binaries to describe")
		}
		doc, err := evidence.SBOM("zeisim", bins)
		if err != nil {
			return err
		}
		return write(*out, stdout, append(doc, '\n'))
	}
	return fmt.Errorf("unknown command %q: use update, environment or sbom", args[0])
}

func readJSON(file string, v any) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

func write(file string, stdout io.Writer, data []byte) error {
	if file == "" {
		_, err := stdout.Write(data)
		return err
	}
	return os.WriteFile(file, data, 0o644)
}
