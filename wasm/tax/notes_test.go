package tax

import "testing"

// TestNotes: the remarks a result carries say what a resident should check; each case names
// the note it must carry and one it must not.
func TestNotes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      Input
		want    string // note id that must be present ("" for none of interest)
		mustNot string
	}{
		// A 源泉徴収票 withholds 社会保険料 from the 支払金額 (所得税法190条, 施行規則別表第六(一)),
		// so more than the salary is a typing slip: said, and computed as entered.
		{"slip premiums over the salary", Input{FiscalYear: 2026, Taxpayer: Person{Age: 40}, Income: Income{Salary: 750000},
			Deductions: Deductions{WithholdingSlip: WithholdingSlip{SocialInsurance: 5000000}}}, "social_insurance_over_salary", ""},
		{"slip premiums within the salary", Input{FiscalYear: 2026, Taxpayer: Person{Age: 40}, Income: Income{Salary: 5000000},
			Deductions: Deductions{WithholdingSlip: WithholdingSlip{SocialInsurance: 750000}}}, "", "social_insurance_over_salary"},
		// Premiums paid directly (国民年金 for the family, deductions.social_insurance) may exceed
		// the salary lawfully (所得税法74条): no remark.
		{"premiums paid directly over the salary", Input{FiscalYear: 2026, Taxpayer: Person{Age: 40}, Income: Income{Salary: 750000},
			Deductions: Deductions{SocialInsurance: 900000}}, "", "social_insurance_over_salary"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustAssess(t, tc.in)
			has := map[string]bool{}
			for _, n := range r.Notes {
				has[n.ID] = true
				if n.Message == "" || n.MessageEn == "" {
					t.Errorf("note %s lacks a message in Japanese or English", n.ID)
				}
			}
			if tc.want != "" && !has[tc.want] {
				t.Errorf("no note %s in %+v", tc.want, r.Notes)
			}
			if tc.mustNot != "" && has[tc.mustNot] {
				t.Errorf("note %s where it does not apply", tc.mustNot)
			}
		})
	}
}
