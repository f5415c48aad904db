// The engine's Worker learns which engine to load from its name (new Worker(url, { name })),
// which it can read as it starts: a first message would wait for the page's main thread to
// hand it over, and that thread is busy building the form just then (~14 ms, measured). The
// page writes the name (simulator/engine.ts), the Worker reads it (engine-worker.ts).

export interface EngineRef {
  url: string; // absolute: the Worker resolves nothing against the page's address
  integrity: string; // the SRI metadata the generator wrote for the engine
}

export function workerName(engine: EngineRef): string {
  return JSON.stringify({ url: engine.url, integrity: engine.integrity });
}

// engineFromName returns the engine a name asks for, or null for a name that does not say.
export function engineFromName(name: string): EngineRef | null {
  try {
    const e = JSON.parse(name) as { url?: unknown; integrity?: unknown } | null;
    return e && typeof e.url === "string" && typeof e.integrity === "string" && e.url !== "" && e.integrity !== "" ? { url: e.url, integrity: e.integrity } : null;
  } catch {
    return null;
  }
}
