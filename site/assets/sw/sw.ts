/// <reference lib="webworker" />
// The service worker (published unfingerprinted at /sw.js, revalidated on every visit).
//
// The generator builds it with the list of files to precache and a cache name derived from
// their contents: every fingerprinted asset (the simulator's scripts, styles and engine),
// every page, the manifest and the icons. A new build means a new sw.js with a new cache
// name; it installs beside the old one, then deletes it on activation.
//
// It also hosts the engine for the simulator pages it controls (lib/enginehost.ts): a
// dedicated Worker starts 25-35 ms after the page asks for it and then reads, compiles and
// starts the engine, all on the path to a returning resident's first result. Here the engine
// is read and compiled as the page is requested, started when the page asks, and kept while
// the worker runs. A page the service worker does not control starts its own Worker.
import { answer, Api, compileEngine, startEngine } from "../ts/lib/enginehost";
import { failure, type Call, type Hello } from "../ts/lib/enginemessages";

declare const __ZEISIM_PRECACHE__: { url: string; integrity?: string }[];
declare const __ZEISIM_CACHE__: string;
declare const __ZEISIM_CACHE_PREFIX__: string;
declare const __ZEISIM_ENGINE__: { url: string; integrity: string; pages: string[] } | null;

const sw = self as unknown as ServiceWorkerGlobalScope;
const assetPrefix = "/a/";

sw.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(__ZEISIM_CACHE__);
      await Promise.all(
        __ZEISIM_PRECACHE__.map(async ({ url, integrity }) => {
          // Pages skip the HTTP cache (cache: "reload") so the worker never keeps an old one.
          // Fingerprinted files may come from it: a name never changes content, and the page
          // has usually just downloaded them (the engine above all). integrity makes a
          // tampered asset fail the install instead of being served offline for a year.
          const mode: RequestCache = url.startsWith(assetPrefix) ? "default" : "reload";
          const res = await fetch(new Request(url, { cache: mode, integrity: integrity ?? "" }));
          if (!res.ok) throw new Error("precache " + url + ": HTTP " + res.status);
          await cache.put(url, res);
        }),
      );
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(__ZEISIM_CACHE_PREFIX__) && name !== __ZEISIM_CACHE__) await caches.delete(name);
      }
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== sw.location.origin) return;
  if (req.mode === "navigate" && __ZEISIM_ENGINE__?.pages.includes(url.pathname)) {
    // Read and compile now, off this thread, while the page loads; nothing of it runs yet.
    void compiled().catch(() => undefined);
  }
  if (url.pathname.startsWith(assetPrefix)) {
    // Fingerprinted: a name never changes content, so the cache answers first.
    event.respondWith(
      caches.open(__ZEISIM_CACHE__).then(async (cache) => (await cache.match(req, { ignoreVary: true })) ?? fetch(req)),
    );
    return;
  }
  // Pages and other files: the network first, so a new build or the maintenance page shows
  // at once; the cache only when the network fails.
  event.respondWith(
    fetch(req).catch(async () => {
      const cache = await caches.open(__ZEISIM_CACHE__);
      const hit = await cache.match(req, { ignoreSearch: true, ignoreVary: true });
      return hit ?? Response.error();
    }),
  );
});

// The engine: compiled is the checked module, started the running engine. A failure is
// forgotten, so that the next page to ask tries again (and says why if it fails again).
let module: Promise<WebAssembly.Module> | null = null;
let running: Promise<Api> | null = null;

function engineRef(): { url: string; integrity: string } {
  if (!__ZEISIM_ENGINE__) throw new Error("service worker: this site hosts no engine");
  return { url: new URL(__ZEISIM_ENGINE__.url, sw.location.href).href, integrity: __ZEISIM_ENGINE__.integrity };
}

function compiled(): Promise<WebAssembly.Module> {
  module ??= compileEngine(engineRef()).catch((err) => {
    module = null;
    throw err;
  });
  return module;
}

function started(): Promise<Api> {
  running ??= compiled()
    .then(startEngine)
    .catch((err) => {
      running = null;
      throw err;
    });
  return running;
}

// Messages from the pages this worker controls (only same-origin pages can send them): "engine"
// asks for the engine a page was built with, then calls follow. The answer goes to the page
// that asked. A page built with another engine (a new build's worker took over) is told so and
// starts its own Worker.
sw.addEventListener("message", (event) => {
  const client = event.source;
  const m = event.data as Hello | Call;
  if (!client || typeof m !== "object" || m === null || !["engine", "assess", "curve"].includes(m.op)) return;
  event.waitUntil(
    (async () => {
      if (m.op === "engine") {
        try {
          const want = engineRef();
          if (m.url !== want.url || m.integrity !== want.integrity) throw new Error("service worker: it hosts another engine than the page's");
          client.postMessage({ op: "ready", version: (await started()).version });
        } catch (err) {
          client.postMessage({ op: "failed", message: String(err) });
        }
        return;
      }
      // The engine is up unless the browser stopped this worker since the page's "engine":
      // then it starts again here, and if that fails (its cached bytes no longer match their
      // hash), the answer is failure's.
      const api = await started().catch(() => null);
      client.postMessage(api ? answer(api, m) : failure(m.id));
    })(),
  );
});
