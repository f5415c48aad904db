// The engine's JSON contract (shared/docs/engine-io.md, v1) as the page reads it, and the
// loader of the WebAssembly module.
import "go:wasm_exec";

declare class Go {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}

export interface CurvePoint {
  salary: number;
  city: number;
  prefecture: number;
  forest: number;
  total: number;
}

export interface Engine {
  assess(json: string): string;
  // curve(json, maxSalary, step) → JSON [{salary, city, prefecture, forest, total}]: the tax of
  // the same household with the salary varied. Optional until the complete engine lands.
  curve?(json: string, maxSalary: number, step: number): string;
  version?: string;
}

export interface FieldError {
  field: string;
  message: string;
  message_en?: string;
}

export interface Split {
  city: number;
  prefecture: number;
}

export interface Levy {
  income_levy: number;
  per_capita: number;
  total: number;
}

export interface Step {
  id: string;
  label: string;
  label_en?: string;
  amount: string;
  formula: string;
  law: string;
  provisional?: boolean;
}

// PensionInstallment is one collection of the tax on the pension (engine: installments.pension).
export interface PensionInstallment {
  year: number;
  month: number;
  date: string; // YYYY-MM-DD: the pension payment day, or the due date of an "ordinary" one
  kind: "ordinary" | "provisional" | "regular";
  amount: number;
}

export interface PensionCollection {
  applies: boolean;
  reason: string;
  first_year: boolean;
  annual: number;
  income_levy: number;
  per_capita: number;
  previous: number;
  provisional_total: number;
  regular_total: number;
  ordinary_total: number;
  refund: number;
  schedule: PensionInstallment[];
  split: { salary: number; pension: number; ordinary: number };
  salary_special: number[] | null;
  ordinary_rest: number[] | null;
}

export interface SeparateLine {
  kind: string;
  label: string;
  label_en: string;
  income: number;
  deduction: number;
  taxable: number;
  city: string;
  prefecture: string;
}

export interface Result {
  fiscal_year: number;
  income_year: number;
  municipality: { code: string; name: string; name_en?: string };
  salary_income: number;
  pension_income: number;
  total_income: number;
  total_income_for_tax: number;
  deductions_total: number;
  taxable_income: number;
  adjustment_credit: Split;
  donation_credit: Split;
  housing_loan_credit: Split;
  dividend_credit: Split;
  /** 外国税額控除 (住民税 part). */
  foreign_tax_credit: Split;
  /** 配当割額・株式等譲渡所得割額控除, and what neither tax could take (還付・充当). */
  withheld_credit: Split;
  withheld_refund: number;
  /** 一時所得 after its special deduction (half of it is in total_income). */
  occasional_income: number;
  /** 分離課税 and 山林 課税標準 in statutory order (wasm/tax/io.go SeparateLine). */
  separate: SeparateLine[];
  city: Levy;
  prefecture: Levy;
  forest_environment_tax: number;
  total: number;
  non_taxable: { per_capita: boolean; income_levy: boolean; reason: string; reason_en?: string };
  installments: { special: number[]; ordinary: number[]; ordinary_due: string[]; pension?: PensionCollection };
  income_tax: { taxable_income: number; tax: number; marginal_rate: string };
  furusato_limit: number;
  steps: Step[];
  rules_version: string;
  provisional?: boolean;
}

export interface Rejection {
  errors: FieldError[];
}

export function isRejection(x: Result | Rejection): x is Rejection {
  return Array.isArray((x as Rejection).errors);
}

export async function loadEngine(url: string, integrity: string): Promise<Engine> {
  const go = new Go();
  // With integrity, Chromium resolves the response only once the whole body has arrived and
  // matched, so the streaming compile below starts on complete bytes; it is still the path
  // that lets V8 reuse cached code. A <link rel="preload" as="fetch"> for the engine was
  // measured (BenchmarkSimulatorAB, 20 iterations, 2026-11) and dropped: it starts the request
  // 50–65 ms earlier and its body ends earlier, but the matched fetch resolves about when it
  // did and simulator.js starts later; first result preload/none 0.97 on first visits, 0.99
  // and 1.01 returning, inside the ±15 % an A/A run shows on this machine.
  const response = fetch(url, { integrity });
  void response.then(() => performance.mark("zeisim:wasm-fetched"));
  const { instance } = await WebAssembly.instantiateStreaming(response, go.importObject);
  performance.mark("zeisim:wasm-instantiated");
  void go.run(instance);
  const api = (globalThis as unknown as { zeisim?: Engine }).zeisim;
  if (!api || typeof api.assess !== "function") throw new Error("the engine did not register zeisim.assess");
  return api;
}
