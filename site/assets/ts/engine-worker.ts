// The engine's own thread: a dedicated Worker that instantiates the Go engine (WebAssembly),
// starts the Go runtime and runs every assessment, so that none of that blocks the page's
// main thread (typing, scrolling, painting). The page compiles the module while it streams
// (fetched with its SRI hash) and hands it over; it uses this Worker only once this file has
// passed its own SRI check.
import "go:wasm_exec";

declare class Go {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}

interface Api {
  assess(json: string): string;
  curve(json: string, maxSalary: number, step: number): string;
  version: string;
}

// The messages, page → worker: init once (the engine compiled by the page, or why it could
// not be), then calls; worker → page: ready/failed, answers.
type Call = { op: "init"; module: WebAssembly.Module } | { op: "fail"; message: string } | { op: "assess"; id: number; json: string } | { op: "curve"; id: number; json: string; max: number; step: number };

const scope = self as unknown as { onmessage: ((e: MessageEvent<Call>) => void) | null; postMessage(m: unknown): void };
let api: Api | null = null;

async function init(module: WebAssembly.Module): Promise<void> {
  try {
    const go = new Go();
    const instance = await WebAssembly.instantiate(module, go.importObject);
    void go.run(instance);
    const z = (globalThis as unknown as { zeisim?: Api }).zeisim;
    if (!z || typeof z.assess !== "function" || typeof z.curve !== "function") throw new Error("the engine did not register zeisim.assess and zeisim.curve");
    api = z;
    scope.postMessage({ op: "ready", version: z.version });
  } catch (err) {
    scope.postMessage({ op: "failed", message: String(err) });
  }
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m.op === "init") {
    void init(m.module);
    return;
  }
  if (m.op === "fail") {
    scope.postMessage({ op: "failed", message: m.message });
    return;
  }
  if (!api) {
    scope.postMessage({ id: m.id, out: `{"errors":[{"field":"(engine)","message":"計算エンジンを準備中です","message_en":"the engine is not ready"}]}` });
    return;
  }
  const out = m.op === "assess" ? api.assess(m.json) : api.curve(m.json, m.max, m.step);
  scope.postMessage({ id: m.id, out });
};
