// The messages between a page and the engine's host (enginehost.ts), defined here once for
// both sides. This file has no side effects and imports nothing, so the page's bundle takes it
// without the host's wasm_exec.js. A Call is a page's Request with its number; the host
// answers each with an Answer. Before any call the host says {op: "ready", version} or
// {op: "failed", message} (and, from a dedicated Worker, {op: "fetched"} once the engine's
// bytes are in). The service worker is first asked {op: "engine", url, integrity} (sw.ts).
export type Request = { op: "assess"; json: string } | { op: "curve"; json: string; max: number; step: number };
export type Call = Request & { id: number };
export type Answer = { id: number; out: string };
export type Hello = { op: "engine"; url: string; integrity: string };
export type HostMessage = Partial<Answer> & { op?: "ready" | "failed" | "fetched"; version?: string; message?: string };

// failure is the answer of a host whose engine cannot run: no JSON, which the page shows as
// the engine's failure in its own language (simulator.ts settle) instead of waiting.
export function failure(id: number): Answer {
  return { id, out: "" };
}
