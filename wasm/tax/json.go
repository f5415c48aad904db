package tax

// AssessJSON decodes one household, assesses it and encodes the result. On rejection it
// returns the *ValidationError (input that is not JSON is reported the same way, with the
// field "(input)"), whose JSON form EncodeErrors writes.
func AssessJSON(data []byte) ([]byte, error) {
	in, err := Decode(data)
	if err != nil {
		return nil, asValidation(err)
	}
	r, err := Assess(in)
	if err != nil {
		return nil, err
	}
	return EncodeResult(&r), nil
}

// Respond is AssessJSON for a caller that wants JSON either way: the result, or
// {"errors": [...]}. ok is false on rejection.
func Respond(data []byte) (out []byte, ok bool) {
	b, err := AssessJSON(data)
	if err != nil {
		return EncodeErrors(asValidation(err)), false
	}
	return b, true
}

func asValidation(err error) *ValidationError {
	if ve, ok := err.(*ValidationError); ok { // unwrapped by construction (see syntaxFieldError)
		return ve
	}
	return syntaxFieldError(err)
}

// maxCurvePoints bounds zeisim.curve (the chart needs ~300).
const maxCurvePoints = 10001

// Curve returns the tax of the household as its salary goes from 0 to maxSalary in steps
// of step (the simulator's chart). It skips the trace, the ふるさと納税 search and every text
// of the result, and reuses one calc for all points: each point is the full pipeline's
// totals (TestCurveMatchesAssess), at no allocation per point.
func Curve(in Input, maxSalary, step int64) (pts []CurvePoint, err error) {
	defer func() {
		if p := recover(); p != nil {
			pts, err = nil, internalError(p)
		}
	}()
	var v validator
	if step <= 0 {
		v.add("step", "刻み幅は1円以上の整数で指定してください", "step must be a whole number of yen, 1 or more")
	}
	if maxSalary < 0 || maxSalary > maxAmount {
		v.add("max_salary", "給与収入の上限は0〜100億円で指定してください", "max_salary must be between 0 and 10,000,000,000 yen")
	}
	if len(v.errs) == 0 && maxSalary/step+1 > maxCurvePoints {
		v.add("step", "点の数が多すぎます（10,001点まで）", "too many points (at most 10,001)")
	}
	if len(v.errs) > 0 {
		return nil, &ValidationError{Errors: v.errs}
	}
	// The household is validated once, at salary 0: every salary up to maxSalary is valid,
	// and no other rule depends on the salary.
	h := in
	h.Income.Salary = 0
	var c calc
	if verr := c.init(&h, false); verr != nil {
		return nil, verr
	}
	c.lean = true
	pts = make([]CurvePoint, 0, maxSalary/step+1)
	for s := int64(0); s <= maxSalary; s += step {
		c.in.Income.Salary = s
		c.again()
		c.run(false)
		r := &c.r
		pts = append(pts, CurvePoint{Salary: s, City: r.City.Total, Prefecture: r.Prefecture.Total, Forest: r.ForestTax, Total: r.Total})
	}
	return pts, nil
}

// CurveJSON is Curve for JSON callers: the array of points, or {"errors": [...]}.
func CurveJSON(data []byte, maxSalary, step int64) (out []byte, ok bool) {
	in, err := Decode(data)
	if err != nil {
		return EncodeErrors(asValidation(err)), false
	}
	pts, err := Curve(in, maxSalary, step)
	if err != nil {
		return EncodeErrors(asValidation(err)), false
	}
	return EncodeCurve(pts), true
}
