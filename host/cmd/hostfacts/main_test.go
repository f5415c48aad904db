package main

import (
	"bytes"
	"os"
	"testing"
)

// TestFactsCurrent: generator/evidence/hostfacts.json is what this host says about itself.
// After changing a flag or a TLS setting: go run ./host/cmd/hostfacts > generator/evidence/hostfacts.json
func TestFactsCurrent(t *testing.T) {
	const file = "../../../generator/evidence/hostfacts.json"
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if want := render(facts()); !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go run ./host/cmd/hostfacts > generator/evidence/hostfacts.json\n--- file\n%s\n--- host\n%s", file, got, want)
	}
}
