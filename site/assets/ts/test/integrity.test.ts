// The engine's integrity check (lib/integrity.ts), held to SRI's rules and to the hashes the
// generator writes (sha384, base64), with its one deliberate difference: no known algorithm,
// no match.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { matchesIntegrity } from "../lib/integrity";

const bytes = new TextEncoder().encode("\0asm\u0001\0\0\0 the engine").buffer as ArrayBuffer;
const sri = (algo: string, data: ArrayBuffer): string => algo + "-" + createHash(algo).update(new Uint8Array(data)).digest("base64");
const other = new TextEncoder().encode("\0asm\u0001\0\0\0 the engine, altered").buffer as ArrayBuffer;

test("the engine runs only when its bytes match their SRI hash", async () => {
  const cases: [string, string, boolean][] = [
    ["the generator's sha384", sri("sha384", bytes), true],
    ["sha256", sri("sha256", bytes), true],
    ["sha512", sri("sha512", bytes), true],
    ["another file's hash", sri("sha384", other), false],
    ["one byte of the digest changed", sri("sha384", bytes).replace(/.$/, (c) => (c === "A" ? "B" : "A")), false],
    ["two hashes of the strongest kind, one matching", sri("sha384", other) + " " + sri("sha384", bytes), true],
    ["a weaker matching hash beside a stronger wrong one (only the strongest counts)", sri("sha256", bytes) + " " + sri("sha512", other), false],
    ["options after ?", sri("sha384", bytes) + "?ct=application/wasm", true],
    ["empty metadata", "", false],
    ["an unknown algorithm only", "md5-" + createHash("md5").update(new Uint8Array(bytes)).digest("base64"), false],
    ["malformed", "sha384-not base64!", false],
  ];
  for (const [name, metadata, want] of cases) {
    assert.equal(await matchesIntegrity(bytes, metadata), want, name);
  }
});
