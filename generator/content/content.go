// Package content reads what city editors write: Markdown pages with front matter, and the
// site settings. Every mistake is reported with the file, the line and what to do.
package content

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Site holds the site settings (content/site.json).
type Site struct {
	Name            map[string]string `json:"name"`
	BaseURL         string            `json:"base_url"`
	DefaultLanguage string            `json:"default_language"`
	Languages       []string          `json:"languages"`
	Municipality    string            `json:"municipality"`
	Contact         Contact           `json:"contact"`
	SecurityTxt     SecurityTxt       `json:"security_txt"`
}

// Contact is the city's tax office.
type Contact struct {
	Office map[string]string `json:"office"`
	Phone  string            `json:"phone"`
	URL    string            `json:"url"`
}

// SecurityTxt feeds /.well-known/security.txt (RFC 9116).
type SecurityTxt struct {
	Contact string `json:"contact"`
	Expires string `json:"expires"`
}

// Page is one Markdown page.
type Page struct {
	File        string // path below the content folder, e.g. "ja/simulator.md"
	Language    string
	Title       string
	Description string
	Layout      string
	Weight      int
	Draft       bool
	URL         string // site path, e.g. "/simulator/" or "/en/simulator/"
	Body        []byte
	BodyLine    int // line of the file where Body starts
}

// Error is a problem an editor can fix.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Load reads site.json and every page below each language folder, sorted by URL.
func Load(fsys fs.FS) (Site, []Page, error) {
	var site Site
	raw, err := fs.ReadFile(fsys, "site.json")
	if err != nil {
		return site, nil, &Error{File: "site.json", Msg: "the site settings file is missing: create content/site.json"}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&site); err != nil {
		return site, nil, &Error{File: "site.json", Line: jsonLine(raw, err), Msg: "settings are not valid: " + err.Error()}
	}
	if len(site.Languages) == 0 || site.DefaultLanguage == "" {
		return site, nil, &Error{File: "site.json", Msg: `set "languages" and "default_language"`}
	}
	var pages []Page
	for _, lang := range site.Languages {
		err := fs.WalkDir(fsys, lang, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || path.Ext(p) != ".md" {
				return nil
			}
			src, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			pg, err := parsePage(p, src)
			if err != nil {
				return err
			}
			if pg.Language == "" {
				pg.Language = lang
			} else if pg.Language != lang {
				return &Error{File: p, Line: 1, Msg: fmt.Sprintf("language %q does not match its folder %q: move the file or fix the front matter", pg.Language, lang)}
			}
			pg.URL = pageURL(site, lang, strings.TrimPrefix(p, lang+"/"))
			if !pg.Draft {
				pages = append(pages, pg)
			}
			return nil
		})
		if err != nil {
			return site, nil, err
		}
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].URL < pages[j].URL })
	return site, pages, nil
}

func pageURL(site Site, lang, rel string) string {
	prefix := "/"
	if lang != site.DefaultLanguage {
		prefix = "/" + lang + "/"
	}
	rel = strings.TrimSuffix(rel, ".md")
	switch {
	case rel == "index":
		return prefix
	case strings.HasSuffix(rel, "/index"):
		return prefix + strings.TrimSuffix(rel, "index")
	}
	return prefix + rel + "/"
}

// parsePage splits front matter (between "---" lines, "key: value" pairs) from the body.
func parsePage(file string, src []byte) (Page, error) {
	pg := Page{File: file}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	if !sc.Scan() || strings.TrimSpace(sc.Text()) != "---" {
		return pg, &Error{File: file, Line: 1, Msg: `the page must start with front matter: a line "---", "title: …", and a closing "---"`}
	}
	line, consumed := 1, len(sc.Bytes())+1
	closed := false
	for sc.Scan() {
		line++
		consumed += len(sc.Bytes()) + 1
		s := strings.TrimSpace(sc.Text())
		if s == "---" {
			closed = true
			break
		}
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		key, val, ok := strings.Cut(s, ":")
		if !ok {
			return pg, &Error{File: file, Line: line, Msg: `front matter lines are "key: value"`}
		}
		key, val = strings.TrimSpace(key), unquote(strings.TrimSpace(val))
		switch key {
		case "title":
			pg.Title = val
		case "description":
			pg.Description = val
		case "layout":
			pg.Layout = val
		case "language":
			pg.Language = val
		case "weight":
			n, err := strconv.Atoi(val)
			if err != nil {
				return pg, &Error{File: file, Line: line, Msg: "weight must be a whole number"}
			}
			pg.Weight = n
		case "draft":
			b, err := strconv.ParseBool(val)
			if err != nil {
				return pg, &Error{File: file, Line: line, Msg: "draft must be true or false"}
			}
			pg.Draft = b
		default:
			return pg, &Error{File: file, Line: line, Msg: fmt.Sprintf("unknown front matter key %q (known: title, description, layout, language, weight, draft)", key)}
		}
	}
	if !closed {
		return pg, &Error{File: file, Line: line, Msg: `front matter is not closed: add a line "---"`}
	}
	if pg.Title == "" {
		return pg, &Error{File: file, Line: 1, Msg: "every page needs a title: add \"title: …\" to the front matter"}
	}
	if pg.Layout == "" {
		pg.Layout = "page"
	}
	pg.BodyLine = line + 1
	pg.Body = src[min(consumed, len(src)):]
	return pg, nil
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		return s[1 : len(s)-1]
	}
	return s
}

func jsonLine(raw []byte, err error) int {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var off int64
	switch {
	case asErr(err, &se):
		off = se.Offset
	case asErr(err, &te):
		off = te.Offset
	default:
		return 0
	}
	return 1 + bytes.Count(raw[:min(int(off), len(raw))], []byte{'\n'})
}

func asErr[T error](err error, target *T) bool {
	t, ok := err.(T)
	if ok {
		*target = t
	}
	return ok
}
