package tax

import (
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"testing"
)

// paramsDigest hashes every parameter table of the engine and what it computes for every
// golden household (the result without its rules_version): a rule changed in code, not in a
// table, changes the results, and so the digest, too.
func paramsDigest(t testing.TB) string {
	h := fnv.New64a()
	goldens := loadGolden(t)
	for _, name := range slices.Sorted(maps.Keys(goldens)) {
		in, err := Decode(goldens[name].Input)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Assess(in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r.RulesVersion = ""
		fmt.Fprintf(h, "%s %s\n", name, EncodeResult(&r))
	}
	for i := range years {
		fmt.Fprintf(h, "%#v\n", years[i])
	}
	for i := range municipalities {
		m := municipalities[i]
		fmt.Fprintf(h, "%s %s %v %d %v\n", m.Code, m.Name, m.Designated, m.Kyuchi, m.OrdinaryMonths)
		for _, fy := range []int{2025, 2026, 2027} {
			fmt.Fprintf(h, "%#v\n", m.Years(fy))
		}
	}
	fmt.Fprintf(h, "%#v %#v %#v %#v %#v %#v %#v %#v %#v %#v %#v %#v %v\n", standardShares, designatedShares, choseiTable,
		residentPersonal, incomeTaxPersonal, residentBasic, furusatoRates, incomeTaxRates,
		residentInsurance, incomeTaxInsurance, salaryUpper, assumptionTexts, donationCeilPerComponent)
	fmt.Fprintf(h, "%#v %#v\n", pensionRules, nationalHolidays)
	fmt.Fprintf(h, "%#v\n", lifeNewITYoung)
	for _, k := range []sepKind{sepLandShort, sepLandShortPublic, sepLandLong, sepLandResidential, sepLandGoodHousing,
		sepUnlisted, sepListedGains, sepListedDiv, sepFutures, sepTimber} {
		fmt.Fprintf(h, "%#v\n", k)
	}
	return fmt.Sprintf("%016x", h.Sum64())
}

// TestRulesVersionTracksParameters: rules_version must change whenever a parameter or a
// golden household's result does. If this fails after you changed a rule or a parameter,
// bump rulesVersion and record the new digest (after adding a golden household, record the
// digest only).
func TestRulesVersionTracksParameters(t *testing.T) {
	const (
		recordedVersion = "zeisim-rules-2026.5"
		recordedDigest  = "40ef717008f070b0"
	)
	if got := paramsDigest(t); got != recordedDigest || RulesVersion() != recordedVersion {
		t.Errorf("parameters digest %s (recorded %s) with rules version %q (recorded %q): bump rulesVersion and record both",
			got, recordedDigest, RulesVersion(), recordedVersion)
	}
}

// TestAssumptionSetFits: calc records assumptions as bits of a uint32.
func TestAssumptionSetFits(t *testing.T) {
	if len(assumptionTexts) > 32 {
		t.Fatalf("%d assumption texts: widen calc.assumed", len(assumptionTexts))
	}
}
