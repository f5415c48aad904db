package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

const siteJSON = `{
  "name": {"ja": "{{municipality}} 住民税", "en": "{{municipality}} tax"},
  "base_url": "https://zeisim.example.jp",
  "languages": [
    {"code": "ja", "lang": "ja", "hreflang": "ja", "label": "日本語", "prefix": "/"},
    {"code": "en", "lang": "en", "hreflang": "en", "label": "English", "prefix": "/en/"}
  ],
  "municipality": "142051",
  "contact": {"142051": {"office": {"ja": "市民税課"}, "phone": "0466-25-1111", "url": "https://www.city.fujisawa.kanagawa.jp/"}},
  "security_txt": {"contact": ["mailto:security@zeisim.example.jp"], "expires": "2027-03-31T00:00:00+09:00"}
}`

func fsys(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m
}

func TestLoadTreeAndTranslations(t *testing.T) {
	c, err := Load(fsys(map[string]string{
		"site.json":          siteJSON,
		"ja/index.md":        "---\ntitle: トップ\n---\n",
		"ja/guide/index.md":  "---\ntitle: しくみ\nweight: 2\n---\n",
		"ja/guide/a.md":      "---\ntitle: A\nweight: 2\n---\n",
		"ja/guide/b.md":      "---\ntitle: B\nweight: 1\n---\n",
		"ja/hidden.md":       "---\ntitle: 隠し\nnav: false\n---\n",
		"ja/sim.md":          "---\ntitle: 計算\nweight: 1\ntranslation_key: simulator\n---\n",
		"en/index.md":        "---\ntitle: Home\n---\n",
		"en/calculator.md":   "---\ntitle: Calculator\ntranslation_key: simulator\n---\n",
		"en/guide/index.md":  "---\ntitle: Guide\n---\n",
		"ja/guide/chart.png": "png",
		// A folder without an index.md: its pages hang from the home page but stay out of
		// the navigation (a thousand of them would put a thousand links on every page).
		"ja/notes/n1.md": "---\ntitle: メモ1\n---\n",
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]*Page{}
	for _, p := range c.Pages {
		by[p.URL] = p
	}
	if got := by["/guide/"].Children; len(got) != 2 || got[0].Title != "B" || got[1].Title != "A" {
		t.Errorf("children of /guide/ not by weight: %v", got)
	}
	if a := by["/guide/a/"].Ancestors(); len(a) != 2 || a[0].URL != "/" || a[1].URL != "/guide/" {
		t.Errorf("ancestors %v", a)
	}
	var nav []string
	for _, p := range c.Nav("ja") {
		nav = append(nav, p.URL)
	}
	if strings.Join(nav, " ") != "/sim/ /guide/" {
		t.Errorf("nav %v", nav)
	}
	if tr := by["/sim/"].Translation("en"); tr == nil || tr.URL != "/en/calculator/" {
		t.Errorf("translation_key did not link /sim/ and /en/calculator/: %v", tr)
	}
	if tr := by["/guide/"].Translation("en"); tr == nil || tr.URL != "/en/guide/" {
		t.Errorf("same path did not link /guide/ and /en/guide/: %v", tr)
	}
	if by["/guide/a/"].Translation("en") != nil {
		t.Error("a page without a translation got one")
	}
	if len(c.Resources) != 1 || c.Resources[0].URL != "/guide/chart.png" {
		t.Errorf("resources %v", c.Resources)
	}
	if c.SiteName("en") != "Fujisawa tax" {
		t.Errorf("site name %q", c.SiteName("en"))
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no settings", map[string]string{}, "site.json: the site settings file is missing"},
		{"bad JSON line", map[string]string{"site.json": "{\n\"name\": {},\n\"base_url\": 3\n}"}, "site.json:3:"},
		{"unknown settings key", map[string]string{"site.json": strings.Replace(siteJSON, `"base_url"`, `"baseurl": "x", "base_url"`, 1)}, `unknown field "baseurl"`},
		{"no home page", map[string]string{"site.json": siteJSON, "ja/index.md": "---\ntitle: t\n---\n"}, "en/index.md: language \"en\" has no home page"},
		{"duplicate translation", map[string]string{"site.json": siteJSON, "ja/index.md": "---\ntitle: t\n---\n", "en/index.md": "---\ntitle: t\n---\n",
			"ja/a.md": "---\ntitle: a\ntranslation_key: k\n---\n", "ja/b.md": "---\ntitle: b\ntranslation_key: k\n---\n"}, "already the ja translation"},
		{"duplicate key", map[string]string{"site.json": siteJSON, "ja/index.md": "---\ntitle: t\ntitle: u\n---\n"}, `ja/index.md:3: "title" is given twice (first on line 2)`},
		{"http base URL", map[string]string{"site.json": strings.Replace(siteJSON, "https://zeisim", "http://zeisim", 1)}, `"base_url" must be the public https://`},
		{"bad expiry", map[string]string{"site.json": strings.Replace(siteJSON, "2027-03-31T00:00:00+09:00", "2027/03/31", 1)}, "RFC 3339"},
		{"contact missing for municipality", map[string]string{"site.json": strings.Replace(siteJSON, `"municipality": "142051"`, `"municipality": "141003"`, 1)}, `"contact" has no entry for municipality 141003 (横浜市)`},
		{"upper-case file name", map[string]string{"site.json": siteJSON, "ja/index.md": "---\ntitle: t\n---\n", "en/index.md": "---\ntitle: t\n---\n", "ja/Guide.md": "---\ntitle: t\n---\n"}, `ja/Guide.md: "Guide.md" becomes part of a URL`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(fsys(tc.files), Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func FuzzParsePage(f *testing.F) {
	for _, s := range []string{"---\ntitle: a\n---\nbody", "---\n", "---\ntitle: a\nweight: x\n---", "\ufeff---\ntitle: a\n---\n"} {
		f.Add(s)
	}
	site := Site{Languages: []Language{{Code: "ja"}}}
	f.Fuzz(func(t *testing.T, src string) {
		pg, err := parsePage("ja/x.md", []byte(src), site)
		if err == nil && (pg.Title == "" || pg.BodyLine < 3) {
			t.Fatalf("accepted a page without a title or with body line %d", pg.BodyLine)
		}
	})
}
