package e2e

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"
)

// extraPages are the pages the sitemap rightly leaves out but a resident can still see: the
// page of a missing address and the page the host shows in maintenance.
var extraPages = []string{"/404.html", "/maintenance.html"}

// sitePages is every page of every language the site under test publishes: each <loc> of its
// /sitemap.xml (read over HTTP, so a deployed site is walked the same way) as a path, and
// extraPages. A sitemap with fewer pages than the site has languages fails the test: a walk
// over nothing must not pass.
func sitePages(t *testing.T) []string {
	t.Helper()
	body := httpGet(t, siteURL+"/sitemap.xml")
	var sm struct {
		URLs []struct {
			Loc  string `xml:"loc"`
			Alts []struct {
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(body, &sm); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	seen, langs := map[string]bool{}, map[string]bool{}
	add := func(raw string) {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || u.Path == "" {
			t.Fatalf("sitemap.xml: bad address %q", raw)
		}
		seen[u.Path] = true
	}
	for _, u := range sm.URLs {
		add(u.Loc)
		for _, a := range u.Alts {
			add(a.Href)
			if a.Hreflang != "x-default" {
				langs[a.Hreflang] = true
			}
		}
	}
	var paths []string
	for p := range seen {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	if len(paths) < 10 || len(langs) < 2 {
		t.Fatalf("sitemap.xml lists only %d pages in %d languages: %q", len(paths), len(langs), paths)
	}
	return append(paths, extraPages...)
}

// httpGet fetches a file of the site under test with Go's own client and fails on anything
// but 200.
func httpGet(t *testing.T, u string) []byte {
	t.Helper()
	c := &http.Client{Timeout: 30 * time.Second}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", u, resp.Status)
	}
	return body
}

// pageWalk is the tally a walk over every page reports, so that the figures behind the
// check sheet's claims are in the test log of every run.
type pageWalk struct {
	what   string
	counts map[string]int
	order  []string
}

func newPageWalk(what string, kinds ...string) *pageWalk {
	w := &pageWalk{what: what, counts: map[string]int{}, order: kinds}
	for _, k := range kinds {
		w.counts[k] = 0
	}
	return w
}

func (w *pageWalk) add(kind string, n int) { w.counts[kind] += n }

func (w *pageWalk) String() string {
	var parts []string
	for _, k := range w.order {
		parts = append(parts, fmt.Sprintf("%s %d", k, w.counts[k]))
	}
	return w.what + ": " + strings.Join(parts, ", ")
}
