// Package markdown renders city editors' Markdown to HTML that passes a strict CSP:
// no raw HTML, no inline styles, heading IDs that keep Japanese text.
package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Renderer converts Markdown to HTML. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
}

// New returns a Renderer with GFM tables (no style= alignment), footnotes, strikethrough,
// task lists, CJK line breaking and heading IDs. Raw HTML is never passed through
// (goldmark's default without html.WithUnsafe), so editors cannot inject script or style.
func New() *Renderer {
	return &Renderer{md: goldmark.New(
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			extension.TaskList,
			extension.Footnote,
			extension.NewCJK(extension.WithEastAsianLineBreaks(), extension.WithEscapedSpace()),
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)}
}

// Heading is one heading of a rendered page, for tables of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Render converts src to HTML and lists its headings.
func (r *Renderer) Render(src []byte) ([]byte, []Heading, error) {
	ctx := parser.NewContext(parser.WithIDs(newIDs()))
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	var headings []Heading
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			headings = append(headings, Heading{Level: h.Level, ID: string(idb), Text: plainText(h, src)})
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	if err := r.md.Renderer().Render(&buf, src, doc); err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), headings, nil
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// ids generates heading IDs that keep letters of every script (goldmark's default turns a
// Japanese heading into "heading"), and makes them unique within the page.
type ids struct{ seen map[string]int }

func newIDs() *ids { return &ids{seen: map[string]int{}} }

func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(string(value)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			b.WriteRune(r)
			dash = false
		case (r == ' ' || r == '-' || r == '_' || r == '　') && b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	id := strings.TrimRight(b.String(), "-")
	if id == "" {
		id = "section"
	}
	if n := s.seen[id]; n > 0 {
		s.seen[id] = n + 1
		id += "-" + strconv.Itoa(n)
	} else {
		s.seen[id] = 1
	}
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.seen[string(value)]++ }
