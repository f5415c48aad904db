package server

import (
	"strconv"
	"strings"
)

// accepts parses Accept-Encoding and returns the q-value it gives each of the codings we can
// send (br, gzip, identity). Codings not mentioned get the value of "*" if present; identity is
// acceptable unless refused explicitly or through "*;q=0" (RFC 9110 §12.5.3), and when not
// named it ranks below any coding the client did name, as in nginx and Caddy.
func accepts(header string) (br, gzip, identity float64) {
	br, gzip, identity = -1, -1, -1
	star := -1.0
	// Walk the list with Cut rather than Split: this runs on every request.
	for rest, more := header, true; more; {
		var part string
		part, rest, more = strings.Cut(rest, ",")
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.TrimSpace(coding)
		if coding == "" {
			continue
		}
		q := 1.0
		for params != "" {
			var p string
			p, params, _ = strings.Cut(params, ";")
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0 // a malformed weight never wins
				}
				q = f
			}
		}
		switch {
		case strings.EqualFold(coding, "br"):
			br = q
		case strings.EqualFold(coding, "gzip"), strings.EqualFold(coding, "x-gzip"):
			gzip = q
		case strings.EqualFold(coding, "identity"):
			identity = q
		case coding == "*":
			star = q
		}
	}
	if br < 0 {
		br = max(star, 0)
	}
	if gzip < 0 {
		gzip = max(star, 0)
	}
	if identity < 0 {
		// Unnamed identity is acceptable but least preferred: "br;q=0.5" still means "send br".
		identity = 0.001
		if star >= 0 {
			identity = star
		}
	}
	return br, gzip, identity
}

// pick chooses the representation: the highest q among those we hold, brotli before gzip
// before identity on a tie (smallest first). Identity is the fallback even when the client
// refused it, since RFC 9110 lets a server send it rather than 406.
func (e *entry) pick(acceptEncoding string) *variant {
	if acceptEncoding == "" {
		return e.identity
	}
	br, gz, id := accepts(acceptEncoding)
	best, bestQ := e.identity, id
	if e.gz != nil && gz > 0 && gz >= bestQ {
		best, bestQ = e.gz, gz
	}
	if e.br != nil && br > 0 && br >= bestQ {
		best = e.br
	}
	return best
}
