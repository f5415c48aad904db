package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"zeisim/wasm/tax"
)

// TestSimulatorDeclaration: the 申告書 on the page is the engine's, line by line, for a
// household typed with the keyboard, in every language; printed alone it is one A4 sheet with
// the personal boxes left blank, and the PDF and a picture of it are kept in artifacts/.
func TestSimulatorDeclaration(t *testing.T) {
	eachLanguage(t, 1280, func(t *testing.T, s *session, lang string) {
		fillExample(t, s)
		var in tax.Input
		if err := json.Unmarshal([]byte(s.lastInput(t)), &in); err != nil {
			t.Fatal(err)
		}
		want := mustAssess(t, in)
		// Folded, the sheet is not built (typing does not pay for it); opened, it is.
		if evalAs[bool](t, s, `document.getElementById("declaration-view").open || document.querySelector("#declaration-sheet [data-field]") !== null`) {
			t.Error("the 申告書 is unfolded or built before the resident asks")
		}
		s.eval(t, `document.getElementById("declaration-view").open = true; true`)
		if _, err := s.waitFor(`document.querySelector("#declaration-sheet [data-field]") !== null`, 5*time.Second); err != nil {
			t.Fatal("opening the 申告書 shows no figures")
		}
		shown := s.shown(t)
		for _, l := range want.Declaration {
			if !l.ReturnOnly && !l.Hand {
				if got := shown["declaration."+l.ID]; got != strconv.FormatInt(l.Amount, 10) {
					t.Errorf("申告書 %s: page %q, engine %d", l.ID, got, l.Amount)
				}
			}
			if l.Section != "family" && !l.Hand {
				if got := shown["declaration_return."+l.ID]; got != strconv.FormatInt(l.ReturnAmount, 10) {
					t.Errorf("確定申告書 %s: page %q, engine %d", l.ID, got, l.ReturnAmount)
				}
			}
		}
		// tax-rules.md §17 Example 2: 生命保険料 新 80,000 → 住民税 28,000 (地方税法314条の2第1項5号)
		// and 所得税 40,000 (所得税法76条); 基礎控除 430,000 (地方税法314条の2第2項) and 680,000
		// (措置法41条の16の2, 令和7年分); 給与所得 3,960,000 (所得税法28条, 別表第五).
		for field, v := range map[string]string{
			"declaration.deduction.life_insurance": "28000", "declaration_return.deduction.life_insurance": "40000",
			"declaration.deduction.basic": "430000", "declaration_return.deduction.basic": "680000",
			"declaration.income.salary": "3960000", "declaration.revenue.salary": "5500000",
		} {
			if shown[field] != v {
				t.Errorf("%s: page %q, want %s", field, shown[field], v)
			}
		}
		if n := evalAs[int](t, s, `document.querySelectorAll("#declaration-family tbody tr").length`); n != 3 {
			t.Errorf("the family section lists %d relatives, want the spouse and two children", n)
		}
		// On screen it shows the lines with a figure, not the blank boxes of the paper (the
		// 事業 line has nothing for this household).
		rendered := `((id) => document.querySelector('tr[data-line="' + id + '"]').getClientRects().length > 0)`
		if got := evalAs[[]bool](t, s, `[`+rendered+`("income.salary"), `+rendered+`("income.business")]`); !got[0] || got[1] {
			t.Errorf("on screen: 給与 line shown %v, empty 事業 line shown %v; want true, false", got[0], got[1])
		}
		// Still open, it follows the entries.
		s.fillField(t, "f-salary", "600万")
		if _, err := s.waitFor(settled+` && document.querySelector('[data-field="declaration.revenue.salary"]')?.dataset.yen === "6000000"`, 5*time.Second); err != nil {
			t.Error("the open 申告書 does not follow a new salary")
		}
		s.eval(t, `document.getElementById("declaration-view").open = false; true`)

		// 申告書を印刷 marks the page for the 申告書 alone, then opens the browser's print
		// dialog (replaced here: headless Chromium has none).
		s.eval(t, `window.print = () => { window.__printed = document.documentElement.dataset.print ?? "none"; }; true`)
		s.press(t, "print-declaration")
		if got := evalAs[string](t, s, `window.__printed ?? ""`); got != "declaration" {
			t.Fatalf("申告書を印刷 printed with html[data-print] %q, want \"declaration\"", got)
		}
		if !evalAs[bool](t, s, `document.getElementById("declaration-view").open`) {
			t.Error("the folded 申告書 is not opened for printing")
		}
		if _, err := chromedp.Call(s.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		// Rendered or not (a box inside a hidden one keeps its own computed display).
		shownIDs := evalAs[map[string]bool](t, s, `Object.fromEntries(["simulator", "result", "declaration-sheet", "print-declaration", "chart-section", "print-record"].map(id => [id, document.getElementById(id).getClientRects().length > 0]))`)
		for id, want := range map[string]bool{"simulator": false, "result": false, "declaration-sheet": true, "print-declaration": false, "chart-section": false, "print-record": false} {
			if shownIDs[id] != want {
				t.Errorf("printing the 申告書: #%s rendered %v, want %v", id, shownIDs[id], want)
			}
		}
		// Boxes to write in by hand (7 mm high ≈ 26 px), with no figure in them.
		if n := evalAs[int](t, s, `[...document.querySelectorAll(".decl-blanks dd")].filter(d => d.getBoundingClientRect().height >= 26 && !d.querySelector("[data-field]")).length`); n != 8 {
			t.Errorf("%d blank boxes for 氏名・住所・個人番号 and the rest, want 8", n)
		}
		// In print every line of the form is there, blank boxes included.
		if !evalAs[bool](t, s, rendered+`("income.business")`) {
			t.Error("the blank 事業 line is missing from the printed form")
		}
		s.setWidth(t, 794) // A4 at 96 dpi
		s.screenshot(t, "simulator-"+lang+"-declaration-print")
		pdf, err := chromedp.Run(s.ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
			r, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: new(true)})
			return r.Data, err
		})
		if err != nil {
			t.Fatal(err)
		}
		if pages := bytes.Count(pdf, []byte("/Type /Page")) - bytes.Count(pdf, []byte("/Type /Pages")); pages != 1 {
			t.Errorf("the printed 申告書 takes %d pages, want one A4 sheet", pages)
		}
		if err := os.MkdirAll(artifactsDir, 0o755); err == nil {
			_ = os.WriteFile(filepath.Join(artifactsDir, "simulator-"+lang+"-declaration.pdf"), pdf, 0o644)
		}
		// Printing fires afterprint, which ends the 申告書-only print as the page does.
		if evalAs[bool](t, s, `"print" in document.documentElement.dataset || document.getElementById("declaration-view").open`) {
			t.Error("html[data-print] stays, or the 申告書 stays unfolded, after printing")
		}
		if _, err := chromedp.Call(s.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
			t.Fatal(err)
		}
		s.assertClean(t)
	})
}
