// Package municipality names the municipalities the site can be built for: those of the tax
// engine's catalog (tax.EngineCatalog), the only list of them. The やさしい日本語 reading of a
// name is the site's (content/site.json, contact.<code>.name).
package municipality

import (
	"fmt"
	"strings"

	"zeisim/wasm/tax"
)

// Profile is what the templates print about a municipality.
type Profile struct {
	Code       string            // 全国地方公共団体コード (6 digits with the check digit)
	Name       map[string]string // by language code: "ja", "en", and others the site adds
	Prefecture map[string]string
}

// NameIn returns the name in lang, falling back to Japanese.
func (p Profile) NameIn(lang string) string { return pick(p.Name, lang) }

// PrefectureIn returns the prefecture's name in lang, falling back to Japanese.
func (p Profile) PrefectureIn(lang string) string { return pick(p.Prefecture, lang) }

func pick(m map[string]string, lang string) string {
	if v, ok := m[lang]; ok {
		return v
	}
	return m["ja"]
}

// Lookup returns the profile of code, or an error listing the known codes.
func Lookup(code string) (Profile, error) {
	for _, m := range tax.EngineCatalog().Municipalities {
		if m.Code == code {
			return Profile{Code: m.Code, Name: map[string]string{"ja": m.Name, "en": m.NameEn},
				Prefecture: map[string]string{"ja": m.Prefecture, "en": m.PrefectureEn}}, nil
		}
	}
	return Profile{}, fmt.Errorf("unknown municipality code %q: the site can be built for %s", code, strings.Join(Codes(), ", "))
}

// Codes lists the known codes with their names, in the catalog's order.
func Codes() []string {
	var out []string
	for _, m := range tax.EngineCatalog().Municipalities {
		out = append(out, m.Code+" ("+m.Name+")")
	}
	return out
}
