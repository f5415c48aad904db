package build

import (
	"bytes"
	"errors"
	"html/template"
	"sync"

	"zeisim/generator/content"
)

// navLists renders the theme's "navlist" (the site's pages, site/layouts/partials/header.html)
// once for each layout, language and nav entry a page can be: the home page, one of the nav's
// pages, or neither. It reads only .Home, .Page.URL (to mark the current entry), .T and .Nav,
// and those are the same for every page with the same key, so every page of a language that
// is not in the nav shares one rendering. The header shows it twice (the wide row and the
// phone menu): rendered on every page, it was a fifth of a warm rebuild of 1,000 pages
// (380 → 302 ms without it). TestNavListsRenderedOnce compares with rendering it each time.
type navLists struct {
	mu        sync.Mutex
	rendered  map[navKey]template.HTML
	navs      map[string][]*content.Page // each language's nav (content.Nav walks the home page's children)
	templates *templates                 // the layouts, once loaded (pages)
	test      *navTest
}

// navTest is for tests: PerPage renders the list for every page, as {{template "navlist" .}}
// in the header would; Renders counts the renderings.
type navTest struct {
	PerPage bool
	Renders int
}

type navKey struct{ layout, lang, current string }

func newNavLists(c *content.Content, langs []content.Language) *navLists {
	n := &navLists{rendered: map[navKey]template.HTML{}, navs: map[string][]*content.Page{}}
	for _, l := range langs {
		n.navs[l.Code] = c.Nav(l.Code)
	}
	return n
}

// nav is the language's nav (its top-level pages).
func (n *navLists) nav(lang string) []*content.Page { return n.navs[lang] }

// render returns "navlist" of the page's layout's template set for the page d describes.
func (n *navLists) render(d PageData) (template.HTML, error) {
	layout := d.Page.Layout
	if n.templates == nil || n.templates.byName[layout] == nil {
		return "", errors.New("NavList: the page is not being rendered with a layout")
	}
	key := navKey{layout: layout, lang: d.Lang.Code}
	if d.Page.URL == d.Home {
		key.current = d.Home
	}
	for _, p := range d.Nav {
		if p.URL == d.Page.URL {
			key.current = p.URL
		}
	}
	if n.test == nil || !n.test.PerPage {
		n.mu.Lock()
		h, ok := n.rendered[key]
		n.mu.Unlock()
		if ok {
			return h, nil
		}
	}
	var buf bytes.Buffer
	if err := n.templates.byName[layout].ExecuteTemplate(&buf, "navlist", d); err != nil {
		return "", err
	}
	// html/template escaped it for the body text it is placed in (inside <nav>), as it does
	// for {{template "navlist" .}} there.
	h := template.HTML(buf.String())
	n.mu.Lock()
	n.rendered[key] = h
	if n.test != nil {
		n.test.Renders++
	}
	n.mu.Unlock()
	return h, nil
}

// NavList is the theme's "navlist" rendered for this page ({{.NavList}} in the header).
func (d PageData) NavList() (template.HTML, error) {
	if d.navs == nil {
		return "", errors.New("NavList: the page is not being rendered with a layout")
	}
	return d.navs.render(d)
}
