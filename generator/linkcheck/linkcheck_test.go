package linkcheck

import (
	"fmt"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	published := map[string]bool{"/index.html": true, "/guide/index.html": true, "/a/site.1.css": true, "/a/tax.1.wasm": true}
	page := func(html string) []Doc {
		return []Doc{
			{Path: "/guide/index.html", Source: "content/ja/guide/index.md", SourceText: []byte("一\n二 [x](/nope/)\n"), SourceLine: 4, HTML: []byte(html)},
			{Path: "/index.html", Source: "content/ja/index.md", HTML: []byte(`<h2 id="控除">x</h2>`)},
		}
	}
	for _, tc := range []struct {
		html, want string // want "" means no problem
	}{
		{`<a href="/">x</a><a href="/guide/">y</a><link href="/a/site.1.css">`, ""},
		{`<a href="https://example.jp/x">x</a><a href="mailto:a@b.jp">m</a><a href="tel:0466">t</a>`, ""},
		{`<a href="/#控除">x</a><a href="/#%E6%8E%A7%E9%99%A4">y</a>`, ""},
		{`<a href="../">up</a><a href="#">top</a>`, ""},
		{`<form data-wasm="/a/tax.1.wasm"></form>`, ""},
		{`<a href="/nope/">x</a>`, "content/ja/guide/index.md:5: href=\"/nope/\" does not resolve"},
		{`<a href="/guide">x</a>`, `write "/guide/"`},
		{`<a href="/#医療費">x</a>`, "no element with that id"},
		{`<img src="/a/missing.png">`, `src="/a/missing.png" does not resolve`},
		{`<form data-wasm="/a/tax.2.wasm"></form>`, `data-wasm="/a/tax.2.wasm" does not resolve`},
		{`<a href="ftp://x/">x</a>`, "scheme ftp"},
	} {
		probs := Check(page(tc.html), published)
		docs := page(tc.html)
		for i := range docs {
			docs[i].Scanned = scan(docs[i].HTML)
		}
		if pre := Check(docs, published); fmt.Sprint(pre) != fmt.Sprint(probs) {
			t.Errorf("%s: pre-scanned %v, scanned by Check %v", tc.html, pre, probs)
		}
		if tc.want == "" {
			if len(probs) > 0 {
				t.Errorf("%s: %v", tc.html, probs)
			}
			continue
		}
		if len(probs) != 1 || !strings.Contains(probs[0].String(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.html, probs, tc.want)
		}
	}
}
