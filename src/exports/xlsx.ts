/**
 * The XLSX export, written with exceljs's streaming WorkbookWriter: one sheet, a bold header
 * row that stays frozen with an autofilter, real dates, amounts as numbers shown with two
 * decimals, booleans as booleans. Strings are written inline (no shared-strings table, which
 * would grow with the file), so memory stays flat however many rows there are.
 *
 * Back-pressure: rows are added one database batch at a time; after each batch the zip stream
 * gets a turn of the event loop to compress it, what it produced is handed on, and the next
 * batch is read only when the reader of the response asks for more.
 */
import ExcelJS from "exceljs";
import { PassThrough } from "node:stream";
import { COLUMNS, type ExportColumn } from "./columns.ts";
import { clean } from "./text.ts";
import type { ExportContext, ExportRow, ExportWriter } from "./types.ts";

/**
 * A sheet name Excel accepts: without the characters it refuses ([]:*?/\), on one line, at most
 * 31 characters; `fallback` when nothing is left.
 */
export function sheetName(text: string, fallback: string): string {
  return clean(text).replace(/[\\/?*[\]:]/g, " ").replace(/\s+/g, " ").trim().slice(0, 31) || fallback;
}

/** Number formats by column kind. */
export const NUMBER_FORMATS = { date: "yyyy-mm-dd", money: "0.00", integer: "0" } as const;

/** "2025-03-14" as the Date exceljs writes as that day (UTC midnight, so no time zone shifts it). */
export function excelDate(iso: string): Date {
  return new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))));
}

/** A typed cell value for a column. */
function cellValue(column: ExportColumn, row: ExportRow, ctx: ExportContext): ExcelJS.CellValue {
  const text = column.text(row, ctx);
  switch (column.kind) {
    case "date":
      return text ? excelDate(text) : null;
    case "money":
    case "integer":
      // The one float in the exports: the decimal text parses to the nearest double, which
      // prints back as the same two decimals.
      return Number(text);
    case "boolean":
      return row.needs_review;
    default:
      return text;
  }
}

/** Excel column letters for a 1-based index (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = "";
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/** Collects what a node stream emits, for handing on in pieces. */
export class Collector {
  #chunks: Uint8Array[] = [];
  #size = 0;
  readonly stream = new PassThrough();

  constructor() {
    this.stream.on("data", (chunk: Uint8Array) => {
      this.#chunks.push(chunk);
      this.#size += chunk.length;
    });
  }

  /** Bytes collected and not yet taken. */
  get size(): number {
    return this.#size;
  }

  /** Everything collected so far, as one array. */
  take(): Uint8Array {
    const out = new Uint8Array(this.#size);
    let at = 0;
    for (const c of this.#chunks) {
      out.set(c, at);
      at += c.length;
    }
    this.#chunks = [];
    this.#size = 0;
    return out;
  }
}

/**
 * Lets the zip stream compress what was written (one turn of the event loop), so the rows of
 * a batch leave memory before the next batch is read.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The XLSX export. */
export const writeXlsx: ExportWriter = async function* (ctx: ExportContext) {
  const out = new Collector();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out.stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.created = ctx.generatedAt;
  workbook.creator = "LedgerFlow";
  const sheet = workbook.addWorksheet(sheetName(ctx.labels.sheet, "Sheet1"), {
    views: [{ state: "frozen", xSplit: 0, ySplit: 1, topLeftCell: "A2", activeCell: "A2" }],
  });
  sheet.columns = COLUMNS.map((c) => ({
    header: ctx.labels[c.key],
    key: c.key,
    width: c.width,
    style: c.kind in NUMBER_FORMATS ? { numFmt: NUMBER_FORMATS[c.kind as keyof typeof NUMBER_FORMATS] } : {},
  }));
  sheet.autoFilter = { from: "A1", to: `${columnLetter(COLUMNS.length)}1` };
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();

  for await (const batch of ctx.rows()) {
    for (const row of batch) sheet.addRow(COLUMNS.map((c) => cellValue(c, row, ctx))).commit();
    await settle();
    if (out.size) yield out.take();
  }
  sheet.commit();
  await workbook.commit();
  if (out.size) yield out.take();
};
