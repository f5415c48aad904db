package evidence

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// MaintenanceTeam is 保守体制表 (仕様書 3(2)): who maintains the site, in which role, and how
// the city reaches them. The provider fills content/operations.json; a field left empty is
// printed as to be filled before going live, and the generator lists it at every build.
type MaintenanceTeam struct {
	Provider    string `json:"provider"`     // 提供者（事業者名）
	Updated     string `json:"updated"`      // 作成・更新日 (YYYY-MM-DD); a change is notified in writing (仕様書 3(2))
	Hours       string `json:"hours"`        // 対応時間
	CityContact string `json:"city_contact"` // 利用者（市）の連絡窓口
	Roles       []Role `json:"roles"`
}

// Role is one line of 保守体制表.
type Role struct {
	Role    string `json:"role"`    // 役割
	Duties  string `json:"duties"`  // 担当業務
	Name    string `json:"name"`    // 氏名・所属
	Contact string `json:"contact"` // 連絡先（電話・メール）
	Deputy  string `json:"deputy"`  // 代理者
}

// toFill is what an empty field of 保守体制表 shows.
const toFill = "（運用開始までに記入）"

// ParseMaintenanceTeam reads content/operations.json's "maintenance_team" and checks its shape:
// every role names its duties, and the date, when given, is a date.
func ParseMaintenanceTeam(data []byte) (MaintenanceTeam, error) {
	var doc struct {
		MaintenanceTeam MaintenanceTeam `json:"maintenance_team"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return MaintenanceTeam{}, fmt.Errorf("maintenance_team: %w", err)
	}
	m := doc.MaintenanceTeam
	var problems []string
	if len(m.Roles) == 0 {
		problems = append(problems, `"maintenance_team": list at least one role under "roles"`)
	}
	for i, r := range m.Roles {
		if strings.TrimSpace(r.Role) == "" || strings.TrimSpace(r.Duties) == "" {
			problems = append(problems, fmt.Sprintf(`"roles" %d: "role" and "duties" are required`, i+1))
		}
	}
	if m.Updated != "" {
		if _, err := time.Parse(time.DateOnly, m.Updated); err != nil {
			problems = append(problems, fmt.Sprintf(`"updated" %q: write the date as YYYY-MM-DD`, m.Updated))
		}
	}
	if len(problems) > 0 {
		return m, fmt.Errorf("maintenance_team:\n  %s", strings.Join(problems, "\n  "))
	}
	return m, nil
}

// teamField is one field of 保守体制表 that the provider fills: its name in the file, its
// label on the form and its value. Blank, Markdown and CSV all read these lists.
type teamField struct{ name, label, value string }

func (m MaintenanceTeam) general() []teamField {
	return []teamField{{"provider", "提供者", m.Provider}, {"updated", "作成・更新日", m.Updated},
		{"hours", "対応時間", m.Hours}, {"city_contact", "利用者（市）の連絡窓口", m.CityContact}}
}

func (r Role) person() []teamField {
	return []teamField{{"name", "氏名・所属", r.Name}, {"contact", "連絡先", r.Contact}, {"deputy", "代理者", r.Deputy}}
}

// shown is what the form prints for a field: its value, or that it is still to be filled.
func (f teamField) shown() string {
	if strings.TrimSpace(f.value) == "" {
		return toFill
	}
	return f.value
}

// Blank lists the fields still to fill, in the file's terms, so that the build can say which.
func (m MaintenanceTeam) Blank() []string {
	var out []string
	for _, f := range m.general() {
		if f.shown() == toFill {
			out = append(out, f.name)
		}
	}
	for _, r := range m.Roles {
		for _, f := range r.person() {
			if f.shown() == toFill {
				out = append(out, r.Role+": "+f.name)
			}
		}
	}
	return out
}

// rows is 保守体制表 as table rows: the general fields (label, value), then the roles under
// their header row. Markdown and CSV render the same rows.
func (m MaintenanceTeam) rows() (general, roles [][]string) {
	for _, f := range m.general() {
		general = append(general, []string{f.label, f.shown()})
	}
	roles = [][]string{{"役割", "担当業務", "氏名・所属", "連絡先", "代理者"}}
	for _, r := range m.Roles {
		row := []string{r.Role, r.Duties}
		for _, f := range r.person() {
			row = append(row, f.shown())
		}
		roles = append(roles, row)
	}
	return general, roles
}

// Markdown renders 保守体制表 as a page block.
func (m MaintenanceTeam) Markdown() []byte {
	general, roles := m.rows()
	var b bytes.Buffer
	table := func(rows [][]string) {
		for i, row := range rows {
			cells := make([]string, len(row))
			for k, c := range row {
				cells[k] = cell(c)
			}
			b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
			if i == 0 {
				b.WriteString(strings.Repeat("|---", len(row)) + "|\n")
			}
		}
	}
	table(append([][]string{{"項目", "内容"}}, general...))
	b.WriteString("\n")
	table(roles)
	return b.Bytes()
}

// CSV renders 保守体制表 for submission (UTF-8 with BOM, CRLF, as the other forms): the general
// fields padded to the roles' five columns, then the roles.
func (m MaintenanceTeam) CSV() []byte {
	general, roles := m.rows()
	var out [][]string
	for _, g := range general {
		out = append(out, append(g, "", "", ""))
	}
	return csvBytes(append(out, roles...))
}

// csvBytes renders a form for submission: UTF-8 with a byte-order mark, so that Excel, which
// city offices open it with, reads the Japanese text, and CRLF line ends.
func csvBytes(rows [][]string) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	w.WriteAll(rows)
	return b.Bytes()
}

// Detection is one line of 監視体制表 (仕様書 3(13)): what is watched, how the host notices it,
// the event it writes to the security log, the host settings that tune it, what happens at
// once without anyone acting, and the tests that prove it.
type Detection struct {
	Target string   `json:"target"` // 検知対象, in the specification's words where it names them
	Event  string   `json:"event"`  // the security-log event; "" when the host is not the detector
	Level  string   `json:"level"`  // the event's level: INFO, WARN or ERROR
	How    string   `json:"how"`    // 検知の方法
	Flags  []string `json:"flags"`  // host flags that tune it, shown with their defaults
	Action string   `json:"action"` // 自動の措置と運用者の対応
	Tests  []string `json:"tests"`
}

// Monitoring is 監視体制表: the detections and how the operator is told.
type Monitoring struct {
	Detections []Detection `json:"detections"`
	Alerting   []string    `json:"alerting"` // 通知の経路
}

// ParseMonitoring reads monitoring.json and checks that every line says how and what follows.
func ParseMonitoring(data []byte) (Monitoring, error) {
	var m Monitoring
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return m, fmt.Errorf("monitoring: %w", err)
	}
	var problems []string
	for i, d := range m.Detections {
		where := fmt.Sprintf("detection %d (%s)", i+1, d.Target)
		if d.Target == "" || d.How == "" || d.Action == "" {
			problems = append(problems, where+": target, how and action are required")
		}
		if d.Event != "" && !slices.Contains([]string{"INFO", "WARN", "ERROR"}, d.Level) {
			problems = append(problems, fmt.Sprintf("%s: level %q is not INFO, WARN or ERROR", where, d.Level))
		}
		if d.Event == "" && len(d.Tests) == 0 {
			problems = append(problems, where+": a detection outside the host's log needs a test that proves the host's part")
		}
	}
	if len(m.Alerting) == 0 {
		problems = append(problems, `"alerting": say how the operator is told`)
	}
	if len(problems) > 0 {
		return m, fmt.Errorf("monitoring:\n  %s", strings.Join(problems, "\n  "))
	}
	return m, nil
}

// settings renders a detection's flags with the values the host uses by default.
func (d Detection) settings(defaults map[string]string) string {
	var parts []string
	for _, f := range d.Flags {
		v, ok := defaults[strings.TrimPrefix(f, "-")]
		switch {
		case !ok:
			parts = append(parts, f)
		case v == "":
			parts = append(parts, f+"（既定: なし）")
		default:
			parts = append(parts, f+"（既定: "+v+"）")
		}
	}
	return strings.Join(parts, "、")
}

// Markdown renders 監視体制表. defaults are the host's flag defaults by name (without "-").
func (m Monitoring) Markdown(defaults map[string]string) []byte {
	var b bytes.Buffer
	b.WriteString("| 検知対象 | 検知の方法 | セキュリティログの記録 | 設定 | 措置 | 確認テスト |\n|---|---|---|---|---|---|\n")
	for _, d := range m.Detections {
		event := "—"
		if d.Event != "" {
			event = "`" + d.Event + "`（" + d.Level + "）"
		}
		tests := make([]string, len(d.Tests))
		for i, t := range d.Tests {
			tests[i] = "`" + t + "`"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", cell(d.Target), cell(d.How), event, cell(dashIfEmpty(d.settings(defaults))), cell(d.Action), dashIfEmpty(strings.Join(tests, "、")))
	}
	b.WriteString("\n通知の経路:\n\n")
	for _, a := range m.Alerting {
		b.WriteString("- " + a + "\n")
	}
	return b.Bytes()
}

// CSV renders 監視体制表 for submission.
func (m Monitoring) CSV(defaults map[string]string) []byte {
	rows := [][]string{{"検知対象", "検知の方法", "セキュリティログの記録", "レベル", "設定", "措置", "確認テスト"}}
	for _, d := range m.Detections {
		rows = append(rows, []string{d.Target, d.How, d.Event, d.Level, d.settings(defaults), d.Action, strings.Join(d.Tests, "\n")})
	}
	for _, a := range m.Alerting {
		rows = append(rows, []string{"通知の経路", a, "", "", "", "", ""})
	}
	return csvBytes(rows)
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
