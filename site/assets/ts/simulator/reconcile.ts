// 「通知書と比べる」 (答え合わせ): the resident types the main lines of the 税額決定通知書 and the
// page compares them, line by line, with the engine's result for the same entries, naming the
// likely causes of each difference (content/ja/faq.md, 「通知書の税額とシミュレーターの結果が
// 違うのはなぜですか」). The notice figures are personal data: they stay in this module's
// memory only, are never sent anywhere and never stored, not even with "この端末に保存" on.

import { h, replace } from "./dom";
import { Result, Split } from "./engine";
import { clearErrors, Control, renderField } from "./form";
import { Lang } from "./i18n";
import { parseYen } from "./parse";

// A notice line: the engine figure it is compared with, the lines it is computed from (a
// difference there explains a difference here) and its own likely causes (string keys
// "reconcile.cause.<key>"). Order is the order of the calculation, which is also roughly the
// order of the lines on the notice, so the first difference listed is the first in the sum.
interface Line {
  key: string;
  get: (r: Result) => number;
  from: string[];
  causes: string[];
}

// credits is one tax's 税額控除: 調整控除, 配当控除, 住宅ローン控除, 寄附金税額控除, 外国税額控除
// and the withheld levies' credit.
function credits(r: Result, tax: keyof Split): number {
  return (
    r.adjustment_credit[tax] + r.dividend_credit[tax] + r.housing_loan_credit[tax] + r.donation_credit[tax] + r.foreign_tax_credit[tax] + r.withheld_credit[tax]
  );
}

// salarySpecial is the 給与からの特別徴収 as the notice from the employer shows it: with part of the
// tax deducted from the pension, only the rest is collected through the salary.
function salarySpecial(r: Result): number[] {
  const p = r.installments.pension;
  return p?.applies && p.salary_special ? p.salary_special : r.installments.special;
}

export const LINES: Line[] = [
  { key: "total_income_for_tax", get: (r) => r.total_income_for_tax, from: [], causes: ["income_sources", "income_report", "fiscal_year"] },
  { key: "deductions_total", get: (r) => r.deductions_total, from: [], causes: ["deduction_amounts", "deduction_family", "deduction_undeclared"] },
  { key: "taxable_income", get: (r) => r.taxable_income, from: ["total_income_for_tax", "deductions_total"], causes: ["taxable_separate"] },
  // The notice prints the credits per tax, in the 市民税 and 県民税 columns.
  { key: "city_credits", get: (r) => credits(r, "city"), from: [], causes: ["credit_donation", "credit_housing", "credit_adjustment"] },
  { key: "pref_credits", get: (r) => credits(r, "prefecture"), from: [], causes: ["credit_donation", "credit_housing", "credit_adjustment"] },
  { key: "city_income_levy", get: (r) => r.city.income_levy, from: ["taxable_income", "city_credits"], causes: ["municipality"] },
  { key: "pref_income_levy", get: (r) => r.prefecture.income_levy, from: ["taxable_income", "pref_credits"], causes: ["municipality"] },
  { key: "city_per_capita", get: (r) => r.city.per_capita, from: [], causes: ["non_taxable", "municipality"] },
  { key: "pref_per_capita", get: (r) => r.prefecture.per_capita, from: [], causes: ["non_taxable", "municipality"] },
  { key: "forest", get: (r) => r.forest_environment_tax, from: [], causes: ["non_taxable"] },
  { key: "total", get: (r) => r.total, from: ["city_income_levy", "pref_income_levy", "city_per_capita", "pref_per_capita", "forest"], causes: [] },
  { key: "special_june", get: (r) => salarySpecial(r)[0] ?? 0, from: ["total"], causes: ["monthly_rounding", "monthly_job_change"] },
  { key: "special_monthly", get: (r) => salarySpecial(r)[1] ?? 0, from: ["total"], causes: ["monthly_rounding", "monthly_job_change"] },
];

const BY_KEY = new Map(LINES.map((l) => [l.key, l]));

export interface Row {
  key: string;
  notice: number;
  simulated: number;
  diff: number; // notice − simulator
}

// Explained is a differing line with its likely causes: either a line it is computed from that
// also differs (follows), or the cause keys, its own and those of the lines it is computed from
// that were not typed, in the order of the calculation.
export interface Explained {
  key: string;
  follows: string | null;
  causes: string[];
}

export interface Reconciliation {
  rows: Row[];
  differing: Explained[];
}

// reconcile compares the typed notice figures (line key → yen; lines not typed are absent)
// with the result. Pure: no DOM, no strings.
export function reconcile(r: Result, notice: Record<string, number>): Reconciliation {
  const rows: Row[] = [];
  const differs = new Map<string, boolean>();
  for (const l of LINES) {
    if (!(l.key in notice)) continue;
    const simulated = l.get(r);
    const diff = notice[l.key] - simulated;
    rows.push({ key: l.key, notice: notice[l.key], simulated, diff });
    differs.set(l.key, diff !== 0);
  }
  // upstream walks the lines a line is computed from, through the lines not typed: the first
  // typed line that differs explains it; typed lines that match clear their branch.
  const followed = (key: string): string | null => {
    for (const u of BY_KEY.get(key)!.from) {
      if (differs.has(u)) {
        if (differs.get(u)) return u;
        continue;
      }
      const f = followed(u);
      if (f) return f;
    }
    return null;
  };
  const causes = (key: string, out: string[]): string[] => {
    const l = BY_KEY.get(key)!;
    for (const u of l.from) if (!differs.has(u)) causes(u, out);
    for (const c of l.causes) if (!out.includes(c)) out.push(c);
    return out;
  };
  const differing: Explained[] = [];
  for (const row of rows) {
    if (row.diff === 0) continue;
    const f = followed(row.key);
    differing.push({ key: row.key, follows: f, causes: f ? [] : causes(row.key, []) });
  }
  return { rows, differing };
}

// The block on the page. One instance per page: mount builds it, show gives it each new result
// (null when there is none).
interface State {
  lang: Lang;
  controls: Control[];
  out: HTMLElement;
  result: Result | null;
}

let state: State | null = null;

export function mountReconcile(lang: Lang): HTMLElement {
  const controls: Control[] = [];
  const fields = h("div", { class: "reconcile-fields" });
  for (const l of LINES) {
    const { row, control } = renderField({ lang, years: [], municipalities: [] }, { key: "notice_" + l.key, path: "notice." + l.key, kind: "yen" }, "n-" + l.key, "", lang.t("reconcile.line." + l.key));
    controls.push(control);
    fields.appendChild(row);
  }
  const out = h("div", { id: "reconcile-out" });
  const body = h("div", { class: "reconcile-body" }, h("p", { class: "note", id: "reconcile-intro" }, lang.t("reconcile.intro")), h("p", { class: "note" }, lang.t("reconcile.privacy")), fields, out);
  body.addEventListener("input", () => update());
  const details = h("details", { class: "reconcile-box", id: "reconcile" }, h("summary", { id: "reconcile-summary" }, lang.t("reconcile.summary")), body);
  state = { lang, controls, out, result: null };
  update();
  return h("section", { class: "block", "aria-labelledby": "h-reconcile", id: "reconcile-section" }, h("h3", { id: "h-reconcile" }, lang.t("reconcile.heading")), details);
}

export function showReconcile(r: Result | null): void {
  if (!state) return;
  state.result = r;
  update();
}

function update(): void {
  if (!state) return;
  const { lang, controls, out, result } = state;
  const notice: Record<string, number> = {};
  const problems: string[] = [];
  controls.forEach((c, i) => {
    clearErrors(c);
    if (c.echo) replace(c.echo);
    const p = parseYen(c.el.value);
    const label = c.label.textContent ?? "";
    if (!p.ok) {
      const message = lang.t("error.yen." + p.error, { field: label });
      c.error.textContent = message;
      c.el.setAttribute("aria-invalid", "true");
      problems.push(message);
      return;
    }
    if (p.empty) return;
    if (c.echo) c.echo.textContent = lang.t("reconcile.echo", { v: lang.yen(p.value) });
    notice[LINES[i].key] = p.value;
  });
  const typed = Object.keys(notice).length;
  const verdict = (state: string, text: string): HTMLElement => h("p", { id: "reconcile-verdict", class: "reconcile-verdict", "data-state": state }, text);
  const problemList = problems.length ? h("ul", { class: "problems-list", id: "reconcile-problems" }, ...problems.map((m) => h("li", null, m))) : null;
  if (!result) {
    replace(out, problemList, typed ? verdict("no_result", lang.t("reconcile.no_result")) : null);
    return;
  }
  if (!typed) {
    replace(out, problemList, problems.length ? verdict("invalid", lang.t("reconcile.invalid")) : null);
    return;
  }
  const rec = reconcile(result, notice);
  let v: HTMLElement;
  if (problems.length) v = verdict("invalid", lang.t("reconcile.invalid"));
  else if (rec.differing.length === 0) v = verdict("match", lang.t("reconcile.match", { n: String(typed) }));
  else v = verdict("differ", lang.t("reconcile.differ", { n: String(rec.differing.length), first: lang.t("reconcile.line." + rec.differing[0].key) }));
  replace(out, problemList, v, table(lang, rec), rec.differing.length ? causesBlock(lang, rec) : null);
}

function table(lang: Lang, rec: Reconciliation): HTMLElement {
  const tbody = h("tbody");
  for (const row of rec.rows) {
    tbody.appendChild(
      h(
        "tr",
        { "data-line": row.key, "data-match": String(row.diff === 0) },
        h("th", { scope: "row" }, lang.t("reconcile.line." + row.key)),
        h("td", { "data-notice": String(row.notice) }, lang.number(row.notice)),
        h("td", { "data-simulated": String(row.simulated) }, lang.number(row.simulated)),
        h("td", { class: "diff", "data-diff": String(row.diff) }, lang.signedNumber(row.diff), " ", h("span", { class: "diff-word" }, lang.t(row.diff === 0 ? "reconcile.same" : "reconcile.different"))),
      ),
    );
  }
  return h(
    "table",
    { class: "compare reconcile", id: "reconcile-table" },
    h("caption", null, lang.t("reconcile.caption"), h("span", { class: "unit" }, lang.t("result.unit"))),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, lang.t("compare.line")), h("th", { scope: "col" }, lang.t("reconcile.notice")), h("th", { scope: "col" }, lang.t("reconcile.simulated")), h("th", { scope: "col" }, lang.t("reconcile.diff")))),
    tbody,
  );
}

function causesBlock(lang: Lang, rec: Reconciliation): HTMLElement {
  const ol = h("ol", { class: "reconcile-causes", id: "reconcile-causes" });
  rec.differing.forEach((d, i) => {
    const name = lang.t("reconcile.line." + d.key);
    const items = d.follows ? [h("li", { "data-cause": "follows" }, lang.t("reconcile.follows", { line: lang.t("reconcile.line." + d.follows) }))] : d.causes.map((c) => h("li", { "data-cause": c }, lang.t("reconcile.cause." + c)));
    if (!d.follows && items.length === 0) items.push(h("li", { "data-cause": "general" }, lang.t("reconcile.cause.general")));
    ol.appendChild(h("li", { "data-line": d.key }, h("strong", null, i === 0 ? lang.t("reconcile.first", { line: name }) : name), h("ul", null, ...items)));
  });
  return h(
    "div",
    { class: "reconcile-explain" },
    h("h4", null, lang.t("reconcile.causes_title")),
    ol,
    h("p", { class: "note" }, lang.t("reconcile.check_year")),
    h("p", null, h("a", { href: lang.t("reconcile.faq_href"), id: "reconcile-faq" }, lang.t("reconcile.faq_link"))),
  );
}
