package e2e

import (
	"fmt"
	"testing"
	"time"
)

// TestSimulatorScreenshots saves the page at a phone's and a desktop's width, empty and
// filled, in each language, to artifacts/ for review.
func TestSimulatorScreenshots(t *testing.T) {
	for _, lang := range simulatorLanguages {
		for _, width := range []int64{375, 1280} {
			t.Run(fmt.Sprintf("%s-%d", lang, width), func(t *testing.T) {
				s := newSession(t)
				s.openSimulator(t, lang, width)
				s.screenshot(t, fmt.Sprintf("simulator-%s-%d-empty", lang, width))
				fillExample(t, s)
				if _, err := s.waitFor(`document.querySelector("#chart-slot svg") !== null`, 10*time.Second); err != nil {
					t.Fatalf("no chart: %v", err)
				}
				s.openTrace(t)
				s.screenshot(t, fmt.Sprintf("simulator-%s-%d-filled", lang, width))
				s.assertClean(t)
			})
		}
	}
}

// fillExample enters tax-rules.md §17 Example 2 (a couple with two children) with the keyboard.
func fillExample(t *testing.T, s *session) {
	t.Helper()
	s.fillField(t, "f-age", "42")
	s.fillField(t, "f-salary", "550万")
	s.fillField(t, "f-social_insurance", "８５０，０００円")
	s.openSection(t, "insurance")
	s.fillField(t, "f-life_general_new", "80000")
	s.fillField(t, "f-earthquake", "30000")
	s.openSection(t, "family")
	s.setCheck(t, "f-has_spouse", true)
	s.fillField(t, "spouse-rel_age", "40")
	s.press(t, "add-dependent")
	s.fillField(t, "dep-1-rel_age", "17")
	s.press(t, "add-dependent")
	s.fillField(t, "dep-2-rel_age", "12")
	if _, err := s.waitFor(settled, 10*time.Second); err != nil {
		t.Fatalf("no result: %v", err)
	}
}
