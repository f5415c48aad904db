// The engine's JSON contract (shared/docs/engine-io.md, v1) as the page reads it, and the
// page's side of the engine's Worker (site/assets/ts/engine-worker.ts).

import { onlyScriptURL } from "../lib/scripturl";
import { EngineRef, workerName } from "../lib/workername";

declare const __ZEISIM_ENGINE_POLICY__: string;

export interface CurvePoint {
  salary: number;
  city: number;
  prefecture: number;
  forest: number;
  total: number;
}

// Engine is the engine as the page calls it: every call answers asynchronously from the
// Worker. It is also globalThis.zeisim on the simulator page, for testers' suites; purpose
// "chart" marks the chart's own calls (the salary varied), which are not the household.
export interface Engine {
  assess(json: string, purpose?: "chart"): Promise<string>;
  // curve(json, maxSalary, step) → JSON [{salary, city, prefecture, forest, total}]: the tax of
  // the same household with the salary varied.
  curve(json: string, maxSalary: number, step: number): Promise<string>;
  version: string;
}

export interface FieldError {
  field: string;
  message: string;
  message_en?: string;
}

// The result's types are generated from wasm/tax/io.go (go generate ./wasm/tax).
export type { Split, Levy, Step, PensionInstallment, PensionCollection, SeparateLine, Result, Input } from "./contract.gen";
import type { Result } from "./contract.gen";

export interface Rejection {
  errors: FieldError[];
}

export function isRejection(x: Result | Rejection): x is Rejection {
  return Array.isArray((x as Rejection).errors);
}

// workerFrom starts the engine's Worker from its fingerprinted URL, naming in its name the
// engine it is to load (lib/workername.ts). A Worker cannot carry an integrity attribute, so
// the page checks that URL's bytes against the SRI hash (fetch with integrity) while the
// Worker starts, and the engine is used only once the check has passed (loadEngine); on a
// mismatch the Worker is stopped. The Worker's own request is answered
// from the HTTP cache (the asset is immutable) or the service worker's precache, itself
// fetched with integrity. Under Trusted Types the one policy for it accepts exactly this URL.
function workerFrom(url: string, integrity: string, engine: EngineRef): { worker: Worker; checked: Promise<void> } {
  const checked = fetch(url, { integrity }).then(async (res) => {
    if (!res.ok) throw new Error("engine worker: HTTP " + res.status);
    await res.arrayBuffer(); // the whole body: integrity is checked once it has all arrived
  });
  return { worker: new Worker(onlyScriptURL(__ZEISIM_ENGINE_POLICY__, url), { name: workerName(engine) }), checked };
}

// loadEngine starts the Worker, which reads, checks, compiles and starts the engine. The promise
// resolves once the engine answers.
export async function loadEngine(worker: { url: string; integrity: string }, wasm: { url: string; integrity: string }): Promise<Engine> {
  const { worker: w, checked } = workerFrom(worker.url, worker.integrity, { url: new URL(wasm.url, location.href).href, integrity: wasm.integrity });
  const pending = new Map<number, (out: string) => void>();
  let next = 1;
  const ready = new Promise<string>((resolve, reject) => {
    w.onmessage = (e: MessageEvent<{ op?: string; version?: string; message?: string; id?: number; out?: string }>) => {
      const m = e.data;
      if (m.op === "fetched") performance.mark("zeisim:wasm-fetched");
      else if (m.op === "ready") resolve(m.version ?? "");
      else if (m.op === "failed") reject(new Error(m.message));
      else if (m.id !== undefined) {
        pending.get(m.id)?.(m.out ?? "");
        pending.delete(m.id);
      }
    };
    w.onerror = (e) => reject(new Error(e.message));
  });
  // The Worker reads the engine, checks its SRI hash and compiles it: the compile, the Go
  // runtime's start and every call stay off the page's main thread.
  const call = (msg: Record<string, unknown>): Promise<string> =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      w.postMessage({ ...msg, id });
    });
  let version: string;
  try {
    [version] = await Promise.all([ready, checked]);
  } catch (err) {
    w.terminate(); // a Worker whose script failed its check is never used
    throw err;
  }
  performance.mark("zeisim:wasm-instantiated");
  const engine: Engine = {
    assess: (json) => call({ op: "assess", json }),
    curve: (json, max, step) => call({ op: "curve", json, max, step }),
    version,
  };
  (globalThis as unknown as { zeisim?: Engine }).zeisim = engine;
  return engine;
}
