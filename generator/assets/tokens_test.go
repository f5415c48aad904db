package assets

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestDesignTokensMatchPackage: site/assets/css/_tokens.css is the デジタル庁 design system's
// tokens exactly as published on npm (@digital-go-jp/design-tokens, pinned in
// e2e/package-lock.json and installed by make deps). The copy lets a build run without npm;
// this test keeps it from drifting. To update: bump the version in e2e/package.json, npm
// install there, copy dist/tokens.css over _tokens.css.
func TestDesignTokensMatchPackage(t *testing.T) {
	root := filepath.Join("..", "..")
	pkg, err := os.ReadFile(filepath.Join(root, "e2e", "node_modules", "@digital-go-jp", "design-tokens", "dist", "tokens.css"))
	if err != nil {
		t.Fatalf("the npm package is not installed (make deps installs it): %v", err)
	}
	ours, err := os.ReadFile(filepath.Join(root, "site", "assets", "css", "_tokens.css"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pkg, ours) {
		t.Fatalf("site/assets/css/_tokens.css (%d bytes) differs from the package's dist/tokens.css (%d bytes): copy it again", len(ours), len(pkg))
	}
}
