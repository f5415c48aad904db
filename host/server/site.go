// Package server is the hardened static host's request path: it serves only the files named
// in the integrity manifest, verified and held in memory, with the generator's header set on
// every response, precompressed variants chosen by Accept-Encoding, and conditional and range
// requests (whole-body answers written here, byte ranges by net/http).
package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"

	"zeisim/distconf"
	"zeisim/host/sealed"
)

// variant is one stored representation of a file: identity, br or gzip.
type variant struct {
	data     []byte
	etag     string       // strong, from the SHA-256 of these very bytes, so each encoding has its own
	encoding string       // "" for identity
	sealed   *sealed.File // the same bytes, for sendfile; nil for small files

	// The header lines of its answers, built once at load so that a request assigns
	// prepared slices instead of canonicalizing keys and allocating values.
	validators []field // rule headers (Cache-Control), Vary, ETag: sent with 200, 304 and 412
	entity     []field // Content-Type, Content-Encoding: 200 and 412 (a 304 omits them)
	whole      []field // Accept-Ranges, Content-Length: a whole-body 200
}

// field is one prepared header line. Its value slice is shared by every response, so it is
// built with len == cap: a later Add by anyone copies it rather than writing into it.
type field struct {
	key string // canonical
	val []string
}

func newField(key, value string) field {
	return field{http.CanonicalHeaderKey(key), []string{value}[:1:1]}
}

func setFields(h http.Header, fs []field) {
	for _, f := range fs {
		h[f.key] = f.val
	}
}

type entry struct {
	ctype    string
	headers  []field // the header set's rule (or default) headers for this path
	identity *variant
	br, gz   *variant
}

// Site is a loaded, verified site. It is immutable after Load and safe for concurrent use.
type Site struct {
	files       map[string]*entry
	sidecars    map[string]bool   // "/a/x.js.br": stored as a variant, never addressed directly
	index       map[string]string // "/guide/" -> "/guide/index.html", so a request builds no string
	common      []field
	plainCommon []field // common without the headers that only a secure origin may carry
	notFound    *entry
	maintenance *entry
}

// contentTypes is fixed so that the answer never depends on the machine's mime.types.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".wasm":        "application/wasm",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".gif":         "image/gif",
	".ico":         "image/x-icon",
	".woff2":       "font/woff2",
	".pdf":         "application/pdf",
	".csv":         "text/csv; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".xml":         "application/xml",
	".webmanifest": "application/manifest+json",
}

// ContentType is the fixed table's type for a site path (application/octet-stream when the
// extension is unknown; nosniff keeps browsers from guessing).
func ContentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// builtinMaintenance is served with 503 when the site has no /maintenance.html: the city's
// specification (item 5) asks for a 「メンテナンス中」 notice whenever the site is stopped.
const builtinMaintenance = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>メンテナンス中</title></head>
<body><main><h1>メンテナンス中</h1>
<p>ただいまメンテナンス中です。しばらくしてから再度アクセスしてください。</p>
<p lang="en">This site is under maintenance. Please try again later.</p></main></body></html>
`

// Load reads every file of the manifest from publicDir through os.Root (so no name, and no
// symlink, can lead outside it), checking each against its SHA-256. A file that does not match
// stops the load: altered content is never served.
func Load(publicDir string, hs distconf.HeaderSet, m *distconf.Manifest) (*Site, error) {
	root, err := os.OpenRoot(publicDir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	s := &Site{files: map[string]*entry{}, sidecars: map[string]bool{}, index: map[string]string{}, common: toFields(hs.All), plainCommon: toFields(withoutSecureOnly(hs.All))}
	data := map[string][]byte{}
	for _, name := range m.Names() {
		b, err := root.ReadFile(strings.TrimPrefix(name, "/"))
		if err != nil {
			return nil, fmt.Errorf("manifest file %s: %w", name, err)
		}
		if !m.Matches(name, b) {
			return nil, fmt.Errorf("manifest file %s: content differs from the manifest's SHA-256 and size", name)
		}
		data[name] = b
	}
	for _, name := range m.Names() {
		// A ".br"/".gz" file whose base is also listed is a precompressed sidecar.
		for _, enc := range []string{".br", ".gz"} {
			if base, ok := strings.CutSuffix(name, enc); ok {
				if _, listed := m.Files[base]; listed {
					s.sidecars[name] = true
				}
			}
		}
	}
	for _, name := range m.Names() {
		if s.sidecars[name] {
			continue
		}
		e := &entry{ctype: ContentType(name), headers: toFields(ruleHeaders(hs, name))}
		e.identity = newVariant(data[name], m.Files[name].SHA256, "")
		if b, ok := data[name+".br"]; ok {
			e.br = newVariant(b, m.Files[name+".br"].SHA256, "br")
		}
		if b, ok := data[name+".gz"]; ok {
			e.gz = newVariant(b, m.Files[name+".gz"].SHA256, "gzip")
		}
		e.prepare()
		s.files[name] = e
		if dir, ok := strings.CutSuffix(name, "/index.html"); ok {
			s.index[dir+"/"] = name
		}
	}
	s.notFound = s.files["/404.html"]
	s.maintenance = s.files["/maintenance.html"]
	if s.maintenance == nil {
		sum := sha256.Sum256([]byte(builtinMaintenance))
		s.maintenance = &entry{ctype: contentTypes[".html"],
			identity: newVariant([]byte(builtinMaintenance), hex.EncodeToString(sum[:]), "")}
		s.maintenance.prepare()
	}
	return s, nil
}

// sendfileMin is the size from which a variant is also kept in a sealed memory file and sent
// from it with sendfile(2): below it, one write of the bytes in memory costs as little.
const sendfileMin = 64 << 10

func newVariant(b []byte, sha string, enc string) *variant {
	tag := `"` + sha[:32]
	if enc != "" {
		tag += "-" + enc
	}
	v := &variant{data: b, etag: tag + `"`, encoding: enc}
	if len(b) >= sendfileMin {
		// Where sealed files are unavailable (other systems, a seccomp filter) the bytes in
		// memory are written instead: the same answer, with one more copy.
		v.sealed, _ = sealed.New(sha[:16], b)
	}
	return v
}

// prepare builds each variant's header lines.
func (e *entry) prepare() {
	for _, v := range []*variant{e.identity, e.br, e.gz} {
		if v == nil {
			continue
		}
		v.validators = append(v.validators, e.headers...)
		if e.br != nil || e.gz != nil {
			v.validators = append(v.validators, newField("Vary", "Accept-Encoding"))
		}
		v.validators = append(v.validators, newField("ETag", v.etag))
		v.entity = append(v.entity, newField("Content-Type", e.ctype))
		if v.encoding != "" {
			v.entity = append(v.entity, newField("Content-Encoding", v.encoding))
		}
		v.whole = []field{newField("Accept-Ranges", "bytes"), newField("Content-Length", strconv.Itoa(len(v.data)))}
	}
}

func ruleHeaders(hs distconf.HeaderSet, name string) map[string]string {
	for _, r := range hs.Rules {
		if strings.HasPrefix(name, r.Prefix) {
			return r.Headers
		}
	}
	return hs.Default
}

// toFields prepares header lines in key order, so responses list them deterministically.
// secureOnly are the headers of the set that mean something on a secure origin only. The
// redirect-only HTTP listener leaves them out: HSTS must not be sent over plain HTTP (RFC 6797
// §7.2), and browsers ignore Cross-Origin-Opener-Policy from an untrustworthy origin with a
// console error. Both still arrive on the HTTPS answer the redirect leads to.
var secureOnly = []string{"Strict-Transport-Security", "Cross-Origin-Opener-Policy"}

func withoutSecureOnly(all map[string]string) map[string]string {
	out := maps.Clone(all)
	for _, k := range secureOnly {
		for have := range out {
			if strings.EqualFold(have, k) {
				delete(out, have)
			}
		}
	}
	return out
}

func toFields(m map[string]string) []field {
	var fs []field
	for _, k := range slices.Sorted(maps.Keys(m)) {
		fs = append(fs, newField(k, m[k]))
	}
	return fs
}

// Paths lists the site paths the host answers with content (sidecars excluded).
func (s *Site) Paths() []string {
	var out []string
	for n := range s.files {
		out = append(out, n)
	}
	return out
}

// Size is how many bytes of content the site holds in memory, all variants included.
func (s *Site) Size() int64 {
	var n int64
	for _, e := range s.files {
		for _, v := range []*variant{e.identity, e.br, e.gz} {
			if v != nil {
				n += int64(len(v.data))
			}
		}
	}
	return n
}
