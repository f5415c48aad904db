// The engine's own thread: a dedicated Worker that compiles the Go engine (WebAssembly), starts
// the Go runtime and runs every assessment, so that none of that blocks the page's main thread
// (typing, scrolling, painting). The page starts it while checking this file's SRI hash, uses
// it only once the check has passed, and names the engine's URL and hash in its name. The
// engine's bytes come from the service worker's precache when it holds them (a returning
// visit: read here, not through the service worker's thread), else from the network; they are
// compiled while WebCrypto hashes them, and the module is instantiated (the first moment any
// of it runs) only once they match the hash. Compiling while the body streams was measured and
// left (see ARCHITECTURE.md).
import "go:wasm_exec";
import { matchesIntegrity } from "./lib/integrity";
import { engineFromName } from "./lib/workername";

declare class Go {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}

interface Api {
  assess(json: string): string;
  curve(json: string, maxSalary: number, step: number): string;
  version: string;
}

// The messages, page → worker: calls; worker → page: fetched/ready/failed, answers. The engine's
// URL and hash come in the Worker's name (lib/workername.ts).
type Call = { op: "assess"; id: number; json: string } | { op: "curve"; id: number; json: string; max: number; step: number };

const scope = self as unknown as { name: string; onmessage: ((e: MessageEvent<Call>) => void) | null; postMessage(m: unknown): void };
let api: Api | null = null;

// engineBytes reads the engine: from Cache Storage when the service worker has precached it
// (any cache of this origin holding the fingerprinted URL holds these bytes, and they are
// checked in init in any case), else over the network (the HTTP cache may answer). Without
// WebCrypto (a page served over plain HTTP from another machine, which is no secure context)
// fetch's own integrity check stands in for init's, and checked says so.
async function engineBytes(url: string, integrity: string): Promise<{ bytes: ArrayBuffer; checked: boolean }> {
  if (!globalThis.crypto?.subtle) {
    const res = await fetch(url, { integrity });
    if (!res.ok) throw new Error("engine: HTTP " + res.status);
    return { bytes: await res.arrayBuffer(), checked: true };
  }
  let cached: Response | undefined;
  try {
    cached = await caches.match(url);
  } catch {
    cached = undefined; // no Cache Storage here (a private window)
  }
  const res = cached ?? (await fetch(url));
  if (!res.ok) throw new Error("engine: HTTP " + res.status);
  return { bytes: await res.arrayBuffer(), checked: false };
}

async function init(url: string, integrity: string): Promise<void> {
  try {
    const go = new Go();
    const { bytes, checked } = await engineBytes(url, integrity);
    scope.postMessage({ op: "fetched" }); // for the page's performance marks
    const [module, matches] = await Promise.all([WebAssembly.compile(bytes), checked || matchesIntegrity(bytes, integrity)]);
    if (!matches) throw new Error("engine: its bytes do not match their integrity hash");
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

const engine = engineFromName(scope.name);
if (engine) void init(engine.url, engine.integrity);
else scope.postMessage({ op: "failed", message: "engine worker: its name does not say which engine to load" });

scope.onmessage = (e) => {
  const m = e.data;
  if (!api) {
    scope.postMessage({ id: m.id, out: `{"errors":[{"field":"(engine)","message":"計算エンジンを準備中です","message_en":"the engine is not ready"}]}` });
    return;
  }
  const out = m.op === "assess" ? api.assess(m.json) : api.curve(m.json, m.max, m.step);
  scope.postMessage({ id: m.id, out });
};
