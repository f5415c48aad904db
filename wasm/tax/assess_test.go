package tax

import "testing"

func TestAssessExamples(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want int64 // 年税額
		law  string
	}{
		{"tax-rules.md §17 Example 1: 給与収入 5,000,000, 社会保険料 750,000", Input{FiscalYear: 2026, Income: Income{Salary: 5000000}, Deductions: Deductions{SocialInsurance: 750000}}, 241300,
			"別表第五 3,560,000; 課税 2,380,000; 市 141,300 + 3,000; 県 94,700 + 1,300; 森林 1,000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Assess(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != tt.want {
				t.Errorf("total = %d, want %d (%s)", got.Total, tt.want, tt.law)
			}
		})
	}
}
