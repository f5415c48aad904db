// The engine's host: reads the Go engine (WebAssembly), checks it, compiles it, starts the Go
// runtime and answers the page's calls. It runs in a worker, never on a page's main thread:
// in the service worker when one controls the page (it keeps the engine between visits and
// starts reading it as the page is requested), else in the page's dedicated Worker
// (engine-worker.ts). Both speak the messages of enginemessages.ts.
import "go:wasm_exec";
import { failure, type Answer, type Call } from "./enginemessages";
import { matchesIntegrity } from "./integrity";
import type { EngineRef } from "./workername";

declare class Go {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}

export interface Api {
  assess(json: string): string;
  curve(json: string, maxSalary: number, step: number): string;
  version: string;
}

// engineBytes reads the engine: from Cache Storage when the service worker has precached it
// (any cache of this origin holding the fingerprinted URL holds these bytes, and they are
// checked in any case), else over the network (the HTTP cache may answer). Without WebCrypto
// (a page served over plain HTTP from another machine, which is no secure context) fetch's own
// integrity check stands in, and checked says so.
async function engineBytes(ref: EngineRef): Promise<{ bytes: ArrayBuffer; checked: boolean }> {
  if (!globalThis.crypto?.subtle) {
    const res = await fetch(ref.url, { integrity: ref.integrity });
    if (!res.ok) throw new Error("engine: HTTP " + res.status);
    return { bytes: await res.arrayBuffer(), checked: true };
  }
  let cached: Response | undefined;
  try {
    cached = await caches.match(ref.url);
  } catch {
    cached = undefined; // no Cache Storage here (a private window)
  }
  const res = cached ?? (await fetch(ref.url));
  if (!res.ok) throw new Error("engine: HTTP " + res.status);
  return { bytes: await res.arrayBuffer(), checked: false };
}

// compileEngine reads the engine and compiles it while WebCrypto hashes the same bytes; the
// module is returned only once they match ref's integrity. Nothing of it has run yet: that
// happens in startEngine, at instantiation. Both steps run off the host's thread, so the
// service worker may do this while it is still answering the page's requests. Compiling
// while the bytes stream in was measured and left (ARCHITECTURE.md).
export async function compileEngine(ref: EngineRef, onFetched?: () => void): Promise<WebAssembly.Module> {
  const { bytes, checked } = await engineBytes(ref);
  onFetched?.();
  const [module, matches] = await Promise.all([WebAssembly.compile(bytes), checked || matchesIntegrity(bytes, ref.integrity)]);
  if (!matches) throw new Error("engine: its bytes do not match their integrity hash");
  return module;
}

// startEngine instantiates a checked module and starts the Go runtime (on the host's thread,
// 15-25 ms), which registers the engine's functions.
export async function startEngine(module: WebAssembly.Module): Promise<Api> {
  const go = new Go();
  const instance = await WebAssembly.instantiate(module, go.importObject);
  void go.run(instance);
  const z = (globalThis as unknown as { zeisim?: Api }).zeisim;
  if (!z || typeof z.assess !== "function" || typeof z.curve !== "function") throw new Error("the engine did not register zeisim.assess and zeisim.curve");
  return z;
}

// answer runs one call. If the engine cannot run it (the Go runtime has stopped), the
// answer is failure's.
export function answer(api: Api, m: Call): Answer {
  try {
    return { id: m.id, out: m.op === "assess" ? api.assess(m.json) : api.curve(m.json, m.max, m.step) };
  } catch {
    return failure(m.id);
  }
}

// notReady is the answer to a call that arrives before the engine is up, in the engine's own
// error shape, so the page shows it like any other message.
export function notReady(id: number): Answer {
  return { id, out: `{"errors":[{"field":"(engine)","message":"計算エンジンを準備中です","message_en":"the engine is not ready"}]}` };
}
