package tax

import (
	"fmt"
	"hash/fnv"
	"testing"
)

// paramsDigest hashes every parameter table of the engine.
func paramsDigest() string {
	h := fnv.New64a()
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

// TestRulesVersionTracksParameters: rules_version must change whenever a parameter does.
// If this fails after you changed a parameter, bump rulesVersion and record the new digest.
func TestRulesVersionTracksParameters(t *testing.T) {
	const (
		recordedVersion = "zeisim-rules-2026.3 (FY2025, FY2026, FY2027 provisional)"
		recordedDigest  = "01cab2eda105d17a"
	)
	if got := paramsDigest(); got != recordedDigest || RulesVersion() != recordedVersion {
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
