package tax

import "math/bits"

// assumptionText describes each UNSURE rule (tax-rules.md §0.1) and the default the engine
// uses. A result lists the ones its figures depend on.
type assumptionText struct {
	id, label, labelEn, value, valueEn, source string
}

var assumptionTexts = []assumptionText{
	{"suigen_fy2027", "神奈川県 水源環境保全税（令和9年度以降）", "Kanagawa water-source tax from FY2027",
		"令和8年度と同じ（均等割 +300円、所得割 +0.025%）と仮定", "assumed unchanged (+300 yen per capita, +0.025% income levy)",
		"tax-rules.md §2, §0.1(1): 現行の課税期間は令和8年度まで"},
	{"salary_table_fy2027", "令和9年度の給与所得（最低保障74万円の特例）", "FY2027 employment income table (740,000-yen minimum)",
		"令和8年分の別表第五（74万円特例）を適用", "the 2026 table with the 740,000-yen special minimum",
		"tax-rules.md §3.1, §0.1(2) (LIKELY: 総務省 令和8年度改正の概要)"},
	{"chosei_spouse_special", "調整控除: 配偶者特別控除の人的控除差", "Adjustment credit: spouse-special difference",
		"配偶者の所得 58万超60万未満 5万円、60万以上65万未満 3万円（900万以下の場合）", "spouse income over 580,000 and under 600,000: 50,000; 600,000 to under 650,000: 30,000",
		"tax-rules.md §6.3, §0.1(3)"},
	{"chosei_tokutei_shinzoku", "調整控除: 特定親族特別控除の人的控除差", "Adjustment credit: specified-relative difference",
		"0円（地方税法37条1号イの表に行がない）", "0 yen (no row in the statutory table)", "tax-rules.md §6.3, §0.1(3)"},
	{"donation_rounding", "寄附金税額控除の端数処理", "Rounding of the donation credit",
		"市・県それぞれ合計額の1円未満を切上げ", "each tax's total credit rounded up to the yen once", "tax-rules.md §7.4(5), §0.1(4)"},
	{"housing_rounding", "住宅借入金等特別税額控除の端数処理", "Rounding of the housing-loan credit",
		"市・県それぞれ1円未満を切上げ", "each tax's credit rounded up to the yen", "tax-rules.md §10, §0.1(4)"},
	{"donation_kiso_diff", "寄附金 特例控除の人的控除差調整額", "Personal-deduction difference for the donation special credit",
		"人的控除差 + (所得税の基礎控除 − 48万円)", "difference + (income-tax basic deduction − 480,000)", "tax-rules.md §7.4(3), §0.1(5)"},
	{"housing_cap_base", "住宅ローン控除の控除限度額の基礎", "Base of the housing-loan credit cap",
		"所得税の課税総所得金額等 + (所得税の基礎控除 − 48万円)（入居 平成28年〜令和7年）", "income-tax taxable income + (income-tax basic deduction − 480,000) for homes moved into 2016–2025",
		"tax-rules.md §7.3, §0.1(5)"},
	{"housing_rate_year", "住宅ローン控除の限度額（入居年で判定）", "Housing-loan cap by move-in year",
		"2014年入居は7%・136,500円（4月以降の特定取得）、2022年入居は5%・97,500円と仮定", "2014: 7% / 136,500 (April or later); 2022: 5% / 97,500",
		"tax-rules.md §7.3"},
	{"ordinary_months", "普通徴収の納期と端数", "Ordinary-collection months and rounding",
		"6月・8月・10月・1月、第2〜4期は1,000円未満切捨て（端数は第1期）", "June, August, October, January; instalments 2–4 floored to 1,000 yen",
		"tax-rules.md §12.2, §0.1(6)"},
	{"adjustment_measure_split", "所得割の調整措置の市・県の割振り", "Split of the income-levy adjustment",
		"県 10分の4・市 10分の6（指定都市 10分の2・10分の8）", "prefecture 4/10, city 6/10 (designated city 2/10, 8/10)", "tax-rules.md §8.4, §0.1(7)"},
	{"pension_apportion", "年金から差し引く所得割の計算", "Income levy deducted from the pension",
		"所得割 × 公的年金等に係る所得 / 合計所得金額（1円未満切捨て）", "income levy × pension income / total income (floored to the yen)",
		"tax-rules.md §12.3 (LIKELY: 市町村の実務)"},
	{"pension_rounding", "年金からの特別徴収の端数", "Rounding of the pension deductions",
		"各回100円未満切捨て、端数は各期間（6月・8月／4月・6月・8月／10月・12月・2月）の最初の回", "each deduction floored to 100 yen, the remainder in the first of each block",
		"tax-rules.md §12.3 (LIKELY)"},
	{"pension_per_capita", "給与と年金がある場合の均等割", "Per-capita levy with both salary and pension",
		"均等割・森林環境税と年金以外の所得の税額は給与から差し引くと仮定", "the per-capita levies and the tax on non-pension income are deducted from the salary",
		"tax-rules.md §12.3; 地方税法321条の3"},
	{"default_fiscal_year", "年度", "Fiscal year",
		"入力がないため令和8年度（2026年度）として計算", "not given: computed for FY2026 (Reiwa 8)", "engine-io.md: fiscal_year"},
	{"default_municipality", "市区町村", "Municipality",
		"入力がないため藤沢市（142051）として計算", "not given: computed for Fujisawa (142051)", "engine-io.md: municipality"},
	{"default_taxpayer_age", "本人の年齢", "Taxpayer's age",
		"入力がないため18歳以上65歳未満として計算", "not given: computed as an adult under 65", "engine-io.md: taxpayer.age"},
	{"suigen_separate", "神奈川県の水源環境保全税と分離課税", "Kanagawa water-source tax on separately taxed income",
		"分離課税の所得には所得割の超過税率（0.025%）を加えない", "the 0.025% is not added to separately taxed income",
		"tax-rules.md §11 ([S-ISEHARA] 3.6%); UNSURE"},
	{"donation_rate_separate", "分離課税の所得がある場合の特例控除の割合", "Donation special-credit rate with separately taxed income",
		"課税総所得金額の割合と、各分離課税所得の割合（短期譲渡 59.37%、長期譲渡・株式等・配当・先物 74.685%、山林 5分5乗）のうち最も低い割合", "the lowest of the aggregate rate and each separately taxed income's rate",
		"地方税法附則34条・35条・35条の2・35条の2の2・35条の4 (LIKELY)"},
	{"withheld_split", "配当割額・株式等譲渡所得割額の控除", "Credit for the levies withheld",
		"市 5分の3・県 5分の2（指定都市 5分の4・5分の1）を各所得割から、控除しきれない額は均等割から（1円未満切捨て）、残りは還付（合計の1円未満切捨て）", "city 3/5, prefecture 2/5 (designated city 4/5, 1/5) from each income levy, the rest from the per-capita levy, then refunded",
		"tax-rules.md §7.6 (LIKELY)"},
	{"foreign_tax", "外国税額控除", "Foreign tax credit",
		"国税で控除しきれない額を、県民税（所得税の控除限度額 × 12%、指定都市 6%）、次に市民税（× 18%、指定都市 24%）から控除", "what national taxes did not take: prefectural tax up to the income-tax limit × 12% (designated city 6%), then city tax up to × 18% (24%)",
		"tax-rules.md §7.5 (LIKELY)"},
	{"single_parent_sex", "ひとり親の人的控除差", "Single-parent difference",
		"性別が未入力のため母（5万円）として計算", "sex not given: computed as a mother (50,000)", "地方税法37条1号イ; tax-rules.md §6.2"},
}

func (c *calc) assumptionList() []Assumption {
	out := make([]Assumption, 0, bits.OnesCount32(c.assumed))
	for i, a := range assumptionTexts {
		if c.assumed&(1<<i) != 0 {
			out = append(out, Assumption{ID: a.id, Label: a.label, LabelEn: a.labelEn, Value: a.value, ValueEn: a.valueEn, Source: a.source})
		}
	}
	return out
}
