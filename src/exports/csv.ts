/**
 * CSV exports (RFC 4180: comma, CRLF, fields quoted when they hold a quote, comma or line
 * break, quotes doubled), UTF-8 with a byte order mark so spreadsheets pick the encoding.
 *
 * - `writeCsv`: every column of {@link COLUMNS}, one row per transaction (splits in one cell).
 * - `writeQboCsv`: QuickBooks Online's bank upload in its 3-column form — Date (MM/DD/YYYY),
 *   Description, Amount (negative for money out) — one line of text per field.
 *
 * Text cells that a spreadsheet would run as a formula get an apostrophe in front (see `inert`);
 * amounts and dates are written as they are.
 */
import { COLUMNS } from "./columns.ts";
import { inert, money, oneLine, usDate } from "./text.ts";
import type { ExportContext, ExportWriter } from "./types.ts";

const BOM = "\ufeff";

/** One CSV field, quoted when needed. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV record with its CRLF. */
export const csvRecord = (fields: string[]): string => fields.map(csvField).join(",") + "\r\n";

/** The full CSV export. */
export const writeCsv: ExportWriter = async function* (ctx: ExportContext) {
  yield BOM + csvRecord(COLUMNS.map((c) => ctx.labels[c.key]));
  for await (const batch of ctx.rows()) {
    let out = "";
    for (const row of batch) {
      out += csvRecord(COLUMNS.map((c) => {
        const text = c.text(row, ctx);
        return c.kind === "text" ? inert(text) : text;
      }));
    }
    yield out;
  }
};

/** QuickBooks Online bank upload CSV (Date, Description, Amount). */
export const writeQboCsv: ExportWriter = async function* (ctx: ExportContext) {
  yield csvRecord(["Date", "Description", "Amount"]);
  for await (const batch of ctx.rows()) {
    let out = "";
    for (const row of batch) {
      const description = oneLine(row.payee) && !oneLine(row.description).includes(oneLine(row.payee))
        ? `${oneLine(row.payee)} - ${oneLine(row.description)}`
        : oneLine(row.description);
      out += csvRecord([usDate(row.date), inert(description), money(row.amount)]);
    }
    yield out;
  }
};
