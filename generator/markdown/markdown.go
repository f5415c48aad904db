// Package markdown renders city editors' Markdown to HTML that passes a strict CSP:
// no raw HTML, no inline styles, heading IDs that keep Japanese text.
package markdown

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Renderer converts Markdown to HTML. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
}

// New returns a Renderer with GFM tables (no style= alignment: the stylesheet aligns
// numeric columns), footnotes, strikethrough, task lists, autolinks, CJK line breaking and
// heading IDs that keep Japanese. Raw HTML is refused by Render (comments excepted, which
// are editors' notes and never published); the attribute syntax ({style=…}) is not enabled.
func New() *Renderer {
	return &Renderer{md: goldmark.New(
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			extension.TaskList,
			extension.Linkify,
			extension.Footnote,
			extension.NewCJK(extension.WithEastAsianLineBreaks(), extension.WithEscapedSpace()),
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(silentHTML{}, 1), util.Prioritized(scrollingTable{}, 1))),
	)}
}

// scrollingTable puts each table in a box that scrolls sideways on its own, so a wide table
// (the check sheet, the monitoring plan) never makes the page wider than a 320 px screen
// (WCAG 1.4.10). The box is a named region reachable by keyboard, so it can be scrolled
// without a pointer (axe: scrollable-region-focusable); its name is the heading above the
// table.
type scrollingTable struct{}

func (scrollingTable) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(east.KindTable, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			_, _ = w.WriteString("</table>\n</div>\n")
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString(`<div class="table-scroll" role="region" tabindex="0"`)
		if id := headingBefore(n); id != "" {
			_, _ = w.WriteString(` aria-labelledby="`)
			_, _ = w.Write(util.EscapeHTML([]byte(id)))
			_, _ = w.WriteString(`"`)
		} else if head := n.FirstChild(); head != nil {
			// No heading above: the column names, in the page's own language.
			var cols []string
			for c := head.FirstChild(); c != nil; c = c.NextSibling() {
				cols = append(cols, plainText(c, src))
			}
			_, _ = w.WriteString(` aria-label="`)
			_, _ = w.Write(util.EscapeHTML([]byte(strings.Join(cols, " / "))))
			_, _ = w.WriteString(`"`)
		}
		_, _ = w.WriteString(">\n<table>\n")
		return ast.WalkContinue, nil
	})
}

// headingBefore is the id of the nearest heading before n at its level of the document.
func headingBefore(n ast.Node) string {
	for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
		if h, ok := p.(*ast.Heading); ok {
			if id, ok := h.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					return string(b)
				}
			}
			return ""
		}
	}
	return ""
}

// silentHTML renders raw HTML nodes as nothing: Render has already refused every one that
// is not a comment, so only comments reach it.
type silentHTML struct{}

func (silentHTML) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	skip := func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	}
	r.Register(ast.KindHTMLBlock, skip)
	r.Register(ast.KindRawHTML, skip)
}

// RawHTMLError is raw HTML written in Markdown. Line counts from 1 at the start of the
// Markdown source.
type RawHTMLError struct {
	Line int
	HTML string
}

func (e *RawHTMLError) Error() string {
	return fmt.Sprintf("raw HTML %q is not allowed: write it in Markdown (tables, lists, **bold**, [links](/path/)); the site's security policy would block inline scripts and styles anyway", e.HTML)
}

func isComment(b []byte) bool {
	b = bytes.TrimSpace(b)
	return bytes.HasPrefix(b, []byte("<!--"))
}

func lineAt(src []byte, offset int) int {
	return 1 + bytes.Count(src[:min(offset, len(src))], []byte{'\n'})
}

// rawHTML returns the first raw HTML node of doc that is not a comment, or nil.
func rawHTML(doc ast.Node, src []byte) *RawHTMLError {
	var found *RawHTMLError
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || found != nil {
			return ast.WalkContinue, nil
		}
		var start, stop int
		switch h := n.(type) {
		case *ast.HTMLBlock:
			if h.HTMLBlockType == ast.HTMLBlockType2 || h.Lines().Len() == 0 {
				return ast.WalkContinue, nil
			}
			start, stop = h.Lines().At(0).Start, h.Lines().At(0).Stop
		case *ast.RawHTML:
			if h.Segments.Len() == 0 {
				return ast.WalkContinue, nil
			}
			start, stop = h.Segments.At(0).Start, h.Segments.At(h.Segments.Len()-1).Stop
		default:
			return ast.WalkContinue, nil
		}
		if isComment(src[start:stop]) {
			return ast.WalkContinue, nil
		}
		found = &RawHTMLError{Line: lineAt(src, start), HTML: strings.TrimSpace(string(src[start:stop]))}
		return ast.WalkStop, nil
	})
	return found
}

// EmphasisError is bold or italic that CommonMark pairs otherwise than the editor meant. In
// Japanese it happens when ** should close right after full-width punctuation and a letter
// follows (**個人住民税（市民税・県民税）**と): CommonMark cannot close there, so the bold runs
// on and swallows the next bold, or the markers are printed as they are.
type EmphasisError struct {
	Line int
	Text string // the text around the markers, as written
}

func (e *EmphasisError) Error() string {
	return fmt.Sprintf("bold or italic does not close where it seems to, near %q: Markdown cannot close ** right after full-width punctuation such as ）」。 when a letter follows. Move the punctuation outside the markers (**個人住民税**（市民税・県民税）と) or reword", e.Text)
}

// SourceLine is the line of the Markdown source, counted from 1, where the error is.
func (e *EmphasisError) SourceLine() int { return e.Line }

// SourceLine is the line of the Markdown source, counted from 1, where the error is.
func (e *RawHTMLError) SourceLine() int { return e.Line }

// strayEmphasis finds bold nested in bold (or italic in italic), or ** left as text: both
// mean the markers did not pair as written.
func strayEmphasis(doc ast.Node, src []byte) *EmphasisError {
	var found *EmphasisError
	firstText := func(n ast.Node) (int, string) {
		var line int
		var txt string
		_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if t, ok := c.(*ast.Text); ok && entering {
				line, txt = lineAt(src, t.Segment.Start), plainText(n, src)
				return ast.WalkStop, nil
			}
			return ast.WalkContinue, nil
		})
		return line, txt
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || found != nil {
			return ast.WalkSkipChildren, nil
		}
		switch e := n.(type) {
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Emphasis:
			for p := e.Parent(); p != nil; p = p.Parent() {
				if outer, ok := p.(*ast.Emphasis); ok && outer.Level == e.Level {
					line, txt := firstText(outer)
					found = &EmphasisError{Line: line, Text: txt}
					return ast.WalkStop, nil
				}
			}
		case *ast.Text:
			if v := e.Segment.Value(src); bytes.Contains(v, []byte("**")) {
				found = &EmphasisError{Line: lineAt(src, e.Segment.Start), Text: string(v)}
				return ast.WalkStop, nil
			}
		}
		return ast.WalkContinue, nil
	})
	return found
}

// Heading is one heading of a rendered page, for tables of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Render converts src to HTML and lists its headings. Raw HTML (other than comments) is an
// error of type *RawHTMLError; bold or italic markers that do not pair as written, one of
// type *EmphasisError.
func (r *Renderer) Render(src []byte) ([]byte, []Heading, error) {
	ctx := parser.NewContext(parser.WithIDs(newIDs()))
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	if e := rawHTML(doc, src); e != nil {
		return nil, nil, e
	}
	if e := strayEmphasis(doc, src); e != nil {
		return nil, nil, e
	}
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
