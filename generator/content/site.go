package content

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"time"
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
