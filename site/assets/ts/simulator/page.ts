// The simulator page's state, shared by its parts (simulator.ts assembles them).

import { byId } from "./dom";
import { curveFrom, Walls } from "./chart";
import { Scenario } from "./compare";
import { Engine, Result } from "./engine";
import { Lang } from "./i18n";
import { SimForm } from "./state";

export interface Page {
  lang: Lang;
  form: SimForm;
  engine: Engine | null;
  last: { result: Result; input: Record<string, unknown> } | null;
  scenarioA: Scenario | null;
  saving: boolean;
  chartTimer: number;
  statusTimer: number;
  curve: { key: string; points: Awaited<ReturnType<typeof curveFrom>>; walls: Walls | null } | null;
  shareSay: (text: string) => void;
  seq: number; // the last recompute asked of the engine
  resultInView: boolean | null; // the IntersectionObserver's last answer for #result (null: none yet)
}

export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// slicer returns a pause for work done in steps: it yields to the page (a new task) only
// once the current task has run ms, and otherwise lets the next step run at once. A yield
// after every step had the browser style and lay out the growing form up to 13 times during
// load: Lighthouse's TBT on /simulator/, 8 runs each alternating, median 204–231 ms with a
// task per section, 127–140 with 8 ms slices.
export function slicer(ms: number): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since <= ms) return;
    await nextTask();
    since = performance.now();
  };
}

export function el(id: string): HTMLElement {
  const e = byId(id);
  if (!e) throw new Error("missing #" + id);
  return e;
}

export function setStatus(page: Page, text: string, now: boolean): void {
  // The live region is updated after a short pause in typing, so a screen reader announces
  // the result once, not once per keystroke; focus never moves.
  window.clearTimeout(page.statusTimer);
  el("status").textContent = text;
  const apply = (): void => {
    el("announce").textContent = text;
  };
  if (now) apply();
  else page.statusTimer = window.setTimeout(apply, 600);
}
