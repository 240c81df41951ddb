/**
 * Reading a CSV export through a confirmed {@link CsvMapping}: row by row, exact amounts, precise
 * row errors ("Row 14: cannot read the date "31/02/2025" as DD/MM/YYYY").
 */
import type { StatementTransaction } from "../types.ts";
import { parseDate } from "./dates.ts";
import { abs, add, commonScale, type Decimal, formatDecimal, negate, parseAmount } from "./decimal.ts";
import { asText } from "./decode.ts";
import { CsvImportError, type CsvRowError, MAX_CSV_ROWS } from "./errors.ts";
import { type CsvMapping, CsvMappingSchema } from "./mapping.ts";
import { isBlank, parseCsv } from "./rfc4180.ts";

/** Cells longer than this are cut (descriptions) or refused (dates, amounts). */
export const MAX_CELL_LENGTH = 1000;
const MAX_LISTED_ERRORS = 1000;
const MAX_ID_LENGTH = 200;

/** What {@link applyCsvMapping} read. */
export interface CsvApplyResult {
  /** In file order. */
  transactions: StatementTransaction[];
  errors: CsvRowError[];
  /** Skipped rows, cut cells, neutralised formulas, undecodable bytes. */
  warnings: string[];
  /** The currency when the amounts carry one unambiguous symbol or code (€, EUR…), else null. */
  currency: string | null;
}

/** A read row with exact values, before formatting. */
export interface CsvRow {
  row: number;
  date: string;
  postedDate: string | null;
  description: string;
  amount: Decimal;
  balance: Decimal | null;
  externalId?: string;
}

/** Validates a mapping, or throws {@link CsvImportError} naming the first problem. */
export function validateMapping(mapping: unknown): CsvMapping {
  const parsed = CsvMappingSchema.safeParse(mapping);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.length ? ` (${issue.path.join(".")})` : "";
  throw new CsvImportError(`Cannot import CSV: invalid mapping${where}: ${issue.message}`);
}

function show(value: string): string {
  return JSON.stringify(value.length > 60 ? value.slice(0, 57) + "…" : value);
}

/** A cell as text: controls and bidi overrides removed, whitespace collapsed. */
export function cleanCell(cell: string): string {
  return cell
    // deno-lint-ignore no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Text a spreadsheet would run as a formula (=, +, -, @ not starting a number) gets a leading apostrophe. */
function defuse(text: string): { text: string; defused: boolean } {
  if (/^[=+\-@]/.test(text) && !/^[+-]?[\d.,(]/.test(text)) return { text: "'" + text, defused: true };
  return { text, defused: false };
}

/** Reads every row; exact values, errors and warnings. The shared core of the two exports below. */
export function readCsvRows(
  input: string | Uint8Array,
  mapping: unknown,
): { rows: CsvRow[]; errors: CsvRowError[]; warnings: string[]; currency: string | null } {
  const m = validateMapping(mapping);
  let text = asText(input);
  const warnings: string[] = [];
  if (!text.isWellFormed()) text = text.toWellFormed();
  if (text.includes("\ufffd")) {
    warnings.push('The file contains bytes that are not valid text; they appear as "\ufffd"');
  }
  const headerLines = m.hasHeader ? 1 : 0;
  const parsed = parseCsv(text, m.delimiter, {
    skipLines: m.skipRows,
    maxRecords: MAX_CSV_ROWS + headerLines + (m.footerRows ?? 0) + 10_000,
  });
  const tooMany = () =>
    new CsvImportError(
      `Cannot import CSV: the file has more than ${
        MAX_CSV_ROWS.toLocaleString("en")
      } rows; split it into smaller files`,
    );
  if (!parsed.complete) throw tooMany();
  const records = parsed.records.map((r, i) => ({ ...r, row: m.skipRows + i + 1 }));
  let body = records;
  let header: string[] = [];
  if (m.hasHeader) {
    const h = records.findIndex((r) => !isBlank(r.fields));
    if (h < 0) throw new CsvImportError("Cannot import CSV: no header row after the skipped lines");
    header = records[h].fields.map(cleanCell);
    body = records.slice(h + 1);
  }
  let data = body.filter((r) => !isBlank(r.fields));
  if (m.footerRows) data = data.slice(0, Math.max(0, data.length - m.footerRows));
  if (data.length > MAX_CSV_ROWS) throw tooMany();

  let width = header.length;
  for (const r of data) width = Math.max(width, r.fields.length);
  const mapped = [m.date, m.postedDate, m.amount, m.debit, m.credit, m.balance, m.externalId, ...m.description];
  const missing = mapped.find((i) => i !== undefined && i >= width);
  if (missing !== undefined && data.length > 0) {
    throw new CsvImportError(
      `Cannot import CSV: the mapping uses column ${missing + 1}, but the file has ${width} column${
        width === 1 ? "" : "s"
      }`,
    );
  }
  const name = (i: number) => header[i] ? `column "${header[i]}"` : `column ${i + 1}`;

  const rows: CsvRow[] = [];
  const errors: CsvRowError[] = [];
  let moreErrors = 0;
  const currencies = new Set<string>();
  for (const rec of data) {
    const row = rec.row;
    const fail = (message: string) => {
      if (errors.length < MAX_LISTED_ERRORS) errors.push({ row, message: `Row ${row}: ${message}` });
      else moreErrors++;
    };
    if (rec.line === parsed.unterminatedQuoteLine) {
      fail('a quoted cell is never closed (a " is missing), so the rest of the file cannot be read');
      continue;
    }
    const cell = (i: number | undefined) => (i === undefined ? "" : rec.fields[i] ?? "").trim();
    const tooLong = [m.date, m.postedDate, m.amount, m.debit, m.credit, m.balance].find((i) =>
      cell(i).length > MAX_CELL_LENGTH
    );
    if (tooLong !== undefined) {
      fail(`the ${name(tooLong)} cell is longer than ${MAX_CELL_LENGTH.toLocaleString("en")} characters`);
      continue;
    }
    const money = (i: number | undefined, what: string): Decimal | null | undefined => {
      const raw = cell(i);
      if (i === undefined || raw === "") return null;
      const r = parseAmount(raw, m.decimal);
      if (r.ok) {
        if (r.currency) currencies.add(r.currency);
        return r.value;
      }
      fail(`cannot read the ${what} ${show(raw)} (${name(i)}): ${r.reason}`);
      return undefined;
    };

    const rawDate = cell(m.date);
    const moneyGiven = [m.amount, m.debit, m.credit].some((i) => cell(i) !== "");
    if (rawDate === "") {
      if (!moneyGiven) {
        warnings.push(`Row ${row}: no date and no amount; skipped`);
        continue;
      }
      fail(`the date is empty (${name(m.date)})`);
      continue;
    }
    const date = parseDate(rawDate, m.dateFormat);
    if (!date) {
      fail(`cannot read the date ${show(rawDate)} as ${m.dateFormat}`);
      continue;
    }
    let postedDate: string | null = null;
    if (m.postedDate !== undefined && cell(m.postedDate) !== "") {
      postedDate = parseDate(cell(m.postedDate), m.dateFormat);
      if (!postedDate) {
        fail(`cannot read the posting date ${show(cell(m.postedDate))} as ${m.dateFormat}`);
        continue;
      }
    }

    let amount: Decimal;
    if (m.amount !== undefined) {
      const a = money(m.amount, "amount");
      if (a === undefined) continue;
      if (a === null) {
        fail(`the amount is empty (${name(m.amount)})`);
        continue;
      }
      amount = a;
    } else {
      const d = money(m.debit, "debit"), c = money(m.credit, "credit");
      if (d === undefined || c === undefined) continue;
      if (d === null && c === null) {
        const cols = [m.debit, m.credit].filter((i) => i !== undefined).map(name).join(" and ");
        fail(`no amount: ${cols} ${m.debit !== undefined && m.credit !== undefined ? "are" : "is"} empty`);
        continue;
      }
      if (d && c && d.units !== 0n && c.units !== 0n) {
        warnings.push(`Row ${row}: both debit and credit are filled; the amount is credit − debit`);
      }
      amount = add(c ? abs(c) : { units: 0n, scale: 0 }, d ? negate(abs(d)) : { units: 0n, scale: 0 });
    }
    if (m.flipSign) amount = negate(amount);
    const balance = money(m.balance, "balance");
    if (balance === undefined) continue;

    const parts: string[] = [];
    for (const i of m.description) {
      let c = cleanCell(rec.fields[i] ?? "");
      if (c.length > MAX_CELL_LENGTH) {
        c = c.slice(0, MAX_CELL_LENGTH);
        warnings.push(
          `Row ${row}: the ${name(i)} cell is longer than ${MAX_CELL_LENGTH.toLocaleString("en")} characters; cut`,
        );
      }
      if (c) parts.push(c);
    }
    const described = defuse(parts.join(" "));
    if (described.defused) {
      warnings.push(`Row ${row}: the description looks like a spreadsheet formula; stored as text with a leading '`);
    }
    const r: CsvRow = { row, date, postedDate, description: described.text, amount, balance };
    if (m.externalId !== undefined) {
      const id = cleanCell(rec.fields[m.externalId] ?? "").slice(0, MAX_ID_LENGTH);
      if (id) r.externalId = defuse(id).text;
    }
    rows.push(r);
  }
  if (moreErrors) {
    warnings.push(
      `${moreErrors.toLocaleString("en")} more rows could not be read (only the first ${MAX_LISTED_ERRORS} are listed)`,
    );
  }
  return { rows, errors, warnings, currency: currencies.size === 1 ? [...currencies][0] : null };
}

/** Formats read rows as contract transactions, all amounts at one scale (at least 2 decimals). */
export function toTransactions(rows: CsvRow[]): StatementTransaction[] {
  const scale = commonScale(rows.flatMap((r) => (r.balance ? [r.amount, r.balance] : [r.amount])));
  return rows.map((r) => {
    const t: StatementTransaction = {
      date: r.date,
      posted_date: r.postedDate,
      description: r.description,
      amount: formatDecimal(r.amount, scale),
      balance: r.balance ? formatDecimal(r.balance, scale) : null,
    };
    if (r.externalId) t.external_id = r.externalId;
    return t;
  });
}

/**
 * Applies `mapping` to a CSV export (text, or bytes: UTF-8/UTF-16 with BOM/Windows-1252).
 * Amounts are from the holder's view: a debit column reads as money out (negative), a credit
 * column as money in (positive), then `flipSign` negates. Blank rows are skipped. Throws
 * {@link CsvImportError} for an invalid mapping or more than {@link MAX_CSV_ROWS} rows.
 */
export function applyCsvMapping(input: string | Uint8Array, mapping: CsvMapping): CsvApplyResult {
  const { rows, errors, warnings, currency } = readCsvRows(input, mapping);
  return { transactions: toTransactions(rows), errors, warnings, currency };
}
