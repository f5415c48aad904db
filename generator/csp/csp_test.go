package csp

import (
	"strings"
	"testing"
)

// TestCheck: each construct that needs 'unsafe-inline' (or a hash) is refused with its
// line; the allowed forms pass.
func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		line      int    // 0: no violation expected
		reason    string // substring of the reason
	}{
		{"inline script", "<p>x</p>\n<script>alert(1)</script>", 2, "inline <script>"},
		{"inline module script", "<script type=\"module\">import x from '/a.js'</script>", 1, "inline <script>"},
		{"inline JSON-LD", "<script type=\"application/ld+json\">{}</script>", 1, "inline <script>"},
		{"empty inline script", "<script></script>", 1, "inline <script>"},
		{"style element", "\n\n<style>p{color:red}</style>", 3, "inline <style>"},
		{"style attribute", "<p\n style=\"color:red\">x</p>", 2, "style attribute"},
		{"style attribute upper case", "<P STYLE='color:red'>x</P>", 1, "style attribute"},
		{"event handler", "<img src=\"/a.png\" onerror=\"alert(1)\">", 1, "onerror"},
		{"event handler on body", "<body onload=go()>", 1, "onload"},
		{"javascript URL", "<a href=\"javascript:alert(1)\">x</a>", 1, "javascript:"},
		{"javascript URL with spaces and case", "<a href=\" JavaScript:alert(1)\">x</a>", 1, "javascript:"},
		{"javascript form action", "<form action=\"javascript:x()\"></form>", 1, "javascript:"},
		{"external script", "<script defer src=\"/a/site.js\" integrity=\"sha384-x\"></script>", 0, ""},
		{"stylesheet link", "<link rel=\"stylesheet\" href=\"/a/site.css\">", 0, ""},
		{"text mentioning script", "<p>&lt;script&gt; and style= and onclick= in text</p>", 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := Check("page.html", []byte(tc.doc))
			if tc.line == 0 {
				if len(v) > 0 {
					t.Fatalf("refused an allowed form: %v", v)
				}
				return
			}
			if len(v) != 1 {
				t.Fatalf("want 1 violation, got %v", v)
			}
			if v[0].Line != tc.line || !strings.Contains(v[0].Reason, tc.reason) || v[0].File != "page.html" {
				t.Errorf("got %v, want line %d and %q", v[0], tc.line, tc.reason)
			}
			if !strings.Contains(v[0].String(), "page.html:") || v[0].Excerpt == "" {
				t.Errorf("message %q lacks file:line or excerpt", v[0].String())
			}
		})
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"<script>x</script>", "<p style=a>", "<a href='javascript:x'>", "<scr", "<script src=x>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		for _, v := range Check("f.html", []byte(doc)) {
			if v.Line < 1 {
				t.Fatalf("line %d", v.Line)
			}
		}
	})
}
