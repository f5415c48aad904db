// The input form, described as data: sections grouped the way residents hold their papers
// (源泉徴収票, 公的年金等の源泉徴収票, certificates, receipts), each field with the JSON path of
// the engine's input it feeds. The same description renders the form, reads it, stores it,
// compares scenarios and prints the inputs.

import { h, replace } from "./dom";
import { Lang } from "./i18n";

export type Kind = "yen" | "yen_signed" | "age" | "year" | "check" | "select";

export interface FieldSpec {
  key: string; // unique within its scope; also the i18n key "field.<key>"
  path: string; // engine input path below the scope ("income.salary")
  kind: Kind;
  options?: string[]; // select values; labels are "option.<key>.<value>"
  initial?: string; // initial value (checkboxes: "true")
  hint?: boolean; // has "hint.<key>"
  required?: boolean;
}

export interface SectionSpec {
  id: string;
  open: boolean; // open on first visit; the others open themselves when they hold values
  fields: FieldSpec[];
  family?: boolean;
}

const disability = ["none", "general", "special"];

export const SECTIONS: SectionSpec[] = [
  {
    id: "basic",
    open: true,
    fields: [
      { key: "fiscal_year", path: "fiscal_year", kind: "select", hint: true },
      { key: "municipality", path: "municipality", kind: "select" },
      { key: "age", path: "taxpayer.age", kind: "age", hint: true, required: true },
    ],
  },
  {
    id: "salary",
    open: true,
    fields: [
      { key: "salary", path: "income.salary", kind: "yen", hint: true },
      // The slip's two boxes as printed; the engine splits the 内書き (WithholdingSlip).
      { key: "social_insurance", path: "deductions.withholding_slip.social_insurance", kind: "yen", hint: true },
      { key: "small_business", path: "deductions.withholding_slip.small_business", kind: "yen", hint: true },
    ],
  },
  {
    id: "insurance",
    open: false,
    fields: [
      { key: "life_general_new", path: "deductions.life_insurance.general_new", kind: "yen" },
      { key: "life_general_old", path: "deductions.life_insurance.general_old", kind: "yen" },
      { key: "life_care_medical", path: "deductions.life_insurance.care_medical", kind: "yen" },
      { key: "life_pension_new", path: "deductions.life_insurance.pension_new", kind: "yen" },
      { key: "life_pension_old", path: "deductions.life_insurance.pension_old", kind: "yen" },
      { key: "earthquake", path: "deductions.earthquake_insurance.earthquake", kind: "yen", hint: true },
      { key: "long_term_old", path: "deductions.earthquake_insurance.long_term_old", kind: "yen" },
    ],
  },
  {
    id: "pension",
    open: false,
    fields: [
      { key: "pension", path: "income.pension", kind: "yen", hint: true },
      { key: "pension_social_insurance", path: "deductions.social_insurance", kind: "yen", hint: true },
      // Last year's tax deducted from the pension (the 仮徴収 of April–August is half of it);
      // left empty for the first year of deduction from the pension.
      { key: "previous_pension_tax", path: "collection.previous_pension_tax", kind: "yen", hint: true },
    ],
  },
  {
    id: "other_income",
    open: false,
    fields: [
      { key: "business", path: "income.business", kind: "yen_signed", hint: true },
      { key: "real_estate", path: "income.real_estate", kind: "yen_signed" },
      { key: "miscellaneous", path: "income.miscellaneous", kind: "yen", hint: true },
      { key: "dividends", path: "income.dividends", kind: "yen", hint: true },
      { key: "occasional_revenue", path: "income.occasional.revenue", kind: "yen", hint: true },
      { key: "occasional_expenses", path: "income.occasional.expenses", kind: "yen" },
    ],
  },
  {
    // The 特定口座年間取引報告書, for a resident who declares it (分離課税 and the withheld levies).
    id: "investments",
    open: false,
    fields: [
      { key: "listed_stock_gains", path: "income.separate.listed_stock_gains", kind: "yen_signed", hint: true },
      { key: "stock_levy", path: "credits.withheld.stock_levy", kind: "yen", hint: true },
      { key: "listed_dividends", path: "income.separate.listed_dividends", kind: "yen", hint: true },
      { key: "dividend_levy", path: "credits.withheld.dividend_levy", kind: "yen", hint: true },
      { key: "listed_loss_carryforward", path: "income.separate.listed_loss_carryforward", kind: "yen", hint: true },
      { key: "unlisted_stock_gains", path: "income.separate.unlisted_stock_gains", kind: "yen_signed", hint: true },
      { key: "futures", path: "income.separate.futures", kind: "yen_signed", hint: true },
    ],
  },
  {
    // The rarer incomes of a 確定申告, folded: each is an amount from the return.
    id: "rare_income",
    open: false,
    fields: [
      { key: "capital_gains_short", path: "income.capital_gains.short_term", kind: "yen_signed", hint: true },
      { key: "capital_gains_long", path: "income.capital_gains.long_term", kind: "yen_signed" },
      { key: "timber", path: "income.timber", kind: "yen_signed", hint: true },
      { key: "loss_carryforward", path: "income.loss_carryforward", kind: "yen", hint: true },
    ],
  },
  {
    // 土地・建物等の譲渡 (分離課税): the gain, the special deduction and the reduced-rate kind.
    id: "land",
    open: false,
    fields: [
      { key: "land_short_gain", path: "income.separate.land_short.gain", kind: "yen_signed", hint: true },
      { key: "land_short_special", path: "income.separate.land_short.special_deduction", kind: "yen" },
      { key: "land_short_kind", path: "income.separate.land_short.kind", kind: "select", options: ["", "public"] },
      { key: "land_long_gain", path: "income.separate.land_long.gain", kind: "yen_signed" },
      { key: "land_long_special", path: "income.separate.land_long.special_deduction", kind: "yen", hint: true },
      { key: "land_long_kind", path: "income.separate.land_long.kind", kind: "select", options: ["", "residential", "good_housing"] },
    ],
  },
  {
    // 外国税額控除, from the 所得税 return's 外国税額控除に関する明細書.
    id: "foreign_tax",
    open: false,
    fields: [
      { key: "foreign_paid", path: "credits.foreign_tax.paid", kind: "yen", hint: true },
      { key: "foreign_limit", path: "credits.foreign_tax.income_tax_limit", kind: "yen", hint: true },
      { key: "foreign_national", path: "credits.foreign_tax.national_credited", kind: "yen", hint: true },
    ],
  },
  {
    id: "family",
    open: false,
    family: true,
    fields: [],
  },
  {
    id: "person",
    open: false,
    fields: [
      { key: "disability", path: "taxpayer.disability", kind: "select", options: disability },
      { key: "status", path: "taxpayer.status", kind: "select", options: ["none", "widow", "single_parent"], hint: true },
      { key: "sex", path: "taxpayer.sex", kind: "select", options: ["", "female", "male"], hint: true },
      { key: "working_student", path: "taxpayer.working_student", kind: "check" },
      { key: "public_assistance", path: "taxpayer.public_assistance", kind: "check", hint: true },
    ],
  },
  {
    id: "deductions",
    open: false,
    fields: [
      { key: "medical_paid", path: "deductions.medical_expenses.paid", kind: "yen", hint: true },
      { key: "medical_reimbursed", path: "deductions.medical_expenses.reimbursed", kind: "yen" },
      { key: "self_medication", path: "deductions.self_medication", kind: "yen", hint: true },
      { key: "casualty_loss", path: "deductions.casualty_loss", kind: "yen", hint: true },
      { key: "small_business_other", path: "deductions.small_business_mutual_aid", kind: "yen", hint: true },
    ],
  },
  {
    id: "donations",
    open: false,
    fields: [
      { key: "furusato", path: "credits.donations.furusato", kind: "yen", hint: true },
      { key: "one_stop", path: "credits.donations.one_stop", kind: "check", hint: true },
      { key: "pref_designated", path: "credits.donations.pref_designated", kind: "yen" },
      { key: "muni_designated", path: "credits.donations.muni_designated", kind: "yen" },
    ],
  },
  {
    id: "housing",
    open: false,
    fields: [
      { key: "housing_credit", path: "credits.housing_loan.credit", kind: "yen", hint: true },
      { key: "move_in_year", path: "credits.housing_loan.move_in_year", kind: "year", hint: true },
    ],
  },
];

// Relatives (the spouse and each dependent) share one set of fields.
export const RELATIVE_FIELDS: FieldSpec[] = [
  { key: "rel_age", path: "age", kind: "age", hint: true, required: true },
  { key: "rel_salary", path: "income.salary", kind: "yen" },
  { key: "rel_pension", path: "income.pension", kind: "yen" },
  { key: "rel_other", path: "income.miscellaneous", kind: "yen", hint: true },
  { key: "rel_disability", path: "disability", kind: "select", options: disability },
  { key: "rel_living_together", path: "living_together", kind: "check", initial: "true" },
  { key: "rel_business_employee", path: "business_employee", kind: "check", hint: true },
];

export const DEPENDENT_EXTRA: FieldSpec[] = [{ key: "rel_lineal_ascendant", path: "lineal_ascendant", kind: "check", hint: true }];

// Control is one rendered field: where its value goes and where its messages are shown.
export interface Control {
  spec: FieldSpec;
  scope: string; // "" for the household, "spouse", "dependents[2]"
  el: HTMLInputElement | HTMLSelectElement;
  echo: HTMLElement | null;
  error: HTMLElement;
  label: HTMLLabelElement;
}

export function fullPath(c: Control): string {
  return c.scope ? c.scope + "." + c.spec.path : c.spec.path;
}

export interface FormContext {
  lang: Lang;
  years: { value: string; provisional: boolean }[];
  municipalities: string[];
}

// renderField builds label, control, hint, the echo of what was understood and the error slot.
// aria-describedby links all three so a screen reader reads them with the field.
export function renderField(ctx: FormContext, spec: FieldSpec, id: string, scope: string, labelText?: string): { row: HTMLElement; control: Control } {
  const { lang } = ctx;
  const text = labelText ?? lang.t("field." + spec.key);
  const hintId = id + "-hint";
  const echoId = id + "-echo";
  const errId = id + "-error";
  const described = [spec.hint ? hintId : "", spec.kind !== "check" && spec.kind !== "select" ? echoId : "", errId].filter(Boolean).join(" ");
  let el: HTMLInputElement | HTMLSelectElement;
  const label = h("label", { for: id }, text);
  if (spec.kind === "select") {
    const sel = h("select", { id, name: id, "aria-describedby": described, "data-path": scope ? scope + "." + spec.path : spec.path });
    let options: { value: string; text: string }[];
    if (spec.key === "fiscal_year") {
      options = ctx.years.map((y) => ({ value: y.value, text: lang.t("option.fiscal_year." + y.value) + (y.provisional ? lang.t("option.provisional_suffix") : "") }));
    } else if (spec.key === "municipality") {
      options = ctx.municipalities.map((m) => ({ value: m, text: lang.t("municipality." + m) }));
    } else {
      options = (spec.options ?? []).map((v) => ({ value: v, text: lang.t("option." + spec.key.replace(/^rel_/, "") + "." + v) }));
    }
    for (const o of options) sel.appendChild(h("option", { value: o.value }, o.text));
    el = sel;
  } else if (spec.kind === "check") {
    el = h("input", { id, name: id, type: "checkbox", "aria-describedby": described, "data-path": scope ? scope + "." + spec.path : spec.path });
    if (spec.initial === "true") el.defaultChecked = el.checked = true; // defaultChecked: a ticked box that is only the default does not open its section
  } else {
    const numeric = spec.kind === "age" || spec.kind === "year";
    el = h("input", {
      id,
      name: id,
      type: "text",
      inputmode: "numeric",
      autocomplete: "off",
      spellcheck: "false",
      class: numeric ? "short" : "amount",
      "aria-describedby": described,
      "aria-required": spec.required ? "true" : null,
      "data-path": scope ? scope + "." + spec.path : spec.path,
      "data-kind": spec.kind, // for testers: which entries may be negative, which are ages
    });
  }
  const error = h("span", { id: errId, class: "error" });
  const echo = spec.kind === "check" || spec.kind === "select" ? null : h("span", { id: echoId, class: "echo" });
  const hint = spec.hint ? h("span", { id: hintId, class: "hint" }, lang.t("hint." + spec.key)) : null;
  let row: HTMLElement;
  if (spec.kind === "check") {
    row = h("div", { class: "field check" }, h("span", { class: "check-line" }, el, label), hint, error);
  } else {
    row = h("div", { class: "field" }, label, hint, el, echo, error);
  }
  return { row, control: { spec, scope, el, echo, error, label } };
}

// Section is a collapsible group: <details> whose <summary> names a <fieldset>.
export function renderSection(lang: Lang, id: string, open: boolean): { details: HTMLDetailsElement; body: HTMLFieldSetElement } {
  const sumId = "sec-" + id + "-title";
  const summary = h("summary", { id: sumId }, lang.t("section." + id));
  const body = h("fieldset", { "aria-labelledby": sumId, class: "section-body" });
  if (lang.has("section." + id + ".intro")) body.appendChild(h("p", { class: "intro" }, lang.t("section." + id + ".intro")));
  const details = h("details", { id: "sec-" + id, class: "section" }, summary, body);
  details.open = open;
  return { details, body };
}

export function clearErrors(c: Control): void {
  replace(c.error);
  c.el.removeAttribute("aria-invalid");
}
