package markdown

import (
	"errors"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // substrings of the HTML
		not       []string
	}{
		{"table without inline alignment", "| a | b |\n|:--|--:|\n| 1 | 2 |\n", []string{"<th>a</th>", "<td>2</td>"}, []string{"style=", "align="}},
		{"Japanese heading ID", "## 住民税の計算\n", []string{`<h2 id="住民税の計算">`}, nil},
		{"mixed heading ID", "## Income 所得 (2025)\n", []string{`id="income-所得-2025"`}, nil},
		{"duplicate headings", "## 控除\n\n## 控除\n", []string{`id="控除"`, `id="控除-1"`}, nil},
		{"symbols only", "## ！？\n", []string{`id="section"`}, nil},
		{"CJK line join", "所得割は\n課税所得に税率を掛けます。\n", []string{"所得割は課税所得に"}, nil},
		{"footnote", "本文[^1]\n\n[^1]: 地方税法。\n", []string{`class="footnote-ref"`, "地方税法。"}, nil},
		{"comment dropped", "前\n\n<!-- メモ -->\n\n後\n", []string{"<p>前</p>", "<p>後</p>"}, []string{"メモ", "raw HTML omitted"}},
		{"no attribute syntax", "## 見出し {style=\"color:red\"}\n", nil, []string{`style="color:red"`}},
		{"autolink", "https://www.city.fujisawa.kanagawa.jp/ を参照\n", []string{`<a href="https://www.city.fujisawa.kanagawa.jp/">`}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			html, _, err := New().Render([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(html), w) {
					t.Errorf("want %q in %s", w, html)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(string(html), n) {
					t.Errorf("unwanted %q in %s", n, html)
				}
			}
		})
	}
}

// TestRawHTMLRefused: raw HTML is an error naming its line, not silently dropped.
func TestRawHTMLRefused(t *testing.T) {
	for _, tc := range []struct {
		src  string
		line int
	}{
		{"<script>alert(1)</script>\n", 1},
		{"段落\n\n<div>\n箱\n</div>\n", 3},
		{"一\n\n二 <b>太字</b>\n", 3},
		{"<style>p{}</style>\n", 1},
		{"![x](/a.png)\n\n<img src=x onerror=alert(1)>\n", 3},
		{"- 項目 <span style=\"color:red\">赤</span>\n", 1},
	} {
		_, _, err := New().Render([]byte(tc.src))
		var raw *RawHTMLError
		if !errors.As(err, &raw) {
			t.Errorf("%q: err = %v, want *RawHTMLError", tc.src, err)
			continue
		}
		if raw.Line != tc.line {
			t.Errorf("%q: line %d, want %d", tc.src, raw.Line, tc.line)
		}
	}
}

// TestEmphasisThatDoesNotPair: bold that CommonMark cannot close where the editor closed it
// (full-width punctuation, then a letter) is an error naming its line; bold that closes is not.
func TestEmphasisThatDoesNotPair(t *testing.T) {
	for _, tc := range []struct {
		src  string
		line int // 0: renders without error
	}{
		{"方の**個人住民税（市民税・県民税）**と、一緒に納める**森林環境税**を計算します。\n", 1},
		{"一\n\n**「はい」**を選ぶ\n", 3},
		{"**閉じない太字\n", 1},
		{"方の**個人住民税**（市民税・県民税）と、一緒に納める**森林環境税**を計算します。\n", 0},
		{"**「はい」** を選ぶ\n", 0},
		{"。**改ざんを見つけたら、すぐに止めます**。\n", 0},
		{"*強調*と**太字**、`**コード**`\n", 0},
		{"```\n**そのまま**（\n```\n", 0},
	} {
		_, _, err := New().Render([]byte(tc.src))
		var em *EmphasisError
		switch {
		case tc.line == 0 && err != nil:
			t.Errorf("%q: %v, want no error", tc.src, err)
		case tc.line > 0 && !errors.As(err, &em):
			t.Errorf("%q: err = %v, want *EmphasisError", tc.src, err)
		case tc.line > 0 && em.Line != tc.line:
			t.Errorf("%q: line %d, want %d", tc.src, em.Line, tc.line)
		}
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{"## 見出し", "| a |\n|--|\n| b |", "<div>", "[^1]\n\n[^1]: x", "<!-- x -->"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		html, _, err := New().Render([]byte(src))
		if err == nil && (strings.Contains(string(html), "<script") || strings.Contains(string(html), " style=")) {
			t.Fatalf("unsafe output %q for %q", html, src)
		}
	})
}

// TestTablesScrollInTheirOwnBox: a table is wrapped in a keyboard-reachable region named by the
// heading above it (or its column names), so a wide table scrolls inside it, not the page.
func TestTablesScrollInTheirOwnBox(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"## 監視体制\n\n| 項目 | 内容 |\n|---|---|\n| a | b |\n", `<div class="table-scroll" role="region" tabindex="0" aria-labelledby="監視体制">` + "\n<table>\n<thead>"},
		{"| 項目 | 内容 |\n|---|---|\n| a | b |\n", `<div class="table-scroll" role="region" tabindex="0" aria-label="項目 / 内容">`},
	} {
		out, _, err := New().Render([]byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), tc.want) || !strings.HasSuffix(strings.TrimSpace(string(out)), "</table>\n</div>") {
			t.Errorf("%q rendered\n%s\nwant %q … </table></div>", tc.src, out, tc.want)
		}
	}
}
