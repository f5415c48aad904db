package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// simulatorLanguages are the site's languages (content/site.json), each with a simulator
// page: the suites that use the simulator in depth run in every one of them.
var simulatorLanguages = []string{"ja", "en", "ja-easy"}

// simulatorPath is the simulator page of a language: the default language at /simulator/,
// やさしい日本語 at /easy/simulator/, the others below their code.
func simulatorPath(lang string) string {
	switch lang {
	case "ja":
		return "/simulator/"
	case "ja-easy":
		return "/easy/simulator/"
	}
	return "/" + lang + "/simulator/"
}

// readsJapanese is true for the pages in Japanese (ja, and ja-easy, which is lang="ja"): they
// show the engine's Japanese messages and amounts written "5,000円", the others the English
// ones and "¥5,000" (site/assets/ts/simulator/i18n.ts, Lang.readsJapanese).
func readsJapanese(lang string) bool {
	return lang == "ja" || lang == "ja-easy"
}

// openSimulator opens the simulator page in a fresh tab of s at the given viewport width and
// waits for the engine. It also records every household the page hands to the engine, so a
// test can compare what the page sent with what the resident typed.
func (s *session) openSimulator(t *testing.T, lang string, width int64) {
	t.Helper()
	ctx, cancel := s.withTimeout(60 * time.Second)
	defer cancel()
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(width, 900),
		chromedp.Navigate(siteURL+simulatorPath(lang)),
		chromedp.WaitVisible(chromedp.ID("f-age")),
	); err != nil {
		t.Fatalf("opening the %s simulator: %v", lang, err)
	}
	if _, err := s.waitFor(`document.getElementById("simulator").dataset.engine === "ready"`, 20*time.Second); err != nil {
		s.assertClean(t)
		t.Fatalf("the engine did not load: %v", err)
	}
	// The engine runs in a worker (zeisim.host says which); the page calls it through
	// globalThis.zeisim, whose assess takes the purpose "chart" for the chart's own calls (the
	// salary varied). Those are not the household, so they are left out of __inputs.
	s.eval(t, `(() => {
		const z = globalThis.zeisim, assess = z.assess;
		window.__inputs = [];
		z.assess = (json, purpose) => { if (purpose !== "chart") window.__inputs.push(json); return assess(json, purpose); };
		return true;
	})()`)
}

// eachLanguage runs f as a subtest per language, each in its own browser with the simulator
// open at the given width.
func eachLanguage(t *testing.T, width int64, f func(t *testing.T, s *session, lang string)) {
	for _, lang := range simulatorLanguages {
		t.Run(lang, func(t *testing.T) {
			s := newSession(t)
			s.openSimulator(t, lang, width)
			f(t, s, lang)
		})
	}
}

// eval runs expr in the page and decodes its value into T.
func evalAs[T any](t *testing.T, s *session, expr string) T {
	t.Helper()
	ctx, cancel := s.withTimeout(20 * time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %.80q: %v", expr, err)
	}
	return v
}

// awaitAs runs expr in the page, waits for the promise it returns and decodes its value into T.
func awaitAs[T any](t *testing.T, s *session, expr string) T {
	t.Helper()
	ctx, cancel := s.withTimeout(20 * time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.80q: %v", expr, err)
	}
	return v
}

func (s *session) eval(t *testing.T, expr string) {
	t.Helper()
	evalAs[any](t, s, expr)
}

func (s *session) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := s.withTimeout(30 * time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// activeID is the id of the focused element.
func (s *session) activeID(t *testing.T) string {
	return evalAs[string](t, s, `document.activeElement ? document.activeElement.id : ""`)
}

// tabTo presses Tab, as a keyboard user does, until the element with the id has focus. It fails
// when the element cannot be reached: the form must be usable without a mouse.
func (s *session) tabTo(t *testing.T, id string) {
	t.Helper()
	for i := 0; i < 400; i++ {
		if s.activeID(t) == id {
			return
		}
		s.do(t, chromedp.KeyEvent(kb.Tab))
	}
	t.Fatalf("Tab never reached #%s (focus is on #%s)", id, s.activeID(t))
}

// typeText types like a resident: ASCII through key events, other characters (全角 digits,
// 万, 円) through insertText, which is how an input method commits text.
func (s *session) typeText(t *testing.T, text string) {
	t.Helper()
	for len(text) > 0 {
		r, _ := utf8.DecodeRuneInString(text)
		n := 0
		ascii := r < utf8.RuneSelf
		for n < len(text) {
			r2, size := utf8.DecodeRuneInString(text[n:])
			if (r2 < utf8.RuneSelf) != ascii {
				break
			}
			n += size
		}
		chunk := text[:n]
		text = text[n:]
		if ascii {
			s.do(t, chromedp.KeyEvent(chunk))
			continue
		}
		s.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: chunk})
			return err
		}))
	}
}

// clearFocused empties the focused text field with Ctrl+A and Backspace.
func (s *session) clearFocused(t *testing.T) {
	t.Helper()
	s.do(t, chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)), chromedp.KeyEvent(kb.Backspace))
}

// fillField tabs to a text field and types the value.
func (s *session) fillField(t *testing.T, id, value string) {
	t.Helper()
	s.tabTo(t, id)
	s.clearFocused(t)
	s.typeText(t, value)
	// What the keyboard delivered must be exactly what was typed, or a mismatch later would
	// be blamed on the page.
	if got := evalAs[string](t, s, fmt.Sprintf(`document.getElementById(%q).value`, id)); got != value {
		t.Fatalf("typed %q into #%s, the field holds %q", value, id, got)
	}
}

// chooseOption tabs to a select and moves to the option with the value using the arrow keys.
func (s *session) chooseOption(t *testing.T, id, value string) {
	t.Helper()
	s.tabTo(t, id)
	want := evalAs[int](t, s, fmt.Sprintf(`Array.from(document.getElementById(%q).options).findIndex(o => o.value === %q)`, id, value))
	if want < 0 {
		t.Fatalf("#%s has no option %q", id, value)
	}
	for i := 0; i < 20; i++ {
		cur := evalAs[int](t, s, fmt.Sprintf(`document.getElementById(%q).selectedIndex`, id))
		switch {
		case cur == want:
			return
		case cur < want:
			s.do(t, chromedp.KeyEvent(kb.ArrowDown))
		default:
			s.do(t, chromedp.KeyEvent(kb.ArrowUp))
		}
	}
	t.Fatalf("could not choose %q in #%s with the arrow keys", value, id)
}

// setCheck tabs to a checkbox and presses Space if it is not in the wanted state.
func (s *session) setCheck(t *testing.T, id string, want bool) {
	t.Helper()
	s.tabTo(t, id)
	if evalAs[bool](t, s, fmt.Sprintf(`document.getElementById(%q).checked`, id)) != want {
		s.do(t, chromedp.KeyEvent(" "))
	}
}

// openSection tabs to a section's summary and opens it with Enter.
func (s *session) openSection(t *testing.T, section string) {
	t.Helper()
	if evalAs[bool](t, s, fmt.Sprintf(`document.getElementById("sec-%s").open`, section)) {
		return
	}
	s.tabTo(t, "sec-"+section+"-title")
	s.do(t, chromedp.KeyEvent(kb.Enter))
	if !evalAs[bool](t, s, fmt.Sprintf(`document.getElementById("sec-%s").open`, section)) {
		t.Fatalf("Enter did not open section %s", section)
	}
}

// openTrace opens the trace and waits for its steps: a closed trace is not built (typing
// does not pay for it).
func (s *session) openTrace(t *testing.T) {
	t.Helper()
	s.eval(t, `document.getElementById("trace").open = true; true`)
	if _, err := s.waitFor(`document.querySelector("#trace-list > li") !== null`, 5*time.Second); err != nil {
		t.Fatal("opening the trace shows no steps")
	}
}

// press tabs to a button and presses Enter.
func (s *session) press(t *testing.T, id string) {
	t.Helper()
	s.tabTo(t, id)
	s.do(t, chromedp.KeyEvent(kb.Enter))
}

// shown is every figure on the page: data-field → data-yen (or data-amount for trace steps).
func (s *session) shown(t *testing.T) map[string]string {
	return evalAs[map[string]string](t, s, `(() => {
		const out = {};
		for (const e of document.querySelectorAll("#sim [data-field]")) {
			const v = e.dataset.yen ?? e.dataset.amount ?? e.textContent;
			out[e.dataset.field] = v;
		}
		return out;
	})()`)
}

// lastInput is the last household the page handed to the engine.
func (s *session) lastInput(t *testing.T) string {
	return evalAs[string](t, s, `window.__inputs.length ? window.__inputs[window.__inputs.length - 1] : ""`)
}

// screenshot saves a full-page PNG to artifacts/ for review.
func (s *session) screenshot(t *testing.T, name string) {
	t.Helper()
	ctx, cancel := s.withTimeout(20 * time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(artifactsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(artifactsDir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// setWidth changes the viewport width of the open page (200% zoom of a 640 px window is 320
// CSS px).
func (s *session) setWidth(t *testing.T, width int64) {
	t.Helper()
	s.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: width, Height: 900, DeviceScaleFactor: 1})
		return err
	}))
}

func jsonString(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
