// SimForm renders the form from its description, keeps the list of relatives, and turns what
// the resident typed into the engine's input, with a message for every field it cannot read.

import { h, replace } from "./dom";
import { clearErrors, Control, DEPENDENT_EXTRA, FormContext, fullPath, RELATIVE_FIELDS, renderField, renderSection, SectionSpec, SECTIONS } from "./form";
import { leaves, relatives } from "./household";
import { Parsed, parseWhole, parseYen } from "./parse";

// The most dependents the form lists (the engine accepts as many; fifty is far beyond any
// household and keeps a hostile link from building thousands of fields).
const MAX_DEPENDENTS = 50;

// hasValue: a section holds a figure or a ticked box the resident would not see folded.
function hasValue(d: HTMLDetailsElement): boolean {
  return Array.from(d.querySelectorAll<HTMLInputElement>("input")).some((i) => (i.type === "checkbox" ? i.checked && !i.defaultChecked : i.value !== ""));
}

export interface Problem {
  control: Control | null; // null: a problem the engine reported for a path with no field
  message: string;
}

export interface Collected {
  input: Record<string, unknown>;
  problems: Problem[]; // unreadable entries
  missing: Problem[]; // required entries left empty
  empty: boolean; // nothing entered yet
}

// Snapshot is what "この端末に保存" keeps and what scenario A remembers: the raw entries.
export interface Snapshot {
  v: 1;
  values: Record<string, string>; // control id → value ("true"/"false" for checkboxes)
  spouse: boolean;
  dependents: number;
  open: string[];
}

interface Relative {
  box: HTMLFieldSetElement;
  legend: HTMLLegendElement;
  remove: HTMLButtonElement;
  controls: Control[];
}

export class SimForm {
  readonly ctx: FormContext;
  readonly root: HTMLFormElement;
  private household: Control[] = [];
  private spouseToggle!: HTMLInputElement;
  private spouseBox!: HTMLFieldSetElement;
  private spouseControls: Control[] = [];
  private dependents: Relative[] = [];
  private depList!: HTMLElement;
  private addButton!: HTMLButtonElement;
  private nextUid = 1;
  // fixed holds the engine inputs the page sets without a field (path → value).
  private readonly fixed: Record<string, string> = {};
  onChange: () => void = () => {};

  private constructor(ctx: FormContext, root: HTMLFormElement) {
    this.ctx = ctx;
    this.root = root;
  }

  // create renders the form section by section; pause runs before each folded section, so
  // the page can paint and answer a tap while the rest is built (the page's pause yields once
  // a slice of time is spent: page.ts slicer).
  static async create(ctx: FormContext, root: HTMLFormElement, defaults: Record<string, string>, pause: () => Promise<void>): Promise<SimForm> {
    const form = new SimForm(ctx, root);
    for (const sec of SECTIONS) {
      if (!sec.open) await pause();
      form.renderSection(sec, defaults);
    }
    const { lang } = ctx;
    root.appendChild(h("div", { class: "actions" }, h("button", { type: "submit", id: "calculate" }, lang.t("action.calculate")), h("button", { type: "reset", id: "reset", class: "secondary" }, lang.t("action.reset")), h("p", { id: "form-prompt", class: "form-prompt", role: "status" })));
    root.dataset.built = ""; // the place held for the form (_simulator.css) is released
    return form;
  }

  private renderSection(sec: SectionSpec, defaults: Record<string, string>): void {
    const { ctx } = this;
    const { lang } = ctx;
    const { details, body } = renderSection(lang, sec.id, sec.open);
    for (const f of sec.fields) {
      if (f.key === "municipality" && ctx.municipalities.length === 1) {
        // A site built for one municipality (the usual case) names it instead of offering a
        // choice of one; collect still sends its code to the engine.
        this.fixed[f.path] = ctx.municipalities[0];
        body.appendChild(h("p", { class: "field fixed", id: "f-municipality-fixed" }, h("span", { class: "label" }, lang.t("field.municipality")), " ", h("strong", null, lang.t("municipality." + ctx.municipalities[0]))));
        continue;
      }
      const { row, control } = renderField(ctx, f, "f-" + f.key, "");
      if (defaults[f.key] !== undefined) control.el.value = defaults[f.key];
      this.household.push(control);
      body.appendChild(row);
    }
    if (sec.family) this.renderFamily(body);
    if (sec.id === "basic") body.appendChild(this.quickStart());
    // Sections are appended in order, before the actions (added last by create).
    this.root.appendChild(details);
  }

  // quickStart asks where the resident's income comes from and opens the matching papers'
  // sections (and folds the salary slip for a pensioner): a choice of layout, not an entry, so
  // it feeds nothing to the engine.
  private quickStart(): HTMLFieldSetElement {
    const { lang } = this.ctx;
    const kinds: [string, string[]][] = [
      ["salary", ["salary"]],
      ["pension", ["pension"]],
      ["business", ["other_income"]],
      ["none", []],
    ];
    // Toggle buttons (aria-pressed): each is a stop for Tab, and pressing one says which is on.
    const box = h("fieldset", { class: "quick-start", id: "quick-start" }, h("legend", null, lang.t("quick.legend")));
    const buttons: HTMLButtonElement[] = [];
    for (const [kind, open] of kinds) {
      const b = h("button", { type: "button", id: "quick-" + kind, class: "secondary", "aria-pressed": "false" }, lang.t("quick." + kind));
      b.addEventListener("click", () => {
        for (const o of buttons) o.setAttribute("aria-pressed", String(o === b));
        for (const sid of ["salary", "pension", "other_income"]) {
          const d = this.root.querySelector<HTMLDetailsElement>("#sec-" + sid);
          if (d && !hasValue(d)) d.open = open.includes(sid);
        }
      });
      buttons.push(b);
      box.appendChild(b);
    }
    return box;
  }

  private renderFamily(body: HTMLElement): void {
    const { lang } = this.ctx;
    this.spouseToggle = h("input", { id: "f-has_spouse", type: "checkbox", "aria-controls": "spouse" });
    body.appendChild(h("div", { class: "field check" }, h("span", { class: "check-line" }, this.spouseToggle, h("label", { for: "f-has_spouse" }, lang.t("field.has_spouse")))));
    this.spouseBox = h("fieldset", { id: "spouse", class: "relative", hidden: true });
    this.spouseBox.appendChild(h("legend", null, lang.t("family.spouse")));
    for (const f of RELATIVE_FIELDS) {
      const { row, control } = renderField(this.ctx, f, "spouse-" + f.key, "spouse", lang.t("field." + f.key));
      this.spouseControls.push(control);
      this.spouseBox.appendChild(row);
    }
    body.appendChild(this.spouseBox);
    this.spouseToggle.addEventListener("change", () => {
      this.spouseBox.hidden = !this.spouseToggle.checked;
    });
    body.appendChild(h("p", { class: "intro" }, lang.t("family.dependents_intro")));
    this.depList = h("div", { id: "dependents" });
    body.appendChild(this.depList);
    this.addButton = h("button", { type: "button", id: "add-dependent", class: "secondary" }, lang.t("action.add_dependent"));
    this.addButton.addEventListener("click", () => {
      const r = this.addDependent();
      r.controls[0].el.focus();
      this.onChange();
    });
    body.appendChild(this.addButton);
  }

  addDependent(): Relative {
    const { lang } = this.ctx;
    const uid = this.nextUid++;
    const legend = h("legend", null, "");
    const box = h("fieldset", { class: "relative", id: "dep-" + uid }, legend);
    const controls: Control[] = [];
    for (const f of [...RELATIVE_FIELDS, ...DEPENDENT_EXTRA]) {
      const { row, control } = renderField(this.ctx, f, "dep-" + uid + "-" + f.key, "", lang.t("field." + f.key));
      controls.push(control);
      box.appendChild(row);
    }
    const remove = h("button", { type: "button", class: "secondary remove", id: "dep-" + uid + "-remove" }, "");
    box.appendChild(remove);
    const rel: Relative = { box, legend, remove, controls };
    remove.addEventListener("click", () => {
      const i = this.dependents.indexOf(rel);
      this.dependents.splice(i, 1);
      box.remove();
      this.renumber();
      // Focus goes somewhere sensible: the previous relative's first field, else "add".
      const prev = this.dependents[i - 1] ?? this.dependents[i];
      (prev ? prev.controls[0].el : this.addButton).focus();
      this.onChange();
    });
    this.dependents.push(rel);
    this.depList.appendChild(box);
    this.renumber();
    return rel;
  }

  private renumber(): void {
    const { lang } = this.ctx;
    this.dependents.forEach((d, i) => {
      const n = String(i + 1);
      d.legend.textContent = lang.t("family.dependent", { n });
      d.remove.textContent = lang.t("action.remove_dependent", { n });
      for (const c of d.controls) {
        c.scope = "dependents[" + i + "]";
        c.el.dataset.path = fullPath(c);
      }
    });
  }

  // controls lists every field in document order, the relatives included.
  controls(): Control[] {
    const out = [...this.household];
    const familyAt = out.findIndex((c) => c.spec.key === "disability"); // the section after family
    const family = [...(this.spouseToggle.checked ? this.spouseControls : []), ...this.dependents.flatMap((d) => d.controls)];
    out.splice(familyAt, 0, ...family);
    return out;
  }

  labelOf(c: Control): string {
    if (c.scope === "spouse") return this.ctx.lang.t("family.spouse") + " " + c.label.textContent;
    const m = /^dependents\[(\d+)\]$/.exec(c.scope);
    if (m) return this.ctx.lang.t("family.dependent", { n: String(Number(m[1]) + 1) }) + " " + c.label.textContent;
    return c.label.textContent ?? "";
  }

  collect(): Collected {
    const { lang } = this.ctx;
    const input: Record<string, unknown> = {};
    const problems: Problem[] = [];
    const missing: Problem[] = [];
    let entered = false;
    for (const [path, v] of Object.entries(this.fixed)) setPath(input, path, v, false);
    const household: Record<string, { c: Control; v: number }> = {};
    for (const c of this.controls()) {
      clearErrors(c);
      if (c.echo) replace(c.echo);
      const path = fullPath(c);
      const { kind } = c.spec;
      if (c.el instanceof HTMLSelectElement) {
        if (c.el.value === "") continue; // "" is the engine's own default (not chosen)
        setPath(input, path, kind === "select" && c.spec.key === "fiscal_year" ? Number(c.el.value) : c.el.value, false);
        continue;
      }
      if (kind === "check") {
        if (c.el.checked) setPath(input, path, true, false);
        if (c.el.checked && !c.spec.initial) entered = true;
        continue;
      }
      let p: Parsed;
      if (kind === "age") p = parseWhole(c.el.value, 0, 130);
      else if (kind === "year") p = parseWhole(c.el.value, 1950, 2100);
      else p = parseYen(c.el.value, kind === "yen_signed");
      if (!p.ok) {
        problems.push({ control: c, message: lang.t("error." + kind + "." + p.error, { field: this.labelOf(c) }) });
        entered = true;
        continue;
      }
      if (p.empty) {
        if (c.spec.required) missing.push({ control: c, message: lang.t("error.required", { field: this.labelOf(c) }) });
        continue;
      }
      if (c.scope === "") {
        entered = true;
        household[c.spec.key] = { c, v: p.value };
      }
      if (c.echo) c.echo.textContent = kind === "age" ? lang.t("echo.age", { v: lang.number(p.value) }) : kind === "year" ? lang.t("echo.year", { v: String(p.value) }) : lang.t("echo.yen", { v: lang.yen(p.value) });
      setPath(input, path, p.value, kind === "yen");
    }
    if (this.spouseToggle.checked) {
      const sp = (input.spouse ??= {}) as Record<string, unknown>;
      sp.income ??= {};
      entered = true;
    }
    if (this.dependents.length > 0) {
      const deps = (input.dependents ??= []) as Record<string, unknown>[];
      for (let i = 0; i < this.dependents.length; i++) (deps[i] ??= {}).income ??= {};
      entered = true;
    }
    // The taxpayer's age is asked only once something else is entered: an empty page is not
    // an error, it is a page waiting for figures.
    const nonEmptyMissing = entered ? missing : missing.filter((m) => m.control?.scope !== "");
    return { input, problems, missing: nonEmptyMissing, empty: !entered };
  }

  showProblem(p: Problem): void {
    if (!p.control) return;
    const c = p.control;
    c.el.setAttribute("aria-invalid", "true");
    c.error.textContent = p.message;
    const sec = c.el.closest("details");
    if (sec && !sec.open) sec.open = true;
  }

  controlForPath(path: string): Control | null {
    const norm = path.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
    return this.controls().find((c) => fullPath(c) === norm) ?? null;
  }

  snapshot(): Snapshot {
    const values: Record<string, string> = {};
    for (const c of [...this.household, ...this.spouseControls, ...this.dependents.flatMap((d) => d.controls)]) {
      values[c.el.id] = c.el instanceof HTMLInputElement && c.el.type === "checkbox" ? String(c.el.checked) : c.el.value;
    }
    const open = Array.from(this.root.querySelectorAll("details")).filter((d) => d.open).map((d) => d.id);
    return { v: 1, values, spouse: this.spouseToggle.checked, dependents: this.dependents.length, open };
  }

  restore(s: Snapshot): void {
    this.clearRelatives();
    this.spouseToggle.checked = !!s.spouse;
    this.spouseBox.hidden = !s.spouse;
    for (let i = 0; i < Math.min(s.dependents, MAX_DEPENDENTS); i++) this.addDependent();
    // Dependent ids are renumbered on restore: map the saved ones in order onto the new ones.
    const savedDeps = Array.from(new Set(Object.keys(s.values).map((k) => /^dep-(\d+)-/.exec(k)?.[1]).filter((x): x is string => !!x))).sort((a, b) => Number(a) - Number(b));
    const controls = [...this.household, ...this.spouseControls, ...this.dependents.flatMap((d) => d.controls)];
    for (const c of controls) {
      let key = c.el.id;
      const m = /^dep-(\d+)-(.*)$/.exec(key);
      if (m) {
        const idx = this.dependents.findIndex((d) => d.box.id === "dep-" + m[1]);
        if (savedDeps[idx] === undefined) continue;
        key = "dep-" + savedDeps[idx] + "-" + m[2];
      }
      const v = s.values[key];
      if (v === undefined) continue;
      if (c.el instanceof HTMLInputElement && c.el.type === "checkbox") c.el.checked = v === "true";
      else if (c.el instanceof HTMLSelectElement) {
        if (Array.from(c.el.options).some((o) => o.value === v)) c.el.value = v;
      } else c.el.value = v;
    }
    for (const d of this.root.querySelectorAll("details")) if (s.open.includes(d.id)) d.open = true;
  }

  // fill puts a household in the engine's input form (a share link, an imported file) into the
  // fields and returns what no field can show, by path; those are reported, never dropped
  // silently. A figure goes into its field as the digits of the JSON number, read back by the
  // same parser as typed figures.
  fill(input: Record<string, unknown>, defaults: Record<string, string>): string[] {
    this.reset(defaults);
    const rel = relatives(input);
    this.spouseToggle.checked = rel.spouse;
    this.spouseBox.hidden = !rel.spouse;
    const unshown: string[] = [];
    if (rel.dependents > MAX_DEPENDENTS) unshown.push("dependents[" + MAX_DEPENDENTS + "]…");
    for (let i = 0; i < Math.min(rel.dependents, MAX_DEPENDENTS); i++) this.addDependent();
    const values = leaves(input);
    for (const c of this.controls()) {
      const path = fullPath(c);
      if (!values.has(path)) {
        // An absent true/false is false to the engine (a relative's 同居 box starts ticked).
        if (c.spec.kind === "check" && c.el instanceof HTMLInputElement) c.el.checked = false;
        continue;
      }
      const v = values.get(path);
      values.delete(path);
      if (!this.put(c, v)) unshown.push(path);
    }
    for (const [path, v] of Object.entries(this.fixed)) if (values.get(path) === v) values.delete(path);
    for (const path of values.keys()) {
      const dep = /^dependents\[(\d+)\]/.exec(path);
      if (!dep || Number(dep[1]) < MAX_DEPENDENTS) unshown.push(path); // the rest are counted above
    }
    for (const d of this.root.querySelectorAll("details")) if (hasValue(d)) d.open = true;
    return unshown;
  }

  // put writes one figure into its control; false when the control cannot hold it (a fraction,
  // a text where a number belongs, a year or municipality this page does not offer).
  private put(c: Control, v: unknown): boolean {
    const el = c.el;
    if (el instanceof HTMLSelectElement) {
      const s = typeof v === "number" || typeof v === "string" ? String(v) : "";
      if (!Array.from(el.options).some((o) => o.value === s)) return false;
      el.value = s;
      return true;
    }
    if (c.spec.kind === "check") {
      if (typeof v !== "boolean") return false;
      el.checked = v;
      return true;
    }
    if (typeof v !== "number" || !Number.isSafeInteger(v)) return false;
    if (v < 0 && c.spec.kind !== "yen_signed") return false;
    el.value = String(v);
    return true;
  }

  private clearRelatives(): void {
    for (const d of this.dependents) d.box.remove();
    this.dependents = [];
    this.renumber();
  }

  reset(defaults: Record<string, string>): void {
    this.clearRelatives();
    this.spouseToggle.checked = false;
    this.spouseBox.hidden = true;
    for (const c of [...this.household, ...this.spouseControls]) {
      if (c.el instanceof HTMLInputElement && c.el.type === "checkbox") c.el.checked = c.spec.initial === "true";
      else if (c.el instanceof HTMLSelectElement) c.el.selectedIndex = 0;
      else c.el.value = "";
      if (defaults[c.spec.key] !== undefined && c.scope === "") c.el.value = defaults[c.spec.key];
    }
  }

  // entries lists the resident's entries as label → understood value, for the printed record
  // and the scenario comparison.
  entries(): { id: string; label: string; value: string }[] {
    const { lang } = this.ctx;
    const out: { id: string; label: string; value: string }[] = [];
    for (const c of this.controls()) {
      let value: string;
      if (c.el instanceof HTMLSelectElement) value = c.el.selectedOptions[0]?.textContent ?? c.el.value;
      else if (c.spec.kind === "check") {
        if (!c.el.checked) continue;
        value = lang.t("value.yes");
      } else {
        const p = c.spec.kind === "age" ? parseWhole(c.el.value, 0, 130) : c.spec.kind === "year" ? parseWhole(c.el.value, 1950, 2100) : parseYen(c.el.value, true);
        if (!p.ok) value = c.el.value;
        else if (p.empty) continue;
        else value = c.spec.kind === "age" ? lang.t("echo.age", { v: String(p.value) }) : c.spec.kind === "year" ? String(p.value) : lang.yen(p.value);
      }
      out.push({ id: c.el.id, label: this.labelOf(c), value });
    }
    return out;
  }
}

// setPath writes v at a dotted path with [i] indexes; amounts for the same path are summed
// (社会保険料 from the salary slip and from the pension slip feed one deduction).
export function setPath(obj: Record<string, unknown>, path: string, v: unknown, add: boolean): void {
  const parts = path.replace(/\[(\d+)\]/g, ".$1").split(".");
  let cur: Record<string, unknown> = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i];
    const nextIsIndex = /^\d+$/.test(parts[i + 1]);
    if (cur[k] === undefined || cur[k] === null) cur[k] = nextIsIndex ? [] : {};
    cur = cur[k] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (add && typeof cur[last] === "number" && typeof v === "number") cur[last] = (cur[last] as number) + v;
  else cur[last] = v;
}
