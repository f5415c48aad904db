package e2e

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// vnuJar is the Nu Html Checker, pinned in e2e/package.json and installed by make deps.
const vnuJar = "node_modules/vnu-jar/build/dist/vnu.jar"

// vnu runs the Nu Html Checker on files with the machine's Java (17 or later) and returns
// its error messages, one per line, with the temporary folder taken out of the file names (a
// checker that cannot run is an error message too: it is called from goroutines).
func vnu(dir string, mode string, files []string) []string {
	java, err := exec.LookPath("java")
	if err != nil {
		return []string{"no java (make deps installs default-jre-headless): " + err.Error()}
	}
	if _, err := os.Stat(vnuJar); err != nil {
		return []string{"vnu-jar is not installed (make deps runs npm ci in e2e/): " + err.Error()}
	}
	// -XX:-UsePerfData: no /tmp/hsperfdata file, whose JVM warning ("locked by another
	// process", seen with the three runs side by side) would read as a checker message.
	args := append([]string{"-XX:-UsePerfData", "-jar", vnuJar, "--errors-only", "--format", "gnu", "--exit-zero-always", mode}, files...)
	var out bytes.Buffer
	cmd := exec.Command(java, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return []string{fmt.Sprintf("the checker did not run: %v\n%s", err, out.String())}
	}
	var msgs []string
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			msgs = append(msgs, strings.ReplaceAll(line, "file:"+dir+"/", ""))
		}
	}
	return msgs
}

// fileName turns a site path into a file name for the checker's report.
func fileName(p, ext string) string {
	name := strings.Trim(strings.ReplaceAll(p, "/", "_"), "_")
	if name == "" {
		name = "index"
	}
	return strings.TrimSuffix(name, ext) + ext
}

var (
	linkTag  = regexp.MustCompile(`<link\b[^>]*>`)
	imgTag   = regexp.MustCompile(`<img\b[^>]*>`)
	hrefAttr = regexp.MustCompile(`\b(?:href|src)=("[^"]*"|'[^']*'|[^\s>]+)`)
)

// subresources lists the site's own stylesheets and SVG images a page refers to.
func subresources(html string) (css, svg []string) {
	for _, tag := range append(linkTag.FindAllString(html, -1), imgTag.FindAllString(html, -1)...) {
		m := hrefAttr.FindStringSubmatch(tag)
		if m == nil {
			continue
		}
		ref := strings.Trim(m[1], `"'`)
		u, err := url.Parse(ref)
		if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") {
			continue
		}
		switch path.Ext(u.Path) {
		case ".css":
			css = append(css, u.Path)
		case ".svg":
			svg = append(svg, u.Path)
		}
	}
	return css, svg
}

// TestHTMLValidEveryPage checks every page of every language with the Nu Html Checker, as
// served (fetched over HTTP from the site under test, so testers can check a deployment):
// the sitemap, the 404 page and the maintenance page, plus the simulator page in each
// language as the browser has built it after computing a household (its form, result, chart,
// comparison and trace are made by script). Stylesheets are checked in a separate --css run
// (mixed runs report HTML line numbers one too low) and SVG images with --svg.
func TestHTMLValidEveryPage(t *testing.T) {
	dir := t.TempDir()
	pages := sitePages(t)
	var htmlFiles []string
	cssSet, svgSet := map[string]bool{}, map[string]bool{}
	for _, p := range pages {
		body := httpGet(t, siteURL+p)
		f := filepath.Join(dir, fileName(p, ".html"))
		if err := os.WriteFile(f, body, 0o644); err != nil {
			t.Fatal(err)
		}
		htmlFiles = append(htmlFiles, f)
		css, svg := subresources(string(body))
		for _, c := range css {
			cssSet[c] = true
		}
		for _, s := range svg {
			svgSet[s] = true
		}
	}
	// The simulator as built in the browser, in each language.
	s := newSession(t)
	for _, lang := range simulatorLanguages {
		s.openSimulator(t, lang, 1280)
		fillExample(t, s)
		s.press(t, "keep-a")
		s.fillField(t, "f-salary", "600万")
		if _, err := s.waitFor(`document.querySelector("#chart-slot svg") !== null && document.getElementById("compare-table") !== null`, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		if _, err := s.waitFor(chartSettled, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		s.eval(t, `for (const d of document.querySelectorAll("#sim details")) d.open = true; true`)
		dom := evalAs[string](t, s, `"<!DOCTYPE html>\n" + document.documentElement.outerHTML`)
		f := filepath.Join(dir, "rendered-"+fileName(simulatorPath(lang), ".html"))
		if err := os.WriteFile(f, []byte(dom), 0o644); err != nil {
			t.Fatal(err)
		}
		htmlFiles = append(htmlFiles, f)
	}
	s.assertClean(t)

	fetchAll := func(set map[string]bool, ext string) []string {
		var files []string
		for p := range set {
			f := filepath.Join(dir, fileName(p, ext))
			if err := os.WriteFile(f, httpGet(t, siteURL+p), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		sort.Strings(files)
		return files
	}
	cssFiles, svgFiles := fetchAll(cssSet, ".css"), fetchAll(svgSet, ".svg")
	if len(cssFiles) == 0 {
		t.Error("no stylesheet found in the pages: the CSS check would prove nothing")
	}

	// Three checker runs side by side: most of each is the Java start.
	runs := []struct {
		mode  string
		files []string
	}{{"--html", htmlFiles}, {"--css", cssFiles}, {"--svg", svgFiles}}
	results := make([][]string, len(runs))
	var wg sync.WaitGroup
	for i, r := range runs {
		if len(r.files) == 0 {
			continue
		}
		wg.Go(func() { results[i] = vnu(dir, r.mode, r.files) })
	}
	wg.Wait()
	var errs []string
	for _, r := range results {
		errs = append(errs, r...)
	}
	for _, e := range errs {
		t.Errorf("vnu: %s", e)
	}
	if len(errs) > 0 {
		// The checked files go with the failure, so that line numbers can be followed.
		out := artifactsFor(t)
		if err := os.CopyFS(out, os.DirFS(dir)); err == nil {
			t.Logf("artifacts: the checked files are in %s", out)
		}
	}
	t.Log(fmt.Sprintf("vnu: %d HTML documents (%d served pages, %d as built in the browser), %d stylesheets, %d SVG images; %d errors",
		len(htmlFiles), len(pages), len(htmlFiles)-len(pages), len(cssFiles), len(svgFiles), len(errs)))
}
