// Package tlsconf is the host's TLS: only what the CRYPTREC list and its TLS guideline
// (推奨セキュリティ型) allow, with certificates read from files and swapped on SIGHUP without
// dropping a connection. See /work/shared/docs/security.md §2 for the facts behind each line.
package tlsconf

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/fips140"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"sync/atomic"
)

// CipherSuites are the TLS 1.2 suites offered: ECDHE key exchange with AES-GCM only (no CBC,
// no ChaCha20, no static RSA). Go ignores the order. TLS 1.3 suites cannot be configured in Go:
// the server may pick AES-128-GCM, AES-256-GCM or ChaCha20-Poly1305 unless FIPS 140-3 mode is
// on, which removes ChaCha20 there too. The host binary turns it on itself (//go:debug in
// host/main.go; TestBinaryRefusesChaCha20).
var CipherSuites = []uint16{
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
}

// Groups are the key-exchange groups: the NIST curves on the CRYPTREC list and their ML-KEM
// hybrids (Go 1.26). X25519 (and so X25519MLKEM768) is left out until CRYPTREC lists it;
// browsers then answer a HelloRetryRequest with P-256, one extra round trip.
var Groups = []tls.CurveID{tls.SecP256r1MLKEM768, tls.SecP384r1MLKEM1024, tls.CurveP256, tls.CurveP384}

// Config returns the server configuration around a certificate source.
func Config(getCert func(*tls.ClientHelloInfo) (*tls.Certificate, error)) *tls.Config {
	return &tls.Config{
		MinVersion:       tls.VersionTLS12,
		MaxVersion:       tls.VersionTLS13,
		CipherSuites:     CipherSuites,
		CurvePreferences: Groups,
		GetCertificate:   getCert,
		NextProtos:       []string{"h2", "http/1.1"},
	}
}

// FIPS reports whether the Go cryptographic module runs in FIPS 140-3 mode.
func FIPS() bool { return fips140.Enabled() }

// Certs holds the current certificate; Reload swaps it atomically, so handshakes in progress
// and open connections keep the one they started with.
type Certs struct {
	certFile, keyFile string
	cur               atomic.Pointer[tls.Certificate]
}

// LoadCerts reads and checks a PEM certificate chain and key.
func LoadCerts(certFile, keyFile string) (*Certs, error) {
	c := &Certs{certFile: certFile, keyFile: keyFile}
	if err := c.Reload(); err != nil {
		return nil, err
	}
	return c, nil
}

// Reload re-reads the files; on any error the old certificate stays in use.
func (c *Certs) Reload() error {
	cert, err := tls.LoadX509KeyPair(c.certFile, c.keyFile)
	if err != nil {
		return err
	}
	if err := Check(&cert); err != nil {
		return fmt.Errorf("%s: %w", c.certFile, err)
	}
	c.cur.Store(&cert)
	return nil
}

// GetCertificate is tls.Config.GetCertificate.
func (c *Certs) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	return c.cur.Load(), nil
}

// Leaf is the certificate now in use (for logs and tests).
func (c *Certs) Leaf() *x509.Certificate { return c.cur.Load().Leaf }

// Check accepts ECDSA P-256 or RSA of at least 2048 bits, signed with SHA-2: the key types
// and sizes the CRYPTREC list and the TLS guideline allow.
func Check(cert *tls.Certificate) error {
	leaf := cert.Leaf
	if leaf == nil {
		if len(cert.Certificate) == 0 {
			return errors.New("no certificate")
		}
		var err error
		if leaf, err = x509.ParseCertificate(cert.Certificate[0]); err != nil {
			return err
		}
		cert.Leaf = leaf
	}
	switch k := leaf.PublicKey.(type) {
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return fmt.Errorf("ECDSA key on %s: only P-256 is accepted", k.Curve.Params().Name)
		}
	case *rsa.PublicKey:
		if k.N.BitLen() < 2048 {
			return fmt.Errorf("RSA key of %d bits: at least 2048 are required", k.N.BitLen())
		}
	default:
		return fmt.Errorf("%T key: only ECDSA P-256 or RSA ≥ 2048 are accepted", k)
	}
	switch leaf.SignatureAlgorithm {
	case x509.SHA1WithRSA, x509.ECDSAWithSHA1, x509.MD5WithRSA, x509.DSAWithSHA1, x509.DSAWithSHA256:
		return fmt.Errorf("certificate signed with %s: SHA-2 is required", leaf.SignatureAlgorithm)
	}
	return nil
}
