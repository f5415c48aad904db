// Package evidence produces the documents the city's security specification asks for from
// the same sources as the tests, so that they cannot drift: the check sheet (様式第1号), the
// operating-environment report (様式第2号), the update report (様式第3号) and an SBOM.
package evidence

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Status is the answer the check sheet allows for an item.
type Status string

// The three answers of 様式第1号 (仕様書 2).
const (
	Done        Status = "対応済"
	NotDone     Status = "未対策"
	NotRequired Status = "対応不要"
)

// ipaKinds are the eleven kinds of vulnerability of IPA「安全なウェブサイトの作り方」改訂第7版
// 第1章, in its numbering: the 脆弱性の種類 column of its checklist.
var ipaKinds = [...]string{1: "SQLインジェクション", 2: "OSコマンド・インジェクション",
	3: "パス名パラメータの未チェック／ディレクトリ・トラバーサル", 4: "セッション管理の不備",
	5: "クロスサイト・スクリプティング", 6: "CSRF（クロスサイト・リクエスト・フォージェリ）",
	7: "HTTPヘッダ・インジェクション", 8: "メールヘッダ・インジェクション", 9: "クリックジャッキング",
	10: "バッファオーバーフロー", 11: "アクセス制御や認可制御の欠落"}

// ipaRows are the rows of the IPA checklist, each of which the sheet must answer once, in
// this order (checked by ParseCheckSheet).
var ipaRows = []string{
	"1-(i)-a", "1-(i)-b", "1-(ii)", "1-(iii)", "1-(iv)",
	"2-(i)", "2-(ii)",
	"3-(i)-a", "3-(i)-b", "3-(ii)", "3-(iii)",
	"4-(i)", "4-(ii)", "4-(iii)", "4-(iv)-a", "4-(iv)-b", "4-(v)", "4-(vi)",
	"5-(i)", "5-(ii)", "5-(iii)", "5-(iv)", "5-(v)", "5-(vi)", "5-(vii)", "5-(viii)", "5-(ix)", "5-(x)",
	"6-(i)-a", "6-(i)-b", "6-(i)-c", "6-(ii)",
	"7-(i)-a", "7-(i)-b", "7-(ii)",
	"8-(i)-a", "8-(i)-b", "8-(ii)", "8-(iii)",
	"9-(i)-a", "9-(i)-b", "9-(ii)",
	"10-(i)-a", "10-(i)-b", "10-(ii)",
	"11-(i)", "11-(ii)",
}

// Kind is the 脆弱性の種類 of an IPA row ("1. SQLインジェクション"), or for the items of the
// city's specification「仕様書の対策」.
func (it Item) Kind() string {
	rest, ok := strings.CutPrefix(it.ID, "IPA ")
	if !ok {
		return "仕様書の対策"
	}
	num, _, _ := strings.Cut(rest, "-")
	for n, name := range ipaKinds {
		if name != "" && strconv.Itoa(n) == num {
			return num + ". " + name
		}
	}
	return ""
}

// Item is one line of the check sheet.
type Item struct {
	ID     string   `json:"id"`     // e.g. "IPA 3-(i)-b" or "仕様書 3(7)"
	Nature string   `json:"nature"` // 根本的解決 / 保険的対策 / 運用 (spec items)
	Title  string   `json:"title"`  // 実施項目
	Status Status   `json:"status"`
	Reason string   `json:"reason"` // 理由 / 措置 (for 未対策 also the risk and its handling)
	Tests  []string `json:"tests"`  // "zeisim/host/server.TestTraversal": tests that prove it
	Docs   []string `json:"docs"`   // generated documents or README sections that answer it
}

// CheckSheet is 様式第1号.
type CheckSheet struct {
	Title   string `json:"title"`
	Edition string `json:"edition"`
	Items   []Item `json:"items"`
}

// ParseCheckSheet reads the source table and checks it is complete: a valid answer for every
// item, a reason for every answer, and at least one proving test for every 対応済 that is
// not answered by a document alone.
func ParseCheckSheet(data []byte) (CheckSheet, error) {
	var cs CheckSheet
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cs); err != nil {
		return cs, fmt.Errorf("check sheet: %w", err)
	}
	var problems []string
	seen := map[string]bool{}
	for i, it := range cs.Items {
		where := fmt.Sprintf("item %d (%s)", i+1, it.ID)
		if it.ID == "" || it.Title == "" {
			problems = append(problems, where+": id and title are required")
		}
		if seen[it.ID] {
			problems = append(problems, where+": duplicate id")
		}
		seen[it.ID] = true
		switch it.Status {
		case Done:
			if len(it.Tests) == 0 && len(it.Docs) == 0 {
				problems = append(problems, where+": 対応済 needs at least one test or document that proves it")
			}
		case NotDone, NotRequired:
		default:
			problems = append(problems, fmt.Sprintf("%s: status %q is not one of 対応済, 未対策, 対応不要", where, it.Status))
		}
		if strings.TrimSpace(it.Reason) == "" {
			problems = append(problems, where+": a reason is required")
		}
		for _, d := range it.Docs {
			if kind, _ := docKind(d); kind == "" {
				problems = append(problems, fmt.Sprintf("%s: document %q: write a site path (/security/…), README.md#<heading> or make <target>, so that it can be checked", where, d))
			}
		}
	}
	var ipa []string
	for _, it := range cs.Items {
		if rest, ok := strings.CutPrefix(it.ID, "IPA "); ok {
			ipa = append(ipa, rest)
			if it.Nature != "根本的解決" && it.Nature != "保険的対策" {
				problems = append(problems, fmt.Sprintf("%s: 対策の性質 %q is not 根本的解決 or 保険的対策", it.ID, it.Nature))
			}
		}
	}
	if strings.Join(ipa, " ") != strings.Join(ipaRows, " ") {
		problems = append(problems, fmt.Sprintf("the IPA rows are %v, want every row of the IPA checklist once, in order: %v", ipa, ipaRows))
	}
	if len(problems) > 0 {
		return cs, fmt.Errorf("check sheet:\n  %s", strings.Join(problems, "\n  "))
	}
	return cs, nil
}

// MissingTests lists the tests the sheet names that are not in known (as returned by
// FindTests), sorted.
func (cs CheckSheet) MissingTests(known map[string]bool) []string {
	var out []string
	for _, it := range cs.Items {
		for _, t := range it.Tests {
			if !known[t] {
				out = append(out, it.ID+": "+t)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Counts returns how many items have each status.
func (cs CheckSheet) Counts() map[Status]int {
	c := map[Status]int{}
	for _, it := range cs.Items {
		c[it.Status]++
	}
	return c
}

// CSV renders the sheet for submission: UTF-8 with a byte-order mark so that Excel, which
// city offices use to open it, reads the Japanese text correctly.
func (cs CheckSheet) CSV() []byte {
	rows := [][]string{{"脆弱性の種類", "項番", "対策の性質", "チェック項目", "対応状況", "理由・措置", "確認テスト", "関連文書"}}
	for _, it := range cs.Items {
		rows = append(rows, []string{it.Kind(), it.ID, it.Nature, it.Title, string(it.Status), it.Reason, strings.Join(it.Tests, "\n"), strings.Join(it.Docs, "\n")})
	}
	return csvBytes(rows)
}

// Markdown renders the sheet as a Markdown page body.
func (cs CheckSheet) Markdown() []byte {
	var b bytes.Buffer
	c := cs.Counts()
	fmt.Fprintf(&b, "%s（%s）\n\n", cs.Title, cs.Edition)
	fmt.Fprintf(&b, "対応済 %d 項目、未対策 %d 項目、対応不要 %d 項目。\n", c[Done], c[NotDone], c[NotRequired])
	kind := ""
	for _, it := range cs.Items {
		if k := it.Kind(); k != kind {
			kind = k
			fmt.Fprintf(&b, "\n## %s\n\n", cell(k))
			b.WriteString("| 項番 | 対策の性質 | チェック項目 | 対応状況 | 理由・措置 | 確認テスト |\n|---|---|---|---|---|---|\n")
		}
		tests := make([]string, len(it.Tests))
		for i, t := range it.Tests {
			tests[i] = "`" + t + "`"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", cell(it.ID), cell(it.Nature), cell(it.Title), it.Status, cell(it.Reason), strings.Join(append(tests, docs(it.Docs)...), "、"))
	}
	return b.Bytes()
}

// The kinds of document an item can cite. Each can be checked: a site path is rendered as a
// link, which the generator's link check refuses to publish when it is broken; README headings
// and make targets are checked by TestCheckSheetDocsExist.
const (
	docPage   = "page"
	docReadme = "readme"
	docMake   = "make"
)

// docKind tells which kind of document d cites, and what it names.
func docKind(d string) (kind, target string) {
	switch {
	case strings.HasPrefix(d, "/"):
		return docPage, d
	case strings.HasPrefix(d, "README.md#") && len(d) > len("README.md#"):
		return docReadme, strings.TrimPrefix(d, "README.md#")
	case strings.HasPrefix(d, "make ") && len(strings.Fields(d)) == 2:
		return docMake, strings.Fields(d)[1]
	}
	return "", ""
}

func docs(d []string) []string {
	out := make([]string, len(d))
	for i, x := range d {
		switch kind, target := docKind(x); kind {
		case docPage:
			out[i] = "[" + cell(target) + "](" + target + ")"
		case docReadme:
			out[i] = "README.md「" + cell(target) + "」"
		case docMake:
			out[i] = "`make " + target + "`"
		default:
			out[i] = cell(x)
		}
	}
	return out
}

// cell escapes what would break a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ", "<", "&lt;", ">", "&gt;").Replace(s)
}
