// The engine's JSON contract (shared/docs/engine-io.md, v1) as the page reads it, and the
// loader of the WebAssembly module.
import "go:wasm_exec";

declare class Go {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}

export interface CurvePoint {
  salary: number;
  city: number;
  prefecture: number;
  forest: number;
  total: number;
}

// Engine is what wasm/main_js.go registers as globalThis.zeisim.
export interface Engine {
  assess(json: string): string;
  // curve(json, maxSalary, step) → JSON [{salary, city, prefecture, forest, total}]: the tax of
  // the same household with the salary varied.
  curve(json: string, maxSalary: number, step: number): string;
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

export async function loadEngine(url: string, integrity: string): Promise<Engine> {
  const go = new Go();
  // With integrity, Chromium resolves the response only once the whole body has arrived and
  // matched, so the streaming compile below starts on complete bytes; it is still the path
  // that lets V8 reuse cached code. A <link rel="preload" as="fetch"> for the engine was
  // measured (BenchmarkSimulatorAB, 20 iterations, 2026-11) and dropped: it starts the request
  // 50–65 ms earlier and its body ends earlier, but the matched fetch resolves about when it
  // did and simulator.js starts later; first result preload/none 0.97 on first visits, 0.99
  // and 1.01 returning, inside the ±15 % an A/A run shows on this machine.
  const response = fetch(url, { integrity });
  void response.then(() => performance.mark("zeisim:wasm-fetched"));
  const { instance } = await WebAssembly.instantiateStreaming(response, go.importObject);
  performance.mark("zeisim:wasm-instantiated");
  void go.run(instance);
  const api = (globalThis as unknown as { zeisim?: Engine }).zeisim;
  if (!api || typeof api.assess !== "function" || typeof api.curve !== "function") throw new Error("the engine did not register zeisim.assess and zeisim.curve");
  return api;
}
