package build

// The build errors an editor or a theme author reads.

import (
	"fmt"
	"strings"

	"zeisim/generator/csp"
	"zeisim/generator/linkcheck"
)

// ViolationError lists inline script or style found in a rendered page. Line numbers
// count in the rendered page before minification; the excerpt and the layout name say
// where to look in the theme.
type ViolationError struct {
	Source     string // the Markdown file or template the page was built from
	Layout     string
	Violations []csp.Violation
}

func (v ViolationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (layout %s) would break the Content-Security-Policy:", v.Source, v.Layout)
	for _, x := range v.Violations {
		b.WriteString("\n  " + x.String())
	}
	return b.String()
}

// LinkError lists references that do not resolve.
type LinkError []linkcheck.Problem

func (l LinkError) Error() string {
	var b strings.Builder
	b.WriteString("broken links:")
	for _, p := range l {
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}
