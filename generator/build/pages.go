package build

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"

	"zeisim/generator/assets"
	"zeisim/generator/content"
	"zeisim/generator/csp"
	"zeisim/generator/linkcheck"
	"zeisim/generator/markdown"
	"zeisim/generator/municipality"
	"zeisim/wasm/tax"
)

// Special layouts are rendered once, not from Markdown.
const (
	layoutNotFound    = "404"         // /404.html, through base.html
	layoutMaintenance = "maintenance" // /maintenance.html, a document of its own without scripts
)

// PageData is what a layout receives. Content engineers write templates against it.
type PageData struct {
	Site             content.Site
	Page             *content.Page
	Lang             content.Language
	SiteName         string
	Municipality     municipality.Profile
	MunicipalityName string
	Office           string // the tax office's name in this language
	Contact          content.Contact
	T                map[string]string // the theme's UI strings in this language (site/i18n/<code>.json)
	Content          template.HTML
	Headings         []markdown.Heading
	Nav              []*content.Page // the language's top-level pages
	Breadcrumbs      []*content.Page // from the home page down to the parent
	Languages        []LangLink      // the language switcher, in the languages' order
	Alternates       []Alternate     // <link rel="alternate" hreflang>
	Canonical        string          // absolute URL of this page
	Home             string          // this language's home URL
	Catalog          SimCatalog      // what the simulator offers (the engine's catalog)

	navs *navLists // for NavList
}

// SimCatalog is the tax engine's catalog as the simulator page reads it (data-* attributes):
// the years to offer (JSON [{"value","provisional"}]), the default one, the municipalities
// (JSON array of codes). The engine is the only list of them; a site offers the municipality
// it is built for (site.json or -municipality), not every profile the engine knows.
type SimCatalog struct {
	Years, DefaultYear, Municipalities string
}

func simCatalog(site municipality.Profile) SimCatalog {
	c := tax.EngineCatalog()
	type year struct {
		Value       string `json:"value"`
		Provisional bool   `json:"provisional"`
	}
	var ys []year
	for _, y := range c.Years {
		ys = append(ys, year{strconv.Itoa(y.FiscalYear), y.Provisional})
	}
	yj, _ := json.Marshal(ys)
	mj, _ := json.Marshal([]string{site.Code})
	return SimCatalog{Years: string(yj), DefaultYear: strconv.Itoa(c.DefaultYear), Municipalities: string(mj)}
}

// LangLink is one entry of the language switcher.
type LangLink struct {
	Code, Label, Lang, Hreflang, URL string
	Current                          bool
	Translated                       bool // false: URL is the language's home page (no translation yet)
}

// Alternate is one <link rel="alternate" hreflang> (including x-default).
type Alternate struct{ Hreflang, Href string }

type htmlDoc struct {
	path       string
	source     string
	sourceText []byte
	sourceLine int
	scanned    *linkcheck.Scanned // scanned by the worker that rendered the page
	integrity  string             // SRI of the page, for the service worker's cache name
}

// templates holds one template set per layout.
type templates struct {
	dir    string
	byName map[string]*template.Template
}

func (b *builder) loadTemplates() (*templates, error) {
	dir := filepath.Join(b.cfg.SiteDir, "layouts")
	funcs := template.FuncMap{
		"asset": func(name string) (assets.Asset, error) {
			a, ok := b.named[name]
			if !ok {
				return a, fmt.Errorf("no asset %q (have %s)", name, strings.Join(sortedKeys(b.named), ", "))
			}
			return a, nil
		},
		"absURL": func(p string) string { return b.c.Site.BaseURL + p },
		// html/template lets only http, https and mailto through as URLs; a phone number
		// becomes a tel: link when it is nothing but digits, hyphens and a leading +.
		"telURL": func(phone string) (template.URL, error) {
			for i, r := range phone {
				if !(r >= '0' && r <= '9' || r == '-' || r == '+' && i == 0) {
					return "", fmt.Errorf("phone number %q: use digits and hyphens only", phone)
				}
			}
			return template.URL("tel:" + phone), nil
		},
	}
	base, err := template.New("base").Option("missingkey=error").Funcs(funcs).ParseFiles(filepath.Join(dir, "base.html"))
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	if partials, _ := filepath.Glob(filepath.Join(dir, "partials", "*.html")); len(partials) > 0 {
		if _, err := base.ParseFiles(partials...); err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
	}
	layouts, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil {
		return nil, err
	}
	ts := &templates{dir: dir, byName: map[string]*template.Template{}}
	for _, l := range layouts {
		name := strings.TrimSuffix(filepath.Base(l), ".html")
		var t *template.Template
		switch name {
		case "base":
			continue
		case layoutMaintenance:
			t, err = template.New(filepath.Base(l)).Option("missingkey=error").Funcs(funcs).ParseFiles(l)
		default:
			t, err = template.Must(base.Clone()).ParseFiles(l)
		}
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		ts.byName[name] = t
	}
	for _, need := range []string{"page", layoutNotFound, layoutMaintenance} {
		if ts.byName[need] == nil {
			return nil, fmt.Errorf("theme: site/layouts/%s.html is missing: the build needs it", need)
		}
	}
	return ts, nil
}

func (ts *templates) execute(layout string, data any) ([]byte, error) {
	t := ts.byName[layout]
	name := "base"
	if layout == layoutMaintenance {
		name = layoutMaintenance + ".html"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (ts *templates) names() string {
	var n []string
	for _, k := range sortedKeys(ts.byName) {
		if k != layoutNotFound && k != layoutMaintenance {
			n = append(n, k)
		}
	}
	return strings.Join(n, ", ")
}

// loadI18n reads site/i18n/<code>.json for every language; each must have the keys of the
// default language's file, so a template never prints an empty label.
func (b *builder) loadI18n() (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, l := range b.c.Site.Languages {
		file := filepath.Join(b.cfg.SiteDir, "i18n", l.Code+".json")
		raw, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("%s: the theme has no UI strings for language %q: create it (copy %s.json and translate the values)", file, l.Code, b.c.Site.Default().Code)
		}
		m := map[string]string{}
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		out[l.Code] = m
	}
	def := out[b.c.Site.Default().Code]
	for code, m := range out {
		var missing []string
		for _, k := range sortedKeys(def) {
			if _, ok := m[k]; !ok {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			return nil, fmt.Errorf("site/i18n/%s.json lacks %s: add them", code, strings.Join(missing, ", "))
		}
	}
	return out, nil
}

// pages renders every page, /404.html and /maintenance.html.
func (b *builder) pages() error {
	ts, err := b.loadTemplates()
	if err != nil {
		return err
	}
	b.navs.templates = ts
	i18n, err := b.loadI18n()
	if err != nil {
		return err
	}
	var errs content.Errors
	for _, pg := range b.c.Pages {
		if _, ok := ts.byName[pg.Layout]; !ok || pg.Layout == layoutNotFound || pg.Layout == layoutMaintenance {
			errs = append(errs, &content.Error{File: b.src(pg), Line: max(pg.LayoutLine, 1), Msg: fmt.Sprintf("layout %q has no template: use one of %s, or add site/layouts/%s.html", pg.Layout, ts.names(), pg.Layout)})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	type result struct {
		html []byte
		doc  htmlDoc
		err  error
	}
	results := make([]result, len(b.c.Pages))
	// The link scan and the page hash are done here too, while the page is in this
	// worker's cache and the other cores are busy.
	parallel(len(b.c.Pages), func(i int) {
		pg := b.c.Pages[i]
		html, scanned, err := b.renderPage(ts, i18n, pg)
		if err != nil {
			results[i].err = err
			return
		}
		results[i] = result{html: html, doc: htmlDoc{path: pg.URL + "index.html", source: b.src(pg), sourceText: pg.Body,
			sourceLine: pg.BodyLine, scanned: scanned, integrity: assets.Integrity(html)}}
		b.out.early.publish(results[i].doc.path, html)
	})
	for _, r := range results {
		if r.err != nil {
			errs = append(errs, r.err)
			continue
		}
		b.out.files[r.doc.path] = r.html // published by the worker
		b.docs = append(b.docs, r.doc)
	}
	if len(errs) > 0 {
		return errs
	}
	return b.specialPages(ts, i18n)
}

func (b *builder) src(pg *content.Page) string {
	return filepath.ToSlash(filepath.Join(b.cfg.ContentDir, pg.File))
}

func (b *builder) renderPage(ts *templates, i18n map[string]map[string]string, pg *content.Page) ([]byte, *linkcheck.Scanned, error) {
	body, headings, err := b.md.Render(pg.Body)
	if err != nil {
		var at interface{ SourceLine() int }
		if errors.As(err, &at) {
			return nil, nil, &content.Error{File: b.src(pg), Line: pg.BodyLine + at.SourceLine() - 1, Msg: err.Error()}
		}
		return nil, nil, &content.Error{File: b.src(pg), Msg: err.Error()}
	}
	data := b.pageData(pg, i18n[pg.Language.Code])
	data.Content, data.Headings = template.HTML(body), headings
	return b.finish(ts, pg.Layout, data, pg.URL+"index.html", b.src(pg))
}

// finish executes a layout and minifies, then reads the published bytes once for both the
// CSP check (output that would need 'unsafe-inline' is refused) and the link scan. A
// violation is reported at its line in the layout's output before minifying, where the
// templates can be searched for it.
func (b *builder) finish(ts *templates, layout string, data any, file, source string) ([]byte, *linkcheck.Scanned, error) {
	out, err := ts.execute(layout, data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: rendering with site/layouts/%s.html: %w", source, layout, err)
	}
	published, err := b.min.Minify("text/html", out)
	if err != nil {
		return nil, nil, err
	}
	name := strings.TrimPrefix(file, "/")
	check, links := csp.NewChecker(name, published), linkcheck.NewScanner()
	l := html.NewLexer(parse.NewInputBytes(published))
	for {
		tt, tok := l.Next()
		if tt == html.ErrorToken {
			break
		}
		check.Token(l, tt, tok)
		links.Token(l, tt)
	}
	if v := check.Violations(); len(v) > 0 {
		if before := csp.Check(name, out); len(before) > 0 {
			v = before
		}
		return nil, nil, ViolationError{Source: source, Layout: "site/layouts/" + layout + ".html", Violations: v}
	}
	return published, links.Scanned(), nil
}

func (b *builder) pageData(pg *content.Page, t map[string]string) PageData {
	lang := pg.Language
	contact := b.c.Site.Contact[b.c.Municipality.Code]
	d := PageData{
		Site:             b.c.Site,
		Page:             pg,
		Lang:             lang,
		SiteName:         b.c.SiteName(lang.Code),
		Municipality:     b.c.Municipality,
		MunicipalityName: b.c.Municipality.NameIn(lang.Code),
		Contact:          contact,
		Office:           pick(contact.Office, lang.Code, b.c.Site.Default().Code),
		T:                t,
		Nav:              b.navs.nav(lang.Code),
		Canonical:        b.c.Site.BaseURL + pg.URL,
		Home:             lang.Prefix,
		Catalog:          b.cat,
		navs:             b.navs,
	}
	if pg.URL != "" {
		d.Breadcrumbs = pg.Ancestors()
	}
	for _, l := range b.c.Site.Languages {
		link := LangLink{Code: l.Code, Label: l.Label, Lang: l.Lang, Hreflang: l.Hreflang, URL: l.Prefix, Current: l.Code == lang.Code}
		if link.Current && pg.URL != "" {
			link.URL, link.Translated = pg.URL, true
		} else if tr := pg.Translation(l.Code); tr != nil {
			link.URL, link.Translated = tr.URL, true
		}
		d.Languages = append(d.Languages, link)
		if link.Translated && l.Hreflang != "" && pg.URL != "" {
			d.Alternates = append(d.Alternates, Alternate{l.Hreflang, b.c.Site.BaseURL + link.URL})
		}
	}
	if lang.Hreflang != "" && len(d.Alternates) > 1 && d.Languages[0].Translated {
		d.Alternates = append(d.Alternates, Alternate{"x-default", b.c.Site.BaseURL + d.Languages[0].URL})
	} else {
		d.Alternates = nil // a page in one language, or in one without hreflang, has none
	}
	return d
}

func pick(m map[string]string, lang, def string) string {
	if v, ok := m[lang]; ok {
		return v
	}
	return m[def]
}

// specialPages renders /404.html and /maintenance.html in the default language. Hosts
// serve them at any path, so their links are all absolute.
func (b *builder) specialPages(ts *templates, i18n map[string]map[string]string) error {
	def := b.c.Site.Default()
	for _, sp := range []struct{ layout, path, titleKey string }{
		{layoutNotFound, "/404.html", "not_found_title"},
		{layoutMaintenance, "/maintenance.html", "maintenance_title"},
	} {
		pg := &content.Page{File: "(site/layouts/" + sp.layout + ".html)", Language: def, Title: i18n[def.Code][sp.titleKey], Layout: sp.layout}
		data := b.pageData(pg, i18n[def.Code])
		data.Canonical = ""
		all := map[string]map[string]string{}
		for code, m := range i18n {
			all[code] = m
		}
		special := struct {
			PageData
			AllT map[string]map[string]string // every language's strings: these pages speak all of them
		}{data, all}
		html, scanned, err := b.finish(ts, sp.layout, special, sp.path, "site/layouts/"+sp.layout+".html")
		if err != nil {
			return err
		}
		b.out.add(sp.path, html)
		b.docs = append(b.docs, htmlDoc{path: sp.path, source: "site/layouts/" + sp.layout + ".html", scanned: scanned})
	}
	return nil
}
