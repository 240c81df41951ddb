/**
 * Helpers shared by the named parsers: US amounts and dates, labelled values, and cells of a row
 * assigned to the columns of a header line by position.
 */
import { formatMinor, parseAmount, signedMinor } from "../amounts.ts";
import { monthFromName } from "../dates.ts";
import type { ExtractedDocument, Line, TextItem } from "../types.ts";

/** Every line of the document, furniture included, in page order. */
export function allLines(doc: ExtractedDocument): Line[] {
  return [...doc.lines, ...doc.furniture].sort((a, b) => a.page - b.page || b.y - a.y);
}

/** Whether every pattern matches some line of the document. */
export function hasAll(doc: ExtractedDocument, patterns: RegExp[]): boolean {
  const lines = allLines(doc);
  return patterns.every((p) => lines.some((l) => p.test(l.text)));
}

/** A US amount ("$1,234.56", "-$5.00", "500.00CR", "(12.00)") as signed minor units, or null. */
export function usMoney(text: string | undefined): bigint | null {
  if (!text) return null;
  const a = parseAmount(text, ".");
  return a ? signedMinor(a) : null;
}

export const decimal = (minor: bigint) => formatMinor(minor);

const pad = (n: number) => String(n).padStart(2, "0");

/** "3/4", "03/04/24", "03/04/2024" (a trailing "*" allowed) → ISO, the year inferred from the period end. */
export function usDate(text: string | undefined, periodEnd: string | null): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?\*?$/.exec(text?.trim() ?? "");
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  let year: number;
  if (m[3]) year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  else if (periodEnd) {
    const [ey, em] = periodEnd.split("-").map(Number);
    year = month > em ? ey - 1 : ey;
  } else return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** "March 1, 2024" → "2024-03-01". */
export function longDate(text: string): string | null {
  const m = /([A-Za-z]+)\.? (\d{1,2}), (\d{4})/.exec(text);
  const month = m ? monthFromName(m[1]) : null;
  return m && month ? `${m[3]}-${pad(month)}-${pad(Number(m[2]))}` : null;
}

/** A column of a table: its kind and the x range of its header. */
export interface Column {
  kind: string;
  x: number;
  xEnd: number;
}

/** Columns from a header line: each item whose text matches a pattern becomes that kind of column. */
export function headerColumns(line: Line, kinds: [string, RegExp][]): Column[] {
  const cols: Column[] = [];
  for (const it of line.items) {
    const kind = kinds.find(([, re]) => re.test(it.text))?.[0];
    if (kind && !cols.some((c) => c.kind === kind)) cols.push({ kind, x: it.x, xEnd: it.xEnd });
  }
  return cols;
}

/** The column an item belongs to: nearest by left edge (text) or right edge (right-aligned money). */
function columnOf(item: TextItem, cols: Column[]): Column | undefined {
  let best: Column | undefined;
  let bestDistance = Infinity;
  for (const c of cols) {
    const d = Math.min(Math.abs(item.x - c.x), Math.abs(item.xEnd - c.xEnd));
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** The text of a line by column kind (items of one column joined with a space). */
export function cells(line: Line, cols: Column[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const it of line.items) {
    const c = columnOf(it, cols);
    if (c) out[c.kind] = out[c.kind] ? `${out[c.kind]} ${it.text}` : it.text;
  }
  return out;
}
