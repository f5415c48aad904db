package tax

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

// Decode reads one household from JSON (engine-io.md). Unknown fields, repeated fields and
// wrong types are rejected with the path of the field, all at once, so a typo never silently
// becomes zero. Input that is not JSON at all gives a *SyntaxError.
func Decode(data []byte) (Input, error) {
	v, err := parseJSON(data)
	if err != nil {
		return Input{}, err
	}
	return decodeValue(v)
}

// syntaxFieldError turns a SyntaxError into the contract's error shape.
func syntaxFieldError(err error) *ValidationError {
	var se *SyntaxError
	msg := err.Error()
	if errors.As(err, &se) {
		return &ValidationError{Errors: []FieldError{{
			Field:     "(input)",
			Message:   "入力がJSONとして読めません（" + strconv.Itoa(se.Offset) + "バイト目: " + se.Msg + "）",
			MessageEn: "the input is not valid JSON (byte " + strconv.Itoa(se.Offset) + ": " + se.Msg + ")",
		}}}
	}
	return &ValidationError{Errors: []FieldError{{Field: "(input)", Message: msg, MessageEn: msg}}}
}

func decodeValue(v jval) (Input, error) {
	var in Input // fiscal_year and municipality left out stay 0 and "": defaults with an assumption
	var d jdec
	if v.kind != jObj {
		d.wrong("(input)", v, "オブジェクト", "an object")
		return Input{}, &ValidationError{Errors: d.errs}
	}
	d.fields("", v, func(p, k string, f jval) bool {
		switch k {
		case "fiscal_year":
			in.FiscalYear = d.int(p, f)
		case "municipality":
			in.Municipality = d.str(p, f)
		case "taxpayer":
			d.person(p, f, &in.Taxpayer)
		case "income":
			d.income(p, f, &in.Income)
		case "deductions":
			d.deductions(p, f, &in.Deductions)
		case "spouse":
			if f.kind == jNull {
				return true
			}
			in.Spouse = &Relative{}
			d.relative(p, f, in.Spouse)
		case "dependents":
			if f.kind == jNull {
				return true
			}
			if f.kind != jArr {
				d.wrong(p, f, "配列", "an array")
				return true
			}
			if len(f.arr) > maxDependents {
				d.add(p, "扶養親族は"+strconv.Itoa(maxDependents)+"人までしか入力できません", "at most "+strconv.Itoa(maxDependents)+" dependants")
				return true
			}
			in.Dependents = make([]Relative, len(f.arr))
			for i, e := range f.arr {
				d.relative(p+"["+strconv.Itoa(i)+"]", e, &in.Dependents[i])
			}
		case "collection":
			d.fields(p, f, func(p, k string, f jval) bool {
				switch k {
				case "previous_pension_tax":
					in.Collection.PreviousPensionTax = d.yen(p, f)
				default:
					return false
				}
				return true
			})
		case "credits":
			d.fields(p, f, func(p, k string, f jval) bool {
				switch k {
				case "donations":
					dn := &in.Credits.Donations
					d.fields(p, f, func(p, k string, f jval) bool {
						switch k {
						case "furusato":
							dn.Furusato = d.yen(p, f)
						case "one_stop":
							dn.OneStop = d.bool(p, f)
						case "pref_designated":
							dn.PrefDesignated = d.yen(p, f)
						case "muni_designated":
							dn.MuniDesignated = d.yen(p, f)
						default:
							return false
						}
						return true
					})
				case "withheld":
					wh := &in.Credits.Withheld
					d.fields(p, f, func(p, k string, f jval) bool {
						switch k {
						case "dividend_levy":
							wh.DividendLevy = d.yen(p, f)
						case "stock_levy":
							wh.StockLevy = d.yen(p, f)
						default:
							return false
						}
						return true
					})
				case "foreign_tax":
					ft := &in.Credits.ForeignTax
					d.fields(p, f, func(p, k string, f jval) bool {
						switch k {
						case "paid":
							ft.Paid = d.yen(p, f)
						case "income_tax_limit":
							ft.IncomeTaxLimit = d.yen(p, f)
						case "national_credited":
							ft.NationalCredited = d.yen(p, f)
						default:
							return false
						}
						return true
					})
				case "housing_loan":
					hl := &in.Credits.HousingLoan
					d.fields(p, f, func(p, k string, f jval) bool {
						switch k {
						case "credit":
							hl.Credit = d.yen(p, f)
						case "move_in_year":
							hl.MoveInYear = d.int(p, f)
						default:
							return false
						}
						return true
					})
				default:
					return false
				}
				return true
			})
		default:
			return false
		}
		return true
	})
	if len(d.errs) > 0 {
		// Report the other fields' problems too: every bad field at once.
		for _, e := range validate(&in) {
			seen := false
			for _, prev := range d.errs {
				seen = seen || prev.Field == e.Field
			}
			if !seen {
				d.errs = append(d.errs, e)
			}
		}
		return Input{}, &ValidationError{Errors: d.errs}
	}
	return in, nil
}

type jdec struct {
	errs    []FieldError
	dropped int // errors past maxErrors, summed up in the last one
}

// maxErrors bounds the errors one input can produce (an object of a million unknown keys
// gets 50 and a count, not a million).
const maxErrors = 50

func (d *jdec) add(field, ja, en string) {
	switch {
	case len(d.errs) < maxErrors:
		d.errs = append(d.errs, FieldError{Field: field, Message: ja, MessageEn: en})
	default:
		d.dropped++
		n := strconv.Itoa(d.dropped)
		d.errs[maxErrors-1] = FieldError{Field: "(input)", Message: "ほかに " + n + " 件の誤りがあります（最初の誤りから直してください）",
			MessageEn: n + " more errors (fix the first ones first)"}
	}
}

// excerpt bounds a text taken from the input (a key, a number's spelling) to a short prefix,
// so that an error never echoes a megabyte back.
func excerpt(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…(" + strconv.Itoa(len(s)) + " bytes)"
}

func (d *jdec) wrong(path string, v jval, ja, en string) {
	d.add(path, ja+"で入力してください（"+v.kind.ja()+"になっています）", "must be "+en+", not "+v.kind.en())
}

func join(path, key string) string {
	key = excerpt(key)
	if path == "" {
		return key
	}
	return path + "." + key
}

// fields walks an object; each returns false for a key it does not know.
func (d *jdec) fields(path string, v jval, each func(path, key string, f jval) bool) {
	if v.kind != jObj {
		p := path
		if p == "" {
			p = "(input)"
		}
		d.wrong(p, v, "オブジェクト", "an object")
		return
	}
	var seen map[string]bool // only for large objects: the pairwise check is quadratic
	if len(v.obj) > 32 {
		seen = make(map[string]bool, len(v.obj))
	}
	for i, m := range v.obj {
		p := join(path, m.key)
		dup := false
		if seen != nil {
			dup, seen[m.key] = seen[m.key], true
		} else {
			for _, prev := range v.obj[:i] {
				dup = dup || prev.key == m.key
			}
		}
		if dup {
			d.add(p, "同じ項目が2回入力されています", "this field appears twice")
			continue
		}
		if !each(p, m.key, m.val) {
			d.add(p, "不明な項目です（項目名を確認してください）", "unknown field (check the name)")
		}
	}
}

func (d *jdec) int64(path string, v jval) (int64, bool) {
	if v.kind != jNum {
		d.wrong(path, v, "数値（整数）", "a whole number")
		return 0, false
	}
	n, err := strconv.ParseInt(v.s, 10, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			d.add(path, "数値が大きすぎます", "the number is too large")
		} else {
			d.add(path, "整数（小数点や指数表記なし）で入力してください: "+excerpt(v.s), "must be a whole number without a fraction or exponent: "+excerpt(v.s))
		}
		return 0, false
	}
	return n, true
}

func (d *jdec) yen(path string, v jval) int64 {
	n, _ := d.int64(path, v)
	return n
}

func (d *jdec) int(path string, v jval) int {
	n, ok := d.int64(path, v)
	if !ok {
		return 0
	}
	if n < -1<<31 || n > 1<<31-1 {
		d.add(path, "数値が範囲外です", "the number is out of range")
		return 0
	}
	return int(n)
}

func (d *jdec) bool(path string, v jval) bool {
	if v.kind != jBool {
		d.wrong(path, v, "true か false", "true or false")
		return false
	}
	return v.b
}

func (d *jdec) str(path string, v jval) string {
	if v.kind != jStr {
		d.wrong(path, v, "文字列", "a string")
		return ""
	}
	return v.s
}

func (d *jdec) person(path string, v jval, p *Person) {
	d.fields(path, v, func(path, k string, f jval) bool {
		switch k {
		case "age":
			p.Age = d.int(path, f)
		case "disability":
			p.Disability = d.str(path, f)
		case "status":
			p.Status = d.str(path, f)
		case "working_student":
			p.WorkingStudent = d.bool(path, f)
		case "public_assistance":
			p.PublicAssistance = d.bool(path, f)
		case "sex":
			p.Sex = d.str(path, f)
		default:
			return false
		}
		return true
	})
}

func (d *jdec) income(path string, v jval, in *Income) {
	d.fields(path, v, func(path, k string, f jval) bool {
		switch k {
		case "salary":
			in.Salary = d.yen(path, f)
		case "pension":
			in.Pension = d.yen(path, f)
		case "business":
			in.Business = d.yen(path, f)
		case "real_estate":
			in.RealEstate = d.yen(path, f)
		case "miscellaneous":
			in.Miscellaneous = d.yen(path, f)
		case "dividends":
			in.Dividends = d.yen(path, f)
		case "loss_carryforward":
			in.LossCarryforward = d.yen(path, f)
		case "occasional":
			d.fields(path, f, func(path, k string, f jval) bool {
				switch k {
				case "revenue":
					in.Occasional.Revenue = d.yen(path, f)
				case "expenses":
					in.Occasional.Expenses = d.yen(path, f)
				default:
					return false
				}
				return true
			})
		case "capital_gains":
			d.fields(path, f, func(path, k string, f jval) bool {
				switch k {
				case "short_term":
					in.CapitalGains.ShortTerm = d.yen(path, f)
				case "long_term":
					in.CapitalGains.LongTerm = d.yen(path, f)
				default:
					return false
				}
				return true
			})
		case "timber":
			in.Timber = d.yen(path, f)
		case "separate":
			d.separate(path, f, &in.Separate)
		default:
			return false
		}
		return true
	})
}

func (d *jdec) separate(path string, v jval, s *Separate) {
	d.fields(path, v, func(path, k string, f jval) bool {
		switch k {
		case "listed_stock_gains":
			s.ListedStockGains = d.yen(path, f)
		case "listed_dividends":
			s.ListedDividends = d.yen(path, f)
		case "listed_loss_carryforward":
			s.ListedLossCarryforward = d.yen(path, f)
		case "unlisted_stock_gains":
			s.UnlistedStockGains = d.yen(path, f)
		case "futures":
			s.Futures = d.yen(path, f)
		case "land_short":
			d.land(path, f, &s.LandShort)
		case "land_long":
			d.land(path, f, &s.LandLong)
		default:
			return false
		}
		return true
	})
}

func (d *jdec) land(path string, v jval, l *LandGain) {
	d.fields(path, v, func(path, k string, f jval) bool {
		switch k {
		case "gain":
			l.Gain = d.yen(path, f)
		case "special_deduction":
			l.SpecialDeduction = d.yen(path, f)
		case "kind":
			l.Kind = d.str(path, f)
		default:
			return false
		}
		return true
	})
}

func (d *jdec) relative(path string, v jval, r *Relative) {
	d.fields(path, v, func(path, k string, f jval) bool {
		switch k {
		case "age":
			r.Age = d.int(path, f)
		case "disability":
			r.Disability = d.str(path, f)
		case "business_employee":
			r.BusinessEmployee = d.bool(path, f)
		case "living_together":
			r.LivingTogether = d.bool(path, f)
		case "lineal_ascendant":
			r.LinealAscendant = d.bool(path, f)
		case "income":
			d.income(path, f, &r.Income)
		default:
			return false
		}
		return true
	})
}

func (d *jdec) deductions(path string, v jval, x *Deductions) {
	d.fields(path, v, func(path, k string, f jval) bool {
		switch k {
		case "social_insurance":
			x.SocialInsurance = d.yen(path, f)
		case "small_business_mutual_aid":
			x.SmallBusinessMutualAid = d.yen(path, f)
		case "life_insurance":
			li := &x.LifeInsurance
			d.fields(path, f, func(path, k string, f jval) bool {
				switch k {
				case "general_new":
					li.GeneralNew = d.yen(path, f)
				case "general_old":
					li.GeneralOld = d.yen(path, f)
				case "care_medical":
					li.CareMedical = d.yen(path, f)
				case "pension_new":
					li.PensionNew = d.yen(path, f)
				case "pension_old":
					li.PensionOld = d.yen(path, f)
				default:
					return false
				}
				return true
			})
		case "earthquake_insurance":
			eq := &x.EarthquakeInsurance
			d.fields(path, f, func(path, k string, f jval) bool {
				switch k {
				case "earthquake":
					eq.Earthquake = d.yen(path, f)
				case "long_term_old":
					eq.LongTermOld = d.yen(path, f)
				default:
					return false
				}
				return true
			})
		case "medical_expenses":
			me := &x.MedicalExpenses
			d.fields(path, f, func(path, k string, f jval) bool {
				switch k {
				case "paid":
					me.Paid = d.yen(path, f)
				case "reimbursed":
					me.Reimbursed = d.yen(path, f)
				default:
					return false
				}
				return true
			})
		case "self_medication":
			x.SelfMedication = d.yen(path, f)
		case "casualty_loss":
			x.CasualtyLoss = d.yen(path, f)
		default:
			return false
		}
		return true
	})
}
