package assets

import (
	"bytes"
	"fmt"

	"github.com/tdewolff/minify/v2"
	mincss "github.com/tdewolff/minify/v2/css"
	minhtml "github.com/tdewolff/minify/v2/html"
	minjson "github.com/tdewolff/minify/v2/json"
	minsvg "github.com/tdewolff/minify/v2/svg"
	minxml "github.com/tdewolff/minify/v2/xml"
)

// Minifier minifies what esbuild does not produce: HTML, SVG, JSON and XML. It is safe for
// concurrent use.
type Minifier struct{ m *minify.M }

// NewMinifier returns the site's minifier. HTML keeps the document tags, end tags, quotes
// and default attribute values: the output stays easy to read in a browser's source view
// and is scanned again by the CSP and link checks.
func NewMinifier() *Minifier {
	m := minify.New()
	m.Add("text/html", &minhtml.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.Add("text/css", &mincss.Minifier{})
	m.Add("image/svg+xml", &minsvg.Minifier{})
	m.Add("application/json", &minjson.Minifier{})
	m.Add("application/manifest+json", &minjson.Minifier{})
	m.Add("application/xml", &minxml.Minifier{})
	return &Minifier{m: m}
}

// MediaTypes maps the extensions the minifier handles to their media types.
var MediaTypes = map[string]string{
	".html": "text/html", ".svg": "image/svg+xml", ".json": "application/json",
	".webmanifest": "application/manifest+json", ".xml": "application/xml",
}

// Minify minifies data of the given media type.
func (m *Minifier) Minify(mediaType string, data []byte) ([]byte, error) {
	var out bytes.Buffer
	if err := m.m.Minify(mediaType, &out, bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("minify %s: %w", mediaType, err)
	}
	return out.Bytes(), nil
}
