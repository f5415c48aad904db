package evidence

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Component is one piece of software in the system, with its version and checksum.
type Component struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Checksum string `json:"checksum,omitempty"` // go.sum h1: hash of the module
	Role     string `json:"role"`               // what it does here
	Direct   bool   `json:"direct"`
}

// Environment is 様式第2号 「ウェブサーバの運用環境報告」: what runs where, by version.
type Environment struct {
	Components []Component       `json:"components"`
	TLS        []string          `json:"tls"`    // the host's TLS settings, one line each
	Tested     map[string]string `json:"tested"` // e.g. "Chromium" → version the suites ran against
	Extra      map[string]string `json:"extra,omitempty"`
}

// roles says what each direct dependency does, for the report's readers.
var roles = map[string]string{
	"go":                            "Go ツールチェーン（ジェネレーター・ホスト・計算エンジン(WebAssembly)・wasm_exec.js）",
	"github.com/yuin/goldmark":      "Markdown 変換（サイト生成時のみ）",
	"github.com/tdewolff/minify/v2": "HTML/CSS/JS/SVG/JSON の縮小（サイト生成時のみ）",
	"github.com/tdewolff/parse/v2":  "HTML 字句解析（サイト生成時の CSP 検査）",
	"github.com/evanw/esbuild":      "TypeScript/CSS のバンドル（サイト生成時のみ）",
	"github.com/chromedp/chromedp":  "ブラウザー自動試験（試験時のみ）",
	"github.com/chromedp/cdproto":   "ブラウザー自動試験のプロトコル定義（試験時のみ）",
}

// ModuleComponents reads go.mod and go.sum: every required module with its version and
// checksum, direct ones marked.
func ModuleComponents(goMod, goSum []byte) ([]Component, error) {
	sums := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(goSum))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && !strings.HasSuffix(f[1], "/go.mod") {
			sums[f[0]+"@"+f[1]] = f[2]
		}
	}
	var out []Component
	inBlock := false
	sc = bufio.NewScanner(bytes.NewReader(goMod))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "require (":
			inBlock = true
			continue
		case inBlock && line == ")":
			inBlock = false
			continue
		case strings.HasPrefix(line, "require "):
			line = strings.TrimPrefix(line, "require ")
		case !inBlock:
			if v, ok := strings.CutPrefix(line, "go "); ok {
				out = append(out, Component{Name: "go", Version: "go" + v + " (go.mod minimum)", Role: roles["go"], Direct: true})
			}
			continue
		}
		indirect := strings.Contains(line, "// indirect")
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		sum, ok := sums[f[0]+"@"+f[1]]
		if !ok {
			return nil, fmt.Errorf("go.sum has no checksum for %s %s: run go mod tidy", f[0], f[1])
		}
		role := roles[f[0]]
		if role == "" {
			role = "間接依存"
		}
		out = append(out, Component{Name: f[0], Version: f[1], Checksum: sum, Role: role, Direct: !indirect})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// JSON is the machine-readable form, the input of the next month's 様式第3号.
func (e Environment) JSON() ([]byte, error) { return json.MarshalIndent(e, "", "  ") }

// CSV renders 様式第2号 for submission (UTF-8 with BOM for Excel).
func (e Environment) CSV() []byte {
	rows := [][]string{{"区分", "名称", "バージョン", "チェックサム", "用途"}}
	for _, c := range e.Components {
		kind := "ソフトウェア（直接依存）"
		if !c.Direct {
			kind = "ソフトウェア（間接依存）"
		}
		rows = append(rows, []string{kind, c.Name, c.Version, c.Checksum, c.Role})
	}
	for _, k := range slices.Sorted(maps.Keys(e.Tested)) {
		rows = append(rows, []string{"試験環境", k, e.Tested[k], "", "自動試験を実行したブラウザー"})
	}
	for _, t := range e.TLS {
		rows = append(rows, []string{"TLS 設定", "ホスト", t, "", ""})
	}
	return csvBytes(rows)
}

// Markdown renders 様式第2号 as a page body.
func (e Environment) Markdown() []byte {
	var b bytes.Buffer
	b.WriteString("## ソフトウェア\n\n| 名称 | バージョン | 用途 | 依存 |\n|---|---|---|---|\n")
	for _, c := range e.Components {
		dep := "直接"
		if !c.Direct {
			dep = "間接"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", cell(c.Name), cell(c.Version), cell(c.Role), dep)
	}
	if len(e.Tested) > 0 {
		b.WriteString("\n## 試験環境\n\n| 名称 | バージョン |\n|---|---|\n")
		for _, k := range slices.Sorted(maps.Keys(e.Tested)) {
			fmt.Fprintf(&b, "| %s | %s |\n", cell(k), cell(e.Tested[k]))
		}
	}
	if len(e.TLS) > 0 {
		b.WriteString("\n## ホストの TLS 設定\n\n")
		for _, t := range e.TLS {
			b.WriteString("- " + t + "\n")
		}
	}
	return b.Bytes()
}

// Update is one line of 様式第3号 「ソフトウェア等の運用報告」.
type Update struct {
	Name, Old, New string
}

// Updates compares last report's environment with this one: every component added, removed
// or changed in version, sorted by name.
func Updates(prev, cur Environment) []Update {
	old := map[string]string{}
	for _, c := range prev.Components {
		old[c.Name] = c.Version
	}
	now := map[string]string{}
	for _, c := range cur.Components {
		now[c.Name] = c.Version
	}
	for k, v := range prev.Tested {
		old["試験環境 "+k] = v
	}
	for k, v := range cur.Tested {
		now["試験環境 "+k] = v
	}
	var out []Update
	for name, v := range now {
		if old[name] != v {
			out = append(out, Update{Name: name, Old: orDash(old[name]), New: v})
		}
	}
	for name, v := range old {
		if _, ok := now[name]; !ok {
			out = append(out, Update{Name: name, Old: v, New: "（削除）"})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// UpdateReportCSV renders 様式第3号 for the updates applied on date.
func UpdateReportCSV(updates []Update, date string) []byte {
	rows := [][]string{{"実施日", "ソフトウェア等", "更新前", "更新後"}}
	for _, u := range updates {
		rows = append(rows, []string{date, u.Name, u.Old, u.New})
	}
	return csvBytes(rows)
}

func orDash(s string) string {
	if s == "" {
		return "（新規）"
	}
	return s
}
