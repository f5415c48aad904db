// Package manifest checks the integrity manifest (conf/integrity.json, whose format
// distconf owns) against its optional ECDSA P-256 signature, and compares a document root on
// disk against it. The host
// serves nothing that the manifest does not name, and treats any difference on disk as tampering.
package manifest

import (
	"zeisim/distconf"

	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Manifest is the contract's integrity manifest (distconf.Manifest).
type Manifest = distconf.Manifest

// Change is one difference between the document root and the manifest.
type Change struct {
	Path string `json:"path"`
	Kind string `json:"kind"` // "modified", "missing" or "extra"
}

func (c Change) String() string { return c.Kind + " " + c.Path }

// Compare walks the document root and reports every file that differs from the manifest,
// is missing, or is not listed (symlinks and other non-regular files count as extra, since the
// generator writes none). The result is sorted by path; nil means the root matches.
func Compare(m *Manifest, publicDir string) ([]Change, error) {
	root, err := os.OpenRoot(publicDir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var changes []Change
	seen := map[string]bool{}
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		name := "/" + p
		if _, listed := m.Files[name]; !listed || !d.Type().IsRegular() {
			changes = append(changes, Change{Path: name, Kind: "extra"})
			return nil
		}
		seen[name] = true
		data, err := root.ReadFile(p)
		if err != nil {
			return err
		}
		if !m.Matches(name, data) {
			changes = append(changes, Change{Path: name, Kind: "modified"})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for name := range m.Files {
		if !seen[name] {
			changes = append(changes, Change{Path: name, Kind: "missing"})
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Path < changes[j].Path })
	return changes, nil
}

// SignatureFile is where the signature of a manifest file lives: beside it, with ".sig".
func SignatureFile(manifestFile string) string { return manifestFile + ".sig" }

// Sign returns the base64 ASN.1 ECDSA P-256 / SHA-256 signature of raw.
func Sign(key *ecdsa.PrivateKey, raw []byte) ([]byte, error) {
	if key.Curve != elliptic.P256() {
		return nil, errors.New("manifest signing key must be ECDSA P-256")
	}
	sum := sha256.Sum256(raw)
	sig, err := ecdsa.SignASN1(rand.Reader, key, sum[:])
	if err != nil {
		return nil, err
	}
	return []byte(base64.StdEncoding.EncodeToString(sig) + "\n"), nil
}

// Verify checks a signature written by Sign against raw with an ECDSA P-256 public key.
func Verify(pub *ecdsa.PublicKey, raw, sig []byte) error {
	der, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(sig)))
	if err != nil {
		return fmt.Errorf("manifest signature is not base64: %w", err)
	}
	sum := sha256.Sum256(raw)
	if !ecdsa.VerifyASN1(pub, sum[:], der) {
		return errors.New("manifest signature does not verify: the manifest was changed or signed with another key")
	}
	return nil
}

// GenerateKey makes a new P-256 signing key.
func GenerateKey() (*ecdsa.PrivateKey, error) { return ecdsa.GenerateKey(elliptic.P256(), rand.Reader) }

// EncodePrivateKey and EncodePublicKey write PEM (PKCS #8 and PKIX).
func EncodePrivateKey(key *ecdsa.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

func EncodePublicKey(pub *ecdsa.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// ReadPrivateKey and ReadPublicKey load PEM keys and insist on P-256.
func ReadPrivateKey(file string) (*ecdsa.PrivateKey, error) {
	der, err := readPEM(file, "PRIVATE KEY")
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	ec, ok := k.(*ecdsa.PrivateKey)
	if !ok || ec.Curve != elliptic.P256() {
		return nil, fmt.Errorf("%s: not an ECDSA P-256 key", file)
	}
	return ec, nil
}

func ReadPublicKey(file string) (*ecdsa.PublicKey, error) {
	der, err := readPEM(file, "PUBLIC KEY")
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	ec, ok := k.(*ecdsa.PublicKey)
	if !ok || ec.Curve != elliptic.P256() {
		return nil, fmt.Errorf("%s: not an ECDSA P-256 public key", file)
	}
	return ec, nil
}

func readPEM(file, typ string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Clean(file))
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != typ {
		return nil, fmt.Errorf("%s: no PEM %q block", file, typ)
	}
	return blk.Bytes, nil
}
