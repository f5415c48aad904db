// Package municipality names the municipalities the site can be built for. The tax engine
// (zeisim/wasm/tax) holds the authoritative profiles (rates, 均等割, instalment months) and
// the browser asks it by code; the site itself needs only the names, so this small table is
// all the generator keeps. When the engine exports its profile names, this table should be
// replaced by a call to it.
package municipality

import (
	"fmt"
	"sort"
	"strings"
)

// Profile is what the templates print about a municipality.
type Profile struct {
	Code       string            // 全国地方公共団体コード (6 digits with the check digit)
	Name       map[string]string // by language code: "ja", "en", "ja-easy"
	Prefecture map[string]string
	URL        string // the municipality's official site
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

// profiles is kept in code order. やさしい日本語 names are in hiragana with the kanji form
// the resident sees on their notice: "ふじさわし（藤沢市）".
var profiles = []Profile{
	{
		Code:       "141003",
		Name:       map[string]string{"ja": "横浜市", "en": "Yokohama", "ja-easy": "よこはまし（横浜市）"},
		Prefecture: map[string]string{"ja": "神奈川県", "en": "Kanagawa", "ja-easy": "かながわけん（神奈川県）"},
		URL:        "https://www.city.yokohama.lg.jp/",
	},
	{
		Code:       "142051",
		Name:       map[string]string{"ja": "藤沢市", "en": "Fujisawa", "ja-easy": "ふじさわし（藤沢市）"},
		Prefecture: map[string]string{"ja": "神奈川県", "en": "Kanagawa", "ja-easy": "かながわけん（神奈川県）"},
		URL:        "https://www.city.fujisawa.kanagawa.jp/",
	},
}

// Lookup returns the profile of code, or an error listing the known codes.
func Lookup(code string) (Profile, error) {
	for _, p := range profiles {
		if p.Code == code {
			return p, nil
		}
	}
	return Profile{}, fmt.Errorf("unknown municipality code %q: the site can be built for %s", code, strings.Join(Codes(), ", "))
}

// Codes lists the known codes with their names, sorted by code.
func Codes() []string {
	out := make([]string, 0, len(profiles))
	for _, p := range profiles {
		out = append(out, p.Code+" ("+p.Name["ja"]+")")
	}
	sort.Strings(out)
	return out
}
