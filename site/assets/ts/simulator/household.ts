// A household as the engine reads it (its input JSON), carried without a server: in the URL
// fragment "#household=<base64url of the JSON>" (a fragment is never sent in a request) and
// in a file the resident saves and opens again. Pure functions: no DOM, tested under Node.

// The largest household accepted, in bytes of JSON: far above any real one (a household with
// every field and ten dependents is under 3 KB), small enough that a hostile link cannot make
// the page decode megabytes.
export const MAX_HOUSEHOLD_BYTES = 32 * 1024;

const FRAGMENT_KEY = "household=";

export type Decoded = { ok: true; input: Record<string, unknown> } | { ok: false; error: "format" | "too_large" | "not_object" };

export function encode(input: Record<string, unknown>): string {
  const bytes = new TextEncoder().encode(JSON.stringify(input));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// decode reads base64url (padding optional) holding a JSON object.
export function decode(s: string): Decoded {
  if (s.length > Math.ceil((MAX_HOUSEHOLD_BYTES * 4) / 3) + 4) return { ok: false, error: "too_large" };
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(s)) return { ok: false, error: "format" };
  let bin: string;
  try {
    bin = atob(s.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, ""));
  } catch {
    return { ok: false, error: "format" };
  }
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: "format" };
  }
  return parseJSON(text);
}

// parseJSON reads the text of an exported file (or a decoded fragment).
export function parseJSON(text: string): Decoded {
  if (new TextEncoder().encode(text).length > MAX_HOUSEHOLD_BYTES) return { ok: false, error: "too_large" };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, error: "format" };
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return { ok: false, error: "not_object" };
  return { ok: true, input: v as Record<string, unknown> };
}

// fromFragment returns the encoded household in a location.hash ("#household=..."), or null
// when the fragment holds none.
export function fromFragment(hash: string): string | null {
  const h = hash.startsWith("#") ? hash.slice(1) : hash;
  return h.startsWith(FRAGMENT_KEY) ? h.slice(FRAGMENT_KEY.length) : null;
}

// link is the address of this page (without query or fragment) carrying the household.
export function link(pageURL: string, input: Record<string, unknown>): string {
  const u = new URL(pageURL);
  return u.origin + u.pathname + "#" + FRAGMENT_KEY + encode(input);
}

// leaves flattens a household into its figures, keyed by the form's path notation
// ("income.salary", "dependents[0].age"). Empty objects and arrays have no leaves; a spouse
// or dependent given as {} still counts (see relatives).
export function leaves(input: Record<string, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, path + "[" + i + "]"));
    else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) walk(x, path ? path + "." + k : k);
    else out.set(path, v);
  };
  walk(input, "");
  return out;
}

// relatives says whether the household has a spouse and how many dependents it lists.
export function relatives(input: Record<string, unknown>): { spouse: boolean; dependents: number } {
  const sp = input.spouse;
  const deps = input.dependents;
  return { spouse: typeof sp === "object" && sp !== null && !Array.isArray(sp), dependents: Array.isArray(deps) ? deps.length : 0 };
}
