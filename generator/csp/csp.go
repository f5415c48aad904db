// Package csp refuses HTML that a strict Content-Security-Policy would block or that would
// need 'unsafe-inline': inline <script> or <style> bodies, style= and on*= attributes and
// javascript: URLs. The generator runs it on every page, so the only site it can build is one
// that runs under the policy.
package csp

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// Violation is one inline construct found in a file.
type Violation struct {
	File    string
	Line    int
	Reason  string
	Excerpt string // the offending tag, shortened, to find it in the templates
}

func (v Violation) String() string {
	s := fmt.Sprintf("%s:%d: %s", v.File, v.Line, v.Reason)
	if v.Excerpt != "" {
		s += ": " + v.Excerpt
	}
	return s
}

// excerpt returns the text from start to the end of the line, at most 80 bytes, cut on a
// UTF-8 boundary.
func excerpt(doc []byte, start int) string {
	end := start
	for end < len(doc) && doc[end] != '\n' && end-start < 80 {
		end++
	}
	for end < len(doc) && end > start && !utf8.RuneStart(doc[end]) {
		end--
	}
	return string(doc[start:end])
}

// Check scans one HTML document and returns every violation, in document order.
func Check(file string, doc []byte) []Violation {
	var out []Violation
	l := html.NewLexer(parse.NewInputBytes(doc))
	offset := 0
	var open string // element whose start tag is being read
	var hasSrc bool
	tagStart := 0
	add := func(at int, reason string) {
		line := 1 + bytes.Count(doc[:min(at, len(doc))], []byte{'\n'})
		out = append(out, Violation{File: file, Line: line, Reason: reason, Excerpt: excerpt(doc, tagStart)})
	}
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
			tagStart = start
		case html.AttributeToken:
			start += len(data) - len(bytes.TrimLeft(data, " \t\r\n\f")) // the attribute, not the space before it
			name := strings.ToLower(string(l.Text()))
			val := strings.ToLower(strings.TrimSpace(strings.Trim(string(l.AttrVal()), `"'`)))
			switch {
			case name == "style":
				add(start, "inline style attribute (style=): move it to the stylesheet")
			case strings.HasPrefix(name, "on"):
				add(start, "inline event handler ("+name+"=): attach it in the script bundle")
			case (name == "href" || name == "src" || name == "action" || name == "formaction" || name == "data") && strings.HasPrefix(val, "javascript:"):
				add(start, "javascript: URL: use a script bundle")
			case name == "src" && open == "script":
				hasSrc = true
			}
		case html.StartTagCloseToken:
			switch open {
			case "style":
				add(start, "inline <style> element: put the rules in the stylesheet")
			case "script":
				if !hasSrc {
					add(start, "inline <script> element: put the code in the script bundle")
				}
			}
		}
	}
}
