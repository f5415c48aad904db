package manifest

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"zeisim/distconf"
	"zeisim/host/testsite"
)

func build(t *testing.T) (string, *Manifest) {
	dir := testsite.Build(t, testsite.Files())
	raw, err := os.ReadFile(filepath.Join(dir, "conf", "integrity.json"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := distconf.ParseManifest(raw)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "public"), m
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, pub string)
		want   []Change
	}{
		{"clean", func(*testing.T, string) {}, nil},
		{"modified", func(t *testing.T, pub string) {
			os.WriteFile(filepath.Join(pub, "index.html"), []byte("defaced"), 0o644)
		}, []Change{{"/index.html", "modified"}}},
		{"same size, other bytes", func(t *testing.T, pub string) {
			p := filepath.Join(pub, "robots.txt")
			b, _ := os.ReadFile(p)
			b[0] ^= 1
			os.WriteFile(p, b, 0o644)
		}, []Change{{"/robots.txt", "modified"}}},
		{"missing", func(t *testing.T, pub string) {
			os.Remove(filepath.Join(pub, "a", "tax.0123456789ab.wasm"))
		}, []Change{{"/a/tax.0123456789ab.wasm", "missing"}}},
		{"extra", func(t *testing.T, pub string) {
			os.WriteFile(filepath.Join(pub, "a", "evil.js"), []byte("x"), 0o644)
		}, []Change{{"/a/evil.js", "extra"}}},
		{"extra dotfile", func(t *testing.T, pub string) {
			os.WriteFile(filepath.Join(pub, ".env"), []byte("x"), 0o644)
		}, []Change{{"/.env", "extra"}}},
		{"symlink in place of a file", func(t *testing.T, pub string) {
			p := filepath.Join(pub, "robots.txt")
			b, _ := os.ReadFile(p)
			other := filepath.Join(t.TempDir(), "robots.txt")
			os.WriteFile(other, b, 0o644)
			os.Remove(p)
			os.Symlink(other, p)
		}, []Change{{"/robots.txt", "extra"}, {"/robots.txt", "missing"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub, m := build(t)
			tt.change(t, pub)
			got, err := Compare(m, pub)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	const h = `"sha256":"0000000000000000000000000000000000000000000000000000000000000000","size":1`
	for _, raw := range []string{
		`{}`, `{"files":{}}`, `not json`,
		`{"files":{"index.html":{` + h + `}}}`,
		`{"files":{"/a/../x":{` + h + `}}}`,
		`{"files":{"/a//x":{` + h + `}}}`,
		`{"files":{"/":{` + h + `}}}`,
		`{"files":{"/x\\y":{` + h + `}}}`,
		`{"files":{"/x":{"sha256":"abc","size":1}}}`,
		`{"files":{"/x":{"sha256":"0000000000000000000000000000000000000000000000000000000000000000","size":-1}}}`,
	} {
		if _, err := distconf.ParseManifest([]byte(raw)); err == nil {
			t.Errorf("accepted %s", raw)
		}
	}
}

func TestSignature(t *testing.T) {
	key, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	privPEM, _ := EncodePrivateKey(key)
	pubPEM, _ := EncodePublicKey(&key.PublicKey)
	os.WriteFile(filepath.Join(dir, "k.pem"), privPEM, 0o600)
	os.WriteFile(filepath.Join(dir, "k.pub"), pubPEM, 0o644)
	priv, err := ReadPrivateKey(filepath.Join(dir, "k.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ReadPublicKey(filepath.Join(dir, "k.pub"))
	if err != nil {
		t.Fatal(err)
	}
	raw := []byte(`{"files":{}}`)
	sig, err := Sign(priv, raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(pub, raw, sig); err != nil {
		t.Errorf("own signature: %v", err)
	}
	if err := Verify(pub, []byte(`{"files":{"/x":{}}}`), sig); err == nil {
		t.Error("signature verified for changed content")
	}
	other, _ := GenerateKey()
	if err := Verify(&other.PublicKey, raw, sig); err == nil {
		t.Error("signature verified with another key")
	}
	if err := Verify(pub, raw, []byte("!!!")); err == nil {
		t.Error("garbage signature verified")
	}
	if _, err := ReadPublicKey(filepath.Join(dir, "k.pem")); err == nil {
		t.Error("read a private key file as a public key")
	}
}
