package tax

// sumLoss is the total of losses given by year.
func sumLoss(ys []LossYear) int64 {
	var t int64
	for _, y := range ys {
		t += y.Amount
	}
	return t
}

// carryforwardNext lists what can be carried into next year's return (所得税法70条・71条,
// 措置法37条の12の2第5項〜7項: 3 years): of the losses given by year, what this year did not
// use, oldest used first, leaving out those whose 3 years end with this one; and this year's
// own losses.
func (c *calc) carryforwardNext() {
	in := &c.in.Income
	y := c.y.IncomeYear
	var out []LossCarry
	rest := func(kind string, years []LossYear, used int64) {
		// At most maxLossYears entries: an insertion sort by year keeps the slices package
		// (and its generic instances) out of the WebAssembly.
		sorted := make([]LossYear, 0, len(years))
		for _, ly := range years {
			i := len(sorted)
			sorted = append(sorted, ly)
			for ; i > 0 && sorted[i-1].Year > ly.Year; i-- {
				sorted[i] = sorted[i-1]
			}
			sorted[i] = ly
		}
		for _, ly := range sorted {
			take := min(used, ly.Amount)
			used -= take
			if left := ly.Amount - take; left > 0 && ly.Year >= y-maxLossYears+1 {
				out = append(out, LossCarry{Kind: kind, Year: ly.Year, Amount: left})
			}
		}
	}
	rest("loss", in.LossCarryforwardYears, c.tp.Carryforward)
	if c.tp.LossLeft > 0 {
		out = append(out, LossCarry{Kind: "loss", Year: y, Amount: c.tp.LossLeft})
	}
	rest("listed", in.Separate.ListedLossCarryforwardYears, c.tp.Sep.ListedCF)
	if g := in.Separate.ListedStockGains; g < 0 {
		if left := -g - max(0, in.Separate.ListedDividends); left > 0 {
			out = append(out, LossCarry{Kind: "listed", Year: y, Amount: left})
		}
	}
	c.r.CarryforwardNext = out
	if out == nil {
		c.r.CarryforwardNext = []LossCarry{}
		return
	}
	if t := &c.tr; t.on {
		var sum int64
		for _, l := range out {
			sum += l.Amount
		}
		t.yen("carryforward_next", "翌年以後に繰り越せる損失", "Losses to carry into next year", sum,
			"今年使わなかった前3年以内の損失（古い年から使用）と今年の損失（純損失は青色申告の場合）", "所得税法70条・71条・措置法37条の12の2")
	}
}
