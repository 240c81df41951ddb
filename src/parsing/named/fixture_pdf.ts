/**
 * Building blocks of the layout fixtures: positioned text (left- or right-aligned, with Helvetica
 * widths), US money and decimal strings from cents, and truth rows. Test support only.
 */
import type { PdfText } from "../extract/test_pdf.ts";
import type { ParsedStatement, StatementTransaction } from "../types.ts";

/** What a parser must read from a layout fixture. */
export type LayoutTruth = Omit<ParsedStatement, "parser" | "warnings">;

/** A layout fixture: a PDF, its truth and the named parser meant for it. */
export interface LayoutFixture {
  name: string;
  /** The named parser meant for it, or null where the generic parser reads it exactly (a regression case). */
  parser: string | null;
  pdf: Uint8Array;
  truth: LayoutTruth;
}

// Helvetica advance widths (em) for the characters money and dates use; others ≈ 0.56.
const WIDTH: Record<string, number> = { ",": 0.278, ".": 0.278, "/": 0.278, " ": 0.278, "-": 0.333, "*": 0.389 };

/** Width of `text` in Helvetica at `size` (close enough to right-align figures). */
export const width = (text: string, size: number): number =>
  [...text].reduce((w, ch) => w + (WIDTH[ch] ?? (/[0-9$]/.test(ch) ? 0.556 : /[A-Z]/.test(ch) ? 0.667 : 0.5)), 0) *
  size;

/** Text starting at `x`. */
export const T = (x: number, y: number, text: string, size = 8): PdfText => ({ x, y, text, size });

/** Text right-aligned at `xEnd`. */
export const R = (xEnd: number, y: number, text: string, size = 8): PdfText => ({
  x: xEnd - width(text, size),
  y,
  text,
  size,
});

/** Cents as "1,234.56" (no sign). */
export const usd = (cents: number): string =>
  (Math.abs(cents) / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Cents as a contract decimal ("-1234.56"). */
export const dec = (cents: number): string => `${cents < 0 ? "-" : ""}${(Math.abs(cents) / 100).toFixed(2)}`;

/** A truth row. */
export const tx = (
  date: string,
  description: string,
  cents: number,
  balance: number | null = null,
  posted?: string,
): StatementTransaction => ({
  date,
  posted_date: posted ?? null,
  description,
  amount: dec(cents),
  balance: balance === null ? null : dec(balance),
});

/** "03/04/24" or "03/04" (with `year`) → "2024-03-04". */
export const isoUs = (text: string, year = 2024): string => {
  const [m, d, y] = text.replace(/\*$/, "").split("/");
  return `${y ? `20${y.slice(-2)}` : year}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
};
