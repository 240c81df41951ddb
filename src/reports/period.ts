/**
 * Report periods: a calendar or fiscal year, a quarter, a month or a custom range, resolved
 * from query parameters into inclusive `from`/`to` dates. Fiscal years are named after the
 * calendar year they start in ("fy2025" with a July start runs 2025-07-01 – 2026-06-30).
 */
import { z } from "zod";
import { ValidationError } from "../errors.ts";
import { monthsBetween } from "../review/coverage.ts";

/** What a period is. */
export type PeriodKind = "year" | "fiscal_year" | "quarter" | "month" | "custom";

/** An inclusive date range with a short label. */
export interface Period {
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Last day, YYYY-MM-DD. */
  to: string;
  kind: PeriodKind;
  /** "2025", "FY 2025/26", "2025 Q1", "2025-03" or "2025-01-05 – 2025-02-10". */
  label: string;
  /** The `period` parameter that names it ("2025", "fy2025", "2025-q1", "2025-03"), or null for custom ranges. */
  key: string | null;
}

/** A period in JSON. */
export const PeriodJson = z.object({
  from: z.string().describe("First day, YYYY-MM-DD"),
  to: z.string().describe("Last day, YYYY-MM-DD"),
  kind: z.enum(["year", "fiscal_year", "quarter", "month", "custom"]),
  label: z.string(),
  key: z.string().nullable().describe('The period parameter naming it ("2025", "fy2025", "2025-q1", "2025-03")'),
}).meta({ id: "ReportPeriod" });

/** Query parameters that choose a period. */
export interface PeriodParams {
  period?: string;
  from?: string;
  to?: string;
}

/** Longest custom range (inclusive days) a report covers. */
export const MAX_DAYS = 366 * 5;

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
/** Last day of month `m` (1–12) of year `y`. */
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1900 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= lastDay(y, mo);
}

const invalid = (path: string, message: string) =>
  new ValidationError(`Cannot choose the report period: ${message}`, [{ path, message }]);

/** Calendar year `y`. */
export function yearPeriod(y: number): Period {
  return { from: iso(y, 1, 1), to: iso(y, 12, 31), kind: "year", label: String(y), key: String(y) };
}

/** The fiscal year starting in month `start` of year `y`. */
export function fiscalYearPeriod(y: number, start: number): Period {
  if (start === 1) return { ...yearPeriod(y), kind: "fiscal_year", label: `FY ${y}`, key: `fy${y}` };
  const endYear = y + 1;
  const endMonth = start - 1;
  return {
    from: iso(y, start, 1),
    to: iso(endYear, endMonth, lastDay(endYear, endMonth)),
    kind: "fiscal_year",
    label: `FY ${y}/${String(endYear).slice(2)}`,
    key: `fy${y}`,
  };
}

/** Quarter `q` (1–4) of calendar year `y`. */
export function quarterPeriod(y: number, q: number): Period {
  const first = (q - 1) * 3 + 1;
  return {
    from: iso(y, first, 1),
    to: iso(y, first + 2, lastDay(y, first + 2)),
    kind: "quarter",
    label: `${y} Q${q}`,
    key: `${y}-q${q}`,
  };
}

/** Month `m` of year `y`. */
export function monthPeriod(y: number, m: number): Period {
  return {
    from: iso(y, m, 1),
    to: iso(y, m, lastDay(y, m)),
    kind: "month",
    label: `${y}-${pad(m)}`,
    key: `${y}-${pad(m)}`,
  };
}

/** The period a `period` parameter names, or undefined when it names none. */
function named(value: string, fiscalYearStart: number, today: Date): Period | undefined {
  const v = value.trim().toLowerCase();
  const year = today.getUTCFullYear();
  if (v === "this-year") return yearPeriod(year);
  if (v === "last-year") return yearPeriod(year - 1);
  if (v === "this-fiscal-year" || v === "last-fiscal-year") {
    const started = today.getUTCMonth() + 1 >= fiscalYearStart ? year : year - 1;
    return fiscalYearPeriod(v === "this-fiscal-year" ? started : started - 1, fiscalYearStart);
  }
  let m = /^(\d{4})$/.exec(v);
  if (m) return yearPeriod(Number(m[1]));
  m = /^fy(\d{4})$/.exec(v);
  if (m) return fiscalYearPeriod(Number(m[1]), fiscalYearStart);
  m = /^(\d{4})-q([1-4])$/.exec(v);
  if (m) return quarterPeriod(Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(\d{2})$/.exec(v);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return monthPeriod(Number(m[1]), Number(m[2]));
  return undefined;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
}

/**
 * Resolves query parameters into a period: `period` ("2025", "fy2025", "2025-q1",
 * "2025-03", "this-year", "last-year", "this-fiscal-year", "last-fiscal-year"), or a custom
 * `from`/`to` range, or by default the last calendar year. Throws a 422
 * {@link ValidationError} naming the bad parameter.
 */
export function resolvePeriod(params: PeriodParams, fiscalYearStart = 1, today = new Date()): Period {
  const period = params.period?.trim() || undefined;
  const from = params.from?.trim() || undefined;
  const to = params.to?.trim() || undefined;
  if (period && (from || to)) throw invalid("period", "give either period or from/to, not both");
  if (period) {
    const found = named(period, fiscalYearStart, today);
    if (!found) {
      throw invalid("period", `"${period.slice(0, 40)}" is not a period; use e.g. 2025, fy2025, 2025-q1 or 2025-03`);
    }
    return found;
  }
  if (!from && !to) return yearPeriod(today.getUTCFullYear() - 1);
  if (!from || !to) throw invalid(from ? "to" : "from", "a custom range needs both from and to (YYYY-MM-DD)");
  if (!isDate(from)) throw invalid("from", `"${from.slice(0, 40)}" is not a date; use YYYY-MM-DD`);
  if (!isDate(to)) throw invalid("to", `"${to.slice(0, 40)}" is not a date; use YYYY-MM-DD`);
  if (to < from) throw invalid("to", "must be on or after from");
  if (daysBetween(from, to) > MAX_DAYS) throw invalid("to", `a range may cover at most ${MAX_DAYS} days`);
  // A range that is exactly a calendar year or month is that period (same label and cache key).
  const [y, m] = from.split("-").map(Number);
  for (const same of [yearPeriod(y), monthPeriod(y, m)]) {
    if (same.from === from && same.to === to) return same;
  }
  return { from, to, kind: "custom", label: `${from} – ${to}`, key: null };
}

/** Every month of a period, "YYYY-MM", oldest first. */
export function periodMonths(period: Pick<Period, "from" | "to">): string[] {
  return monthsBetween(period.from.slice(0, 7), period.to.slice(0, 7));
}

/** The first and last day of a "YYYY-MM" month. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split("-").map(Number);
  const { from, to } = monthPeriod(y, m);
  return { from, to };
}

/** Periods offered in pickers around `today`: recent years, fiscal years, quarters of this and last year. */
export function suggestedPeriods(fiscalYearStart: number, today = new Date()): Period[] {
  const y = today.getUTCFullYear();
  const years = [y, y - 1, y - 2].map(yearPeriod);
  const fiscal = fiscalYearStart === 1 ? [] : [y, y - 1, y - 2].map((fy) => fiscalYearPeriod(fy, fiscalYearStart));
  const quarters = [y, y - 1].flatMap((qy) => [4, 3, 2, 1].map((q) => quarterPeriod(qy, q)))
    .filter((q) => q.from <= today.toISOString().slice(0, 10));
  return [...years, ...fiscal, ...quarters];
}
