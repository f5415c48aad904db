package tax

import (
	"strconv"
	"unicode/utf8"
)

// A hand-written JSON writer for the contract's output, byte-for-byte what encoding/json's
// Marshal produces for the same values (TestWriterMatchesEncodingJSON), without reflection.

type jw struct{ b []byte }

func (w *jw) raw(s string) { w.b = append(w.b, s...) }

func (w *jw) int(v int64) { w.b = strconv.AppendInt(w.b, v, 10) }

func (w *jw) bool(v bool) { w.b = strconv.AppendBool(w.b, v) }

const hexDigits = "0123456789abcdef"

// str writes s as encoding/json does with HTML escaping on: <, > and & as \u003c etc.,
// U+2028 / U+2029 escaped, invalid UTF-8 as U+FFFD.
func (w *jw) str(s string) {
	if !utf8.ValidString(s) {
		w.strSlow(s)
		return
	}
	b := append(w.b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if jsonPlain[c] {
			continue
		}
		if c == 0xE2 { // U+2028 and U+2029 are E2 80 A8 / E2 80 A9
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				b = append(b, s[start:i]...)
				b = append(b, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&0xf])
				i += 2
				start = i + 1
			}
			continue
		}
		b = append(b, s[start:i]...)
		b = escapeASCII(b, c)
		start = i + 1
	}
	b = append(b, s[start:]...)
	w.b = append(b, '"')
}

// jsonPlain marks the bytes str copies as they are: everything but control characters,
// " \ < > & and 0xE2 (the first byte of U+2028 / U+2029, checked apart). A table lookup
// per byte: the result's ~14 KB of trace text is the bulk of every zeisim.assess answer.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = true
	}
	for _, c := range []byte{'"', '\\', '<', '>', '&', 0xE2} {
		t[c] = false
	}
	return t
}()

func escapeASCII(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}

// strSlow handles strings with invalid UTF-8 (each bad byte becomes U+FFFD, as encoding/json).
func (w *jw) strSlow(s string) {
	b := append(w.b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = escapeASCII(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	w.b = append(b, '"')
}

// array writes n elements with each, or null for a nil slice (as encoding/json).
func (w *jw) array(isNil bool, n int, each func(i int)) {
	if isNil {
		w.raw("null")
		return
	}
	w.b = append(w.b, '[')
	for i := range n {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		each(i)
	}
	w.b = append(w.b, ']')
}

// strObject writes an object of string fields in order: names[i] → values[i].
func (w *jw) strObject(names []string, values ...string) {
	for i, v := range values {
		if i == 0 {
			w.raw(`{"`)
		} else {
			w.raw(`,"`)
		}
		w.raw(names[i])
		w.raw(`":`)
		w.str(v)
	}
	w.b = append(w.b, '}')
}

var (
	stepNames       = []string{"id", "label", "label_en", "amount", "formula", "law"}
	assumptionNames = []string{"id", "label", "label_en", "value", "value_en", "source"}
	noteNames       = []string{"id", "message", "message_en"}
	errorNames      = []string{"field", "message", "message_en"}
)

func (w *jw) ints(v []int64) {
	w.array(v == nil, len(v), func(i int) { w.int(v[i]) })
}

func (w *jw) strs(v []string) {
	w.array(v == nil, len(v), func(i int) { w.str(v[i]) })
}

func (w *jw) pension(p *PensionCollection) {
	w.raw(`{"applies":`)
	w.bool(p.Applies)
	w.raw(`,"reason":`)
	w.str(p.Reason)
	w.raw(`,"first_year":`)
	w.bool(p.FirstYear)
	w.raw(`,"annual":`)
	w.int(p.Annual)
	w.raw(`,"income_levy":`)
	w.int(p.IncomeLevy)
	w.raw(`,"per_capita":`)
	w.int(p.PerCapita)
	w.raw(`,"previous":`)
	w.int(p.Previous)
	w.raw(`,"provisional_total":`)
	w.int(p.ProvisionalTotal)
	w.raw(`,"regular_total":`)
	w.int(p.RegularTotal)
	w.raw(`,"ordinary_total":`)
	w.int(p.OrdinaryTotal)
	w.raw(`,"refund":`)
	w.int(p.Refund)
	w.raw(`,"schedule":`)
	w.array(p.Schedule == nil, len(p.Schedule), func(i int) {
		s := &p.Schedule[i]
		w.raw(`{"year":`)
		w.int(int64(s.Year))
		w.raw(`,"month":`)
		w.int(int64(s.Month))
		w.raw(`,"date":`)
		w.str(s.Date)
		w.raw(`,"kind":`)
		w.str(s.Kind)
		w.raw(`,"amount":`)
		w.int(s.Amount)
		w.b = append(w.b, '}')
	})
	w.raw(`,"split":{"salary":`)
	w.int(p.Split.Salary)
	w.raw(`,"pension":`)
	w.int(p.Split.Pension)
	w.raw(`,"ordinary":`)
	w.int(p.Split.Ordinary)
	w.raw(`},"salary_special":`)
	w.ints(p.SalarySpecial)
	w.raw(`,"ordinary_rest":`)
	w.ints(p.OrdinaryRest)
	w.b = append(w.b, '}')
}

func (w *jw) split(s Split) {
	w.raw(`{"city":`)
	w.int(s.City)
	w.raw(`,"prefecture":`)
	w.int(s.Prefecture)
	w.b = append(w.b, '}')
}

func (w *jw) levy(l *Levy) {
	w.raw(`{"income_levy":`)
	w.int(l.IncomeLevy)
	w.raw(`,"per_capita":`)
	w.int(l.PerCapita)
	w.raw(`,"total":`)
	w.int(l.Total)
	w.raw(`,"calculated":`)
	w.str(l.Calculated)
	w.raw(`,"before_rounding":`)
	w.str(l.BeforeRounding)
	w.b = append(w.b, '}')
}

// EncodeResult writes a Result as the contract's JSON.
func EncodeResult(r *Result) []byte {
	w := jw{b: make([]byte, 0, resultSize(r))}
	w.result(r)
	return w.b
}

// resultSize is a generous estimate of the encoded size, so that the buffer is allocated
// once: the fixed part, and each step's and assumption's text with its names and quotes.
func resultSize(r *Result) int {
	n := 2048
	for i := range r.Steps {
		s := &r.Steps[i]
		n += 80 + len(s.ID) + len(s.Label) + len(s.LabelEn) + len(s.Amount) + len(s.Formula) + len(s.Law)
	}
	for i := range r.Assumptions {
		a := &r.Assumptions[i]
		n += 80 + len(a.ID) + len(a.Label) + len(a.LabelEn) + len(a.Value) + len(a.ValueEn) + len(a.Source)
	}
	for i := range r.Notes {
		n += 48 + len(r.Notes[i].ID) + len(r.Notes[i].Message) + len(r.Notes[i].MessageEn)
	}
	return n
}

func (w *jw) result(r *Result) {
	w.raw(`{"fiscal_year":`)
	w.int(int64(r.FiscalYear))
	w.raw(`,"income_year":`)
	w.int(int64(r.IncomeYear))
	m := &r.Municipality
	w.raw(`,"municipality":{"code":`)
	w.str(m.Code)
	w.raw(`,"name":`)
	w.str(m.Name)
	w.raw(`,"name_en":`)
	w.str(m.NameEn)
	w.raw(`,"prefecture":`)
	w.str(m.Prefecture)
	w.raw(`,"designated":`)
	w.bool(m.Designated)
	w.raw(`},"salary_income":`)
	w.int(r.SalaryIncome)
	w.raw(`,"pension_income":`)
	w.int(r.PensionIncome)
	w.raw(`,"total_income":`)
	w.int(r.TotalIncome)
	w.raw(`,"total_income_for_tax":`)
	w.int(r.TotalIncomeForTax)
	w.raw(`,"deductions_total":`)
	w.int(r.DeductionsTotal)
	w.raw(`,"taxable_income":`)
	w.int(r.TaxableIncome)
	w.raw(`,"adjustment_credit":`)
	w.split(r.AdjustmentCredit)
	w.raw(`,"donation_credit":`)
	w.split(r.DonationCredit)
	w.raw(`,"housing_loan_credit":`)
	w.split(r.HousingLoanCredit)
	w.raw(`,"dividend_credit":`)
	w.split(r.DividendCredit)
	w.raw(`,"foreign_tax_credit":`)
	w.split(r.ForeignTaxCredit)
	w.raw(`,"withheld_credit":`)
	w.split(r.WithheldCredit)
	w.raw(`,"withheld_refund":`)
	w.int(r.WithheldRefund)
	w.raw(`,"occasional_income":`)
	w.int(r.OccasionalIncome)
	w.raw(`,"separate":`)
	sep := r.Separate
	w.array(sep == nil, len(sep), func(i int) {
		l := &sep[i]
		w.raw(`{"kind":`)
		w.str(l.Kind)
		w.raw(`,"label":`)
		w.str(l.Label)
		w.raw(`,"label_en":`)
		w.str(l.LabelEn)
		w.raw(`,"income":`)
		w.int(l.Income)
		w.raw(`,"deduction":`)
		w.int(l.Deduction)
		w.raw(`,"taxable":`)
		w.int(l.Taxable)
		w.raw(`,"city":`)
		w.str(l.City)
		w.raw(`,"prefecture":`)
		w.str(l.Prefecture)
		w.raw(`}`)
	})
	w.raw(`,"city":`)
	w.levy(&r.City)
	w.raw(`,"prefecture":`)
	w.levy(&r.Prefecture)
	w.raw(`,"forest_environment_tax":`)
	w.int(r.ForestTax)
	w.raw(`,"total":`)
	w.int(r.Total)
	nt := &r.NonTaxable
	w.raw(`,"non_taxable":{"per_capita":`)
	w.bool(nt.PerCapita)
	w.raw(`,"income_levy":`)
	w.bool(nt.IncomeLevy)
	w.raw(`,"reason":`)
	w.str(nt.Reason)
	w.raw(`,"reason_en":`)
	w.str(nt.ReasonEn)
	w.raw(`,"code":`)
	w.str(nt.Code)
	w.raw(`,"per_capita_limit":`)
	w.int(nt.PerCapitaLimit)
	w.raw(`,"income_levy_limit":`)
	w.int(nt.IncomeLevyLimit)
	w.raw(`,"household_count":`)
	w.int(int64(nt.Household))
	w.raw(`},"installments":{"special":`)
	w.ints(r.Installments.Special)
	w.raw(`,"ordinary":`)
	w.ints(r.Installments.Ordinary)
	w.raw(`,"ordinary_months":`)
	om := r.Installments.OrdinaryMonths
	w.array(om == nil, len(om), func(i int) { w.int(int64(om[i])) })
	w.raw(`,"ordinary_due":`)
	w.strs(r.Installments.OrdinaryDue)
	w.raw(`,"pension":`)
	w.pension(&r.Installments.Pension)
	it := &r.IncomeTax
	w.raw(`},"income_tax":{"taxable_income":`)
	w.int(it.TaxableIncome)
	w.raw(`,"tax":`)
	w.int(it.Tax)
	w.raw(`,"marginal_rate":`)
	w.str(it.MarginalRate)
	w.raw(`,"deductions_total":`)
	w.int(it.DeductionsTotal)
	w.raw(`,"basic_deduction":`)
	w.int(it.BasicDeduction)
	w.raw(`,"calculated":`)
	w.int(it.Calculated)
	w.raw(`,"housing_loan_credit":`)
	w.int(it.HousingLoan)
	w.raw(`,"reconstruction":`)
	w.int(it.Reconstruction)
	w.raw(`},"furusato_limit":`)
	w.int(r.FurusatoLimit)
	w.raw(`,"furusato_own_cost":`)
	w.str(r.FurusatoOwnCost)
	w.raw(`,"steps":`)
	w.array(r.Steps == nil, len(r.Steps), func(i int) {
		st := &r.Steps[i]
		w.strObject(stepNames, st.ID, st.Label, st.LabelEn, st.Amount, st.Formula, st.Law)
	})
	w.raw(`,"rules_version":`)
	w.str(r.RulesVersion)
	w.raw(`,"provisional":`)
	w.bool(r.Provisional)
	w.raw(`,"era":`)
	w.str(r.Era)
	w.raw(`,"assumptions":`)
	w.array(r.Assumptions == nil, len(r.Assumptions), func(i int) {
		a := &r.Assumptions[i]
		w.strObject(assumptionNames, a.ID, a.Label, a.LabelEn, a.Value, a.ValueEn, a.Source)
	})
	w.raw(`,"notes":`)
	w.array(r.Notes == nil, len(r.Notes), func(i int) {
		n := &r.Notes[i]
		w.strObject(noteNames, n.ID, n.Message, n.MessageEn)
	})
	w.b = append(w.b, '}')
}

// EncodeErrors writes a ValidationError as {"errors": [...]}.
func EncodeErrors(e *ValidationError) []byte {
	var w jw
	w.raw(`{"errors":`)
	w.array(e.Errors == nil, len(e.Errors), func(i int) {
		f := &e.Errors[i]
		w.strObject(errorNames, f.Field, f.Message, f.MessageEn)
	})
	w.b = append(w.b, '}')
	return w.b
}

// EncodeCurve writes the salary curve as a JSON array.
func EncodeCurve(points []CurvePoint) []byte {
	w := jw{b: make([]byte, 0, 16+len(points)*96)}
	if points == nil {
		return []byte("null")
	}
	w.b = append(w.b, '[')
	for i, p := range points {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.raw(`{"salary":`)
		w.int(p.Salary)
		w.raw(`,"city":`)
		w.int(p.City)
		w.raw(`,"prefecture":`)
		w.int(p.Prefecture)
		w.raw(`,"forest":`)
		w.int(p.Forest)
		w.raw(`,"total":`)
		w.int(p.Total)
		w.b = append(w.b, '}')
	}
	w.b = append(w.b, ']')
	return w.b
}
