package tax

import "encoding/json"

// AssessJSON decodes one household, assesses it and encodes the result. On rejection it
// returns the *ValidationError, whose JSON form is {"errors": [...]}.
func AssessJSON(data []byte) ([]byte, error) {
	in, err := Decode(data)
	if err != nil {
		return nil, err
	}
	r, err := Assess(in)
	if err != nil {
		return nil, err
	}
	return json.Marshal(r)
}

// RulesVersion identifies the rule set compiled into the engine.
func RulesVersion() string { return "skeleton-2026" }
