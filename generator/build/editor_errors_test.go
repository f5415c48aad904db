package build

// What an editor is told when content or theme is wrong.

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zeisim/generator/content"
)

// TestEditorErrors: every mistake stops the build with the file, the line and what to do.
func TestEditorErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		file  string // below the content copy
		data  string
		theme map[string]string // theme files to overwrite, below the theme copy
		want  []string          // substrings of the error
	}{
		{
			name: "broken internal link",
			file: "ja/guide/links.md",
			data: "---\ntitle: リンク\n---\n本文\n\n[古いページ](/old-page/)\n",
			want: []string{"content/ja/guide/links.md:6:", `href="/old-page/"`, "does not resolve"},
		},
		{
			name: "link without final slash",
			file: "ja/guide/links.md",
			data: "---\ntitle: リンク\n---\n[計算](/simulator)\n",
			want: []string{"content/ja/guide/links.md:4:", `write "/simulator/"`},
		},
		{
			name: "fragment that is not on the page",
			file: "ja/guide/links.md",
			data: "---\ntitle: リンク\n---\n\n[控除](/guide/deductions/#医療費控除)\n",
			want: []string{"content/ja/guide/links.md:5:", "#医療費控除"},
		},
		{
			name: "raw HTML",
			file: "ja/guide/raw.md",
			data: "---\ntitle: 生HTML\n---\n本文\n\n<div class=\"box\">\n囲み\n</div>\n",
			want: []string{"content/ja/guide/raw.md:6:", "raw HTML", "<div class"},
		},
		{
			name: "inline raw HTML",
			file: "ja/guide/raw.md",
			data: "---\ntitle: 生HTML\n---\n一行目\n\n二行目に <span style=\"color:red\">赤</span> があります。\n",
			want: []string{"content/ja/guide/raw.md:6:", "raw HTML"},
		},
		{
			name: "script in Markdown",
			file: "ja/guide/raw.md",
			data: "---\ntitle: 生HTML\n---\n<script>alert(1)</script>\n",
			want: []string{"content/ja/guide/raw.md:4:", "raw HTML"},
		},
		{
			name: "bad front matter line",
			file: "ja/guide/bad.md",
			data: "---\ntitle: 題\nこれは本文\n---\n",
			want: []string{"content/ja/guide/bad.md:3:", `"key: value"`},
		},
		{
			name: "unclosed front matter",
			file: "ja/guide/bad.md",
			data: "---\ntitle: 題\n",
			want: []string{"content/ja/guide/bad.md:", "not closed"},
		},
		{
			name: "unknown front matter key",
			file: "ja/guide/bad.md",
			data: "---\ntitle: 題\ntitel: 題\n---\n",
			want: []string{"content/ja/guide/bad.md:3:", `unknown front matter key "titel"`},
		},
		{
			name: "bad weight",
			file: "ja/guide/bad.md",
			data: "---\ntitle: 題\nweight: 一\n---\n",
			want: []string{"content/ja/guide/bad.md:3:", "whole number"},
		},
		{
			name: "missing title",
			file: "ja/guide/bad.md",
			data: "---\ndescription: 説明\n---\n",
			want: []string{"content/ja/guide/bad.md:", "needs a title"},
		},
		{
			name: "unknown language in front matter",
			file: "ja/guide/bad.md",
			data: "---\ntitle: 題\nlanguage: fr\n---\n",
			want: []string{"content/ja/guide/bad.md:3:", `unknown language "fr"`, "ja, en, ja-easy"},
		},
		{
			name: "unknown language folder",
			file: "fr/index.md",
			data: "---\ntitle: Accueil\n---\n",
			want: []string{"content/fr:", "unknown language folder"},
		},
		{
			name: "missing template",
			file: "ja/guide/bad.md",
			data: "---\ntitle: 題\n\nlayout: chart\n---\n",
			want: []string{"content/ja/guide/bad.md:4:", `layout "chart" has no template`, "site/layouts/chart.html"},
		},
		{
			name: "unknown placeholder",
			file: "ja/guide/bad.md",
			data: "---\ntitle: 題\n---\n一行目\n{{city}}の税\n",
			want: []string{"content/ja/guide/bad.md:5:", "{{city}}", "{{municipality}}"},
		},
		{
			name: "file name that is not a URL",
			file: "ja/guide/控除.md",
			data: "---\ntitle: 題\n---\n",
			want: []string{"content/ja/guide/控除.md", "lower-case ASCII"},
		},
		{
			name:  "inline script in a layout",
			theme: map[string]string{"layouts/page.html": `{{define "main"}}<script>alert(1)</script>{{.Content}}{{end}}`},
			want:  []string{"content/ja/index.md (layout site/layouts/page.html) would break the Content-Security-Policy", "index.html:", "inline <script>", "<script>alert(1)</script>"},
		},
		{
			name:  "inline style in a partial",
			theme: map[string]string{"layouts/partials/footer.html": `{{define "footer"}}<footer style="color:red"></footer>{{end}}`},
			want:  []string{"inline style attribute"},
		},
		{
			name:  "missing required layout",
			theme: map[string]string{"layouts/404.html": ""},
			want:  []string{"site/layouts/404.html is missing"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.ContentDir = copyTree(t, "testdata/content")
			if tc.file != "" {
				write(t, filepath.Join(cfg.ContentDir, tc.file), tc.data)
			}
			if tc.theme != nil {
				cfg.SiteDir = copyTree(t, "../../site")
				for f, data := range tc.theme {
					if data == "" {
						if err := os.Remove(filepath.Join(cfg.SiteDir, f)); err != nil {
							t.Fatal(err)
						}
						continue
					}
					write(t, filepath.Join(cfg.SiteDir, f), data)
				}
			}
			_, err := Run(context.Background(), cfg)
			if err == nil {
				t.Fatal("the build succeeded")
			}
			msg := strings.ReplaceAll(err.Error(), filepath.ToSlash(cfg.ContentDir), "content")
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			if _, err := os.Stat(cfg.OutDir); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a failed build wrote %s", cfg.OutDir)
			}
		})
	}
}

func TestContentErrorsArePrefixed(t *testing.T) {
	err := inDir("content", content.Errors{&content.Error{File: "ja/a.md", Line: 3, Msg: "x"}})
	if err.Error() != "content/ja/a.md:3: x" {
		t.Fatal(err)
	}
}
