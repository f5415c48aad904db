// The share link and the exported file: what goes in comes back, byte for byte, and what
// does not decode is refused with a reason, never half-read.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decode, encode, fromFragment, leaves, link, MAX_HOUSEHOLD_BYTES, parseJSON, relatives } from "../simulator/household";

const households: Record<string, unknown>[] = [
  {},
  { fiscal_year: 2026, taxpayer: { age: 40 }, income: { salary: 5000000 }, deductions: { social_insurance: 750000 } },
  // Every byte value of base64 (+ and / become - and _), Japanese text and a negative figure.
  { municipality: "142051", note: "藤沢市 △ ¥ ～", income: { business: -300000, separate: { listed_stock_gains: -1 } }, spouse: { age: 40, income: {} }, dependents: [{ age: 17 }, { age: 12, living_together: true }] },
  { x: "\u{1F600}?>>>???", y: [[], {}, null, true, false, 0.5] },
];

test("encode then decode returns the same household", () => {
  for (const h of households) {
    const enc = encode(h);
    assert.match(enc, /^[A-Za-z0-9_-]*$/, "base64url without padding");
    const d = decode(enc);
    assert.ok(d.ok);
    if (d.ok) assert.deepEqual(d.input, h);
  }
});

test("a link carries the household in its fragment only", () => {
  const h = households[1];
  const url = link("https://zei.example.jp/simulator/?x=1#old", h);
  const u = new URL(url);
  assert.equal(u.origin + u.pathname, "https://zei.example.jp/simulator/");
  assert.equal(u.search, "", "no query: a query would be sent to the server");
  const enc = fromFragment(u.hash);
  assert.ok(enc !== null);
  const d = decode(enc ?? "");
  assert.ok(d.ok && JSON.stringify(d.input) === JSON.stringify(h));
});

test("fromFragment ignores other fragments", () => {
  assert.equal(fromFragment(""), null);
  assert.equal(fromFragment("#result"), null);
  assert.equal(fromFragment("#households=abc"), null);
  assert.equal(fromFragment("#household="), "");
  assert.equal(fromFragment("household=abc"), "abc");
});

test("bad links and files are refused with a reason", () => {
  const cases: [string, string][] = [
    ["!!!", "format"], // not base64url
    ["abc", "format"], // "i·" is not JSON
    [encode([1, 2] as unknown as Record<string, unknown>), "not_object"],
    [btoa("null"), "not_object"],
    [btoa("\xff\xfe"), "format"], // not UTF-8
    ["A".repeat(MAX_HOUSEHOLD_BYTES * 2), "too_large"],
  ];
  for (const [enc, want] of cases) {
    const d = decode(enc);
    assert.equal(d.ok, false, enc.slice(0, 20));
    if (!d.ok) assert.equal(d.error, want, enc.slice(0, 20));
  }
  const big = parseJSON(JSON.stringify({ note: "あ".repeat(MAX_HOUSEHOLD_BYTES / 3 + 1) }));
  assert.ok(!big.ok && big.error === "too_large", "the limit counts UTF-8 bytes, not characters");
  assert.ok(parseJSON('{"a":1}').ok);
  const trailing = parseJSON('{"a":1} x');
  assert.ok(!trailing.ok && trailing.error === "format");
});

test("leaves names every figure by the form's path", () => {
  const got = Object.fromEntries(leaves(households[2]));
  assert.deepEqual(got, {
    municipality: "142051",
    note: "藤沢市 △ ¥ ～",
    "income.business": -300000,
    "income.separate.listed_stock_gains": -1,
    "spouse.age": 40,
    "dependents[0].age": 17,
    "dependents[1].age": 12,
    "dependents[1].living_together": true,
  });
  assert.deepEqual(relatives(households[2]), { spouse: true, dependents: 2 });
  assert.deepEqual(relatives({ spouse: null, dependents: {} }), { spouse: false, dependents: 0 });
});
