// Package distconf is the contract between the generator and the host: the files of
// dist/conf that the generator writes and the host reads. It owns their types, their encoding
// and their validation, and imports nothing of either side (the layering test holds both to
// that), so the two can only agree.
//
//   - headers.json: the header set (HeaderSet): every response's headers, then per-prefix
//     rules, else the default.
//   - integrity.json: the integrity manifest (Manifest): every published file's SHA-256 and
//     size; the host serves nothing else and treats any difference on disk as tampering.
package distconf

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// The file names in dist/conf.
const (
	HeadersFile  = "headers.json"
	ManifestFile = "integrity.json"
)

// Rule adds headers to the responses whose path starts with Prefix.
type Rule struct {
	Prefix  string            `json:"prefix"`
	Headers map[string]string `json:"headers"`
}

// HeaderSet is headers.json: All on every response (errors included), then the first
// matching Rule, else Default.
type HeaderSet struct {
	All     map[string]string `json:"all"`
	Rules   []Rule            `json:"rules"`
	Default map[string]string `json:"default"`
}

// Validate refuses a set the host must not run with (no Content-Security-Policy) or that some
// host could not express the same way: overlapping prefixes (nginx picks the longest, our host
// the first), and names or values that would break out of a quoted config string.
func (s HeaderSet) Validate() error {
	if s.All["Content-Security-Policy"] == "" {
		return errors.New("header set: no Content-Security-Policy in \"all\"")
	}
	for i, a := range s.Rules {
		if !strings.HasPrefix(a.Prefix, "/") || !strings.HasSuffix(a.Prefix, "/") {
			return fmt.Errorf("header rule %q: a prefix is a folder such as \"/a/\"", a.Prefix)
		}
		for j, b := range s.Rules {
			if i != j && strings.HasPrefix(b.Prefix, a.Prefix) {
				return fmt.Errorf("header rules %q and %q overlap: hosts disagree on which applies", a.Prefix, b.Prefix)
			}
		}
	}
	maps := []map[string]string{s.All, s.Default}
	for _, r := range s.Rules {
		maps = append(maps, r.Headers)
	}
	for _, m := range maps {
		for k, v := range m {
			if strings.ContainsAny(k, " :\"'\\\r\n<>&") || k == "" {
				return fmt.Errorf("header name %q is not a plain token", k)
			}
			if strings.ContainsAny(v, "\"\\\r\n`") {
				return fmt.Errorf("header %s: value %q has a character some host configs cannot quote", k, v)
			}
		}
	}
	return nil
}

// Encode renders the set (map keys sorted by encoding/json: deterministic).
func (s HeaderSet) Encode() ([]byte, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(s, "", "  ")
	return append(b, '\n'), err
}

// ParseHeaderSet decodes and validates headers.json.
func ParseHeaderSet(raw []byte) (HeaderSet, error) {
	var s HeaderSet
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return s, fmt.Errorf("%s: %w", HeadersFile, err)
	}
	if err := s.Validate(); err != nil {
		return s, fmt.Errorf("%s: %w", HeadersFile, err)
	}
	return s, nil
}

// ReadHeaderSet reads and validates a headers.json file.
func ReadHeaderSet(file string) (HeaderSet, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return HeaderSet{}, err
	}
	s, err := ParseHeaderSet(raw)
	if err != nil {
		return s, fmt.Errorf("%s: %w", file, err)
	}
	return s, nil
}

// Entry is one published file: its SHA-256 (hex) and size in bytes.
type Entry struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Manifest is integrity.json: site paths ("/a/x.js") and their entries.
type Manifest struct {
	Files map[string]Entry `json:"files"`
}

// NewManifest lists files (site path → bytes).
func NewManifest(files map[string][]byte) *Manifest {
	m := &Manifest{Files: make(map[string]Entry, len(files))}
	for p, data := range files {
		sum := sha256.Sum256(data)
		m.Files[p] = Entry{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}
	}
	return m
}

// Encode renders the manifest (sorted keys: deterministic).
func (m *Manifest) Encode() ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	return append(b, '\n'), err
}

// ParseManifest decodes and validates integrity.json: every name an absolute, clean site
// path without dot segments, every hash 64 hex digits. A malformed manifest stops the host.
func ParseManifest(raw []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("integrity manifest: %w", err)
	}
	if len(m.Files) == 0 {
		return nil, errors.New("integrity manifest: no files")
	}
	for name, e := range m.Files {
		if !strings.HasPrefix(name, "/") || path.Clean(name) != name || name == "/" || strings.ContainsAny(name, "\\\x00") {
			return nil, fmt.Errorf("integrity manifest: %q is not a clean site path", name)
		}
		if b, err := hex.DecodeString(e.SHA256); err != nil || len(b) != sha256.Size {
			return nil, fmt.Errorf("integrity manifest: %s: sha256 %q is not 64 hex digits", name, e.SHA256)
		}
		if e.Size < 0 {
			return nil, fmt.Errorf("integrity manifest: %s: negative size", name)
		}
	}
	return &m, nil
}

// Names returns the manifest's paths in sorted order, so that every walk is deterministic.
func (m *Manifest) Names() []string {
	names := make([]string, 0, len(m.Files))
	for n := range m.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Matches reports whether data is exactly the file the manifest lists under name.
func (m *Manifest) Matches(name string, data []byte) bool {
	e, ok := m.Files[name]
	if !ok || int64(len(data)) != e.Size {
		return false
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]) == e.SHA256
}

// Conf is one build's dist/conf as the host loads it: the parsed files, their paths and their
// exact bytes (which the host pins against later change and checks a signature over).
type Conf struct {
	Headers      HeaderSet
	Manifest     *Manifest
	HeadersPath  string
	ManifestPath string
	HeadersRaw   []byte
	ManifestRaw  []byte
}

// Read loads the contract files of the build in dir (dir/conf/…).
func Read(dir string) (Conf, error) {
	c := Conf{HeadersPath: filepath.Join(dir, "conf", HeadersFile), ManifestPath: filepath.Join(dir, "conf", ManifestFile)}
	var err error
	if c.ManifestRaw, err = os.ReadFile(c.ManifestPath); err != nil {
		return c, err
	}
	if c.HeadersRaw, err = os.ReadFile(c.HeadersPath); err != nil {
		return c, err
	}
	if c.Manifest, err = ParseManifest(c.ManifestRaw); err != nil {
		return c, err
	}
	if c.Headers, err = ParseHeaderSet(c.HeadersRaw); err != nil {
		return c, fmt.Errorf("%s: %w", c.HeadersPath, err)
	}
	return c, nil
}
