// Package linkcheck proves that every internal link and every asset a page references
// resolves to a published file (and, for a #fragment, to an element of that page), so a
// typo in Markdown or a renamed page stops the build instead of reaching residents.
package linkcheck

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// Doc is one published HTML file.
type Doc struct {
	Path   string // site path of the file, e.g. "/simulator/index.html"
	Source string // what the editor edits, for messages, e.g. "content/ja/simulator.md"
	// SourceText and SourceLine locate a link in the source: the line of the first
	// occurrence of the link's URL, counted from SourceLine (where SourceText starts).
	SourceText []byte
	SourceLine int
	HTML       []byte
	// Scanned is what a Scanner read from HTML when the caller has it already (the generator
	// scans each page on the worker that rendered it); nil makes Check scan HTML.
	Scanned *Scanned
}

// Scanned is what Check needs from a document: its references and element IDs.
type Scanned struct {
	refs []ref
	ids  map[string]bool
}

// Scanner reads a document's references and element IDs token by token, for a caller that
// lexes the document once for several checks (the generator: the CSP check and the link scan
// share one pass over each published page).
type Scanner struct{ s Scanned }

// NewScanner returns a Scanner that has read nothing yet.
func NewScanner() *Scanner { return &Scanner{Scanned{ids: map[string]bool{}}} }

// Token reads the token the lexer l has just returned.
func (sc *Scanner) Token(l *html.Lexer, tt html.TokenType) {
	if tt != html.AttributeToken {
		return
	}
	s := &sc.s
	name := strings.ToLower(string(l.Text()))
	switch {
	case name == "id":
		s.ids[attrValue(l)] = true
	case name == "href" || name == "src" || name == "poster" || name == "action" || name == "formaction":
		s.refs = append(s.refs, ref{name, attrValue(l)})
	case name == "srcset":
		for _, c := range strings.Split(attrValue(l), ",") {
			if f := strings.Fields(c); len(f) > 0 {
				s.refs = append(s.refs, ref{name, f[0]})
			}
		}
	case strings.HasPrefix(name, "data-"):
		// A data attribute holding a site path is a reference a script follows, such as the
		// simulator's data-wasm.
		if v := attrValue(l); strings.HasPrefix(v, "/") {
			s.refs = append(s.refs, ref{name, v})
		}
	}
}

// Scanned returns what the Scanner has read.
func (sc *Scanner) Scanned() *Scanned { return &sc.s }

func attrValue(l *html.Lexer) string { return unescape(strings.Trim(string(l.AttrVal()), `"'`)) }

// Problem is one reference that does not resolve.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return p.File + ": " + p.Msg
}

type ref struct {
	attr, val string
}

// scan reads the references and the element IDs of an HTML document.
func scan(doc []byte) *Scanned {
	sc := NewScanner()
	l := html.NewLexer(parse.NewInputBytes(doc))
	for {
		tt, _ := l.Next()
		if tt == html.ErrorToken {
			return sc.Scanned()
		}
		sc.Token(l, tt)
	}
}

var entities = strings.NewReplacer("&amp;", "&", "&quot;", `"`, "&#39;", "'", "&#34;", `"`, "&lt;", "<", "&gt;", ">")

func unescape(s string) string { return entities.Replace(s) }

// Check resolves every reference of docs against the published files.
func Check(docs []Doc, published map[string]bool) []Problem {
	ids := make(map[string]map[string]bool, len(docs))
	refs := make(map[string][]ref, len(docs))
	for _, d := range docs {
		sc := d.Scanned
		if sc == nil {
			sc = scan(d.HTML)
		}
		refs[d.Path], ids[d.Path] = sc.refs, sc.ids
	}
	var out []Problem
	for _, d := range docs {
		seen := map[string]bool{}
		for _, r := range refs[d.Path] {
			if seen[r.val] {
				continue
			}
			seen[r.val] = true
			msg := resolve(d.Path, r.val, published, ids)
			if msg == "" {
				continue
			}
			out = append(out, Problem{File: d.Source, Line: d.line(r.val), Msg: fmt.Sprintf("%s=%q %s", r.attr, r.val, msg)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}

func (d Doc) line(val string) int {
	if len(d.SourceText) == 0 {
		return 0
	}
	i := bytes.Index(d.SourceText, []byte(val))
	if i < 0 {
		// goldmark percent-encodes non-ASCII URLs; the editor wrote them plain.
		if plain, err := url.PathUnescape(val); err == nil {
			i = bytes.Index(d.SourceText, []byte(plain))
		}
	}
	if i < 0 {
		// Markdown may hold the fragment-less or relative form; the page is still named.
		return 0
	}
	return d.SourceLine + bytes.Count(d.SourceText[:i], []byte{'\n'})
}

// resolve returns "" when ref resolves, else what is wrong and what to do.
func resolve(from, ref string, published map[string]bool, ids map[string]map[string]bool) string {
	u, err := url.Parse(ref)
	if err != nil {
		return "is not a valid URL: " + err.Error()
	}
	if u.Scheme != "" || u.Host != "" {
		switch u.Scheme {
		case "http", "https", "mailto", "tel", "":
			return "" // other sites are not ours to check (a build must not need the network)
		}
		return "uses the scheme " + u.Scheme + ": only https, http, mailto and tel links are allowed"
	}
	target := from
	if u.Path != "" {
		target = u.Path
		if !strings.HasPrefix(target, "/") {
			target = path.Join(path.Dir(from), target)
			if strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(target, "/") {
				target += "/"
			}
		}
	}
	file := target
	if strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	if !published[file] {
		if published[file+"/index.html"] {
			return fmt.Sprintf("points at a page without its final slash: write %q", target+"/")
		}
		return "does not resolve to a published page or file: fix the link, or add the page"
	}
	if u.Fragment != "" && strings.HasSuffix(file, ".html") {
		if m, ok := ids[file]; ok && !m[u.Fragment] {
			return fmt.Sprintf("names #%s, but %s has no element with that id (heading IDs are the heading text, lower-cased, spaces as hyphens)", u.Fragment, target)
		}
	}
	return ""
}
