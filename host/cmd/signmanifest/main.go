// Command signmanifest makes the ECDSA P-256 key pair for manifest signing and signs a
// generator's conf/integrity.json, writing conf/integrity.json.sig; the host checks it at start
// when given -manifest-key. Keep the private key off the web server.
//
//	signmanifest -genkey -key manifest.key -pub manifest.pub
//	signmanifest -key manifest.key dist/conf/integrity.json
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"zeisim/distconf"
	"zeisim/host/manifest"
)

func main() {
	genkey := flag.Bool("genkey", false, "make a new key pair (-key and -pub) instead of signing")
	keyFile := flag.String("key", "manifest.key", "private key (PEM, PKCS #8)")
	pubFile := flag.String("pub", "manifest.pub", "public key to write with -genkey (PEM)")
	flag.Parse()
	if err := run(*genkey, *keyFile, *pubFile, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "signmanifest:", err)
		os.Exit(1)
	}
}

func run(genkey bool, keyFile, pubFile string, files []string) error {
	if genkey {
		key, err := manifest.GenerateKey()
		if err != nil {
			return err
		}
		priv, err := manifest.EncodePrivateKey(key)
		if err != nil {
			return err
		}
		pub, err := manifest.EncodePublicKey(&key.PublicKey)
		if err != nil {
			return err
		}
		// O_EXCL: never overwrite a key that may have signed deployed manifests.
		f, err := os.OpenFile(keyFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		if _, err := f.Write(priv); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		return os.WriteFile(pubFile, pub, 0o644)
	}
	if len(files) == 0 {
		return errors.New("name the manifest to sign (dist/conf/integrity.json)")
	}
	key, err := manifest.ReadPrivateKey(keyFile)
	if err != nil {
		return err
	}
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		if _, err := distconf.ParseManifest(raw); err != nil {
			return err
		}
		sig, err := manifest.Sign(key, raw)
		if err != nil {
			return err
		}
		if err := os.WriteFile(manifest.SignatureFile(file), sig, 0o644); err != nil {
			return err
		}
		fmt.Println("signed", file, "→", manifest.SignatureFile(file))
	}
	return nil
}
