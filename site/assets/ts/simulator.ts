// The simulator page: renders the form from its description, loads the Go engine
// (WebAssembly) and recomputes as the resident types. Nothing leaves the browser: the only
// requests are for the page's own files and the form has no action. Figures go into a URL
// only when the resident copies a share link, and then only into its fragment, which no
// browser sends.

import { byId, download, h, live, replace, update } from "./simulator/dom";
import { breakdownBar } from "./simulator/chart";
import { comparison } from "./simulator/compare";
import { Engine, isRejection, loadEngine, Result } from "./simulator/engine";
import { loadLang, Lang } from "./simulator/i18n";
import { calendar } from "./simulator/ics";
import { endPrint, mountDeclaration, showDeclaration } from "./simulator/declaration";
import { assumptionsBlock, creditsBlock, dueDates, furusatoBlock, incomeBlock, installmentsBlock, isoDate, monthName, notesList, problemsList, rulesLine, summary, traceBlock } from "./simulator/result";
import { Problem, SimForm } from "./simulator/state";
import { mountReconcile, showReconcile } from "./simulator/reconcile";
import { mountShare, openFragment, ShareHost } from "./simulator/share";
import * as storage from "./simulator/storage";
import { el, nextTask, Page, setStatus, slicer } from "./simulator/page";
import { scheduleChart } from "./simulator/chartdraw";
import { buildSticky, confirmReset, showOutcome, updateSticky } from "./simulator/phone";

// catalog is what the page offers: the engine's years and municipalities, written into the
// form's data attributes by the generator from tax.EngineCatalog (the only list of them); the
// provisional year is marked in its label.
function catalog(form: HTMLFormElement): { years: { value: string; provisional: boolean }[]; defaultYear: string; municipalities: string[] } {
  // Written by the generator on every simulator page: a page without them is a broken build,
  // which should fail loudly rather than offer an empty form.
  return {
    years: JSON.parse(form.dataset.years ?? "") as { value: string; provisional: boolean }[],
    defaultYear: form.dataset.defaultYear ?? "",
    municipalities: JSON.parse(form.dataset.municipalities ?? "") as string[],
  };
}

async function start(formEl: HTMLFormElement, engineLoad: Promise<Engine>): Promise<void> {
  performance.mark("zeisim:script");
  // The site's language code (e.g. "ja-easy" is lang="ja" with its own wording); a language
  // without a simulator table falls back to Japanese key by key.
  const lang = await loadLang(formEl.dataset.lang || document.documentElement.lang || "ja");
  // The page paints its heading and introduction first (the largest thing on a phone's first
  // screen); the form, hundreds of elements, is built in the task after that paint.
  await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const cat = catalog(formEl);
  const municipality = cat.municipalities.includes(formEl.dataset.municipality ?? "") ? (formEl.dataset.municipality as string) : cat.municipalities[0];
  const defaults = { fiscal_year: cat.defaultYear, municipality };
  const form = await SimForm.create({ lang, years: cat.years, municipalities: cat.municipalities }, formEl, defaults, slicer(8)); // 8 ms: ~32 ms at Lighthouse's simulated 4× CPU, under a long task's 50
  const page: Page = { lang, form, engine: null, last: null, scenarioA: null, saving: false, chartTimer: 0, statusTimer: 0, curve: null, shareSay: () => {}, seq: 0, resultInView: null };

  const share: ShareHost = {
    lang,
    // The household of the result on screen: reading the form again (collect) would clear the
    // messages shown beside fields with problems; with problems there is no result to share.
    current: () => (page.last && !("pending" in el("sim").dataset) ? page.last.input : null),
    open: (input) => {
      const unshown = form.fill(input, defaults);
      // A shared household is not the resident's own: it is not saved over what they keep.
      pauseSaving(page);
      recompute(page, true);
      return unshown;
    },
  };
  // Each part below the form in a task of its own: no single task holds the main thread long
  // enough to delay a tap (Total Blocking Time).
  await nextTask();
  buildPrivacy(page, share);
  await nextTask();
  buildResultFrame(page);
  const saved = storage.load();
  if (saved) {
    form.restore(saved);
    page.saving = true;
    (el("save-toggle") as HTMLInputElement).checked = true;
  }
  const fromLink = openFragment(share);

  el("sim").dataset.ready = ""; // the boxes after the form may show now (see _simulator.css)
  const compute = (): void => void recompute(page);
  form.onChange = compute;
  // "input" fires for every edit of text fields, selects and boxes alike; "change" (on blur)
  // would add nothing but a redraw under the pointer of someone clicking an error link.
  formEl.addEventListener("input", compute);
  formEl.addEventListener("submit", (e) => {
    e.preventDefault();
    void recompute(page, true).then(() => showOutcome(page));
  });
  formEl.addEventListener("reset", (e) => {
    e.preventDefault();
    confirmReset(page, () => {
      form.reset(defaults);
      compute();
    });
  });
  window.addEventListener("beforeprint", () => {
    if (!document.documentElement.dataset.print) preparePrint(page);
  });
  window.addEventListener("afterprint", () => {
    endPrint();
    const t = byId<HTMLDetailsElement>("trace");
    if (t && t.dataset.printOpened) {
      t.open = false;
      delete t.dataset.printOpened;
    }
  });
  setStatus(page, lang.t("status.loading"), true);
  if (fromLink !== null) page.shareSay(fromLink);
  recompute(page);
  performance.mark("zeisim:form");
  try {
    page.engine = await engineLoad;
    performance.mark("zeisim:engine");
  } catch {
    setStatus(page, lang.t("status.engine_failed"), true);
    formEl.dataset.engine = "failed"; // site.js registers the service worker on either outcome
    return;
  }
  formEl.dataset.engine = "ready";
  recompute(page, true);
}

function pauseSaving(page: Page): void {
  if (!page.saving) return;
  page.saving = false;
  (el("save-toggle") as HTMLInputElement).checked = false;
  el("privacy-status").textContent = page.lang.t("share.saving_paused");
}

function buildPrivacy(page: Page, share: ShareHost): void {
  const { lang } = page;
  const box = el("privacy");
  const toggle = h("input", { type: "checkbox", id: "save-toggle", "aria-describedby": "privacy-text" });
  const erase = h("button", { type: "button", id: "erase", class: "secondary" }, lang.t("privacy.erase"));
  const note = h("p", { id: "privacy-status", role: "status", class: "privacy-status" });
  replace(
    box,
    h("h2", { id: "privacy-heading" }, lang.t("privacy.heading")),
    h("p", { id: "privacy-text" }, lang.t("privacy.text")),
    h("div", { class: "field check" }, h("span", { class: "check-line" }, toggle, h("label", { for: "save-toggle" }, lang.t("privacy.save")))),
    erase,
    note,
    h("div", { id: "share", class: "share" }),
  );
  page.shareSay = mountShare(el("share"), share);
  if (!storage.available()) {
    toggle.disabled = true;
    note.textContent = lang.t("privacy.unavailable");
  }
  toggle.addEventListener("change", () => {
    page.saving = toggle.checked;
    if (toggle.checked) {
      storage.save(page.form.snapshot());
      note.textContent = lang.t("privacy.saved");
    } else {
      storage.erase();
      note.textContent = lang.t("privacy.erased");
    }
  });
  erase.addEventListener("click", () => {
    storage.erase();
    page.saving = false;
    toggle.checked = false;
    note.textContent = lang.t("privacy.erased");
  });
}

function buildResultFrame(page: Page): void {
  const { lang } = page;
  const printBtn = h("button", { type: "button", id: "print", class: "secondary" }, lang.t("action.print"));
  printBtn.addEventListener("click", () => window.print());
  const keepA = h("button", { type: "button", id: "keep-a", class: "secondary" }, lang.t("compare.keep_a"));
  keepA.addEventListener("click", () => {
    if (!page.last) return;
    page.scenarioA = { entries: page.form.entries(), result: page.last.result };
    renderCompare(page);
    setStatus(page, lang.t("compare.kept"), false);
  });
  replace(
    el("result"),
    h("h2", { id: "result-heading" }, lang.t("result.heading")),
    // The visible status follows every keystroke; screen readers hear the same sentence from
    // the polite live region once typing pauses (its copy is read in browse mode too).
    h("p", { id: "status", class: "status", "aria-hidden": "true" }),
    h("p", { id: "announce", role: "status", "aria-live": "polite", "aria-atomic": "true", class: "visually-hidden" }),
    h("div", { id: "problems-slot" }),
    h("div", { id: "provisional-slot" }),
    h("div", { id: "summary-slot" }),
    h("div", { id: "notes-slot" }),
    h("div", { id: "bar-slot" }),
    h("div", { class: "result-actions" }, printBtn, keepA),
  );
  replace(
    el("details"),
    h("h2", { id: "details-heading" }, lang.t("result.details_heading")),
    h("div", { id: "income-slot" }),
    h("div", { id: "credits-slot" }),
    h("div", { id: "furusato-slot" }),
    h("div", { id: "installments-slot" }),
    mountDeclaration(lang),
    h("section", { class: "block", "aria-labelledby": "h-chart", id: "chart-section" }, h("h3", { id: "h-chart" }, lang.t("chart.heading")), h("div", { id: "chart-slot" })),
    h("section", { class: "block", "aria-labelledby": "h-compare", id: "compare-section" }, h("h3", { id: "h-compare" }, lang.t("compare.heading")), h("div", { id: "compare-slot" })),
    mountReconcile(lang),
    h("section", { class: "block", "aria-labelledby": "h-trace", id: "trace-section" }, h("h3", { id: "h-trace" }, lang.t("result.h_trace")), h("div", { id: "trace-slot" })),
    h("div", { id: "assumptions-slot" }),
    h("div", { id: "rules-slot" }),
  );
  buildSticky(page);
  renderCompare(page);
  if (typeof ResizeObserver !== "undefined") {
    let lastWidth = 0;
    new ResizeObserver((entries) => {
      const w = Math.round(entries[0].contentRect.width);
      if (Math.abs(w - lastWidth) > 8) {
        lastWidth = w;
        // Scheduled, not drawn here: the first call comes in the frame that shows the first
        // result, and drawing the chart (the engine run over a range of salaries) would hold
        // back that frame's paint.
        scheduleChart(page);
      }
    }).observe(el("chart-slot"));
  }
}

function announce(page: Page, now: boolean): void {
  const { lang, last } = page;
  if (!last) return;
  const r = last.result;
  setStatus(page, lang.t("status.result", { total: lang.yen(r.total), city: lang.yen(r.city.total), pref: lang.yen(r.prefecture.total), forest: lang.yen(r.forest_environment_tax) }), now);
}

function municipalityName(lang: Lang, r: Result): string {
  const key = "municipality." + r.municipality.code;
  return lang.has(key) ? lang.t(key) : r.municipality.name;
}

function clearResult(page: Page): void {
  page.last = null;
  for (const id of ["summary-slot", "notes-slot", "assumptions-slot", "bar-slot", "provisional-slot", "income-slot", "credits-slot", "furusato-slot", "installments-slot", "chart-slot", "trace-slot", "rules-slot"]) replace(el(id));
  el("sim").dataset.state = "empty";
  renderCompare(page);
  showReconcile(null);
  showDeclaration(null);
  updateSticky(page);
}

// recompute reads the form and asks the engine; the promise settles once the screen shows
// the answer (or a later recompute has taken over). Saved entries are written once the
// engine has its question, so that the Worker computes while the page writes them.
function recompute(page: Page, now = false): Promise<void> {
  const shown = ask(page, now);
  if (page.saving) storage.save(page.form.snapshot());
  return shown;
}

function ask(page: Page, now: boolean): Promise<void> {
  const { lang, form } = page;
  const col = form.collect();
  const prompt = byId("form-prompt");
  if (prompt && !col.empty) prompt.textContent = "";
  const problems: Problem[] = [...col.problems, ...col.missing];
  for (const p of problems) form.showProblem(p);
  if (!page.engine) return Promise.resolve();
  // Any answer still on its way is for older entries from here on.
  const seq = ++page.seq;
  delete el("sim").dataset.pending;
  if (problems.length) {
    showProblems(page, problems, now);
    return Promise.resolve();
  }
  if (col.empty) {
    clearProblems();
    clearResult(page);
    setStatus(page, lang.t("status.prompt"), now);
    return Promise.resolve();
  }
  el("sim").dataset.pending = ""; // a hook for testers: an answer is on its way
  return page.engine.assess(JSON.stringify(col.input)).then(
    (text) => settle(page, seq, col.input, text, now),
    () => settle(page, seq, col.input, "", now),
  );
}

// settle shows the engine's answer to recompute number seq, unless a later one was asked
// meanwhile (the resident kept typing): the screen always matches the last entries.
function settle(page: Page, seq: number, input: Record<string, unknown>, text: string, now: boolean): void {
  if (seq !== page.seq) return;
  delete el("sim").dataset.pending;
  const { lang, form } = page;
  let out;
  try {
    out = JSON.parse(text) as Result | { errors: { field: string; message: string; message_en?: string }[] };
  } catch {
    out = { errors: [{ field: "(engine)", message: lang.t("status.engine_failed"), message_en: lang.t("status.engine_failed") }] };
  }
  if (isRejection(out)) {
    const mapped: Problem[] = out.errors.map((e) => {
      const message = lang.readsJapanese ? e.message : (e.message_en ?? e.message);
      const control = form.controlForPath(e.field);
      return { control, message: control ? form.labelOf(control) + ": " + message : message };
    });
    for (const p of mapped) form.showProblem(p);
    showProblems(page, mapped, now);
    return;
  }
  clearProblems();
  render(page, out, input, now);
}

function clearProblems(): void {
  const slot = el("problems-slot");
  replace(slot);
  delete slot.dataset.key;
}

function showProblems(page: Page, problems: Problem[], now: boolean): void {
  const { lang } = page;
  clearResult(page);
  el("sim").dataset.state = "problems";
  // The same problems keep the same list: a redraw would move a link from under the pointer.
  const slot = el("problems-slot");
  const key = problems.map((p) => (p.control?.el.id ?? "") + "\u0000" + p.message).join("\u0001");
  if (slot.dataset.key !== key || !slot.firstChild) {
    slot.dataset.key = key;
    replace(slot, problemsList(lang, problems.map((p) => ({ message: p.message, target: p.control ? p.control.el : null }))));
  }
  updateSticky(page);
  setStatus(page, lang.t("status.problems", { n: String(problems.length) }), now);
}

function render(page: Page, r: Result, input: Record<string, unknown>, now: boolean): void {
  const { lang } = page;
  page.last = { result: r, input };
  const name = municipalityName(lang, r);
  update(el("provisional-slot"), r.provisional ? h("p", { class: "provisional", id: "provisional" }, h("strong", null, lang.t("result.provisional_title")), " ", lang.t("result.provisional_text")) : null);
  update(el("summary-slot"), summary(lang, r, name));
  update(el("notes-slot"), notesList(lang, r));
  update(el("assumptions-slot"), assumptionsBlock(lang, r));
  update(el("bar-slot"), breakdownBar(lang, r));
  update(el("income-slot"), incomeBlock(lang, r));
  update(el("credits-slot"), creditsBlock(lang, r));
  update(el("furusato-slot"), furusatoBlock(lang, r));
  const due = dueDates(r);
  const ics = live(h("button", { type: "button", id: "ics", class: "secondary" }, lang.t("action.ics")));
  ics.addEventListener("click", () => {
    if (!page.last) return;
    const res = page.last.result;
    const year = lang.t("option.fiscal_year." + res.fiscal_year);
    const pension = res.installments.pension;
    // With the tax on the pension deducted from it, the calendar holds those deductions and
    // the 普通徴収 of the rest (if any), not the whole tax as if it were paid by yourself.
    const ordinary = pension?.applies ? (pension.ordinary_rest ?? []) : res.installments.ordinary;
    const events = ordinary
      .map((v, i) => ({
        uid: `zeisim-${res.fiscal_year}-${res.municipality.code}-ordinary-${i + 1}@zeisim`,
        date: due[i],
        summary: lang.t("ics.summary", { n: String(i + 1), amount: lang.yen(v) }),
        description: lang.t("ics.description", { municipality: name, year, n: String(i + 1), amount: lang.yen(v) }),
      }))
      .filter((_, i) => ordinary[i] > 0 || !pension?.applies);
    if (pension?.applies) {
      pension.schedule.forEach((p, i) => {
        const vars = { municipality: name, year, month: monthName(lang, p.year, p.month), kind: lang.t("result.pension_kind." + p.kind), amount: lang.yen(p.amount) };
        const first = p.kind === "ordinary";
        events.push({
          uid: `zeisim-${res.fiscal_year}-${res.municipality.code}-pension-${i + 1}@zeisim`,
          date: isoDate(p.date),
          summary: lang.t(first ? "ics.pension_ordinary_summary" : "ics.pension_summary", vars),
          description: lang.t(first ? "ics.pension_ordinary_description" : "ics.pension_description", vars),
        });
      });
      events.sort((a, b) => a.date.getTime() - b.date.getTime());
    }
    download(calendar(events, new Date(), lang.t("ics.calendar_name", { year: lang.t("option.fiscal_year." + res.fiscal_year) })), `zeisim-${res.fiscal_year}-instalments.ics`, "text/calendar;charset=utf-8");
  });
  update(el("installments-slot"), installmentsBlock(lang, r, due, ics));
  showDeclaration(r);
  const wasOpen = byId<HTMLDetailsElement>("trace")?.open ?? false;
  update(el("trace-slot"), traceBlock(lang, r, wasOpen));
  update(el("rules-slot"), rulesLine(lang, r));
  el("sim").dataset.state = "result";
  renderCompare(page);
  showReconcile(r);
  scheduleChart(page);
  performance.mark("zeisim:result");
  updateSticky(page);
  announce(page, now);
}

function renderCompare(page: Page): void {
  const slot = byId("compare-slot");
  if (!slot) return;
  const { lang } = page;
  const keepA = byId<HTMLButtonElement>("keep-a");
  if (keepA) keepA.disabled = !page.last;
  if (!page.scenarioA) {
    replace(slot, h("p", null, lang.t("compare.intro")));
    return;
  }
  const stop = h("button", { type: "button", id: "compare-stop", class: "secondary" }, lang.t("compare.stop"));
  stop.addEventListener("click", () => {
    page.scenarioA = null;
    renderCompare(page);
    byId("keep-a")?.focus();
  });
  if (!page.last) {
    replace(slot, h("p", null, lang.t("compare.waiting")), stop);
    return;
  }
  replace(slot, comparison(lang, page.scenarioA, { entries: page.form.entries(), result: page.last.result }), stop);
}

// preparePrint fills the printed record: the entries as understood, the date of printing and
// the rules version; the trace is opened so that it prints.
function preparePrint(page: Page): void {
  const { lang } = page;
  const rec = byId("print-record");
  if (!rec) return;
  const dl = h("dl", { class: "figures" });
  for (const e of page.form.entries()) dl.append(h("dt", null, e.label), h("dd", null, e.value));
  replace(rec, h("h2", null, lang.t("print.heading")), h("p", null, lang.t("print.date", { date: lang.date(new Date(), { year: "numeric", month: "long", day: "numeric" }) })), page.last ? h("p", null, lang.t("result.rules_version"), page.last.result.rules_version) : null, h("h3", null, lang.t("print.entries")), dl);
  // The trace prints open, its steps written now: the box's own "toggle" comes a task later,
  // after the printout is laid out.
  const t = byId<HTMLDetailsElement>("trace");
  if (t && !t.open && page.last) {
    replace(el("trace-slot"), traceBlock(lang, page.last.result, true));
    el("trace").dataset.printOpened = "1";
  }
}

// The engine's Worker starts while the script is evaluated (a millisecond: the Worker's own
// thread fetches and compiles), since the engine, not the form, is what the first result
// waits for; the form is built meanwhile. The rest starts in the task after the evaluation, so
// neither grows the other past 50 ms on a slow phone (the bundle's evaluation and start's
// first steps measured 22-43 ms together).
const formEl = byId<HTMLFormElement>("simulator");
if (formEl instanceof HTMLFormElement) {
  const engineLoad = loadEngine({ url: formEl.dataset.worker ?? "", integrity: formEl.dataset.workerIntegrity ?? "" }, { url: formEl.dataset.wasm ?? "", integrity: formEl.dataset.wasmIntegrity ?? "" });
  engineLoad.catch(() => {}); // handled where start awaits it
  setTimeout(() => void start(formEl, engineLoad), 0);
}
