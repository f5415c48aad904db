package tax

import "testing"

func example2() Input {
	return Input{FiscalYear: 2026, Taxpayer: Person{Age: 40}, Income: Income{Salary: 5500000},
		Deductions: Deductions{SocialInsurance: 850000, LifeInsurance: LifeInsurance{GeneralNew: 80000}, EarthquakeInsurance: EarthquakeInsurance{Earthquake: 30000}},
		Spouse:     &Relative{Age: 40, LivingTogether: true},
		Dependents: []Relative{{Age: 17, LivingTogether: true}, {Age: 12, LivingTogether: true}}}
}

// BenchmarkAssessExample2: a full assessment of tax-rules.md §17 Example 2, with the trace
// and the ふるさと納税 limit search (what zeisim.assess does per keystroke).
func BenchmarkAssessExample2(b *testing.B) {
	in := example2()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Assess(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFurusatoLimit: the ふるさと納税 limit search alone (Example 2 household).
func BenchmarkFurusatoLimit(b *testing.B) {
	in := example2()
	var c calc
	if err := c.init(&in, false); err != nil {
		b.Fatal(err)
	}
	c.run(false)
	base := c.levy(0, &tracer{})
	b.ReportAllocs()
	for b.Loop() {
		c.furusatoLimit(base)
	}
	if c.r.FurusatoLimit != 46000 {
		b.Fatalf("limit %d", c.r.FurusatoLimit)
	}
}

// BenchmarkAssessJSON: the JSON door, decode + assess + encode (the browser's call).
func BenchmarkAssessJSON(b *testing.B) {
	data := []byte(`{"fiscal_year":2026,"taxpayer":{"age":40},"income":{"salary":5500000},"deductions":{"social_insurance":850000,"life_insurance":{"general_new":80000},"earthquake_insurance":{"earthquake":30000}},"spouse":{"age":40,"living_together":true},"dependents":[{"age":17,"living_together":true},{"age":12,"living_together":true}]}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := AssessJSON(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCurve: zeisim.curve for the chart, 301 points (Example 2 household, 0 to 15,000,000).
func BenchmarkCurve(b *testing.B) {
	in := example2()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Curve(in, 15000000, 50000); err != nil {
			b.Fatal(err)
		}
	}
}
