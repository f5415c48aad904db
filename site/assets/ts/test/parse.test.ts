// Amounts typed the way residents type them (parse.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseWhole, parseYen } from "../simulator/parse";

test("parseYen reads what residents type", () => {
  const ok: [string, boolean, number][] = [
    ["5000000", false, 5000000],
    ["5,000,000", false, 5000000],
    ["５，０００，０００円", false, 5000000],
    ["¥5,000,000", false, 5000000],
    ["500万", false, 5000000],
    ["500万円", false, 5000000],
    ["5.5万", false, 55000],
    ["1万5千", false, 15000],
    ["1億2345万6789", false, 123456789],
    [" 75 万 ", false, 750000],
    ["△300,000", true, -300000],
    ["▲30万", true, -300000],
    ["-1", true, -1],
    ["0", false, 0],
    ["10000億", false, 1_000_000_000_000], // 1兆円, the largest amount accepted
  ];
  for (const [raw, neg, want] of ok) {
    const p = parseYen(raw, neg);
    assert.ok(p.ok && !p.empty, raw);
    if (p.ok) assert.equal(p.value, want, raw);
  }
});

test("parseYen refuses what it cannot read exactly", () => {
  const bad: [string, boolean, string][] = [
    ["abc", false, "format"],
    ["5万5万", false, "format"],
    ["-1", false, "negative"],
    ["1.5", false, "fraction"],
    ["1.00005万", false, "fraction"],
    ["2兆", false, "format"],
    ["10000億1", false, "too_large"], // one yen over 1兆円, the largest amount accepted
  ];
  for (const [raw, neg, want] of bad) {
    const p = parseYen(raw, neg);
    assert.equal(p.ok, false, raw);
    if (!p.ok) assert.equal(p.error, want, raw);
  }
  const empty = parseYen("  ");
  assert.ok(empty.ok && empty.empty && empty.value === 0, "empty is reported as empty, not as a silent zero");
});

test("parseWhole keeps to its range", () => {
  const a = parseWhole("４０", 0, 130);
  assert.ok(a.ok && a.value === 40);
  const b = parseWhole("131", 0, 130);
  assert.ok(!b.ok && b.error === "range");
  const c = parseWhole("40.5", 0, 130);
  assert.equal(c.ok, false);
});
