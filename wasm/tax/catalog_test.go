package tax

import "testing"

// TestCatalog: every municipality and year of the catalog is one the engine assesses, and the
// default year is among them.
func TestCatalog(t *testing.T) {
	c := EngineCatalog()
	if len(c.Municipalities) != 3 || len(c.Years) != 3 {
		t.Fatalf("catalog %+v", c)
	}
	def := false
	for _, y := range c.Years {
		def = def || y.FiscalYear == c.DefaultYear
		for _, m := range c.Municipalities {
			if _, err := Assess(Input{FiscalYear: y.FiscalYear, Municipality: m.Code, Taxpayer: Person{Age: 40}}); err != nil {
				t.Errorf("%d %s: %v", y.FiscalYear, m.Code, err)
			}
		}
	}
	if !def {
		t.Errorf("default year %d is not in the catalog", c.DefaultYear)
	}
}
