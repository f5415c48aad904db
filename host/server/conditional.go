package server

import (
	"net/http"
	"net/textproto"
	"strings"
)

// preconditions evaluates If-Match and If-None-Match against a representation's strong ETag
// exactly as http.ServeContent does for content without a modification time (RFC 9110
// §13.2.2): it returns 412, 304 or 0 (go on and send the representation). If-Unmodified-Since
// and If-Modified-Since are ignored, as there: the host sends no Last-Modified, the ETag is the
// validator. TestPreconditionsMatchServeContent holds the two to the same answers.
func preconditions(r *http.Request, etag string) int {
	if im := r.Header.Get("If-Match"); im != "" && !matchesETag(im, etag, true) {
		return http.StatusPreconditionFailed
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" && matchesETag(inm, etag, false) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			return http.StatusNotModified
		}
		return http.StatusPreconditionFailed
	}
	return 0
}

// ifRange reports whether a Range applies: no If-Range, or one naming etag (strong
// comparison). An If-Range date never matches, since the host sends no Last-Modified.
func ifRange(r *http.Request, etag string) bool {
	ir := r.Header.Get("If-Range")
	if ir == "" {
		return true
	}
	tag, _ := scanETag(ir)
	return tag != "" && tag == etag && tag[0] == '"'
}

// matchesETag reports whether the list (an If-Match or If-None-Match value) names etag or is
// "*". strong asks for the strong comparison (If-Match); otherwise a W/ prefix is ignored. A
// malformed member ends the list, as in net/http.
func matchesETag(list, etag string, strong bool) bool {
	for {
		list = textproto.TrimString(list)
		if list == "" {
			return false
		}
		if list[0] == ',' {
			list = list[1:]
			continue
		}
		if list[0] == '*' {
			return true
		}
		tag, rest := scanETag(list)
		if tag == "" {
			return false
		}
		if strong && tag == etag && tag[0] == '"' ||
			!strong && strings.TrimPrefix(tag, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
		list = rest
	}
}

// scanETag reads one entity tag (W/"x" or "x") at the start of s, as net/http's unexported
// scanETag does; it returns "" when s does not start with a valid one.
func scanETag(s string) (etag, rest string) {
	s = textproto.TrimString(s)
	start := 0
	if strings.HasPrefix(s, "W/") {
		start = 2
	}
	if len(s[start:]) < 2 || s[start] != '"' {
		return "", ""
	}
	for i := start + 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0x21 || c >= 0x23 && c <= 0x7E || c >= 0x80:
		case c == '"':
			return s[:i+1], s[i+1:]
		default:
			return "", ""
		}
	}
	return "", ""
}
