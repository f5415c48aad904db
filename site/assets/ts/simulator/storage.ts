// "この端末に保存": the only thing the page ever stores, and only when the resident asks. One key
// in localStorage holds the raw entries; erasing removes it. Nothing else (no cookies, no
// results, no scenario) is kept.

import { Snapshot } from "./state";

export const STORAGE_KEY = "zeisim.inputs.v1";

function store(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled by the browser: the page works, it just cannot keep entries
  }
}

export function load(): Snapshot | null {
  const st = store();
  const raw = st?.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Snapshot;
    return s && s.v === 1 && typeof s.values === "object" ? s : null;
  } catch {
    return null;
  }
}

export function save(s: Snapshot): boolean {
  const st = store();
  if (!st) return false;
  try {
    st.setItem(STORAGE_KEY, JSON.stringify(s));
    return true;
  } catch {
    return false;
  }
}

export function erase(): void {
  store()?.removeItem(STORAGE_KEY);
}

export function available(): boolean {
  return store() !== null;
}
