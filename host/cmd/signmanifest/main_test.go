package main

import (
	"os"
	"path/filepath"
	"testing"

	"zeisim/host/manifest"
	"zeisim/host/testsite"
)

func TestGenkeyAndSign(t *testing.T) {
	dir := testsite.Build(t, testsite.Files())
	keys := t.TempDir()
	key, pub := filepath.Join(keys, "m.key"), filepath.Join(keys, "m.pub")
	if err := run(true, key, pub, nil); err != nil {
		t.Fatal(err)
	}
	if err := run(true, key, pub, nil); err == nil {
		t.Error("-genkey overwrote an existing key")
	}
	if st, _ := os.Stat(key); st.Mode().Perm() != 0o600 {
		t.Errorf("private key mode %v", st.Mode().Perm())
	}
	mfile := filepath.Join(dir, "conf", "integrity.json")
	if err := run(false, key, pub, []string{mfile}); err != nil {
		t.Fatal(err)
	}
	pk, err := manifest.ReadPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(mfile)
	sig, _ := os.ReadFile(manifest.SignatureFile(mfile))
	if err := manifest.Verify(pk, raw, sig); err != nil {
		t.Error(err)
	}
	if err := run(false, key, pub, []string{filepath.Join(dir, "conf", "headers.json")}); err == nil {
		t.Error("signed a file that is not a manifest")
	}
}
