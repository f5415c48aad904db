// Package content reads what city editors write: Markdown pages with front matter, and the
// site settings. Every mistake is reported with the file, the line and what to do.
//
// Layout of the content folder:
//
//	site.json            the site settings (see Site)
//	<language code>/     one folder per configured language ("ja", "en", "ja-easy")
//	  index.md           the language's home page, published at the language's prefix
//	  simulator.md       published at <prefix>simulator/
//	  guide/index.md     published at <prefix>guide/
//	  guide/chart.png    any other file is copied to <prefix>guide/chart.png
//
// A page's translations are the pages at the same relative path in the other language
// folders, unless front matter gives a translation_key, which then links pages that share it.
package content

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"zeisim/generator/municipality"
)

// Site holds the site settings (content/site.json).
type Site struct {
	// Name is the site's name by language code. "{{municipality}}" in it becomes the
	// municipality's name in that language.
	Name map[string]string `json:"name"`
	// BaseURL is the public origin, without a trailing slash: sitemap.xml and canonical
	// links need absolute URLs.
	BaseURL string `json:"base_url"`
	// Languages in the order of the language switcher. The first is the default language
	// and must have the prefix "/".
	Languages []Language `json:"languages"`
	// Municipality is the 全国地方公共団体コード of the municipality the site is built for.
	Municipality string `json:"municipality"`
	// Contact is the tax office to ask, by municipality code: building for another
	// municipality needs only its entry here.
	Contact map[string]Contact `json:"contact"`
	// SecurityTxt feeds /.well-known/security.txt (RFC 9116).
	SecurityTxt SecurityTxt `json:"security_txt"`
	// ShortName is the installed app's name under its icon, by language (about 12
	// characters); "{{municipality}}" works as in Name.
	ShortName map[string]string `json:"short_name"`
	// ThemeColor is the web app manifest's and the browser bar's colour.
	ThemeColor string `json:"theme_color"`
}

// Language is one language of the site.
type Language struct {
	Code string `json:"code"` // folder name under content/ and key of the per-language maps
	// Lang is the HTML lang attribute: やさしい日本語 is Japanese ("ja") to the browser,
	// its fonts and its screen reader.
	Lang string `json:"lang"`
	// Hreflang is the value in <link rel="alternate" hreflang>. Empty leaves the language
	// out of the alternates (やさしい日本語 is not a separate language to a search engine).
	Hreflang string `json:"hreflang"`
	Label    string `json:"label"`  // the switcher's label, written in the language itself
	Prefix   string `json:"prefix"` // URL prefix: "/", "/en/", "/easy/"
}

// Contact is the tax office of one municipality, by language code where it is text.
type Contact struct {
	Office map[string]string `json:"office"`
	Phone  string            `json:"phone"`
	URL    string            `json:"url"`
	// Name adds the municipality's name in the site's other languages (e.g. the やさしい日本語
	// reading "ふじさわし（藤沢市）"); ja and en come from the tax engine's catalog.
	Name map[string]string `json:"name"`
}

// SecurityTxt feeds /.well-known/security.txt (RFC 9116).
type SecurityTxt struct {
	Contact            []string `json:"contact"`             // "mailto:…" or "https://…"
	Expires            string   `json:"expires"`             // RFC 3339, less than a year ahead (RFC 9116 §2.5.5)
	PreferredLanguages string   `json:"preferred_languages"` // e.g. "ja, en"
	Policy             string   `json:"policy"`              // optional URL
}

// Page is one Markdown page.
type Page struct {
	File           string // path below the content folder, e.g. "ja/simulator.md"
	Rel            string // path below the language folder, e.g. "simulator.md"
	Language       Language
	Title          string
	NavTitle       string // shorter title for navigation and breadcrumbs; defaults to Title
	Description    string
	Layout         string
	LayoutLine     int // front matter line of "layout:", 0 when the default was taken
	Weight         int
	Draft          bool
	InNav          bool // listed in the navigation (front matter "nav: false" hides it)
	TranslationKey string
	URL            string // site path, e.g. "/simulator/" or "/en/simulator/"
	Body           []byte
	BodyLine       int // line of the file where Body starts

	Parent       *Page   // nil for a language's home page
	Children     []*Page // sorted by weight, then title
	Translations []*Page // the same page in the other languages, in the languages' order
}

// Resource is a non-Markdown file in a language folder, published beside its pages.
type Resource struct {
	File string // path below the content folder
	URL  string // site path
}

// Content is everything read from the content folder.
type Content struct {
	Site         Site
	Municipality municipality.Profile
	Pages        []*Page // sorted by URL
	Homes        map[string]*Page
	Resources    []Resource
}

// Options change what Load reads.
type Options struct {
	// Municipality overrides site.json's municipality code (the -municipality flag).
	Municipality string
	// Drafts includes pages with "draft: true" (the editing loop shows them).
	Drafts bool
	// Documents are generated Markdown blocks an editor places with {{name}}, e.g. the
	// security check sheet, so that the page and the submitted file come from one source.
	Documents map[string][]byte
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

// Errors is several problems found at once, so an editor can fix them in one go.
type Errors []error

func (es Errors) Error() string {
	const shown = 10
	var s []string
	for i, e := range es {
		if i == shown {
			s = append(s, fmt.Sprintf("… and %d more", len(es)-shown))
			break
		}
		s = append(s, e.Error())
	}
	return strings.Join(s, "\n")
}

// segment is what a file or folder name may be: it becomes part of a URL.
var segment = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Load reads site.json and every page of every language.
func Load(fsys fs.FS, opts Options) (*Content, error) {
	site, err := loadSite(fsys)
	if err != nil {
		return nil, err
	}
	if opts.Municipality != "" {
		site.Municipality = opts.Municipality
	}
	prof, err := municipality.Lookup(site.Municipality)
	if err != nil {
		return nil, &Error{File: "site.json", Msg: err.Error() + `: fix "municipality" or the -municipality flag`}
	}
	contact, ok := site.Contact[site.Municipality]
	if !ok {
		return nil, &Error{File: "site.json", Msg: fmt.Sprintf(`"contact" has no entry for municipality %s (%s): add "%s": {"office": {…}, "phone": …, "url": …}`, prof.Code, prof.NameIn("ja"), prof.Code)}
	}
	for lang, name := range contact.Name {
		if _, engine := prof.Name[lang]; !engine {
			prof.Name[lang] = name
		}
	}
	c := &Content{Site: site, Municipality: prof, Homes: map[string]*Page{}}
	if err := checkFolders(fsys, site); err != nil {
		return nil, err
	}
	var errs Errors
	for _, lang := range site.Languages {
		err := fs.WalkDir(fsys, lang.Code, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == lang.Code {
					return nil
				}
				return err
			}
			name := d.Name()
			if strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			rel := strings.TrimPrefix(strings.TrimPrefix(p, lang.Code), "/")
			if rel == "" {
				return nil
			}
			if bad := badName(name, d.IsDir()); bad != "" {
				errs = append(errs, &Error{File: p, Msg: bad})
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if path.Ext(p) != ".md" {
				c.Resources = append(c.Resources, Resource{File: p, URL: lang.Prefix + rel})
				return nil
			}
			src, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			pg, err := parsePage(p, src, site)
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			if pg.lang != "" && pg.lang != lang.Code {
				msg := fmt.Sprintf("language %q does not match its folder %q: move the file to content/%s/ or fix the front matter", pg.lang, lang.Code, pg.lang)
				if _, ok := site.language(pg.lang); !ok {
					msg = fmt.Sprintf("unknown language %q: the site's languages are %s; add it to \"languages\" in site.json or fix the front matter", pg.lang, site.codes())
				}
				errs = append(errs, &Error{File: p, Line: pg.langLine, Msg: msg})
				return nil
			}
			pg.Language = lang
			pg.Rel = rel
			pg.URL = pageURL(lang, rel)
			if pg.Draft && !opts.Drafts {
				return nil
			}
			if err := expandPage(&pg.Page, site, prof, opts.Documents); err != nil {
				errs = append(errs, err)
				return nil
			}
			page := pg.Page
			c.Pages = append(c.Pages, &page)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	sort.Slice(c.Pages, func(i, j int) bool { return c.Pages[i].URL < c.Pages[j].URL })
	sort.Slice(c.Resources, func(i, j int) bool { return c.Resources[i].URL < c.Resources[j].URL })
	if err := c.link(); err != nil {
		return nil, err
	}
	return c, nil
}

func loadSite(fsys fs.FS) (Site, error) {
	var site Site
	raw, err := fs.ReadFile(fsys, "site.json")
	if err != nil {
		return site, &Error{File: "site.json", Msg: "the site settings file is missing: create content/site.json"}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&site); err != nil {
		return site, &Error{File: "site.json", Line: jsonLine(raw, err), Msg: "settings are not valid JSON for the site settings: " + err.Error()}
	}
	bad := func(msg string) error { return &Error{File: "site.json", Msg: msg} }
	if len(site.Languages) == 0 {
		return site, bad(`set "languages": [{"code": "ja", "lang": "ja", "hreflang": "ja", "label": "日本語", "prefix": "/"}, …]`)
	}
	seenCode, seenPrefix := map[string]bool{}, map[string]bool{}
	for i, l := range site.Languages {
		switch {
		case !segment.MatchString(l.Code):
			return site, bad(fmt.Sprintf(`language %d: "code" %q must be lower-case letters, digits and hyphens (it is a folder name)`, i+1, l.Code))
		case l.Lang == "" || l.Label == "":
			return site, bad(fmt.Sprintf(`language %q: set "lang" (the HTML lang attribute) and "label" (the switcher's text)`, l.Code))
		case i == 0 && l.Prefix != "/":
			return site, bad(fmt.Sprintf(`language %q is the default language (listed first): its "prefix" must be "/"`, l.Code))
		case i > 0 && (!strings.HasPrefix(l.Prefix, "/") || !strings.HasSuffix(l.Prefix, "/") || !segment.MatchString(strings.Trim(l.Prefix, "/"))):
			return site, bad(fmt.Sprintf(`language %q: "prefix" must look like "/en/" (one lower-case folder)`, l.Code))
		case seenCode[l.Code] || seenPrefix[l.Prefix]:
			return site, bad(fmt.Sprintf(`language %q: "code" and "prefix" must be unique`, l.Code))
		}
		seenCode[l.Code], seenPrefix[l.Prefix] = true, true
		if site.Name[l.Code] == "" {
			return site, bad(fmt.Sprintf(`"name" has no entry for language %q: add "%s": "…"`, l.Code, l.Code))
		}
	}
	if !strings.HasPrefix(site.BaseURL, "https://") || strings.HasSuffix(site.BaseURL, "/") {
		return site, bad(`"base_url" must be the public https:// origin without a trailing slash, e.g. "https://zeisim.example.jp"`)
	}
	if len(site.SecurityTxt.Contact) == 0 {
		return site, bad(`"security_txt": set "contact" to a list of "mailto:…" or "https://…" addresses (RFC 9116 §2.5.3)`)
	}
	for _, c := range site.SecurityTxt.Contact {
		if !strings.HasPrefix(c, "mailto:") && !strings.HasPrefix(c, "https://") && !strings.HasPrefix(c, "tel:") {
			return site, bad(fmt.Sprintf(`"security_txt" contact %q must start with mailto:, https:// or tel: (RFC 9116 §2.5.3)`, c))
		}
	}
	if _, err := time.Parse(time.RFC3339, site.SecurityTxt.Expires); err != nil {
		return site, bad(`"security_txt": "expires" must be an RFC 3339 time such as "2027-03-31T00:00:00+09:00"`)
	}
	return site, nil
}

// checkFolders refuses a top-level folder that is not a configured language: its pages
// would silently never be published.
func checkFolders(fsys fs.FS, site Site) error {
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return err
	}
	for _, e := range ents {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if _, ok := site.language(e.Name()); !ok {
			return &Error{File: e.Name() + "/", Msg: fmt.Sprintf("unknown language folder: the site's languages are %s; add it to \"languages\" in site.json or rename the folder", site.codes())}
		}
	}
	return nil
}

func (s Site) language(code string) (Language, bool) {
	for _, l := range s.Languages {
		if l.Code == code {
			return l, true
		}
	}
	return Language{}, false
}

func (s Site) codes() string {
	c := make([]string, len(s.Languages))
	for i, l := range s.Languages {
		c[i] = l.Code
	}
	return strings.Join(c, ", ")
}

// Default is the default language (the first).
func (s Site) Default() Language { return s.Languages[0] }

func badName(name string, dir bool) string {
	base := name
	if !dir {
		ext := path.Ext(name)
		base = strings.TrimSuffix(name, ext)
		if ext == "" || strings.ToLower(ext) != ext {
			return "file names need a lower-case extension (.md, .png, .svg …): rename the file"
		}
	}
	if !segment.MatchString(base) {
		return fmt.Sprintf("%q becomes part of a URL: use lower-case ASCII letters, digits and hyphens only (for example \"furusato-nozei\"); rename it", name)
	}
	return ""
}

func pageURL(lang Language, rel string) string {
	rel = strings.TrimSuffix(rel, ".md")
	switch {
	case rel == "index":
		return lang.Prefix
	case strings.HasSuffix(rel, "/index"):
		return lang.Prefix + strings.TrimSuffix(rel, "index")
	}
	return lang.Prefix + rel + "/"
}

// link builds each language's tree and the translation sets.
func (c *Content) link() error {
	byURL := make(map[string]*Page, len(c.Pages))
	for _, p := range c.Pages {
		byURL[p.URL] = p
	}
	for _, p := range c.Pages {
		if p.URL == p.Language.Prefix {
			c.Homes[p.Language.Code] = p
		}
	}
	var errs Errors
	for _, l := range c.Site.Languages {
		if c.Homes[l.Code] == nil {
			errs = append(errs, &Error{File: l.Code + "/index.md", Msg: fmt.Sprintf("language %q has no home page: create content/%s/index.md with a title", l.Code, l.Code)})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	for _, p := range c.Pages {
		if p.URL == p.Language.Prefix {
			continue
		}
		// The parent is the nearest page up the URL path; the home page at the latest.
		u := strings.TrimSuffix(p.URL, "/")
		for {
			u = u[:strings.LastIndex(u, "/")+1]
			if parent, ok := byURL[u]; ok {
				p.Parent = parent
				parent.Children = append(parent.Children, p)
				break
			}
			u = strings.TrimSuffix(u, "/")
		}
	}
	for _, p := range c.Pages {
		sort.SliceStable(p.Children, func(i, j int) bool {
			a, b := p.Children[i], p.Children[j]
			if a.Weight != b.Weight {
				return a.Weight < b.Weight
			}
			return a.URL < b.URL
		})
	}
	order := map[string]int{}
	for i, l := range c.Site.Languages {
		order[l.Code] = i
	}
	sets := map[string][]*Page{}
	for _, p := range c.Pages {
		key := p.TranslationKey
		if key == "" {
			key = "path:" + p.Rel
		} else {
			key = "key:" + key
		}
		for _, q := range sets[key] {
			if q.Language.Code == p.Language.Code {
				errs = append(errs, &Error{File: p.File, Line: 1, Msg: fmt.Sprintf("%s is already the %s translation of %q (translation_key or path): give one of them another translation_key", q.File, q.Language.Code, strings.TrimPrefix(strings.TrimPrefix(key, "key:"), "path:"))})
			}
		}
		sets[key] = append(sets[key], p)
	}
	if len(errs) > 0 {
		return errs
	}
	for _, set := range sets {
		sort.Slice(set, func(i, j int) bool { return order[set[i].Language.Code] < order[set[j].Language.Code] })
		for _, p := range set {
			for _, q := range set {
				if q != p {
					p.Translations = append(p.Translations, q)
				}
			}
		}
	}
	return nil
}

// Ancestors lists the page's parents from the home page down, for breadcrumbs.
func (p *Page) Ancestors() []*Page {
	var out []*Page
	for q := p.Parent; q != nil; q = q.Parent {
		out = append([]*Page{q}, out...)
	}
	return out
}

// Nav lists the pages of the navigation: the home page's children that are in the
// navigation.
func (c *Content) Nav(lang string) []*Page {
	home := c.Homes[lang]
	if home == nil {
		return nil
	}
	var out []*Page
	for _, p := range home.Children {
		if p.InNav {
			out = append(out, p)
		}
	}
	return out
}

// Translation returns the page in lang, or nil.
func (p *Page) Translation(lang string) *Page {
	for _, q := range p.Translations {
		if q.Language.Code == lang {
			return q
		}
	}
	return nil
}

// parsed carries front matter facts that are checked against the folder later.
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

// SiteName is the site's name in lang with the municipality filled in.
func (c *Content) SiteName(lang string) string {
	return strings.ReplaceAll(c.Site.Name[lang], "{{municipality}}", c.Municipality.NameIn(lang))
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
