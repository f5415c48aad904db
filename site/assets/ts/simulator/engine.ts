// The engine's JSON contract (shared/docs/engine-io.md, v1) as the page reads it, and the
// page's side of the engine's host (site/assets/ts/lib/enginehost.ts): the service worker
// (site/assets/sw/sw.ts) or the page's own Worker (site/assets/ts/engine-worker.ts).

import { failure, type Call, type Hello, type HostMessage, type Request } from "../lib/enginemessages";
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
  // where the engine runs: the service worker (a returning visit) or the page's own Worker
  host: "service-worker" | "worker";
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

// Link is the page's side of the engine's host: calls wait in pending until answered, so that
// when the host changes (the service worker is replaced by a new build's) the calls still
// unanswered are sent again to the new one.
class Link {
  private pending = new Map<number, { msg: Call; resolve: (out: string) => void }>();
  private next = 1;
  private post: ((m: Call) => void) | null = null;

  call(msg: Request): Promise<string> {
    return new Promise((resolve) => {
      const m: Call = { ...msg, id: this.next++ };
      this.pending.set(m.id, { msg: m, resolve });
      this.post?.(m);
    });
  }

  // attach sends the calls to post from now on, and those still unanswered at once.
  attach(post: ((m: Call) => void) | null): void {
    this.post = post;
    if (post) for (const p of this.pending.values()) post(p.msg);
  }

  // fail answers every call, waiting or to come, as a host whose engine cannot run does.
  fail(): void {
    this.post = (m) => this.receive(failure(m.id));
    for (const id of [...this.pending.keys()]) this.receive(failure(id));
  }

  receive(m: HostMessage): void {
    if (m.id === undefined) return;
    this.pending.get(m.id)?.resolve(m.out ?? "");
    this.pending.delete(m.id);
  }
}

// A started host: how to send it a call, and the engine's version.
interface Host {
  post(m: Call): void;
  version: string;
  where: "service-worker" | "worker";
}

// fromServiceWorker asks the service worker controlling the page for the engine (sw.ts), or
// resolves null: no worker controls the page, it hosts another engine (a new build's worker
// took over), it failed, or it did not answer within the limit. onLost is called if the
// controller is replaced later (a new build's worker took over).
function fromServiceWorker(engine: EngineRef, link: Link, onLost: () => void): Promise<Host | null> {
  const container = "serviceWorker" in navigator ? navigator.serviceWorker : null;
  const sw = container?.controller;
  if (!container || !sw) return Promise.resolve(null);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (h: Host | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!h) {
        container.removeEventListener("message", onMessage);
        container.removeEventListener("controllerchange", onChange);
      }
      resolve(h);
    };
    const onMessage = (e: MessageEvent<HostMessage>) => {
      if (e.source !== sw || typeof e.data !== "object" || e.data === null) return;
      const m = e.data;
      if (m.op === "ready") settle({ post: (c) => sw.postMessage(c), version: m.version ?? "", where: "service-worker" });
      else if (m.op === "failed") settle(null);
      else link.receive(m);
    };
    const onChange = () => {
      if (!settled) return settle(null);
      container.removeEventListener("message", onMessage);
      container.removeEventListener("controllerchange", onChange);
      onLost();
    };
    // A worker that never answers (stopped mid-way by the browser) must not leave the page
    // waiting: its own Worker takes over.
    const timer = setTimeout(() => settle(null), serviceWorkerPatience);
    container.addEventListener("message", onMessage);
    container.addEventListener("controllerchange", onChange);
    container.startMessages();
    const hello: Hello = { op: "engine", url: engine.url, integrity: engine.integrity };
    sw.postMessage(hello);
  });
}

// serviceWorkerPatience is how long the page waits for the service worker's engine before
// starting its own Worker: well above a slow phone's start of the engine (~1 s at 4x CPU).
const serviceWorkerPatience = 10_000;

// fromWorker starts the engine's own Worker from its fingerprinted URL, naming in its name
// the engine it is to load (lib/workername.ts). A Worker cannot carry an integrity attribute,
// so the page checks that URL's bytes against the SRI hash (fetch with integrity) while the
// Worker starts, and the engine is used only once the check has passed; on a mismatch the
// Worker is stopped. The Worker's own request is answered from the HTTP cache (the asset is
// immutable) or the service worker's precache, itself fetched with integrity. Under Trusted
// Types the one policy for it accepts exactly this URL. first: it is the page's first host
// (its marks time the page's start).
async function fromWorker(worker: { url: string; integrity: string }, engine: EngineRef, link: Link, first: boolean): Promise<Host> {
  const checked = fetch(worker.url, { integrity: worker.integrity }).then(async (res) => {
    if (!res.ok) throw new Error("engine worker: HTTP " + res.status);
    await res.arrayBuffer(); // the whole body: integrity is checked once it has all arrived
  });
  const w = new Worker(onlyScriptURL(__ZEISIM_ENGINE_POLICY__, worker.url), { name: workerName(engine) });
  const ready = new Promise<string>((resolve, reject) => {
    w.onmessage = (e: MessageEvent<HostMessage>) => {
      const m = e.data;
      if (m.op === "fetched") {
        if (first) performance.mark("zeisim:wasm-fetched"); // the page's first host only
      } else if (m.op === "ready") resolve(m.version ?? "");
      else if (m.op === "failed") reject(new Error(m.message));
      else link.receive(m);
    };
    w.onerror = (e) => reject(new Error(e.message));
  });
  try {
    const [version] = await Promise.all([ready, checked]);
    return { post: (c) => w.postMessage(c), version, where: "worker" };
  } catch (err) {
    w.terminate(); // a Worker whose script failed its check is never used
    throw err;
  }
}

// loadEngine finds the engine a host: the service worker when it controls the page and hosts
// this engine (it has read and compiled the engine while the page loaded, or kept it running
// from a visit moments ago), else the page's own Worker. The compile, the Go runtime's start
// and every call stay off the page's main thread either way. The promise resolves once the
// engine answers.
//
// Measured and chosen (make bench-sim, 10 visits a run, runs alternating with the build
// before this change): a returning visit's first result came at 65-66 ms instead of 132 ms
// (113-115 ms once the browser had stopped the service worker). The service worker's messages
// pass through the browser, so a keystroke's result takes ~1.5 ms more than from a Worker
// (mean 4.2 -> 5.7 ms, p95 9.0 -> 11.0-11.6 ms). Left, in neighbouring runs: a MessageChannel
// to it (mean 6.0 against 7.4 ms then), whose messages do not keep the worker running; moving
// the calls to a Worker of the page's own after the first result, which starts a second
// engine on every visit, and whose start, as typing begins, took the p95 to 17.8 ms. After
// 30 s without a call the browser stops the service worker; the next call starts it again and
// waits for its engine (~50 ms, once).
export async function loadEngine(worker: { url: string; integrity: string }, wasm: { url: string; integrity: string }): Promise<Engine> {
  const ref: EngineRef = { url: new URL(wasm.url, location.href).href, integrity: wasm.integrity };
  const link = new Link();
  let first = true;
  let own: Promise<Host> | null = null;
  const ownWorker = () => (own ??= fromWorker(worker, ref, link, first));
  const lost = () => {
    // A new build's service worker took over: unanswered calls wait for it if it hosts the
    // same engine, else for the page's own Worker (whose files the new build may no longer
    // publish: then the page says the engine failed, and a reload brings the new build).
    link.attach(null);
    performance.mark("zeisim:engine-moved");
    void (async () => {
      const h = (await fromServiceWorker(ref, link, lost)) ?? (await ownWorker().catch(() => null));
      if (!h) return link.fail();
      link.attach(h.post);
      engine.host = h.where;
    })();
  };
  const host = (await fromServiceWorker(ref, link, lost)) ?? (await ownWorker());
  first = false;
  link.attach(host.post);
  if (host.where === "service-worker") performance.mark("zeisim:engine-in-service-worker");
  performance.mark("zeisim:wasm-instantiated");
  const engine: Engine = {
    assess: (json) => link.call({ op: "assess", json }),
    curve: (json, max, step) => link.call({ op: "curve", json, max, step }),
    version: host.version,
    host: host.where,
  };
  (globalThis as unknown as { zeisim?: Engine }).zeisim = engine;
  return engine;
}
