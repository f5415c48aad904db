// Site-wide script, on every page: registers the service worker that keeps the site and the
// simulator usable offline. No console output: a page must stay quiet in the console.
//
// The site enforces Trusted Types (require-trusted-types-for 'script'), under which
// serviceWorker.register() accepts only a TrustedScriptURL. The one policy the CSP allows
// (trusted-types __ZEISIM_SW_POLICY__) turns exactly the service worker's URL into one and
// refuses anything else.
import { onlyScriptURL } from "./lib/scripturl";

declare const __ZEISIM_SW_POLICY__: string;
declare const __ZEISIM_SW_URL__: string;

function serviceWorkerURL(): string {
  return onlyScriptURL(__ZEISIM_SW_POLICY__, __ZEISIM_SW_URL__);
}

function registerServiceWorker(): void {
  const root = document.documentElement;
  if (!("serviceWorker" in navigator)) {
    root.dataset.offline = "unsupported"; // e.g. plain http on a non-local host
    return;
  }
  navigator.serviceWorker
    .register(serviceWorkerURL(), { scope: "/" })
    .then(() => navigator.serviceWorker.ready)
    .then(
      () => {
        // Tests and the page's own UI can tell that the site now works offline.
        root.dataset.offline = "ready";
      },
      () => {
        root.dataset.offline = "failed";
      },
    );
}

// whenSettled runs then once the page has what it came for. The worker's install downloads
// every page and the engine again for offline use; started at once, it competes with the
// simulator's own download of the 2.6 MB engine on a first visit. After it, the worker takes
// the fingerprinted files from the HTTP cache instead (see sw.ts).
function whenSettled(then: () => void): void {
  // The simulator marks data-engine "ready" or "failed"; either ends the wait (a failed
  // engine must not also cost the resident the offline copy of the pages).
  const sim = document.getElementById("simulator");
  if (sim && !sim.dataset.engine) {
    const watch = new MutationObserver(() => {
      if (sim.dataset.engine) {
        watch.disconnect();
        then();
      }
    });
    watch.observe(sim, { attributes: true, attributeFilter: ["data-engine"] });
    return;
  }
  if (document.readyState === "complete") then();
  else addEventListener("load", then, { once: true });
}

whenSettled(registerServiceWorker);
