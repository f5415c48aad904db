package tax

import "encoding/json"

// AssessJSON decodes one household, assesses it and encodes the result.
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
