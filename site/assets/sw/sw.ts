/// <reference lib="webworker" />
// The service worker (published unfingerprinted at /sw.js, revalidated on every visit).
//
// The generator builds it with the list of files to precache and a cache name derived from
// their contents: every fingerprinted asset (the simulator's scripts, styles and engine),
// every page, the manifest and the icons. A new build means a new sw.js with a new cache
// name; it installs beside the old one, then deletes it on activation.
declare const __ZEISIM_PRECACHE__: { url: string; integrity?: string }[];
declare const __ZEISIM_CACHE__: string;
declare const __ZEISIM_CACHE_PREFIX__: string;

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
