package build

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestNavListsRenderedOnce: the real content with 60 more pages (in the nav's sections and
// outside them) builds to the same bytes whether the header's nav list is rendered once per
// layout, language and current entry or for every page, and the first way renders it far
// fewer times than there are pages.
func TestNavListsRenderedOnce(t *testing.T) {
	content := t.TempDir()
	if err := os.CopyFS(content, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		write(t, filepath.Join(content, "ja", "bench", fmt.Sprintf("page-%04d.md", i)), editorPage(i))
		write(t, filepath.Join(content, "en", "guide", fmt.Sprintf("note-%02d.md", i)), fmt.Sprintf("---\ntitle: Note %d\n---\nA note.\n", i))
	}
	dists := map[bool]string{}
	renders := map[bool]int{}
	pages := 0
	for _, perPage := range []bool{false, true} {
		nt := &navTest{PerPage: perPage}
		cfg := Config{ContentDir: content, SiteDir: "../../site", OutDir: filepath.Join(t.TempDir(), "dist"), navTest: nt,
			Wasm: Wasm{Prebuilt: "testdata/wasm/fake.wasm", PrebuiltExecJS: "testdata/wasm/wasm_exec.js"}}
		res, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		dists[perPage], renders[perPage], pages = cfg.OutDir, nt.Renders, res.Pages
	}
	once, each := readTree(t, dists[false]), readTree(t, dists[true])
	if len(once) != len(each) {
		t.Fatalf("%d files rendered once, %d rendered for each page", len(once), len(each))
	}
	for p, data := range each {
		if !bytes.Equal(once[p], data) {
			t.Errorf("%s differs when the nav list is rendered once per entry", p)
		}
	}
	t.Logf("nav list rendered %d times once per entry, %d for every page, %d pages", renders[false], renders[true], pages)
	if renders[true] < pages || renders[false] > pages/3 {
		t.Errorf("nav list rendered %d times once per entry, %d times for every page, for %d pages", renders[false], renders[true], pages)
	}
}
