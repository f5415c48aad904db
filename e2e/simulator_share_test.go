package e2e

import (
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"zeisim/wasm/tax"
)

// copiedLink presses 共有用リンクをコピー and returns the link: from the clipboard where the
// browser allows the page to write it, else from the field the page shows for copying by hand.
func (s *session) copiedLink(t *testing.T) string {
	t.Helper()
	s.eval(t, `document.getElementById("share-copy").click(), true`)
	if _, err := s.waitFor(`document.getElementById("share-status").textContent`, 10*time.Second); err != nil {
		t.Fatalf("no answer to the copy button: %v", err)
	}
	if l := evalAs[string](t, s, `document.getElementById("share-link")?.value ?? ""`); l != "" {
		return l
	}
	// The page wrote the clipboard; the test reads it back with the permission a resident's
	// own paste would have.
	if _, err := chromedp.Call(s.ctx, browser.SetPermission, browser.SetPermissionParams{Permission: &browser.PermissionDescriptor{Name: "clipboard-read"}, Setting: browser.PermissionSettingGranted, Origin: siteURL}); err != nil {
		t.Fatalf("granting clipboard-read: %v", err)
	}
	l, err := s.waitFor(`navigator.clipboard.readText()`, 10*time.Second)
	if err != nil || l == "" {
		t.Fatalf("the page said %q but neither the clipboard nor the page holds the link (%v)", evalAs[string](t, s, `document.getElementById("share-status").textContent`), err)
	}
	return l
}

// TestSimulatorShareLink types households, copies the share link and opens it in a fresh
// browser (no storage, no history): the same total must show, the link must carry the figures
// in its fragment only, and opening it must not leave them in the address bar.
func TestSimulatorShareLink(t *testing.T) {
	picks := map[string]bool{
		"single salaried 5,000,000 (tax-rules §17 Example 1)":               true,
		"couple with two children (Example 2)":                              true,
		"pensioner 70 with last year's pension tax 85,000 (Example 3, 仮徴収)": true,
		"Example 1 declaring a 特定口座 gain with the levy withheld":            true,
	}
	n := 0
	for _, h := range households {
		if !picks[h.name] {
			continue
		}
		n++
		h := h
		t.Run(h.name, func(t *testing.T) {
			want := mustAssess(t, h.in).Total
			a := newSession(t)
			a.openSimulator(t, h.lang, 1280)
			fillHousehold(t, a, h)
			wantText := strconv.FormatInt(want, 10)
			if _, err := a.waitFor(`document.getElementById("total")?.dataset.yen === "`+wantText+`"`, 10*time.Second); err != nil {
				t.Fatalf("typed household: total %q, want %s", a.shown(t)["total"], wantText)
			}
			link := a.copiedLink(t)
			path, frag, ok := strings.Cut(strings.TrimPrefix(link, siteURL), "#household=")
			if !ok || path != simulatorPath(h.lang) || strings.Contains(path, "?") {
				t.Fatalf("link %q: want %s%s#household=…", link, siteURL, simulatorPath(h.lang))
			}
			if _, err := base64.RawURLEncoding.DecodeString(frag); err != nil {
				t.Fatalf("fragment is not base64url: %v", err)
			}
			a.assertClean(t)

			b := newSession(t)
			b.do(t, chromedp.Navigate(link))
			if _, err := b.waitFor(`document.getElementById("simulator")?.dataset.engine === "ready" && document.getElementById("total")?.dataset.yen === "`+wantText+`"`, 30*time.Second); err != nil {
				t.Fatalf("opened link: total %q, want %s; page said %q", b.shown(t)["total"], wantText, evalAs[string](t, b, `document.getElementById("share-status")?.textContent ?? ""`))
			}
			if got := evalAs[string](t, b, `location.hash`); got != "" {
				t.Errorf("the address bar still holds the figures: %q", got)
			}
			b.assertClean(t)
		})
	}
	if n != len(picks) {
		t.Fatalf("%d of %d households found by name", n, len(picks))
	}
}

// TestSimulatorShareLinkReports opens links the form cannot fully show or not read at all:
// each says so in the page's language and nothing is computed from a half-read link.
func TestSimulatorShareLinkReports(t *testing.T) {
	enc := func(json string) string { return base64.RawURLEncoding.EncodeToString([]byte(json)) }
	cases := []struct {
		name, lang, frag string
		want             []string // in the status line
		total            string   // "" when no result may show
	}{
		{"a carry-forward by year has no field", "ja", enc(`{"fiscal_year":2026,"taxpayer":{"age":40},"income":{"salary":5000000,"loss_carryforward_years":[{"year":2024,"amount":100000}]},"deductions":{"social_insurance":750000}}`),
			[]string{"共有用リンクの入力を読み込みました", "income.loss_carryforward_years[0].year", "income.loss_carryforward_years[0].amount"}, "241300"},
		{"a municipality this site does not serve", "en", enc(`{"fiscal_year":2026,"municipality":"999999","taxpayer":{"age":40},"income":{"salary":5000000},"deductions":{"social_insurance":750000}}`),
			[]string{"have been loaded", "municipality"}, "241300"},
		{"cut short", "ja", enc(`{"fiscal_year":2026,"taxpayer":{"age":4`), []string{"共有用リンクを読み取れませんでした"}, ""},
		{"not base64url", "en", "%%%", []string{"could not be read"}, ""},
	}
	for _, c := range cases {
		c := c
		t.Run(c.name, func(t *testing.T) {
			s := newSession(t)
			s.do(t, chromedp.Navigate(siteURL+simulatorPath(c.lang)+"#household="+c.frag))
			if _, err := s.waitFor(`document.getElementById("simulator")?.dataset.engine === "ready"`, 30*time.Second); err != nil {
				t.Fatal(err)
			}
			status := evalAs[string](t, s, `document.getElementById("share-status").textContent`)
			for _, w := range c.want {
				if !strings.Contains(status, w) {
					t.Errorf("status %q does not say %q", status, w)
				}
			}
			if c.total != "" {
				// The engine answers after it is ready: wait for the figure, then compare.
				if _, err := s.waitFor(`document.getElementById("total")?.dataset.yen === `+jsonString(c.total), 10*time.Second); err != nil {
					t.Errorf("total %q, want %q", evalAs[string](t, s, `document.getElementById("total")?.dataset.yen ?? ""`), c.total)
				}
			} else if total := evalAs[string](t, s, `document.getElementById("sim").dataset.state`); total == "result" {
				t.Errorf("a result shows for a link that could not be read")
			}
			s.assertClean(t)
		})
	}
	// 241,300円 is Example 1 (tax-rules.md §17) without the parts the form cannot show.
	if r := mustAssess(t, tax.Input{FiscalYear: 2026, Taxpayer: tax.Person{Age: 40}, Income: tax.Income{Salary: 5000000}, Deductions: tax.Deductions{SocialInsurance: 750000}}); r.Total != 241300 {
		t.Fatalf("Example 1 is %d, not 241,300", r.Total)
	}
}

// TestSimulatorShareWithProblems: with an entry the page cannot read there is nothing to share;
// the button says so and the message beside the field stays.
func TestSimulatorShareWithProblems(t *testing.T) {
	s := newSession(t)
	s.openSimulator(t, "ja", 1280)
	fillExample1(t, s)
	s.fillField(t, "f-salary", "abc")
	if _, err := s.waitFor(`document.getElementById("f-salary-error").textContent !== ""`, 5*time.Second); err != nil {
		t.Fatal("no message beside the field")
	}
	s.eval(t, `document.getElementById("share-copy").click(), true`)
	if got := evalAs[string](t, s, `document.getElementById("share-status").textContent`); !strings.Contains(got, "誤りを直して") {
		t.Errorf("the copy button says %q, want that the entries must be corrected first", got)
	}
	if got := evalAs[string](t, s, `document.getElementById("f-salary-error").textContent`); got == "" {
		t.Error("pressing the copy button cleared the message beside the field")
	}
	if n := evalAs[int](t, s, `document.querySelectorAll("#share-link").length`); n != 0 {
		t.Error("a link was offered for entries with a problem")
	}
	s.assertClean(t)
}
