// The result: the annual total and its parts, the credits, non-taxable status, instalments,
// the ふるさと納税 limit and the calculation trace. Every figure carries data-field and data-yen
// so the printed record, the comparison and the tests read the same numbers the resident sees.

import { h, live } from "./dom";
import { Result, Split, Step } from "./engine";
import { Lang } from "./i18n";

export function yenOut(lang: Lang, field: string, v: number): HTMLElement {
  return h("span", { class: "yen", "data-field": field, "data-yen": String(v) }, lang.yen(v));
}

// bareOut is an amount inside a table whose caption gives the unit: narrow screens need the room.
export function bareOut(lang: Lang, field: string, v: number): HTMLElement {
  return h("span", { class: "yen", "data-field": field, "data-yen": String(v) }, lang.number(v));
}

// stepLabel picks the label in the page's language; Japanese text shown on a page in another
// language is marked lang="ja" so screen readers pronounce it correctly (WCAG 3.1.2).
function jaText(lang: Lang, text: string): HTMLElement {
  return h("span", { lang: lang.readsJapanese ? null : "ja" }, text);
}

export function stepLabel(lang: Lang, s: Step): HTMLElement {
  if (!lang.readsJapanese && s.label_en) return h("span", null, s.label_en);
  return jaText(lang, s.label);
}

export function summary(lang: Lang, r: Result, municipalityName: string): HTMLElement {
  const title = lang.t("result.total_for", { year: lang.t("option.fiscal_year." + r.fiscal_year), municipality: municipalityName });
  const totalP = h("p", { class: "total" }, h("span", { class: "total-label" }, title), h("span", { id: "total", class: "total-figure yen", "data-field": "total", "data-yen": String(r.total) }, lang.yen(r.total)));
  const none = (field: string): HTMLElement => h("span", { class: "none", "data-field": field, "data-yen": "0" }, lang.t("result.none"));
  const cell = (field: string, v: number, applies: boolean): HTMLElement => h("td", null, applies ? bareOut(lang, field, v) : none(field));
  const table = h(
    "table",
    { class: "taxes" },
    h("caption", null, lang.t("result.breakdown_caption"), h("span", { class: "unit" }, lang.t("result.unit"))),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, lang.t("result.tax")), h("th", { scope: "col" }, lang.t("result.income_levy")), h("th", { scope: "col" }, lang.t("result.per_capita")), h("th", { scope: "col" }, lang.t("result.subtotal")))),
    h(
      "tbody",
      null,
      h("tr", null, h("th", { scope: "row" }, lang.t("result.city")), cell("city.income_levy", r.city.income_levy, true), cell("city.per_capita", r.city.per_capita, true), h("td", null, bareOut(lang, "city.total", r.city.total))),
      h("tr", null, h("th", { scope: "row" }, lang.t("result.prefecture")), cell("prefecture.income_levy", r.prefecture.income_levy, true), cell("prefecture.per_capita", r.prefecture.per_capita, true), h("td", null, bareOut(lang, "prefecture.total", r.prefecture.total))),
      h("tr", null, h("th", { scope: "row" }, lang.t("result.forest")), h("td", null, h("span", { class: "none" }, lang.t("result.not_applicable"))), cell("forest_environment_tax", r.forest_environment_tax, true), h("td", null, bareOut(lang, "forest_environment_tax_total", r.forest_environment_tax))),
    ),
    h("tfoot", null, h("tr", null, h("th", { scope: "row" }, lang.t("result.total")), h("td", null, bareOut(lang, "income_levy_total", r.city.income_levy + r.prefecture.income_levy)), h("td", null, bareOut(lang, "per_capita_total", r.city.per_capita + r.prefecture.per_capita + r.forest_environment_tax)), h("td", null, bareOut(lang, "total_again", r.total)))),
  );
  return h("div", { class: "summary-body" }, totalP, nonTaxable(lang, r), table);
}

function nonTaxable(lang: Lang, r: Result): HTMLElement {
  const nt = r.non_taxable;
  let key = "result.taxable";
  if (nt.per_capita && nt.income_levy) key = "result.non_taxable_all";
  else if (nt.income_levy) key = "result.non_taxable_income_levy";
  const reason = !lang.readsJapanese && nt.reason_en ? h("span", null, nt.reason_en) : nt.reason ? jaText(lang, nt.reason) : null;
  return h("p", { class: "non-taxable", id: "non-taxable", "data-state": nt.per_capita && nt.income_levy ? "all" : nt.income_levy ? "income_levy" : "none" }, h("strong", null, lang.t(key)), reason ? " " : null, reason ? h("span", { id: "non-taxable-reason" }, lang.t("result.reason"), reason) : null);
}

function row(lang: Lang, labelKey: string, field: string, v: number): HTMLElement[] {
  return [h("dt", null, lang.t(labelKey)), h("dd", null, yenOut(lang, field, v))];
}

export function incomeBlock(lang: Lang, r: Result): HTMLElement {
  const dl = h("dl", { class: "figures" });
  for (const [k, f, v] of [
    ["result.salary_income", "salary_income", r.salary_income],
    ["result.pension_income", "pension_income", r.pension_income],
    ["result.total_income", "total_income", r.total_income],
    ["result.total_income_for_tax", "total_income_for_tax", r.total_income_for_tax],
    ["result.deductions_total", "deductions_total", r.deductions_total],
    ["result.taxable_income", "taxable_income", r.taxable_income],
  ] as [string, string, number][]) {
    for (const n of row(lang, k, f, v)) dl.appendChild(n);
  }
  return h("section", { class: "block", "aria-labelledby": "h-income" }, h("h3", { id: "h-income" }, lang.t("result.h_income")), dl);
}

export function creditsBlock(lang: Lang, r: Result): HTMLElement {
  const credits: [string, string, Split][] = [
    ["result.adjustment_credit", "adjustment_credit", r.adjustment_credit],
    ["result.dividend_credit", "dividend_credit", r.dividend_credit],
    ["result.housing_loan_credit", "housing_loan_credit", r.housing_loan_credit],
    ["result.donation_credit", "donation_credit", r.donation_credit],
    ["result.foreign_tax_credit", "foreign_tax_credit", r.foreign_tax_credit],
    ["result.withheld_credit", "withheld_credit", r.withheld_credit],
  ];
  // Only the credits this household gets: a table of zeros says nothing to a resident.
  const applied = credits.filter(([, , s]) => s.city > 0 || s.prefecture > 0);
  if (!applied.length && r.withheld_refund === 0) {
    return h("section", { class: "block", "aria-labelledby": "h-credits" }, h("h3", { id: "h-credits" }, lang.t("result.h_credits")), h("p", { id: "no-credits" }, lang.t("result.no_credits")));
  }
  const tbody = h("tbody");
  for (const [k, f, s] of applied) {
    tbody.appendChild(h("tr", null, h("th", { scope: "row" }, lang.t(k)), h("td", null, bareOut(lang, f + ".city", s.city)), h("td", null, bareOut(lang, f + ".prefecture", s.prefecture))));
  }
  const table = h("table", { class: "credits" }, h("caption", null, lang.t("result.credits_caption"), h("span", { class: "unit" }, lang.t("result.unit"))), h("thead", null, h("tr", null, h("th", { scope: "col" }, lang.t("result.credit")), h("th", { scope: "col" }, lang.t("result.city")), h("th", { scope: "col" }, lang.t("result.prefecture")))), tbody);
  // What the withheld levies could not take from either tax comes back (還付・充当).
  const refund = r.withheld_refund > 0 ? h("p", { class: "figure-line" }, lang.t("result.withheld_refund"), " ", yenOut(lang, "withheld_refund", r.withheld_refund)) : null;
  return h("section", { class: "block", "aria-labelledby": "h-credits" }, h("h3", { id: "h-credits" }, lang.t("result.h_credits")), table, refund);
}

export function furusatoBlock(lang: Lang, r: Result): HTMLElement {
  const parts: (HTMLElement | null)[] = [];
  if (r.furusato_limit > 0) {
    const dl = h("dl", { class: "figures", id: "furusato-split" });
    dl.append(h("dt", null, lang.t("result.furusato_resident")), h("dd", null, yenOut(lang, "furusato_resident", r.furusato_resident)));
    if (r.furusato_income_tax > 0) dl.append(h("dt", null, lang.t("result.furusato_income_tax")), h("dd", null, yenOut(lang, "furusato_income_tax", r.furusato_income_tax)));
    parts.push(h("p", null, lang.t("result.furusato_split_intro")), dl);
    // Why ワンストップ lowers the 住民税 total: the 所得税 part moves into it (申告特例控除).
    parts.push(h("p", { class: "note", id: "furusato-one-stop" }, lang.t(r.furusato_income_tax > 0 ? "result.furusato_return_note" : "result.furusato_one_stop_note")));
  }
  return h(
    "section",
    { class: "block", "aria-labelledby": "h-furusato" },
    h("h3", { id: "h-furusato" }, lang.t("result.h_furusato")),
    h("p", { class: "figure-line" }, lang.t("result.furusato_limit"), " ", yenOut(lang, "furusato_limit", r.furusato_limit)),
    ...parts,
    h("p", { class: "note" }, lang.t("result.furusato_note")),
  );
}

// dueDates are the 普通徴収 due dates as the engine gives them: the municipality's months with
// weekends, holidays and 12/29–1/3 moved to the next working day (地方税法20条の5第2項).
export function dueDates(r: Result): Date[] {
  return r.installments.ordinary_due.map(isoDate);
}

// installmentsBlock shows first the schedule that applies to this household (the engine's
// installments.method), then the others folded as a reference: a pensioner does not see the
// payroll months first, and a household with no tax sees one sentence instead of 0円 lines.
export function installmentsBlock(lang: Lang, r: Result, due: Date[], icsButton: HTMLElement): HTMLElement {
  const method = r.installments.method;
  const heading = h("h3", { id: "h-installments" }, lang.t("result.h_installments"));
  const lead = h("p", { id: "collection-method", "data-method": method }, lang.t("result.method." + method));
  if (method === "none") return h("section", { class: "block", "aria-labelledby": "h-installments" }, heading, lead);
  const months = [6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5];
  const special = h("ol", { class: "months", "aria-labelledby": "h-special" });
  r.installments.special.forEach((v, i) => {
    const m = months[i];
    const y = m >= 6 ? r.fiscal_year : r.fiscal_year + 1;
    special.appendChild(h("li", null, h("span", { class: "month" }, lang.date(new Date(Date.UTC(y, m - 1, 1)), { year: "numeric", month: "short", timeZone: "UTC" })), yenOut(lang, "installments.special." + i, v)));
  });
  const ordinary = h("ol", { class: "ordinary", "aria-labelledby": "h-ordinary" });
  r.installments.ordinary.forEach((v, i) => {
    ordinary.appendChild(h("li", { "data-date": r.installments.ordinary_due[i] }, h("span", { class: "period" }, lang.t("result.period", { n: String(i + 1) })), h("span", { class: "due" }, lang.t("result.due", { date: due[i] ? lang.date(due[i], { year: "numeric", month: "long", day: "numeric", weekday: "short", timeZone: "UTC" }) : "—" })), yenOut(lang, "installments.ordinary." + i, v)));
  });
  const specialPart = [h("h4", { id: "h-special" }, lang.t("result.special")), h("p", { class: "note" }, lang.t("result.special_note")), special];
  const ordinaryPart = [h("h4", { id: "h-ordinary" }, lang.t("result.ordinary")), h("p", { class: "note" }, lang.t("result.ordinary_note")), ordinary];
  const pension = pensionBlock(lang, r, due);
  // With a salary, the pension's share (if any) is deducted from the pension and the rest by
  // the employer: the engine's split already says so in the pension block.
  const salaryCarries = method === "salary" && !r.installments.pension?.applies;
  let first: (HTMLElement | null)[];
  let other: HTMLElement[];
  // Where the pension does not carry the tax, its block says why (under 65, no tax on it…).
  if (method === "salary") {
    first = salaryCarries ? [...specialPart, pension] : [pension];
    other = salaryCarries ? ordinaryPart : [...specialPart, ...ordinaryPart];
  } else if (method === "pension") {
    first = [pension];
    other = [...ordinaryPart];
  } else {
    first = [...ordinaryPart, pension];
    other = [];
  }
  const ics = method === "ordinary" || (method === "pension" && (r.installments.pension?.ordinary_rest?.some((v) => v > 0) || r.installments.pension?.schedule.some((p) => p.kind === "ordinary"))) ? icsButton : null;
  const folded = other.length ? h("details", { class: "other-schedules", id: "other-schedules" }, h("summary", null, lang.t("result.other_schedules")), h("p", { class: "note" }, lang.t("result.other_schedules_note")), ...other) : null;
  const next = h("p", { class: "next-steps" }, h("a", { href: lang.t("result.next_steps_href"), id: "next-steps" }, lang.t("result.next_steps")));
  return h("section", { class: "block", "aria-labelledby": "h-installments" }, heading, lead, ...first, ics, next, folded);
}

// isoDate reads the engine's YYYY-MM-DD as a UTC date.
export function isoDate(s: string): Date {
  const [y, m, d] = s.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function longDate(lang: Lang, d: Date): string {
  return lang.date(d, { year: "numeric", month: "long", day: "numeric", weekday: "short", timeZone: "UTC" });
}

export function monthName(lang: Lang, year: number, month: number): string {
  return lang.date(new Date(Date.UTC(year, month - 1, 1)), { year: "numeric", month: "long", timeZone: "UTC" });
}

// pensionBlock shows the 公的年金からの特別徴収 the engine computed (installments.pension): each
// deduction with its kind (普通徴収 in the first year, 仮徴収, 本徴収) and day, and how the rest of
// the year's tax is collected. Nothing when the household has no pension.
export function pensionBlock(lang: Lang, r: Result, due: Date[]): HTMLElement | null {
  const p = r.installments.pension;
  if (!p || p.reason === "no_pension") return null;
  if (!p.applies) {
    return h("div", { id: "pension-collection", "data-applies": "false" }, h("h4", { id: "h-pension" }, lang.t("result.pension")), h("p", { class: "note", id: "pension-reason" }, lang.t("result.pension_not_applicable." + p.reason)));
  }
  const list = h("ol", { class: "ordinary", id: "pension-schedule", "aria-labelledby": "h-pension" });
  p.schedule.forEach((s, i) => {
    const dateKey = s.kind === "ordinary" ? "result.pension_date.ordinary" : "result.pension_date.deducted";
    list.appendChild(
      h(
        "li",
        { "data-kind": s.kind, "data-date": s.date },
        h("span", { class: "period" }, monthName(lang, s.year, s.month)),
        h("span", { class: "kind" }, lang.t("result.pension_kind." + s.kind)),
        h("span", { class: "due" }, lang.t(dateKey, { date: longDate(lang, isoDate(s.date)) })),
        yenOut(lang, "installments.pension.schedule." + i, s.amount),
      ),
    );
  });
  const rest: (HTMLElement | null)[] = [];
  if (p.refund > 0) rest.push(h("p", { class: "figure-line" }, lang.t("result.pension_refund"), " ", yenOut(lang, "installments.pension.refund", p.refund)));
  if (p.split.salary > 0 && p.salary_special) {
    rest.push(
      h(
        "p",
        { class: "figure-line" },
        lang.t("result.pension_salary_part"),
        " ",
        yenOut(lang, "installments.pension.split.salary", p.split.salary),
        " (",
        lang.t("result.pension_salary_months", { june: lang.yen(p.salary_special[0]), monthly: lang.yen(p.salary_special[1]) }),
        ")",
      ),
    );
  }
  if (p.split.ordinary > 0 && p.ordinary_rest) {
    const ol = h("ol", { class: "ordinary", id: "pension-ordinary-rest" });
    p.ordinary_rest.forEach((v, i) => {
      ol.appendChild(h("li", null, h("span", { class: "period" }, lang.t("result.period", { n: String(i + 1) })), h("span", { class: "due" }, lang.t("result.due", { date: due[i] ? longDate(lang, due[i]) : "—" })), yenOut(lang, "installments.pension.ordinary_rest." + i, v)));
    });
    rest.push(h("p", { class: "figure-line" }, lang.t("result.pension_ordinary_part"), " ", yenOut(lang, "installments.pension.split.ordinary", p.split.ordinary)), ol);
  }
  return h(
    "div",
    { id: "pension-collection", "data-applies": "true", "data-first-year": String(p.first_year) },
    h("h4", { id: "h-pension" }, lang.t("result.pension")),
    h("p", { class: "note" }, lang.t(p.first_year ? "result.pension_first_note" : "result.pension_continuing_note")),
    h("p", { class: "figure-line" }, lang.t("result.pension_annual"), " ", yenOut(lang, "installments.pension.annual", p.annual)),
    list,
    ...rest,
    h("p", { class: "note" }, lang.t("result.pension_assumption")),
  );
}

// traceBlock is the trace: every step with its formula and legal basis, in a box closed by
// default. The steps are written when the box is open or opens: it is rebuilt on every
// keystroke, and its few hundred elements would otherwise be built each time for nobody.
export function traceBlock(lang: Lang, r: Result, open: boolean): HTMLDetailsElement {
  const ol = h("ol", { class: "trace", id: "trace-list" });
  const fill = (): void => {
    if (ol.firstChild) return;
    r.steps.forEach((s, i) => {
      ol.appendChild(
        h(
          "li",
          { "data-step": s.id },
          h("div", { class: "step-head" }, h("span", { class: "step-label" }, stepLabel(lang, s)), h("span", { class: "step-amount", "data-field": "steps." + i, "data-amount": s.amount }, lang.decimal(s.amount))),
          h("p", { class: "formula" }, h("span", { class: "term" }, lang.t("result.formula")), jaText(lang, s.formula)),
          h("p", { class: "law" }, h("span", { class: "term" }, lang.t("result.law")), jaText(lang, s.law)),
        ),
      );
    });
  };
  const d = live(h("details", { class: "trace-box", id: "trace" }, h("summary", null, lang.t("result.trace_summary", { n: String(r.steps.length) })), ol));
  if (open) fill();
  d.open = open;
  d.addEventListener("toggle", () => {
    if (d.open) fill();
  });
  return d;
}

// notesList shows the engine's remarks on this household (an input read a particular way, a
// condition not met) under the total, in the page's language; nothing when there are none.
export function notesList(lang: Lang, r: Result): HTMLElement | null {
  if (!r.notes.length) return null;
  const ul = h("ul", { class: "notes", id: "notes" });
  for (const n of r.notes) ul.appendChild(h("li", { "data-note": n.id }, !lang.readsJapanese && n.message_en ? n.message_en : jaText(lang, n.message)));
  return h("div", { class: "notice-info" }, h("p", { class: "notes-title" }, h("strong", null, lang.t("result.notes_title"))), ul);
}

// assumptionsBlock lists what the figures rest on where the law leaves a point open or an
// entry was left to its default: the engine's label and value, without its internal sources.
export function assumptionsBlock(lang: Lang, r: Result): HTMLElement | null {
  if (!r.assumptions.length) return null;
  const dl = h("dl", { class: "assumptions", id: "assumptions" });
  for (const a of r.assumptions) {
    const en = !lang.readsJapanese && a.label_en;
    dl.append(h("dt", { "data-assumption": a.id }, en ? a.label_en : jaText(lang, a.label)), h("dd", null, en && a.value_en ? a.value_en : jaText(lang, a.value)));
  }
  return h("section", { class: "block", "aria-labelledby": "h-assumptions" }, h("h3", { id: "h-assumptions" }, lang.t("result.h_assumptions")), h("p", { class: "note" }, lang.t("result.assumptions_intro")), dl);
}

export function rulesLine(lang: Lang, r: Result): HTMLElement {
  return h("p", { class: "rules", id: "rules-line" }, lang.t("result.rules_version"), h("span", { "data-field": "rules_version" }, r.rules_version), " · ", lang.t("result.income_year", { year: String(r.income_year) }));
}

export function problemsList(lang: Lang, items: { message: string; target: HTMLElement | null }[]): HTMLElement {
  const ul = h("ul", { class: "problems-list" });
  for (const it of items) {
    if (it.target) {
      const target = it.target;
      const a = h("a", { href: "#" + target.id }, it.message);
      // Follow the link by focusing the field (opening its section) without touching the URL.
      a.addEventListener("click", (e) => {
        e.preventDefault();
        const sec = target.closest("details");
        if (sec) sec.open = true;
        target.focus();
      });
      ul.appendChild(h("li", null, a));
    } else ul.appendChild(h("li", null, it.message));
  }
  return h("div", { class: "problems", id: "problems" }, h("p", { class: "problems-title" }, lang.t("result.fix_title")), ul);
}
