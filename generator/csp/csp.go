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
	c := NewChecker(file, doc)
	l := html.NewLexer(parse.NewInputBytes(doc))
	for {
		tt, data := l.Next()
		if tt == html.ErrorToken {
			return c.Violations()
		}
		c.Token(l, tt, data)
	}
}

// Checker is Check token by token, for a caller that lexes a document once for several
// checks (the generator: the CSP check and the link scan share one pass over each page).
type Checker struct {
	file     string
	doc      []byte
	offset   int    // where the next token starts
	open     string // element whose start tag is being read
	hasSrc   bool
	tagStart int
	out      []Violation
}

// NewChecker returns a Checker for doc, whose tokens must then be given to Token in order.
func NewChecker(file string, doc []byte) *Checker { return &Checker{file: file, doc: doc} }

// Violations returns the violations found so far, in document order.
func (c *Checker) Violations() []Violation { return c.out }

func (c *Checker) add(at int, reason string) {
	line := 1 + bytes.Count(c.doc[:min(at, len(c.doc))], []byte{'\n'})
	c.out = append(c.out, Violation{File: c.file, Line: line, Reason: reason, Excerpt: excerpt(c.doc, c.tagStart)})
}

// Token checks the token the lexer l has just returned (tt, data) from the Checker's document.
func (c *Checker) Token(l *html.Lexer, tt html.TokenType, data []byte) {
	start := c.offset
	c.offset += len(data)
	switch tt {
	case html.StartTagToken:
		c.open = strings.ToLower(string(l.Text()))
		c.hasSrc = false
		c.tagStart = start
	case html.AttributeToken:
		start += len(data) - len(bytes.TrimLeft(data, " \t\r\n\f")) // the attribute, not the space before it
		name := strings.ToLower(string(l.Text()))
		switch {
		case name == "style":
			c.add(start, "inline style attribute (style=): move it to the stylesheet")
		case strings.HasPrefix(name, "on"):
			c.add(start, "inline event handler ("+name+"=): attach it in the script bundle")
		case name == "href" || name == "src" || name == "action" || name == "formaction" || name == "data":
			val := strings.ToLower(strings.TrimSpace(strings.Trim(string(l.AttrVal()), `"'`)))
			if strings.HasPrefix(val, "javascript:") {
				c.add(start, "javascript: URL: use a script bundle")
			} else if name == "src" && c.open == "script" {
				c.hasSrc = true
			}
		}
	case html.StartTagCloseToken:
		switch c.open {
		case "style":
			c.add(start, "inline <style> element: put the rules in the stylesheet")
		case "script":
			if !c.hasSrc {
				c.add(start, "inline <script> element: put the code in the script bundle")
			}
		}
	}
}
