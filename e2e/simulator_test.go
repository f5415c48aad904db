package e2e

import (
	"testing"
	"time"
)

// TestSimulatorComputesExample1 types the figures of tax-rules.md §17 Example 1 as a resident
// would and reads the annual total the page computed with the wasm engine.
func TestSimulatorComputesExample1(t *testing.T) {
	s := newSession(t)
	s.openSimulator(t, "ja", 1280)
	s.fillField(t, "f-age", "40")
	s.fillField(t, "f-salary", "5000000")
	s.fillField(t, "f-social_insurance", "750000")
	// 年税額 241,300円 = 市民税 144,300 + 県民税 96,000 + 森林環境税 1,000
	// (tax-rules.md §17 Example 1; 地方税法314条の3・35条・20条の4の2; 森林環境税法).
	got, err := s.waitFor(`document.getElementById("total")?.dataset.yen === "241300" && "241300"`, 10*time.Second)
	if err != nil {
		t.Fatalf("annual total: want 241300, page shows %q (%v)", s.shown(t)["total"], err)
	}
	if got != "241300" {
		t.Fatalf("annual total %s, want 241300", got)
	}
	s.assertClean(t)
}
