/**
 * Date cells of bank exports: the formats a mapping can name, reading a cell as one of them
 * (a real calendar date or nothing) and guessing the format from a column of values.
 */

/** Date formats a CSV mapping can use. "M/D/YYYY" and "MM/DD/YYYY" read the same cells (zeros optional). */
export const DATE_FORMATS = [
  "YYYY-MM-DD",
  "YYYY/MM/DD",
  "YYYY.MM.DD",
  "YYYYMMDD",
  "MM/DD/YYYY",
  "M/D/YYYY",
  "DD/MM/YYYY",
  "D/M/YYYY",
  "MM/DD/YY",
  "DD/MM/YY",
  "MM-DD-YYYY",
  "DD-MM-YYYY",
  "DD.MM.YYYY",
  "DD.MM.YY",
  "DD MMM YYYY",
  "DD-MMM-YY",
  "MMM DD, YYYY",
] as const;

/** One of {@link DATE_FORMATS}. */
export type DateFormat = typeof DATE_FORMATS[number];

interface Spec {
  re: RegExp;
  order: "YMD" | "MDY" | "DMY";
  named?: boolean;
}

const SLASH4 = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const SLASH2 = /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/;
const DASH4 = /^(\d{1,2})-(\d{1,2})-(\d{4})$/;
const NAME = String.raw`([^\d\s\-./,]{3,})\.?`;

const SPECS: Record<DateFormat, Spec> = {
  "YYYY-MM-DD": { re: /^(\d{4})-(\d{1,2})-(\d{1,2})$/, order: "YMD" },
  "YYYY/MM/DD": { re: /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, order: "YMD" },
  "YYYY.MM.DD": { re: /^(\d{4})\.(\d{1,2})\.(\d{1,2})\.?$/, order: "YMD" },
  "YYYYMMDD": { re: /^(\d{4})(\d{2})(\d{2})$/, order: "YMD" },
  "MM/DD/YYYY": { re: SLASH4, order: "MDY" },
  "M/D/YYYY": { re: SLASH4, order: "MDY" },
  "DD/MM/YYYY": { re: SLASH4, order: "DMY" },
  "D/M/YYYY": { re: SLASH4, order: "DMY" },
  "MM/DD/YY": { re: SLASH2, order: "MDY" },
  "DD/MM/YY": { re: SLASH2, order: "DMY" },
  "MM-DD-YYYY": { re: DASH4, order: "MDY" },
  "DD-MM-YYYY": { re: DASH4, order: "DMY" },
  "DD.MM.YYYY": { re: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, order: "DMY" },
  "DD.MM.YY": { re: /^(\d{1,2})\.(\d{1,2})\.(\d{2})$/, order: "DMY" },
  "DD MMM YYYY": {
    re: new RegExp(String.raw`^(\d{1,2})\.?[\s\-/]*${NAME}[\s\-/.,]*(\d{4})$`),
    order: "DMY",
    named: true,
  },
  "DD-MMM-YY": { re: new RegExp(String.raw`^(\d{1,2})\.?[\s\-/]*${NAME}[\s\-/.]*(\d{2})$`), order: "DMY", named: true },
  "MMM DD, YYYY": {
    re: new RegExp(String.raw`^${NAME}[\s\-/]*(\d{1,2})(?:st|nd|rd|th)?,?[\s\-/]*(\d{4})$`),
    order: "MDY",
    named: true,
  },
};

/** Month names and abbreviations in English, German, Spanish and French (accents removed). */
const MONTHS: Record<string, number> = {};
[
  ["january jan enero ene januar janvier janv jaenner", 1],
  ["february feb febrero februar fevrier fevr fev", 2],
  ["march mar marzo marz maerz mrz mars", 3],
  ["april apr abril abr avril avr", 4],
  ["may mayo mai", 5],
  ["june jun junio juni juin", 6],
  ["july jul julio juli juillet juil", 7],
  ["august aug agosto ago aout", 8],
  ["september sep sept septiembre setiembre set septembre", 9],
  ["october oct octubre oktober okt octobre", 10],
  ["november nov noviembre novembre", 11],
  ["december dec diciembre dic dezember dez decembre", 12],
].forEach(([names, month]) => (names as string).split(" ").forEach((n) => MONTHS[n] = month as number));

/** Lower case without accents. */
export function fold(s: string): string {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

const TIME =
  /(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Reads `raw` as `format`; a real calendar date as YYYY-MM-DD, or null. A trailing time is ignored. */
export function parseDate(raw: string, format: DateFormat): string | null {
  const spec = SPECS[format];
  const m = spec.re.exec(raw.trim().replace(TIME, ""));
  if (!m) return null;
  const parts = spec.order === "YMD"
    ? [m[1], m[2], m[3]]
    : spec.order === "MDY"
    ? [m[3], m[1], m[2]]
    : [m[3], m[2], m[1]];
  let year = Number(parts[0]);
  if (parts[0].length === 2) year += year < 80 ? 2000 : 1900;
  const month = spec.named ? MONTHS[fold(parts[1])] : Number(parts[1]);
  const day = Number(parts[2]);
  if (!month || month > 12 || year < 1900 || year > 2199 || day < 1 || day > daysIn(year, month)) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** True when some format reads `raw` as a date. */
export function looksLikeDate(raw: string): boolean {
  return DATE_FORMATS.some((f) => parseDate(raw, f) !== null);
}

/** A guessed date format; `ambiguous` when day and month could be swapped and nothing decided it. */
export interface DateFormatGuess {
  format: DateFormat;
  ambiguous: boolean;
}

function monotony(dates: string[]): number {
  let up = 0, down = 0;
  for (let i = 1; i < dates.length; i++) {
    if (dates[i - 1] <= dates[i]) up++;
    if (dates[i - 1] >= dates[i]) down++;
  }
  return Math.max(up, down);
}

/**
 * The format that reads the most of `values` (at least 90% of the non-empty ones). Day/month
 * ambiguity is settled by a value above 12, then by which reading keeps the rows in date order,
 * then by `dayFirst` (a European-looking file), else month first.
 */
export function inferDateFormat(values: string[], dayFirst = false): DateFormatGuess | null {
  const cells = values.map((v) => v.trim()).filter((v) => v !== "").slice(0, 500);
  if (cells.length === 0) return null;
  const unpadded = cells.some((v) => /(?:^|\D)\d(?:\D|$)/.test(v.replace(TIME, "")));
  let best: { format: DateFormat; dates: string[] }[] = [];
  for (const format of DATE_FORMATS) {
    if ((format === "M/D/YYYY" || format === "D/M/YYYY") !== unpadded && SPECS[format].re === SLASH4) continue;
    const dates = cells.map((v) => parseDate(v, format)).filter((d): d is string => d !== null);
    if (dates.length < cells.length * 0.9) continue;
    if (best.length === 0 || dates.length > best[0].dates.length) best = [{ format, dates }];
    else if (dates.length === best[0].dates.length) best.push({ format, dates });
  }
  if (best.length === 0) return null;
  if (best.length === 1) return { format: best[0].format, ambiguous: false };
  const scored = best.map((b) => ({ ...b, score: monotony(b.dates) }));
  const top = Math.max(...scored.map((b) => b.score));
  const leaders = scored.filter((b) => b.score === top);
  if (leaders.length === 1) return { format: leaders[0].format, ambiguous: false };
  const preferred = leaders.find((b) => SPECS[b.format].order === (dayFirst ? "DMY" : "MDY")) ?? leaders[0];
  return { format: preferred.format, ambiguous: true };
}
