package evidence

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"runtime/debug"
	"sort"
	"strings"
)

// SBOM renders a CycloneDX 1.5 bill of materials for built Go binaries from their embedded
// build information (the same data `go version -m` prints). No timestamp or serial number:
// the same binaries give the same bytes.
func SBOM(name string, bins map[string]*debug.BuildInfo) ([]byte, error) {
	type hash struct {
		Alg     string `json:"alg"`
		Content string `json:"content"`
	}
	type component struct {
		Type    string `json:"type"`
		Name    string `json:"name"`
		Version string `json:"version"`
		Purl    string `json:"purl"`
		Hashes  []hash `json:"hashes,omitempty"`
		Scope   string `json:"scope,omitempty"`
	}
	type dependency struct {
		Ref       string   `json:"ref"`
		DependsOn []string `json:"dependsOn"`
	}
	seen := map[string]component{}
	var deps []dependency
	var apps []component
	for _, bin := range sortedBins(bins) {
		bi := bins[bin]
		app := component{Type: "application", Name: bin, Version: bi.GoVersion, Purl: "pkg:golang/" + bi.Path}
		apps = append(apps, app)
		d := dependency{Ref: app.Purl, DependsOn: []string{"pkg:golang/std@" + bi.GoVersion}}
		seen["pkg:golang/std@"+bi.GoVersion] = component{Type: "library", Name: "std", Version: bi.GoVersion, Purl: "pkg:golang/std@" + bi.GoVersion}
		for _, m := range bi.Deps {
			if m.Replace != nil {
				m = m.Replace
			}
			purl := "pkg:golang/" + m.Path + "@" + m.Version
			c := component{Type: "library", Name: m.Path, Version: m.Version, Purl: purl, Scope: "required"}
			if m.Sum != "" {
				c.Hashes = []hash{{Alg: "SHA-256", Content: h1Hex(m.Sum)}}
			}
			seen[purl] = c
			d.DependsOn = append(d.DependsOn, purl)
		}
		sort.Strings(d.DependsOn)
		deps = append(deps, d)
	}
	var comps []component
	comps = append(comps, apps...)
	purls := make([]string, 0, len(seen))
	for p := range seen {
		purls = append(purls, p)
	}
	sort.Strings(purls)
	for _, p := range purls {
		comps = append(comps, seen[p])
	}
	doc := map[string]any{
		"bomFormat":    "CycloneDX",
		"specVersion":  "1.5",
		"version":      1,
		"metadata":     map[string]any{"component": map[string]any{"type": "application", "name": name}},
		"components":   comps,
		"dependencies": deps,
	}
	return json.MarshalIndent(doc, "", "  ")
}

func sortedBins(m map[string]*debug.BuildInfo) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// h1Hex turns a go.sum "h1:" hash (base64 SHA-256 of the module's file list) into the hex
// CycloneDX expects.
func h1Hex(sum string) string {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(sum, "h1:"))
	if err != nil {
		return ""
	}
	return hex.EncodeToString(raw)
}
