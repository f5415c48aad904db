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
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"zeisim/generator/municipality"
)

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

// Nav lists the pages of the navigation: the home page's children at the top of the
// language's folder (content/<lang>/x.md or x/index.md) that are in the navigation. A page
// in a folder with no index.md also hangs from the home page, but the navigation stays the
// site's few sections however many such pages an editor adds (it is on every page).
func (c *Content) Nav(lang string) []*Page {
	home := c.Homes[lang]
	if home == nil {
		return nil
	}
	var out []*Page
	for _, p := range home.Children {
		if p.InNav && strings.Count(strings.TrimPrefix(p.URL, home.URL), "/") == 1 {
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
// SiteName is the site's name in lang with the municipality filled in.
func (c *Content) SiteName(lang string) string {
	return strings.ReplaceAll(c.Site.Name[lang], "{{municipality}}", c.Municipality.NameIn(lang))
}
