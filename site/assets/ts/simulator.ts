// The simulator page: loads the Go engine (WebAssembly) and recomputes as the resident types.
// Nothing leaves the browser: the only requests are for the page's own files.
import "go:wasm_exec";

declare class Go {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}

interface Engine {
  assess(json: string): string;
}

interface FieldError {
  field: string;
  message: string;
}

interface Result {
  total: number;
  city: { total: number };
  prefecture: { total: number };
  forest_environment_tax: number;
  errors?: FieldError[];
}

const yen = new Intl.NumberFormat("ja-JP");

// parseYen understands what residents type: 全角 digits, commas, 円, 万 and 千.
export function parseYen(raw: string): number | null {
  let s = raw.normalize("NFKC").replace(/[,\s円]/g, "");
  if (s === "") return 0;
  let unit = 1;
  if (s.endsWith("万")) {
    unit = 10000;
    s = s.slice(0, -1);
  } else if (s.endsWith("千")) {
    unit = 1000;
    s = s.slice(0, -1);
  }
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const [whole, frac = ""] = s.split(".");
  const digits = String(unit).length - 1;
  if (frac.length > digits) return null;
  const n = Number(whole) * unit + Number(frac.padEnd(digits, "0") || "0");
  return Number.isSafeInteger(n) ? n : null;
}

async function loadEngine(form: HTMLElement): Promise<Engine> {
  const go = new Go();
  const url = form.dataset.wasm ?? "";
  const integrity = form.dataset.wasmIntegrity ?? "";
  const { instance } = await WebAssembly.instantiateStreaming(fetch(url, { integrity }), go.importObject);
  void go.run(instance);
  return (globalThis as unknown as { zeisim: Engine }).zeisim;
}

function field(id: string): HTMLInputElement {
  const el = document.getElementById(id);
  if (!(el instanceof HTMLInputElement)) throw new Error("missing field " + id);
  return el;
}

function setText(id: string, text: string): void {
  const el = document.getElementById(id);
  if (el) el.textContent = text;
}

function start(): void {
  const form = document.getElementById("simulator");
  if (!(form instanceof HTMLFormElement)) return;
  const inputs: Record<string, HTMLInputElement> = {
    salary: field("salary"),
    social_insurance: field("social-insurance"),
  };
  const errorIds: Record<string, string> = { salary: "salary-error", social_insurance: "social-insurance-error" };
  const messages: Record<string, string> = {
    salary: "支払金額は 5,000,000 や 500万 のように金額で入力してください",
    social_insurance: "社会保険料は 750,000 や 75万 のように金額で入力してください",
  };
  let engine: Engine | null = null;

  const compute = (): void => {
    if (!engine) return;
    const values: Record<string, number> = {};
    let ok = true;
    for (const [name, input] of Object.entries(inputs)) {
      const v = parseYen(input.value);
      const bad = v === null;
      setText(errorIds[name], bad ? messages[name] : "");
      input.setAttribute("aria-invalid", bad ? "true" : "false");
      if (bad) ok = false;
      else values[name] = v;
    }
    if (!ok) {
      setText("status", "入力に誤りがあります。赤字の項目を直してください。");
      return;
    }
    const household = {
      fiscal_year: 2026,
      municipality: form.dataset.municipality,
      income: { salary: values.salary },
      deductions: { social_insurance: values.social_insurance },
    };
    const r = JSON.parse(engine.assess(JSON.stringify(household))) as Result;
    if (r.errors) {
      setText("status", r.errors.map((e) => e.message).join(" / "));
      return;
    }
    setText("total", yen.format(r.total) + "円");
    document.getElementById("total")?.setAttribute("data-yen", String(r.total));
    setText("city-total", yen.format(r.city.total) + "円");
    setText("pref-total", yen.format(r.prefecture.total) + "円");
    setText("forest", yen.format(r.forest_environment_tax) + "円");
    setText("status", "年税額は " + yen.format(r.total) + "円 です。");
  };

  form.addEventListener("input", compute);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    compute();
  });
  loadEngine(form).then(
    (e) => {
      engine = e;
      form.dataset.engine = "ready";
      setText("status", "金額を入力すると、すぐに計算します。");
      compute();
    },
    () => setText("status", "計算エンジンを読み込めませんでした。ページを再読み込みしてください。"),
  );
}

start();
