// The string tables as the page reads them (i18n.ts): placeholders, the Japanese fallback
// and the yen format of each language.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Lang, Table } from "../simulator/i18n";
import ja from "../../../i18n/simulator/ja.json";
import en from "../../../i18n/simulator/en.json";
import easy from "../../../i18n/simulator/ja-easy.json";

const tables: [string, Table][] = [
  ["ja", ja],
  ["en", en],
  ["ja-easy", easy],
];

test("every table fills its placeholders and falls back to Japanese", () => {
  for (const [code, table] of tables) {
    const lang = new Lang(code, table, ja);
    assert.equal(lang.t("no.such.key"), "no.such.key", "a missing key shows itself, not a blank");
    const s = lang.t("status.problems", { n: 3 });
    assert.ok(s.includes("3") && !s.includes("{n}"), code + ": " + s);
    const partial = new Lang(code, { locale: table.locale }, ja);
    assert.equal(partial.t("share.heading"), ja["share.heading"], code + ": falls back to ja");
  }
});

test("yen and decimals are written the language's way", () => {
  const want: Record<string, [string, string, string]> = {
    ja: ["241,300円", "−1,000円", "79,574.25"],
    en: ["¥241,300", "−¥1,000", "79,574.25"],
    "ja-easy": ["241,300円", "−1,000円", "79,574.25"],
  };
  for (const [code, table] of tables) {
    const lang = new Lang(code, table, ja);
    assert.equal(lang.yen(241300), want[code][0], code);
    assert.equal(lang.yen(-1000), want[code][1], code);
    assert.equal(lang.decimal("79574.25"), want[code][2], code);
    assert.equal(lang.signedNumber(-5), "−5", code);
  }
});

test("numbers are grouped as Intl.NumberFormat groups them in each table's locale", () => {
  // The page groups digits by hand (i18n.ts: the first Intl.NumberFormat costs a long task on a
  // phone); this holds it to what Intl writes, on edges and on random amounts.
  const values = [0, 1, 12, 123, 1234, 12345, 123456, 1234567, 999999, 1000000, 100000000, 9007199254740991, -1, -999, -1000, -241300, 0.5, 24.13, 2.4567, 99.9995, -3.25, 1234.5678, 0.001, 0.0004];
  let seed = 7;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 2000; i++) {
    const mag = 10 ** Math.floor(rand() * 12);
    values.push(Math.floor(rand() * mag) * (rand() < 0.2 ? -1 : 1), Math.round(rand() * mag * 100) / 100);
  }
  for (const [code, table] of tables) {
    const lang = new Lang(code, table, ja);
    const intl = new Intl.NumberFormat(table.locale);
    for (const v of values) if (!Object.is(v, -0)) assert.equal(lang.number(v), intl.format(v), `${code}: ${v}`);
    assert.equal(lang.number(-0), "0", "no minus on a zero (Intl writes -0)");
    assert.equal(lang.decimal("1234567890123456789012"), "1,234,567,890,123,456,789,012", code);
    assert.equal(lang.decimal("-0079574.25"), "−79,574.25", code);
  }
});
