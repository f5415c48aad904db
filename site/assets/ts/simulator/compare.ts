// Scenario comparison: scenario A is a copy of the entries and result kept in memory (never
// stored); scenario B is whatever the form holds now. Every line shows A, B and B − A with its
// sign written out.

import { h } from "./dom";
import { Result } from "./engine";
import { Lang } from "./i18n";

export interface Scenario {
  entries: { id: string; label: string; value: string }[];
  result: Result;
}

const LINES: [string, (r: Result) => number][] = [
  ["result.total", (r) => r.total],
  ["result.city", (r) => r.city.total],
  ["result.prefecture", (r) => r.prefecture.total],
  ["result.forest", (r) => r.forest_environment_tax],
  ["compare.city_income_levy", (r) => r.city.income_levy],
  ["compare.pref_income_levy", (r) => r.prefecture.income_levy],
  ["compare.per_capita", (r) => r.city.per_capita + r.prefecture.per_capita],
  ["result.total_income", (r) => r.total_income],
  ["result.deductions_total", (r) => r.deductions_total],
  ["result.taxable_income", (r) => r.taxable_income],
  ["compare.credits", (r) => sum(r.adjustment_credit) + sum(r.dividend_credit) + sum(r.housing_loan_credit) + sum(r.donation_credit) + sum(r.foreign_tax_credit) + sum(r.withheld_credit)],
  ["compare.monthly", (r) => r.installments.special[1] ?? 0],
  ["result.furusato_limit", (r) => r.furusato_limit],
];

function sum(s: { city: number; prefecture: number }): number {
  return s.city + s.prefecture;
}

export function comparison(lang: Lang, a: Scenario, b: Scenario): HTMLElement {
  const tbody = h("tbody");
  LINES.forEach(([key, get], i) => {
    const va = get(a.result);
    const vb = get(b.result);
    const d = vb - va;
    tbody.appendChild(
      h(
        "tr",
        null,
        h("th", { scope: "row" }, lang.t(key)),
        h("td", null, lang.number(va)),
        h("td", null, lang.number(vb)),
        h("td", { class: "diff", "data-field": "diff." + i, "data-yen": String(d) }, lang.signedNumber(d), d !== 0 ? h("span", { class: "diff-word" }, lang.t(d > 0 ? "compare.up" : "compare.down")) : null),
      ),
    );
  });
  const table = h("table", { class: "compare", id: "compare-table" }, h("caption", null, lang.t("compare.caption"), h("span", { class: "unit" }, lang.t("result.unit"))), h("thead", null, h("tr", null, h("th", { scope: "col" }, lang.t("compare.line")), h("th", { scope: "col" }, lang.t("compare.a")), h("th", { scope: "col" }, lang.t("compare.b")), h("th", { scope: "col" }, lang.t("compare.diff")))), tbody);
  // What changed in the entries, so B − A can be read as "because of …".
  const changes = h("ul", { class: "changes" });
  const av = new Map(a.entries.map((e) => [e.id, e]));
  const bv = new Map(b.entries.map((e) => [e.id, e]));
  for (const id of new Set([...av.keys(), ...bv.keys()])) {
    const ea = av.get(id);
    const eb = bv.get(id);
    if (ea?.value === eb?.value) continue;
    const none = lang.t("compare.not_entered");
    changes.appendChild(h("li", null, (eb ?? ea)!.label + ": " + (ea?.value ?? none) + " → " + (eb?.value ?? none)));
  }
  if (!changes.firstChild) changes.appendChild(h("li", null, lang.t("compare.no_changes")));
  return h("div", { class: "compare-body" }, table, h("h4", null, lang.t("compare.changes_title")), changes);
}
