// Number entry the way residents type figures: 全角 digits, commas, 円 and ¥, 万/千/億 units,
// and the accounting minus marks △ ▲ where a loss is allowed.

export type ParseError = "format" | "negative" | "fraction" | "too_large" | "range" | "required";

export type Parsed = { ok: true; value: number; empty: boolean } | { ok: false; error: ParseError };

// The largest amount accepted: 1兆円. Anything beyond is a typing mistake, and staying far
// below 2^53 keeps every figure exact in JavaScript and in the engine's int64.
const MAX_YEN = 1_000_000_000_000;

const UNITS: Record<string, number> = { "億": 100_000_000, "万": 10_000, "千": 1_000 };

// parseYen reads an amount of yen. Empty means 0 and is reported as empty, so the page can say
// "not entered" rather than show a silent zero.
export function parseYen(raw: string, allowNegative = false): Parsed {
  // NFKC turns 全角 digits, "，" and "．" into ASCII and "￥" into "¥".
  let s = raw.normalize("NFKC").replace(/[\s,、]/g, "");
  s = s.replace(/^[¥\\]/, "").replace(/円$/, "");
  if (s === "") return { ok: true, value: 0, empty: true };
  let sign = 1;
  if (/^[-−△▲ー]/.test(s)) {
    sign = -1;
    s = s.slice(1);
  }
  // "1億2345万6789", "500万", "5.5万", "1万5千", "5000000"
  const re = /(\d+(?:\.\d*)?)(億|万|千)?/y;
  let total = 0n;
  let lastUnit = Infinity;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) return { ok: false, error: "format" };
    const unit = m[2] ? UNITS[m[2]] : 1;
    // Units must go down: "5万1億" or "5千3千" is not an amount.
    if (unit >= lastUnit || (unit === 1 && lastUnit === 1)) return { ok: false, error: "format" };
    lastUnit = unit;
    const [whole, frac = ""] = m[1].split(".");
    const scaled = BigInt(whole + frac) * BigInt(unit);
    const div = 10n ** BigInt(frac.length);
    if (scaled % div !== 0n) return { ok: false, error: "fraction" };
    total += scaled / div;
    pos = re.lastIndex;
  }
  if (total > BigInt(MAX_YEN)) return { ok: false, error: "too_large" };
  const value = Number(total) * sign;
  if (value < 0 && !allowNegative) return { ok: false, error: "negative" };
  return { ok: true, value: value === 0 ? 0 : value, empty: false };
}

// parseWhole reads a whole number in [min, max] (ages, years), 全角 allowed, "歳"/"年" ignored.
export function parseWhole(raw: string, min: number, max: number): Parsed {
  const s = raw.normalize("NFKC").replace(/[\s歳才年]/g, "");
  if (s === "") return { ok: true, value: 0, empty: true };
  if (!/^\d+$/.test(s)) return { ok: false, error: "format" };
  const v = Number(s);
  if (v < min || v > max) return { ok: false, error: "range" };
  return { ok: true, value: v, empty: false };
}
