package build

// The files of the document root that are not pages: sitemap, robots.txt, security.txt, the
// web app manifest and the other hosts' header configs.

import (
	"encoding/xml"
	"fmt"
	"strings"

	"zeisim/generator/content"
	"zeisim/generator/headers"
	"zeisim/generator/offline"
)

// extras publishes sitemap.xml, robots.txt, security.txt, the web app manifest and the
// header configs that must sit in the document root.
func (b *builder) extras() error {
	site := b.c.Site
	sitemap, err := b.sitemap()
	if err != nil {
		return err
	}
	b.out.add("/sitemap.xml", sitemap)
	b.out.add("/robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: "+site.BaseURL+"/sitemap.xml\n"))
	b.out.add("/.well-known/security.txt", securityTxt(site))

	def := site.Default()
	start := def.Prefix
	for _, p := range b.c.Pages {
		if p.Language.Code == def.Code && p.Layout == "simulator" {
			start = p.URL // the app is the simulator
			break
		}
	}
	short := site.ShortName[def.Code]
	if short == "" {
		short = b.c.SiteName(def.Code)
	}
	m := offline.Manifest{
		Name:            b.c.SiteName(def.Code),
		ShortName:       strings.ReplaceAll(short, "{{municipality}}", b.c.Municipality.NameIn(def.Code)),
		Lang:            def.Lang,
		Dir:             "ltr",
		ID:              "/",
		StartURL:        start,
		Scope:           "/",
		Display:         "standalone",
		BackgroundColor: "#ffffff",
		ThemeColor:      site.ThemeColor,
		Icons: []offline.Icon{
			{Src: b.named["icon.svg"].Path, Sizes: "any", Type: "image/svg+xml", Purpose: "any"},
			{Src: b.named["icon-192.png"].Path, Sizes: "192x192", Type: "image/png", Purpose: "any"},
			{Src: b.named["icon-512.png"].Path, Sizes: "512x512", Type: "image/png", Purpose: "any"},
			{Src: b.named["icon-512.png"].Path, Sizes: "512x512", Type: "image/png", Purpose: "maskable"},
		},
	}
	b.out.add("/manifest.webmanifest", m.JSON())

	set := headers.Site()
	if err := set.Validate(); err != nil {
		return err
	}
	host := b.hostInfo()
	// Apache, IIS, Netlify and Cloudflare read these from the document root. Our host
	// never serves them.
	b.out.add("/.htaccess", set.Apache(host))
	b.out.add("/web.config", set.IIS(host))
	b.out.add("/_headers", set.Headers())
	return nil
}

// hostConfigs are published for other hosts; they are not compressed nor precached.
var hostConfigs = map[string]bool{"/.htaccess": true, "/web.config": true, "/_headers": true}

type sitemapURL struct {
	Loc   string        `xml:"loc"`
	Links []sitemapLink `xml:"xhtml:link"`
}

type sitemapLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemap lists every page with its language alternates (sitemaps.org 0.9 with the
// xhtml:link extension). No lastmod: it would need the clock or git, and both break
// reproducibility.
func (b *builder) sitemap() ([]byte, error) {
	type urlset struct {
		XMLName xml.Name     `xml:"urlset"`
		NS      string       `xml:"xmlns,attr"`
		XHTML   string       `xml:"xmlns:xhtml,attr"`
		URLs    []sitemapURL `xml:"url"`
	}
	s := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	for _, p := range b.c.Pages {
		u := sitemapURL{Loc: b.c.Site.BaseURL + p.URL}
		for _, a := range b.pageData(p, nil).Alternates {
			u.Links = append(u.Links, sitemapLink{"alternate", a.Hreflang, a.Href})
		}
		s.URLs = append(s.URLs, u)
	}
	out, err := xml.MarshalIndent(s, "", " ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// securityTxt renders RFC 9116. Canonical names where the file is served, so a copy
// elsewhere is recognisable.
func securityTxt(site content.Site) []byte {
	var b strings.Builder
	for _, c := range site.SecurityTxt.Contact {
		fmt.Fprintf(&b, "Contact: %s\n", c)
	}
	fmt.Fprintf(&b, "Expires: %s\n", site.SecurityTxt.Expires)
	if site.SecurityTxt.PreferredLanguages != "" {
		fmt.Fprintf(&b, "Preferred-Languages: %s\n", site.SecurityTxt.PreferredLanguages)
	}
	if site.SecurityTxt.Policy != "" {
		fmt.Fprintf(&b, "Policy: %s\n", site.SecurityTxt.Policy)
	}
	fmt.Fprintf(&b, "Canonical: %s/.well-known/security.txt\n", site.BaseURL)
	return []byte(b.String())
}
