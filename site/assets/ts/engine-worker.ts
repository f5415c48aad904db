// The engine's dedicated Worker, used when no service worker controls the page (a first
// visit, a private window, a forced reload): it reads, checks, compiles and starts the Go
// engine and runs every assessment (lib/enginehost.ts), so none of that blocks the page's main
// thread. The page starts it while checking this file's SRI hash, uses it only once the check
// has passed, and names the engine's URL and hash in its name.
import { answer, Api, compileEngine, notReady, startEngine } from "./lib/enginehost";
import type { Call } from "./lib/enginemessages";
import { engineFromName } from "./lib/workername";

const scope = self as unknown as { name: string; onmessage: ((e: MessageEvent<Call>) => void) | null; postMessage(m: unknown): void };
let api: Api | null = null;

const engine = engineFromName(scope.name);
if (engine) {
  compileEngine(engine, () => scope.postMessage({ op: "fetched" })) // for the page's performance marks
    .then(startEngine)
    .then((z) => {
      api = z;
      scope.postMessage({ op: "ready", version: z.version });
    })
    .catch((err) => scope.postMessage({ op: "failed", message: String(err) }));
} else {
  scope.postMessage({ op: "failed", message: "engine worker: its name does not say which engine to load" });
}

scope.onmessage = (e) => scope.postMessage(api ? answer(api, e.data) : notReady(e.data.id));
