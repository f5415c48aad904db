// Subresource Integrity (https://www.w3.org/TR/SRI/) checked by hand, for the engine: the
// Worker reads the engine's bytes (from the precache, or fetched), compiles them while
// WebCrypto hashes the same bytes, and instantiates the module, which is when any of it can
// run, only after matchesIntegrity has accepted them. fetch's integrity option would hash them
// on the Worker's own thread before the compile could start.

const algorithms: Record<string, { name: string; strength: number }> = {
  sha256: { name: "SHA-256", strength: 1 },
  sha384: { name: "SHA-384", strength: 2 },
  sha512: { name: "SHA-512", strength: 3 },
};

// matchesIntegrity reports whether bytes match the integrity metadata ("sha384-<base64>", or
// several tokens separated by spaces). As in SRI, only the strongest algorithm given counts,
// and any one of its digests may match. Unlike SRI, metadata without a known algorithm never
// matches: the engine must not run unchecked because of a build mistake.
export async function matchesIntegrity(bytes: ArrayBuffer, metadata: string): Promise<boolean> {
  let best = 0;
  const wanted: { algo: string; digest: string }[] = [];
  for (const token of metadata.trim().split(/\s+/)) {
    const m = /^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(token);
    if (!m) continue;
    const strength = algorithms[m[1]].strength;
    if (strength > best) {
      best = strength;
      wanted.length = 0;
    }
    if (strength === best) wanted.push({ algo: m[1], digest: m[2] });
  }
  if (wanted.length === 0) return false;
  const sum = new Uint8Array(await crypto.subtle.digest(algorithms[wanted[0].algo].name, bytes));
  let binary = "";
  for (const b of sum) binary += String.fromCharCode(b);
  const got = btoa(binary);
  return wanted.some((w) => w.digest === got);
}
