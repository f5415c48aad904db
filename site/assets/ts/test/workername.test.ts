// The Worker's name carries the engine to load (lib/workername.ts): what the page writes the
// Worker reads back, and a name that does not say which engine is refused, never guessed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { engineFromName, workerName } from "../lib/workername";

test("the Worker reads back the engine the page named", () => {
  const engine = { url: "https://example.jp/a/tax.16a8b7b1a9b3.wasm", integrity: "sha384-abc" };
  assert.deepEqual(engineFromName(workerName(engine)), engine);
});

test("a name that does not say which engine is refused", () => {
  const cases: [string, string][] = [
    ["empty (a Worker started without a name)", ""],
    ["not JSON", "engine"],
    ["null", "null"],
    ["no integrity", JSON.stringify({ url: "https://example.jp/a/tax.wasm" })],
    ["empty integrity", JSON.stringify({ url: "https://example.jp/a/tax.wasm", integrity: "" })],
    ["a number for the URL", JSON.stringify({ url: 1, integrity: "sha384-abc" })],
  ];
  for (const [name, value] of cases) assert.equal(engineFromName(value), null, name);
});
