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
