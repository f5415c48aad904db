// Command reports writes the security documents that are not pages of the site:
//
//	reports update -prev OLD.json -cur dist/conf/environment.json -date 2026-12-01
//	    様式第3号 (ソフトウェア等の運用報告): what changed since last month's 様式第2号, as CSV
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
		prev := fs.String("prev", "", "last report's environment.json")
		cur := fs.String("cur", "dist/conf/environment.json", "this build's environment.json")
		date := fs.String("date", "", "date the updates were applied (YYYY-MM-DD)")
		out := fs.String("o", "", "output file (default: standard output)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *prev == "" || *date == "" {
			return fmt.Errorf("update needs -prev and -date")
		}
		var p, c evidence.Environment
		if err := readJSON(*prev, &p); err != nil {
			return err
		}
		if err := readJSON(*cur, &c); err != nil {
			return err
		}
		return write(*out, stdout, evidence.UpdateReportCSV(evidence.Updates(p, c), *date))
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
	return fmt.Errorf("unknown command %q: use update or sbom", args[0])
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
