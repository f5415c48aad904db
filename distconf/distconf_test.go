package distconf

import (
	"strings"
	"testing"
)

func valid() HeaderSet {
	return HeaderSet{All: map[string]string{"Content-Security-Policy": "default-src 'none'"},
		Rules: []Rule{{Prefix: "/a/", Headers: map[string]string{"Cache-Control": "immutable"}}}, Default: map[string]string{}}
}

// TestHeaderSetValidate: the set the host must refuse, or that some host could not express.
func TestHeaderSetValidate(t *testing.T) {
	if err := valid().Validate(); err != nil {
		t.Fatalf("a valid set refused: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(*HeaderSet)
	}{
		{"no Content-Security-Policy", func(s *HeaderSet) { delete(s.All, "Content-Security-Policy") }},
		{"overlapping prefixes", func(s *HeaderSet) { s.Rules = append(s.Rules, Rule{Prefix: "/a/b/"}) }},
		{"prefix not a folder", func(s *HeaderSet) { s.Rules = []Rule{{Prefix: "/a"}} }},
		{"quote in value", func(s *HeaderSet) { s.All["X-Test"] = `a"b` }},
		{"newline in value", func(s *HeaderSet) { s.All["X-Test"] = "a\nb" }},
		{"space in name", func(s *HeaderSet) { s.All["X Test"] = "a" }},
	} {
		s := valid()
		tc.change(&s)
		if err := s.Validate(); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
		if _, err := s.Encode(); err == nil {
			t.Errorf("%s: encoded", tc.name)
		}
	}
}

// TestRoundTrip: what the generator writes, the host reads back unchanged; unknown fields in
// headers.json are refused (a typo must not silently drop a header).
func TestRoundTrip(t *testing.T) {
	b, err := valid().Encode()
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseHeaderSet(b)
	if err != nil || s.All["Content-Security-Policy"] != "default-src 'none'" || s.Rules[0].Prefix != "/a/" {
		t.Errorf("header set round trip: %+v %v", s, err)
	}
	if _, err := ParseHeaderSet([]byte(`{"all":{"Content-Security-Policy":"x"},"rule":[]}`)); err == nil || !strings.Contains(err.Error(), "unknown field") {
		t.Errorf("unknown field accepted: %v", err)
	}
	files := map[string][]byte{"/index.html": []byte("<p>a"), "/a/x.js": []byte("x")}
	mb, err := NewManifest(files).Encode()
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseManifest(mb)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if !m.Matches(name, data) || m.Matches(name, append(data, '!')) {
			t.Errorf("%s: Matches wrong", name)
		}
	}
	if got := strings.Join(m.Names(), " "); got != "/a/x.js /index.html" {
		t.Errorf("names %q", got)
	}
	for _, bad := range []string{`{"files":{}}`, `{"files":{"a":{"sha256":"00","size":1}}}`, `{"files":{"/../x":{"sha256":"` + strings.Repeat("0", 64) + `","size":1}}}`} {
		if _, err := ParseManifest([]byte(bad)); err == nil {
			t.Errorf("manifest %s accepted", bad)
		}
	}
}
