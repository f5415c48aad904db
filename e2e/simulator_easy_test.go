package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"zeisim/wasm/tax"
)

// easyHouseholds are households of TestSimulatorHouseholds typed again on the やさしい日本語
// page: salaried, a family with a spouse and two children, a pensioner (the 公的年金等の源泉徴収票
// section) and a non-taxable part-timer (the engine's reason is shown).
var easyHouseholds = []string{
	"single salaried 5,000,000 (tax-rules §17 Example 1)",
	"couple with two children (Example 2)",
	"pensioner aged 70 (Example 3)",
	"part-timer 1,000,000 (non-taxable)",
}

// easyTable is the simulator's やさしい日本語 string table, the words the page must show.
func easyTable(t *testing.T) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "site", "i18n", "simulator", "ja-easy.json"))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSimulatorEasyHouseholds types households with the keyboard on /easy/simulator/ and checks
// every figure against the engine run natively (checkHousehold, as TestSimulatorHouseholds
// does); and that the page speaks やさしい日本語: its labels are the ja-easy table's, it is
// lang="ja", and the engine's trace is shown in its Japanese wording with no lang="en" part.
func TestSimulatorEasyHouseholds(t *testing.T) {
	table := easyTable(t)
	byName := map[string]household{}
	for _, h := range households {
		byName[h.name] = h
	}
	s := newSession(t)
	for _, name := range easyHouseholds {
		h, ok := byName[name]
		if !ok {
			t.Fatalf("no household %q in TestSimulatorHouseholds' list", name)
		}
		h.lang = "ja-easy"
		t.Run(name, func(t *testing.T) {
			checkHousehold(t, s, h)
			// The chart has drawn by now (checkHousehold waits for it); when it drew a new curve
			// after the last entry, it called the engine for other salaries: the household the
			// page computed must still be the one typed (openSimulator leaves the chart's out).
			if got, err := tax.Decode([]byte(s.lastInput(t))); err != nil || !reflect.DeepEqual(normalized(got), normalized(h.in)) {
				t.Errorf("after the chart, the last household computed is %s (%v)", s.lastInput(t), err)
			}
			if got := evalAs[string](t, s, `document.documentElement.lang`); got != "ja" {
				t.Errorf("the page is lang=%q, want ja (やさしい日本語 is Japanese)", got)
			}
			for _, key := range []string{"age", "salary", "social_insurance"} {
				if got := evalAs[string](t, s, fmt.Sprintf(`document.querySelector("label[for=f-%s]").textContent`, key)); got != table["field."+key] {
					t.Errorf("the label of #f-%s reads %q, want the easy table's %q", key, got, table["field."+key])
				}
			}
			if got, want := evalAs[string](t, s, `document.getElementById("result-heading")?.textContent ?? ""`), table["result.heading"]; got != want {
				t.Errorf("the result is headed %q, want %q", got, want)
			}
			res, err := tax.Assess(normalized(h.in))
			if err != nil {
				t.Fatal(err)
			}
			s.openTrace(t)
			steps := evalAs[[]string](t, s, `Array.from(document.querySelectorAll("#trace-list > li .step-label")).map(e => e.textContent)`)
			if len(steps) != len(res.Steps) {
				t.Fatalf("the trace shows %d labelled steps, the engine gives %d", len(steps), len(res.Steps))
			}
			for i, st := range res.Steps {
				if !strings.Contains(steps[i], st.Label) {
					t.Errorf("trace step %d reads %q, want the engine's Japanese label %q", i, steps[i], st.Label)
				}
			}
			if n := evalAs[int](t, s, `document.querySelectorAll("#sim [lang]").length`); n != 0 {
				t.Errorf("%d parts of the result are marked as another language", n)
			}
		})
	}
}

// TestSimulatorEasyBadInput types mistakes on /easy/simulator/ with the keyboard: each message is
// the easy table's sentence naming the field by its easy label, beside the field and in the
// result area, with no total; after the fix the total comes back. A household the engine itself
// rejects (more reimbursed than paid) shows the field's easy label and the engine's Japanese
// message (the page reads Japanese: Lang.readsJapanese).
func TestSimulatorEasyBadInput(t *testing.T) {
	table := easyTable(t)
	s := newSession(t)
	s.openSimulator(t, "ja-easy", 1280)
	s.fillField(t, "f-age", "40")
	for _, c := range []struct{ id, key, bad, fix, msgKey string }{
		{"f-salary", "salary", "abc", "500万", "error.yen.format"},
		{"f-social_insurance", "social_insurance", "-75万", "75万", "error.yen.negative"},
		{"f-age", "age", "200", "40", "error.age.range"},
	} {
		t.Run(c.id, func(t *testing.T) {
			s.fillField(t, c.id, c.bad)
			want := strings.ReplaceAll(table[c.msgKey], "{field}", table["field."+c.key])
			if !strings.Contains(want, "（") || strings.Contains(want, "{") {
				t.Fatalf("the easy table's message %q does not name the field with its reading", want)
			}
			if got := evalAs[string](t, s, fmt.Sprintf(`document.getElementById(%q).textContent`, c.id+"-error")); got != want {
				t.Errorf("%s = %q: the message reads %q, want %q", c.id, c.bad, got, want)
			}
			if summary := evalAs[string](t, s, `document.getElementById("problems")?.textContent ?? ""`); !strings.Contains(summary, want) {
				t.Errorf("the result area does not say what to fix: %q", oneLine(summary))
			}
			if evalAs[bool](t, s, `document.getElementById("total") !== null`) {
				t.Errorf("a total is shown although %s is wrong", c.id)
			}
			s.fillField(t, c.id, c.fix)
			if _, err := s.waitFor(settled, 5*time.Second); err != nil {
				t.Fatalf("after fixing %s there is no result: %v", c.id, err)
			}
		})
	}

	s.openSection(t, "deductions")
	s.fillField(t, "f-medical_paid", "100000")
	s.fillField(t, "f-medical_reimbursed", "200000")
	in, err := tax.Decode([]byte(s.lastInput(t)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = tax.Assess(in)
	var verr *tax.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("the engine accepts reimbursed > paid (%v): pick another rejected household", err)
	}
	if _, err := s.waitFor(`document.getElementById("problems") !== null`, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	summary := evalAs[string](t, s, `document.getElementById("problems").textContent`)
	for _, fe := range verr.Errors {
		if fe.Field != "deductions.medical_expenses.reimbursed" {
			continue
		}
		want := table["field.medical_reimbursed"] + ": " + fe.Message
		if !strings.Contains(summary, want) {
			t.Errorf("the page does not show %q; it says %q", want, oneLine(summary))
		}
		if strings.Contains(summary, fe.MessageEn) {
			t.Errorf("the やさしい日本語 page shows the engine's English message %q", fe.MessageEn)
		}
	}
	if evalAs[bool](t, s, `document.getElementById("total") !== null`) {
		t.Error("a rejected household still shows a total")
	}
	s.assertClean(t)
}
