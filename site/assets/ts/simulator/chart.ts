// Pictures drawn by our own code as SVG: the household's tax against salary (with the resident's
// position, the 非課税 line and the walls where the tax jumps) and a bar of where the total comes
// from. Each has a text alternative: a caption that says what the picture shows and a table.

import { h, s } from "./dom";
import { CurvePoint, Engine, Result } from "./engine";
import { Lang } from "./i18n";

export const CURVE_MAX = 15_000_000;
export const CURVE_STEP = 100_000;

// Fills are told apart by pattern as well as colour, and the legend repeats them in words.
const SERIES = [
  { key: "city", fill: "#1f5fa8", pattern: "solid" },
  { key: "prefecture", fill: "#a04a00", pattern: "hatch" },
  { key: "forest", fill: "#2e6b30", pattern: "dots" },
] as const;

function defs(prefix: string): SVGDefsElement {
  const d = s("defs");
  const hatch = s("pattern", { id: prefix + "-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, s("rect", { width: 6, height: 6, fill: "#fbe3cf" }), s("rect", { width: 2.5, height: 6, fill: "#a04a00" }));
  const dots = s("pattern", { id: prefix + "-dots", width: 5, height: 5, patternUnits: "userSpaceOnUse" }, s("rect", { width: 5, height: 5, fill: "#d8ecd8" }), s("circle", { cx: 2.5, cy: 2.5, r: 1.5, fill: "#2e6b30" }));
  const dash = s("pattern", { id: prefix + "-dash", width: 8, height: 8, patternUnits: "userSpaceOnUse" }, s("rect", { width: 8, height: 8, fill: "#dbe6f4" }), s("rect", { width: 8, height: 2, fill: "#1f5fa8" }));
  d.append(hatch, dots, dash);
  return d;
}

function fillOf(prefix: string, pattern: string, colour: string): string {
  return pattern === "solid" ? colour : "url(#" + prefix + "-" + pattern + ")";
}

// manYen writes an axis amount compactly: "300万円" or "¥3M".
function compact(lang: Lang, v: number): string {
  return lang.t("format.compact", { man: lang.number(v / 10_000), m: lang.number(v / 1_000_000) });
}

function niceMax(v: number): number {
  if (v <= 0) return 10_000;
  const exp = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * exp >= v) return m * exp;
  return 10 * exp;
}

export interface Walls {
  nonTaxableAt: number | null; // first salary with any tax
  incomeLevyAt: number | null; // first salary with 所得割 (city above its 均等割)
  jumps: number[]; // salaries where the tax jumps more than the marginal rate explains
}

// findWalls reads the walls off the curve. Between two points 100,000 yen apart the tax can rise
// by at most about 10.1% of the step plus rounding (100-yen floors of two taxes); more than that
// is a wall: a deduction lost or a threshold crossed.
export async function findWalls(points: CurvePoint[], r: Result, refine?: (lo: number, hi: number, kind: "tax" | "income_levy") => Promise<number>): Promise<Walls> {
  let nonTaxableAt: number | null = null;
  let incomeLevyAt: number | null = null;
  const jumps: number[] = [];
  const perCapitaCity = r.city.per_capita || 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (nonTaxableAt === null && a.total === 0 && b.total > 0) {
      nonTaxableAt = refine ? await refine(a.salary, b.salary, "tax") : b.salary;
      continue;
    }
    if (incomeLevyAt === null && perCapitaCity > 0 && a.city <= perCapitaCity && b.city > perCapitaCity) incomeLevyAt = refine ? await refine(a.salary, b.salary, "income_levy") : b.salary;
    const step = b.salary - a.salary;
    if (a.total > 0 && b.total - a.total > step * 0.11 + 600) jumps.push(b.salary);
  }
  return { nonTaxableAt, incomeLevyAt, jumps };
}

// wallMark is the circled number of the i-th wall (①…⑳), as in the list under the chart.
export function wallMark(i: number): string {
  return i < 20 ? String.fromCodePoint(0x2460 + i) : "(" + (i + 1) + ")";
}

export function chartFigure(lang: Lang, points: CurvePoint[], r: Result, salary: number, width: number, walls: Walls): HTMLElement {
  const W = Math.max(280, Math.min(1200, Math.round(width)));
  const narrow = W < 520;
  const H = narrow ? 260 : 320;
  const m = { l: narrow ? 52 : 70, r: 12, t: 28, b: 38 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const xMax = points.length ? points[points.length - 1].salary : CURVE_MAX;
  const yMax = niceMax(Math.max(1, ...points.map((p) => p.total), r.total));
  const x = (v: number): number => m.l + (v / xMax) * pw;
  const y = (v: number): number => m.t + ph - (v / yMax) * ph;
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-labelledby": "chart-title chart-desc", class: "chart", "font-size": narrow ? 11 : 12 });
  svg.appendChild(s("title", { id: "chart-title" }, lang.t("chart.title")));
  svg.appendChild(s("desc", { id: "chart-desc" }, chartSummary(lang, walls, r, salary)));
  svg.appendChild(defs("c"));
  // Grid and axes.
  const yTicks = 4;
  for (let i = 0; i <= yTicks; i++) {
    const v = (yMax / yTicks) * i;
    svg.appendChild(s("line", { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), stroke: "#c8c8c8", "stroke-width": 1 }));
    svg.appendChild(s("text", { x: m.l - 6, y: y(v) + 4, "text-anchor": "end", fill: "#333" }, compact(lang, v)));
  }
  const xTicks = narrow ? [0, 5e6, 10e6, 15e6] : [0, 3e6, 6e6, 9e6, 12e6, 15e6];
  for (const v of xTicks) {
    if (v > xMax) continue;
    svg.appendChild(s("line", { x1: x(v), x2: x(v), y1: m.t + ph, y2: m.t + ph + 5, stroke: "#333" }));
    svg.appendChild(s("text", { x: x(v), y: m.t + ph + 18, "text-anchor": v === 0 ? "start" : v === xMax ? "end" : "middle", fill: "#333" }, compact(lang, v)));
  }
  svg.appendChild(s("text", { x: W - m.r, y: H - 4, "text-anchor": "end", fill: "#333" }, lang.t("chart.x_axis")));
  svg.appendChild(s("text", { x: 4, y: 14, fill: "#333" }, lang.t("chart.y_axis")));
  // Stacked areas: city at the bottom, then prefecture, then forest.
  if (points.length > 1) {
    let lower = points.map(() => 0);
    for (const ser of SERIES) {
      const upper = points.map((p, i) => lower[i] + p[ser.key]);
      let d = "M" + points.map((p, i) => `${x(p.salary).toFixed(1)},${y(upper[i]).toFixed(1)}`).join("L");
      for (let i = points.length - 1; i >= 0; i--) d += `L${x(points[i].salary).toFixed(1)},${y(lower[i]).toFixed(1)}`;
      svg.appendChild(s("path", { d: d + "Z", fill: fillOf("c", ser.pattern, ser.fill), stroke: "none" }));
      lower = upper;
    }
    const line = "M" + points.map((p) => `${x(p.salary).toFixed(1)},${y(p.total).toFixed(1)}`).join("L");
    svg.appendChild(s("path", { d: line, fill: "none", stroke: "#111", "stroke-width": 2 }));
  }
  svg.appendChild(s("line", { x1: m.l, x2: W - m.r, y1: m.t + ph, y2: m.t + ph, stroke: "#333" }));
  svg.appendChild(s("line", { x1: m.l, x2: m.l, y1: m.t, y2: m.t + ph, stroke: "#333" }));
  // The 非課税 line and the walls: dashed verticals with words, not colour.
  if (walls.nonTaxableAt !== null) {
    const xv = x(walls.nonTaxableAt);
    svg.appendChild(s("line", { x1: xv, x2: xv, y1: m.t, y2: m.t + ph, stroke: "#111", "stroke-dasharray": "5 4", "stroke-width": 1.5 }));
    svg.appendChild(s("text", { x: xv + 4, y: m.t + 12, fill: "#111" }, lang.t("chart.non_taxable_line")));
  }
  // Walls are numbered (①②…) rather than labelled 「壁」 each: close walls would overlap at
  // 375 px; the list under the chart says where each is and why it is there.
  let lastLabel = -Infinity;
  walls.jumps.forEach((v, i) => {
    const xv = x(v);
    svg.appendChild(s("line", { x1: xv, x2: xv, y1: m.t + 16, y2: m.t + ph, stroke: "#5a2d82", "stroke-dasharray": "2 3", "stroke-width": 1.5 }));
    if (xv - lastLabel >= 16) {
      svg.appendChild(s("text", { x: xv + 2, y: m.t + 28, fill: "#5a2d82" }, wallMark(i)));
      lastLabel = xv;
    }
  });
  // The resident's position.
  if (salary <= xMax) {
    const xv = x(salary);
    const yv = y(r.total);
    svg.appendChild(s("line", { x1: xv, x2: xv, y1: yv, y2: m.t + ph, stroke: "#111", "stroke-width": 1 }));
    svg.appendChild(s("circle", { cx: xv, cy: yv, r: 6, fill: "#fff", stroke: "#111", "stroke-width": 3 }));
    const right = xv > m.l + pw * 0.7;
    svg.appendChild(s("text", { x: right ? xv - 10 : xv + 10, y: Math.max(m.t + 10, yv - 10), "text-anchor": right ? "end" : "start", fill: "#111", "font-weight": "bold" }, lang.t("chart.you")));
  }
  const legend = h("ul", { class: "legend" });
  for (const ser of SERIES) {
    const sw = s("svg", { width: 18, height: 14, "aria-hidden": "true", focusable: "false" }, defs("l-" + ser.key), s("rect", { width: 18, height: 14, fill: fillOf("l-" + ser.key, ser.pattern, ser.fill), stroke: "#333" }));
    legend.appendChild(h("li", null, sw, lang.t("result." + ser.key)));
  }
  legend.appendChild(h("li", null, lang.t("chart.legend_total")));
  // A figcaption must be the first or the last child of its figure (HTML; the Nu Html
  // Checker refuses the table after it): the caption closes the figure.
  return h("figure", { class: "chart-figure" }, svg, legend, dataTable(lang, points, walls), h("figcaption", { id: "chart-caption" }, chartSummary(lang, walls, r, salary)));
}

function chartSummary(lang: Lang, w: Walls, r: Result, salary: number): string {
  const parts = [lang.t("chart.summary_range", { max: lang.yen(CURVE_MAX) })];
  if (w.nonTaxableAt !== null) parts.push(lang.t("chart.summary_non_taxable", { v: lang.yen(w.nonTaxableAt) }));
  if (w.incomeLevyAt !== null) parts.push(lang.t("chart.summary_income_levy", { v: lang.yen(w.incomeLevyAt) }));
  if (w.jumps.length) parts.push(lang.t("chart.summary_walls", { list: w.jumps.map((v, i) => wallMark(i) + " " + lang.yen(v)).join(lang.t("format.list_sep")) }), lang.t("chart.walls_why"));
  parts.push(lang.t("chart.summary_you", { salary: lang.yen(salary), total: lang.yen(r.total) }));
  return parts.join(" ");
}

function dataTable(lang: Lang, points: CurvePoint[], w: Walls): HTMLElement {
  const tbody = h("tbody");
  const marks = new Set([w.nonTaxableAt, w.incomeLevyAt, ...w.jumps].filter((v): v is number => v !== null));
  for (const p of points) {
    if (p.salary % 1_000_000 !== 0 && !marks.has(p.salary)) continue;
    tbody.appendChild(h("tr", null, h("th", { scope: "row" }, lang.number(p.salary)), h("td", null, lang.number(p.city)), h("td", null, lang.number(p.prefecture)), h("td", null, lang.number(p.forest)), h("td", null, lang.number(p.total))));
  }
  const table = h(
    "table",
    { class: "chart-data" },
    h("caption", null, lang.t("chart.table_caption"), h("span", { class: "unit" }, lang.t("result.unit"))),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, lang.t("chart.salary")), h("th", { scope: "col" }, lang.t("result.city")), h("th", { scope: "col" }, lang.t("result.prefecture")), h("th", { scope: "col" }, lang.t("result.forest")), h("th", { scope: "col" }, lang.t("result.total")))),
    tbody,
  );
  return h("details", { class: "chart-table" }, h("summary", null, lang.t("chart.table_summary")), table);
}

// breakdownBar shows the parts of the total as one bar, each part with a pattern, and the same
// parts as a list with amounts and shares.
export function breakdownBar(lang: Lang, r: Result): HTMLElement {
  const parts = [
    { key: "city_income_levy", v: r.city.income_levy, fill: "#1f5fa8", pattern: "solid" },
    { key: "city_per_capita", v: r.city.per_capita, fill: "#1f5fa8", pattern: "dash" },
    { key: "pref_income_levy", v: r.prefecture.income_levy, fill: "#a04a00", pattern: "hatch" },
    { key: "pref_per_capita", v: r.prefecture.per_capita, fill: "#a04a00", pattern: "hatch" },
    { key: "forest", v: r.forest_environment_tax, fill: "#2e6b30", pattern: "dots" },
  ].filter((p) => p.v > 0);
  const total = parts.reduce((a, p) => a + p.v, 0);
  const W = 600;
  const H = 28;
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none", class: "bar", "aria-hidden": "true", focusable: "false" });
  svg.appendChild(defs("b"));
  let at = 0;
  for (const p of parts) {
    const w = (p.v / total) * W;
    svg.appendChild(s("rect", { x: at, y: 0, width: Math.max(w, 1), height: H, fill: fillOf("b", p.pattern, p.fill), stroke: "#fff", "stroke-width": 2 }));
    at += w;
  }
  const list = h("ul", { class: "bar-legend" });
  for (const p of parts) {
    const pct = total ? Math.round((p.v / total) * 1000) / 10 : 0;
    list.appendChild(h("li", null, lang.t("bar." + p.key), " ", h("span", { class: "yen" }, lang.yen(p.v)), " ", h("span", { class: "pct" }, lang.t("bar.share", { pct: lang.number(pct) }))));
  }
  if (total === 0) return h("div", { class: "breakdown" }, h("p", null, lang.t("bar.empty")));
  return h("figure", { class: "breakdown" }, h("figcaption", null, lang.t("bar.caption")), svg, list);
}

// curveFrom is the household's tax as its salary varies: the engine's own curve function
// (one call, no per-point trace or search). null when the engine rejects the household or
// failed (an answer that is no JSON).
export async function curveFrom(engine: Engine, input: Record<string, unknown>): Promise<CurvePoint[] | null> {
  let out: CurvePoint[] | { errors: unknown };
  try {
    out = JSON.parse(await engine.curve(JSON.stringify(input), CURVE_MAX, CURVE_STEP)) as CurvePoint[] | { errors: unknown };
  } catch {
    return null;
  }
  return Array.isArray(out) ? out : null;
}
