// The simulator's words come from one string table per language: site/i18n/simulator/<lang>.json
// (the generator's own theme strings are site/i18n/<lang>.json). The generator bundles the
// simulator once per table, so adding a language is adding a file (plus its pages in
// content/<lang>/).

import strings from "zeisim:strings";

export type Table = Record<string, string>;

export class Lang {
  readonly code: string;
  readonly table: Table;
  readonly fallback: Table;
  private readonly group: string;
  private readonly point: string;
  private readonly dates = new Map<string, Intl.DateTimeFormat>();

  constructor(code: string, table: Table, fallback: Table) {
    this.code = code;
    this.table = table;
    this.fallback = fallback;
    // Numbers are grouped by hand: the first Intl.NumberFormat of a page loads ICU's number
    // data, a 40-50 ms task on a phone (x4 CPU) before the form could be built.
    this.group = this.t("format.group_sep");
    this.point = this.t("format.decimal_point");
  }

  get locale(): string {
    return this.table["locale"] ?? this.code;
  }

  // readsJapanese: the engine writes its messages, step labels and reasons in Japanese, with
  // English beside most of them. A page whose locale is Japanese (ja, and ja-easy, which is
  // lang="ja") shows the Japanese text; every other page the English one where there is one.
  // For やさしい日本語 the Japanese text is the right one: its readers read Japanese, not
  // necessarily English, and the engine's message keeps the exact tax term of the papers.
  get readsJapanese(): boolean {
    return this.locale.split("-")[0] === "ja";
  }

  // t looks a string up and fills {name} placeholders. A key missing from the language falls
  // back to Japanese, and a key missing everywhere shows itself, so a gap is visible, not blank.
  t(key: string, params?: Record<string, string | number>): string {
    let s = this.table[key] ?? this.fallback[key] ?? key;
    if (params) {
      s = s.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
    }
    return s;
  }

  has(key: string): boolean {
    return key in this.table || key in this.fallback;
  }

  // number writes n with digit groups and at most three decimals, as Intl.NumberFormat does
  // by default for the site's locales (lang.test.ts compares the two).
  number(n: number): string {
    if (!Number.isFinite(n)) return String(n);
    const r = Math.round(Math.abs(n) * 1000) / 1000;
    const [whole, frac] = String(r).split(".");
    return (n < 0 && r !== 0 ? "-" : "") + groupDigits(whole, this.group) + (frac ? this.point + frac : "");
  }

  // yen formats an amount the language's way: "241,300円" or "¥241,300".
  yen(n: number): string {
    const body = this.t("format.yen", { n: this.number(Math.abs(n)) });
    return n < 0 ? "−" + body : body;
  }

  // signedNumber shows a difference with its sign written out, never by colour alone.
  signedNumber(n: number): string {
    if (n === 0) return this.number(0);
    return (n > 0 ? "+" : "−") + this.number(Math.abs(n));
  }

  // decimal formats an engine trace amount, a decimal string that may carry a fraction
  // ("79574.25"), without going through a float.
  decimal(s: string): string {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
    if (!m) return s;
    const whole = groupDigits(m[2].replace(/^0+(?=\d)/, ""), this.group);
    return (m[1] ? "−" : "") + whole + (m[3] ? this.point + m[3] : "");
  }

  // date formats with a cached formatter: building an Intl.DateTimeFormat costs about half a
  // millisecond, and one result shows sixteen dates.
  date(d: Date, opts: Intl.DateTimeFormatOptions): string {
    const key = JSON.stringify(opts);
    let f = this.dates.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(this.locale, opts);
      this.dates.set(key, f);
    }
    return f.format(d);
  }
}

// groupDigits puts sep between groups of three digits, counted from the right.
function groupDigits(digits: string, sep: string): string {
  const head = ((digits.length - 1) % 3) + 1;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += sep + digits.slice(i, i + 3);
  return out;
}

// loadLang gives the page's words: the one string table this bundle was built with
// (simulator-<lang>.js carries site/i18n/simulator/<lang>.json, aliased as "zeisim:strings").
// Every table has every key of ja.json (generator/build's TestSimulatorTablesComplete), so no
// second table is shipped as a fallback; a key missing all the same shows itself.
export function loadLang(code: string): Promise<Lang> {
  return Promise.resolve(new Lang(code, strings, strings));
}
