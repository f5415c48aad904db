// The chart of the household's tax against salary, drawn after a pause in typing from the
// engine's curve and a bisection for the exact 非課税 line (both answered by the Worker).

import { byId, h, replace } from "./dom";
import { chartFigure, curveFrom, findWalls } from "./chart";
import { Engine, Result } from "./engine";
import { Page } from "./page";

export function scheduleChart(page: Page): void {
  window.clearTimeout(page.chartTimer);
  page.chartTimer = window.setTimeout(() => void drawChart(page), 200);
}

export async function drawChart(page: Page): Promise<void> {
  const slot = byId("chart-slot");
  if (!slot || !page.last || !page.engine) return;
  performance.mark("zeisim:chart-start");
  const last = page.last;
  const { input, result } = last;
  // The chart varies the salary: without one (a pensioner, the self-employed) it would show a
  // change that does not apply to the household, so it says so instead.
  if (!Number((input.income as { salary?: number } | undefined)?.salary ?? 0)) {
    replace(slot, h("p", { id: "chart-no-salary" }, page.lang.t("chart.no_salary")));
    return;
  }
  const key = JSON.stringify({ ...input, income: { ...(input.income as object), salary: 0 } });
  if (!page.curve || page.curve.key !== key) {
    const points = await curveFrom(page.engine, input);
    // A refinement whose answer is no JSON (the engine failed meanwhile) leaves no walls.
    const walls = points ? await findWalls(points, result, refiner(page.engine, input)).catch(() => null) : null;
    if (page.last !== last) return; // the resident typed on: a newer chart is on its way
    page.curve = { key, points, walls };
  }
  const { points, walls } = page.curve;
  const salary = Number((input.income as { salary?: number } | undefined)?.salary ?? 0);
  if (!points || !walls) {
    replace(slot, h("p", null, page.lang.t("chart.unavailable")));
    return;
  }
  replace(slot, chartFigure(page.lang, points, result, salary, slot.clientWidth || 600, walls));
  performance.mark("zeisim:chart");
}

// refiner finds where a line on the chart is crossed to the nearest 1,000 yen of salary, by
// bisection between two points of the curve, so the page can name the exact 非課税 line.
export function refiner(engine: Engine, input: Record<string, unknown>): (lo: number, hi: number, kind: "tax" | "income_levy") => Promise<number> {
  return async (lo, hi, kind) => {
    const copy = JSON.parse(JSON.stringify(input)) as { income?: Record<string, unknown> };
    copy.income ??= {};
    const over = async (salary: number): Promise<boolean> => {
      copy.income!.salary = salary;
      const r = JSON.parse(await engine.assess(JSON.stringify(copy), "chart")) as Result | { errors: unknown };
      if ("errors" in r) return true;
      return kind === "tax" ? r.total > 0 : r.city.income_levy > 0;
    };
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (mid <= lo || mid >= hi) break;
      if (await over(mid)) hi = mid;
      else lo = mid;
    }
    return hi;
  };
}
