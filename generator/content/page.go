package content

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"zeisim/generator/municipality"
)

type parsed struct {
	Page
	lang     string
	langLine int
}

var frontKeys = "title, nav_title, description, layout, weight, draft, nav, language, translation_key"

// parsePage splits front matter (between "---" lines, "key: value" pairs) from the body.
func parsePage(file string, src []byte, site Site) (parsed, error) {
	pg := parsed{Page: Page{File: file, InNav: true}}
	if !bytes.HasPrefix(src, []byte("---")) && bytes.HasPrefix(src, []byte("\ufeff")) {
		src = src[3:] // a byte-order mark from a Windows editor
	}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	if !sc.Scan() || strings.TrimSpace(sc.Text()) != "---" {
		return pg, &Error{File: file, Line: 1, Msg: `the page must start with front matter: a line "---", a line "title: …", and a closing "---"`}
	}
	line, consumed := 1, len(sc.Bytes())+1
	closed := false
	seen := map[string]int{}
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
			return pg, &Error{File: file, Line: line, Msg: `front matter lines are "key: value"; if this line is the page text, close the front matter with a line "---" above it`}
		}
		key, val = strings.TrimSpace(key), unquote(strings.TrimSpace(val))
		if prev, dup := seen[key]; dup {
			return pg, &Error{File: file, Line: line, Msg: fmt.Sprintf("%q is given twice (first on line %d): keep one", key, prev)}
		}
		seen[key] = line
		switch key {
		case "title":
			pg.Title = val
		case "nav_title":
			pg.NavTitle = val
		case "description":
			pg.Description = val
		case "layout":
			if !segment.MatchString(val) {
				return pg, &Error{File: file, Line: line, Msg: fmt.Sprintf("layout %q: a layout is the name of a file in site/layouts/ without .html, such as \"page\"", val)}
			}
			pg.Layout, pg.LayoutLine = val, line
		case "language":
			pg.lang, pg.langLine = val, line
		case "translation_key":
			pg.TranslationKey = val
		case "weight":
			n, err := strconv.Atoi(val)
			if err != nil {
				return pg, &Error{File: file, Line: line, Msg: fmt.Sprintf("weight %q must be a whole number such as 10 (smaller comes first in the navigation)", val)}
			}
			pg.Weight = n
		case "draft", "nav":
			b, err := strconv.ParseBool(val)
			if err != nil {
				return pg, &Error{File: file, Line: line, Msg: fmt.Sprintf("%s must be true or false, not %q", key, val)}
			}
			if key == "draft" {
				pg.Draft = b
			} else {
				pg.InNav = b
			}
		default:
			return pg, &Error{File: file, Line: line, Msg: fmt.Sprintf("unknown front matter key %q (known: %s)", key, frontKeys)}
		}
	}
	if !closed {
		return pg, &Error{File: file, Line: line, Msg: `front matter is not closed: add a line "---" after the last "key: value" line`}
	}
	if pg.Title == "" {
		return pg, &Error{File: file, Line: 2, Msg: "every page needs a title: add \"title: …\" to the front matter"}
	}
	if pg.Layout == "" {
		pg.Layout = "page"
	}
	if pg.NavTitle == "" {
		pg.NavTitle = pg.Title
	}
	pg.BodyLine = line + 1
	pg.Body = src[min(consumed, len(src)):]
	return pg, nil
}

var placeholder = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// Placeholders are the names an editor may write as {{name}} in a page's title,
// description or text, so that one set of pages serves every municipality.
var Placeholders = []string{"municipality", "prefecture", "site_name"}

// expandPage replaces placeholders in the title, description and body.
func expandPage(p *Page, site Site, prof municipality.Profile, docs map[string][]byte) error {
	vals := map[string]string{
		"municipality": prof.NameIn(p.Language.Code),
		"prefecture":   prof.PrefectureIn(p.Language.Code),
	}
	vals["site_name"] = strings.ReplaceAll(site.Name[p.Language.Code], "{{municipality}}", vals["municipality"])
	var err error
	expand := func(s []byte, line int) []byte {
		return placeholder.ReplaceAllFunc(s, func(m []byte) []byte {
			name := string(placeholder.FindSubmatch(m)[1])
			// Generated documents are looked up as they are, not copied per page.
			if d, ok := docs[name]; ok {
				return d
			}
			v, ok := vals[name]
			if !ok && err == nil {
				at := bytes.Index(s, m)
				known := append(append([]string(nil), Placeholders...), slices.Sorted(maps.Keys(docs))...)
				err = &Error{File: p.File, Line: line + bytes.Count(s[:max(at, 0)], []byte{'\n'}), Msg: fmt.Sprintf("unknown placeholder {{%s}}: use one of {{%s}}", name, strings.Join(known, "}}, {{"))}
			}
			return []byte(v)
		})
	}
	p.Title = string(expand([]byte(p.Title), 2))
	p.NavTitle = string(expand([]byte(p.NavTitle), 2))
	p.Description = string(expand([]byte(p.Description), 2))
	p.Body = expand(p.Body, p.BodyLine)
	return err
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
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	default:
		return 0
	}
	return 1 + bytes.Count(raw[:min(int(off), len(raw))], []byte{'\n'})
}
