// Command devcert writes a throwaway test CA and a localhost server certificate (ECDSA P-256,
// valid one day) for trying the TLS host on loopback and for `make observatory`. Never use
// these in production: the key files are written unprotected into -dir.
//
//	devcert -dir /tmp/zeisim-tls   # writes ca.pem, cert.pem, key.pem
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"zeisim/host/testcert"
)

func main() {
	dir := flag.String("dir", "", "folder for ca.pem, cert.pem and key.pem")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "devcert:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	if dir == "" {
		return fmt.Errorf("give -dir")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	ca, err := testcert.NewCA()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), ca.PEM, 0o644); err != nil {
		return err
	}
	_, _, err = ca.WriteFiles(dir, "p256", 2)
	return err
}
