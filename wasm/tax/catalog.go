package tax

// Catalog is what the engine implements, in the order to offer it: the municipalities and
// fiscal years with their labels. It is the only list of them: the generator builds sites for
// these municipalities and writes the years and municipalities into the simulator page.
type Catalog struct {
	Municipalities []CatalogMunicipality `json:"municipalities"`
	Years          []CatalogYear         `json:"years"`
	DefaultYear    int                   `json:"default_year"` // the fiscal year of the latest notices
}

// CatalogMunicipality is one municipality profile.
type CatalogMunicipality struct {
	Code         string `json:"code"` // 全国地方公共団体コード
	Name         string `json:"name"`
	NameEn       string `json:"name_en"`
	Prefecture   string `json:"prefecture"`
	PrefectureEn string `json:"prefecture_en"`
	Designated   bool   `json:"designated"` // 指定都市
}

// CatalogYear is one fiscal year.
type CatalogYear struct {
	FiscalYear  int    `json:"fiscal_year"`
	IncomeYear  int    `json:"income_year"`
	Era         string `json:"era"`
	EraEn       string `json:"era_en"`
	Provisional bool   `json:"provisional"` // the law or an ordinance is not settled yet
}

// EngineCatalog lists the municipalities and fiscal years of the parameter tables.
func EngineCatalog() Catalog {
	c := Catalog{DefaultYear: defaultFiscalYear}
	for i := range municipalities {
		m := &municipalities[i]
		c.Municipalities = append(c.Municipalities, CatalogMunicipality{Code: m.Code, Name: m.Name, NameEn: m.NameEn,
			Prefecture: m.Pref, PrefectureEn: m.PrefEn, Designated: m.Designated})
	}
	for i := range years {
		y := &years[i]
		c.Years = append(c.Years, CatalogYear{FiscalYear: y.FY, IncomeYear: y.IncomeYear, Era: y.Era, EraEn: y.EraEn, Provisional: y.Provisional})
	}
	return c
}
