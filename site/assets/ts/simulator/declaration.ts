// The 申告書: the engine's `declaration` lines as the 市民税・県民税申告書 lays them out, with the
// 確定申告書's place and figure beside each, on screen (the accessible form) and printed alone
// on A4 with 氏名・住所・個人番号 left blank to be written by hand. Which figure goes on which
// line is the engine's; this module only lays the lines out.

import { h, replace } from "./dom";
import type { DeclarationLine, Result } from "./contract.gen";
import { Lang } from "./i18n";

const sections = ["revenue", "income", "deduction", "separate", "family", "resident", "income_tax"] as const;

// The boxes the resident fills by hand: the page never asks for them (nothing personal is typed).
const blanks = ["declaration.blank.date", "declaration.blank.address", "declaration.blank.jan1_address", "declaration.blank.kana", "declaration.blank.name", "declaration.blank.number", "declaration.blank.birth", "declaration.blank.phone"];

function jaLabel(lang: Lang, ja: string, en: string): HTMLElement {
  if (lang.readsJapanese) return h("span", null, ja);
  // The printed form is Japanese: the English page names the item in both.
  return h("span", null, en, " ", h("span", { lang: "ja" }, "（" + ja + "）"));
}

function amountCell(lang: Lang, field: string, v: number, hand: boolean, none: boolean): HTMLElement {
  if (none) return h("td", { class: "decl-na" }, h("span", { "aria-hidden": "true" }, "—"), h("span", { class: "visually-hidden" }, lang.t("declaration.not_on_form")));
  if (hand) return h("td", { class: "decl-hand" }, lang.t("declaration.hand"));
  if (v === 0) return h("td", { class: "decl-empty" }, h("span", { class: "visually-hidden", "data-field": field, "data-yen": "0" }, lang.t("declaration.empty")));
  return h("td", null, h("span", { class: "yen", "data-field": field, "data-yen": String(v) }, lang.number(v)));
}

function sectionTable(lang: Lang, section: string, lines: DeclarationLine[]): HTMLElement {
  const family = section === "family";
  const rows = lines.map((l) =>
    h(
      "tr",
      // A line with nothing on either form is a blank box on paper: printed, not shown on screen.
      { "data-line": l.id, class: l.amount === 0 && l.return_amount === 0 && !l.hand && !family ? "decl-zero" : null },
      h("th", { scope: "row" }, jaLabel(lang, l.label, l.label_en)),
      amountCell(lang, "declaration." + l.id, l.amount, l.hand, l.return_only),
      // The English text of the place names the Japanese section already: one of the two.
      h("td", { class: "decl-return" }, lang.readsJapanese ? l.return : l.return_en),
      family ? h("td", { class: "decl-na" }, h("span", { "aria-hidden": "true" }, "—"), h("span", { class: "visually-hidden" }, lang.t("declaration.no_amount"))) : amountCell(lang, "declaration_return." + l.id, l.return_amount, l.hand, false),
    ),
  );
  return h(
    "table",
    { class: "decl-table", id: "declaration-" + section },
    h("caption", null, lang.t("declaration.section." + section), h("span", { class: "unit" }, lang.t(family ? "declaration.family_unit" : "result.unit"))),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, lang.t("declaration.col.item")), h("th", { scope: "col" }, lang.t("declaration.col.amount")), h("th", { scope: "col" }, lang.t("declaration.col.return")), h("th", { scope: "col" }, lang.t("declaration.col.return_amount")))),
    h("tbody", null, ...rows),
  );
}

interface DeclState {
  lang: Lang;
  view: HTMLDetailsElement;
  sheet: HTMLElement;
  result: Result | null;
  filled: Result | null; // the result the sheet shows
}

let state: DeclState | null = null;

// mountDeclaration builds the 申告書 section once: its explanation, the print button and the
// folded sheet. The sheet's ~250 cells are built only when it is opened or printed, and then
// again for each new result while it stays open, so typing does not pay for them.
export function mountDeclaration(lang: Lang): HTMLElement {
  const btn = h("button", { type: "button", id: "print-declaration", class: "secondary" }, lang.t("declaration.print"));
  btn.addEventListener("click", printDeclaration);
  const sheet = h("div", { class: "decl-sheet", id: "declaration-sheet" });
  const view = h("details", { id: "declaration-view" }, h("summary", null, lang.t("declaration.show")), sheet);
  view.addEventListener("toggle", () => fill());
  state = { lang, view, sheet, result: null, filled: null };
  return h(
    "section",
    { class: "block declaration", id: "declaration-section", "aria-labelledby": "h-declaration" },
    h("h3", { id: "h-declaration" }, lang.t("declaration.heading")),
    h("div", { class: "decl-screen" }, h("p", null, lang.t("declaration.intro")), h("p", null, lang.t("declaration.return_intro")), btn),
    view,
  );
}

// showDeclaration takes the result on screen (null: none).
export function showDeclaration(r: Result | null): void {
  if (!state) return;
  state.result = r;
  fill();
}

function fill(): void {
  if (!state || !state.view.open || state.filled === state.result) return;
  const { lang, sheet, result: r } = state;
  state.filled = r;
  replace(sheet, ...(r ? sheetContent(lang, r) : []));
}

// printDeclaration prints the 申告書 alone: the print stylesheet keys on html[data-print];
// the folded sheet is opened for it and folded again after (endPrint, on afterprint).
function printDeclaration(): void {
  if (!state) return;
  document.documentElement.dataset.print = "declaration";
  if (!state.view.open) {
    state.view.open = true;
    state.view.dataset.printOpened = "1";
  }
  fill();
  window.print();
}

// endPrint undoes printDeclaration once the browser has printed.
export function endPrint(): void {
  delete document.documentElement.dataset.print;
  if (state?.view.dataset.printOpened) {
    state.view.open = false;
    delete state.view.dataset.printOpened;
  }
}

function sheetContent(lang: Lang, r: Result): HTMLElement[] {
  const year = lang.readsJapanese ? r.era : "FY" + r.fiscal_year;
  const muni = lang.has("municipality." + r.municipality.code) ? lang.t("municipality." + r.municipality.code) : r.municipality.name;
  const tables: HTMLElement[] = [];
  for (const s of sections) {
    const lines = r.declaration.filter((l) => l.section === s);
    if (lines.length) tables.push(h("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-labelledby": "declaration-" + s + "-caption" }, withCaptionId(sectionTable(lang, s, lines), "declaration-" + s + "-caption")));
  }
  const blankList = h("dl", { class: "decl-blanks" }, ...blanks.flatMap((k) => [h("dt", null, lang.t(k)), h("dd", null, h("span", { class: "visually-hidden" }, lang.t("declaration.blank_hand")))]));
  return [
    h("p", { class: "decl-title" }, lang.t("declaration.title", { year, municipality: muni })),
    h("p", { class: "decl-to" }, lang.t("declaration.to", { municipality: muni })),
    blankList,
    ...tables,
    h("p", { class: "decl-foot" }, lang.t("declaration.foot"), " ", lang.t("result.rules_version"), r.rules_version),
  ];
}

function withCaptionId(table: HTMLElement, id: string): HTMLElement {
  table.querySelector("caption")?.setAttribute("id", id);
  return table;
}
