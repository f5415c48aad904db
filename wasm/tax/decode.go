package tax

import (
	"bytes"
	"encoding/json"
)

// Decode reads one household from JSON. Unknown fields and wrong types are rejected with
// the path of the field, so a typo never silently becomes zero.
func Decode(data []byte) (Input, error) {
	in := Input{FiscalYear: 2026, Municipality: "142051"}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		field := "(input)"
		if te, ok := err.(*json.UnmarshalTypeError); ok && te.Field != "" {
			field = te.Field
		}
		return Input{}, &ValidationError{Errors: []FieldError{{
			Field: field, Message: "入力の形式が正しくありません: " + err.Error(),
			MessageEn: "the input is not valid: " + err.Error(),
		}}}
	}
	return in, nil
}
