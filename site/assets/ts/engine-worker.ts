// The engine's own thread: a dedicated Worker that compiles the Go engine (WebAssembly), starts
// the Go runtime and runs every assessment, so that none of that blocks the page's main thread
// (typing, scrolling, painting). The page starts it after checking this file's SRI hash, and
// hands it the engine's URL and hash; the module is fetched with that integrity, so the
// browser verifies it. With integrity the body reaches the compiler only once all of it has
// arrived and matched: compiling while it streams was measured and left (see ARCHITECTURE.md).
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

// The messages, page → worker: init once, then calls; worker → page: ready/failed, answers.
type Call = { op: "init"; url: string; integrity: string } | { op: "assess"; id: number; json: string } | { op: "curve"; id: number; json: string; max: number; step: number };

const scope = self as unknown as { onmessage: ((e: MessageEvent<Call>) => void) | null; postMessage(m: unknown): void };
let api: Api | null = null;

async function init(url: string, integrity: string): Promise<void> {
  try {
    const go = new Go();
    const response = fetch(url, { integrity }).then((r) => {
      scope.postMessage({ op: "fetched" }); // for the page's performance marks
      return r;
    });
    const { instance } = await WebAssembly.instantiateStreaming(response, go.importObject);
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
    void init(m.url, m.integrity);
    return;
  }
  if (!api) {
    scope.postMessage({ id: m.id, out: `{"errors":[{"field":"(engine)","message":"計算エンジンを準備中です","message_en":"the engine is not ready"}]}` });
    return;
  }
  const out = m.op === "assess" ? api.assess(m.json) : api.curve(m.json, m.max, m.step);
  scope.postMessage({ id: m.id, out });
};
