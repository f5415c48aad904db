package build

import "zeisim/generator/linkcheck"

// checkLinks resolves every href, src and data-* path of every page.
func (b *builder) checkLinks() error {
	published := make(map[string]bool, len(b.out.files)+1)
	for p := range b.out.files {
		published[p] = true
	}
	published[swURL] = true // built last, from the list of everything else
	docs := make([]linkcheck.Doc, len(b.docs))
	for i, d := range b.docs {
		docs[i] = linkcheck.Doc{Path: d.path, Source: d.source, SourceText: d.sourceText, SourceLine: d.sourceLine, HTML: b.out.files[d.path], Scanned: d.scanned}
	}
	if probs := linkcheck.Check(docs, published); len(probs) > 0 {
		return LinkError(probs)
	}
	return nil
}
