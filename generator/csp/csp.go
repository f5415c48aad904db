// Package csp refuses HTML that a strict Content-Security-Policy would block or that would
// need 'unsafe-inline': inline <script> or <style> bodies, style= and on*= attributes and
// javascript: URLs. The generator runs it on every page, so the only site it can build is one
// that runs under the policy.
package csp

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// Violation is one inline construct found in a file.
type Violation struct {
	File   string
	Line   int
	Reason string
}

func (v Violation) String() string { return fmt.Sprintf("%s:%d: %s", v.File, v.Line, v.Reason) }

// Check scans one HTML document and returns every violation, in document order.
func Check(file string, doc []byte) []Violation {
	var out []Violation
	l := html.NewLexer(parse.NewInputBytes(doc))
	offset := 0
	line := func() int { return 1 + bytes.Count(doc[:min(offset, len(doc))], []byte{'\n'}) }
	var open string // element whose start tag is being read
	var hasSrc bool
	for {
		tt, data := l.Next()
		start := offset
		offset += len(data)
		switch tt {
		case html.ErrorToken:
			return out
		case html.StartTagToken:
			open = strings.ToLower(string(l.Text()))
			hasSrc = false
		case html.AttributeToken:
			name := strings.ToLower(string(l.Text()))
			val := strings.ToLower(strings.TrimSpace(strings.Trim(string(l.AttrVal()), `"'`)))
			offset = start + len(data)
			switch {
			case name == "style":
				out = append(out, Violation{file, line(), "inline style attribute (style=): move it to the stylesheet"})
			case strings.HasPrefix(name, "on"):
				out = append(out, Violation{file, line(), "inline event handler (" + name + "=): attach it in the script bundle"})
			case (name == "href" || name == "src" || name == "action" || name == "formaction") && strings.HasPrefix(val, "javascript:"):
				out = append(out, Violation{file, line(), "javascript: URL: use a script bundle"})
			case name == "src" && open == "script":
				hasSrc = true
			}
		case html.StartTagCloseToken:
			switch open {
			case "style":
				out = append(out, Violation{file, line(), "inline <style> element: put the rules in the stylesheet"})
			case "script":
				if !hasSrc {
					out = append(out, Violation{file, line(), "inline <script> element: put the code in the script bundle"})
				}
			}
		}
	}
}
