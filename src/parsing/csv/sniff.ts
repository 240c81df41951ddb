/**
 * First look at a CSV export: delimiter, preamble and header, column names, a sample, and a
 * suggested {@link CsvMapping} from header names (EN/DE/ES/FR) and values.
 */
import { inferDateFormat, looksLikeDate, parseDate } from "./dates.ts";
import { parseAmount } from "./decimal.ts";
import { asText, decodeText, type TextEncodingName } from "./decode.ts";
import { type ColumnRole, headerRole, headerRoleCount } from "./headers.ts";
import type { CsvMapping } from "./mapping.ts";
import { type CsvRecord, detectDelimiter, isBlank, parseCsv, trimmedWidth } from "./rfc4180.ts";
import { CsvImportError, MAX_CSV_ROWS } from "./errors.ts";

/** What {@link sniffCsv} found. */
export interface CsvSniff {
  delimiter: CsvMapping["delimiter"];
  /** 0-based line of the header (= `suggestions.skipRows`), or null when the file has none. */
  headerRow: number | null;
  /** Header names, or "Column 1", "Column 2", … */
  columns: string[];
  /** The first 10 data rows, each `columns.length` cells. */
  sample: string[][];
  suggestions: CsvMapping;
  /** Things the user should check (ambiguous dates, a column not found…). */
  notes: string[];
  /** How bytes were decoded ("utf-8" for a string input). */
  encoding: TextEncodingName;
}

const INFER_ROWS = 500;
const SAMPLE_ROWS = 10;
const CELL_PREVIEW = 1000;

interface ColumnStats {
  index: number;
  values: string[];
  nonEmpty: number;
  /** Share of non-empty cells that read as a date in some format. */
  dateShare: number;
  /** The format of the date-looking cells, when at least half of them look like dates. */
  dates: ReturnType<typeof inferDateFormat>;
  /** Share of non-empty cells that read as money with "." and with "," as the decimal separator. */
  money: { ".": number; ",": number };
  /** Share of non-empty money cells with a fraction part (12.50): money, not a count or id. */
  fractional: number;
  distinct: number;
  avgLength: number;
}

function stats(rows: string[][], index: number): ColumnStats {
  const values = rows.map((r) => (r[index] ?? "").trim());
  const cells = values.filter((v) => v !== "");
  const share = (decimal: "." | ",") =>
    cells.length ? cells.filter((v) => parseAmount(v, decimal).ok).length / cells.length : 0;
  const dated = cells.filter(looksLikeDate);
  const dateShare = cells.length ? dated.length / cells.length : 0;
  return {
    index,
    values,
    nonEmpty: cells.length,
    dateShare,
    dates: dateShare >= 0.5 ? inferDateFormat(dated) : null,
    money: { ".": share("."), ",": share(",") },
    fractional: cells.length ? cells.filter((v) => /\d[.,]\d{1,4}\D*$/.test(v)).length / cells.length : 0,
    distinct: new Set(cells).size,
    avgLength: cells.length ? cells.reduce((n, v) => n + v.length, 0) / cells.length : 0,
  };
}

/** Votes for the decimal separator from money-looking cells; null when nothing decides. */
function decimalVote(values: string[]): "." | "," | null {
  let dot = 0, comma = 0;
  for (const v of values) {
    const s = v.replace(/[^\d.,]/g, "");
    const lastDot = s.lastIndexOf("."), lastComma = s.lastIndexOf(",");
    if (lastDot >= 0 && lastComma >= 0) lastDot > lastComma ? dot++ : comma++;
    else if (lastDot >= 0) {
      if (/\.\d{3}\./.test(s)) comma++;
      else if (!/\.\d{3}$/.test(s)) dot++;
    } else if (lastComma >= 0) {
      if (/,\d{3},/.test(s)) dot++;
      else if (!/,\d{3}$/.test(s)) comma++;
    }
  }
  return dot === comma ? null : dot > comma ? "." : ",";
}

/**
 * Sniffs a CSV export. Throws {@link CsvImportError} when no delimiter splits the lines into a
 * table. Column indexes in `suggestions` are 0-based; check `notes` before trusting them.
 */
export function sniffCsv(input: string | Uint8Array): CsvSniff {
  const decoded = typeof input === "string" ? { text: input, encoding: "utf-8" as const } : decodeText(input);
  const { encoding } = decoded;
  const text = asText(decoded.text);
  const guess = detectDelimiter(text) ?? detectDelimiter(text, 1);
  if (!guess) {
    throw new CsvImportError("Cannot read CSV: no delimiter (, ; tab |) splits the lines into columns");
  }
  const { delimiter } = guess;
  const { records, complete } = parseCsv(text, delimiter, { maxRecords: MAX_CSV_ROWS + 1000 });
  const notes: string[] = [];
  if (!complete) notes.push(`The file has more than ${MAX_CSV_ROWS.toLocaleString("en")} rows and cannot be imported`);

  // Header: the early row naming the most roles (two or more), else a text row over a row of values.
  let headerIdx: number | null = null;
  let bestRoles = 1;
  for (let r = 0; r < Math.min(records.length, 40); r++) {
    const n = headerRoleCount(records[r].fields);
    if (n > bestRoles && trimmedWidth(records[r].fields) >= 2) [headerIdx, bestRoles] = [r, n];
  }
  const start = guess.run.start;
  if (headerIdx === null) {
    const next = records.slice(start + 1).find((r) => !isBlank(r.fields));
    const valueLike = (c: string) => looksLikeDate(c) || parseAmount(c, ".").ok || parseAmount(c, ",").ok;
    const first = records[start]?.fields ?? [];
    if (next && !first.some(valueLike) && next.fields.some(valueLike)) headerIdx = start;
  }
  let dataStart = headerIdx === null ? start : headerIdx + 1;
  const header = headerIdx === null ? [] : records[headerIdx].fields.map((c) => c.trim());
  const dataRecords = (from: number) => records.slice(from).filter((r) => !isBlank(r.fields));
  let data: CsvRecord[] = dataRecords(dataStart);

  const width = Math.max(
    header.length ? trimmedWidth(header) : 0,
    ...data.slice(0, INFER_ROWS).map((r) => trimmedWidth(r.fields)),
  );
  const columns = Array.from({ length: width }, (_, i) => header[i] || `Column ${i + 1}`);
  const rowsOf = (recs: CsvRecord[]) => recs.slice(0, INFER_ROWS).map((r) => r.fields);
  let col = columns.map((_, i) => stats(rowsOf(data), i));

  // Roles from the header, kept only where the values agree.
  const byHeader = new Map<ColumnRole, number[]>();
  if (headerIdx !== null) {
    const claimed: { role: ColumnRole; score: number; index: number }[] = [];
    header.forEach((h, index) => {
      const m = headerRole(h);
      if (m && index < width) claimed.push({ ...m, index });
    });
    for (const c of claimed.sort((a, b) => b.score - a.score)) {
      const s = col[c.index];
      const isMoney = ["amount", "debit", "credit", "balance"].includes(c.role);
      if (isMoney && s.nonEmpty > 0 && Math.max(s.money["."], s.money[","]) < 0.8) continue;
      const isDate = c.role === "date" || c.role === "postedDate" || c.role === "valueDate";
      if (isDate && s.nonEmpty > 0 && !s.dates) continue;
      const list = byHeader.get(c.role) ?? [];
      if (c.role !== "description" && list.length) continue;
      byHeader.set(c.role, [...list, c.index]);
    }
  }
  const one = (role: ColumnRole) => byHeader.get(role)?.[0];

  let date = one("date") ?? one("postedDate") ?? one("valueDate");
  const postedDate = one("date") !== undefined ? one("postedDate") : undefined;
  if (date === undefined) {
    date = col.find((s) => s.dates && s.dateShare >= 0.9 && !(s.fractional > 0.5))?.index;
    if (date === undefined) notes.push("No date column found; choose one");
  }
  // Without a header, a preamble shaped like the table is skipped up to the first dated row.
  if (headerIdx === null && date !== undefined && col[date].dates) {
    const fmt = col[date].dates!.format;
    const first = records.findIndex((r, i) => i >= dataStart && parseDate(r.fields[date!] ?? "", fmt) !== null);
    if (first > dataStart) {
      dataStart = first;
      data = dataRecords(dataStart);
      col = columns.map((_, i) => stats(rowsOf(data), i));
    }
  }

  const used = new Set<number>([date, postedDate, one("valueDate"), one("externalId")].filter((i) => i !== undefined));
  const moneyCols = col.filter((s) =>
    !used.has(s.index) && s.nonEmpty > 0 && Math.max(s.money["."], s.money[","]) >= 0.9 && s.fractional >= 0.5
  ).map((s) => s.index);
  let amount = one("amount"), debit = one("debit"), credit = one("credit"), balance = one("balance");
  if (amount === undefined && debit === undefined && credit === undefined) {
    const free = moneyCols.filter((i) => i !== balance);
    const [a, b] = free;
    const exclusive = b !== undefined && data.slice(0, INFER_ROWS).every((r) => {
      const x = isZeroOrEmpty(r.fields[a]), y = isZeroOrEmpty(r.fields[b]);
      return x || y;
    });
    if (exclusive) {
      [debit, credit] = [a, b];
      if (balance === undefined) balance = free[2];
    } else if (a !== undefined) {
      amount = a;
      if (balance === undefined && b !== undefined && col[b].nonEmpty === col[a].nonEmpty) balance = b;
    } else notes.push("No amount column found; choose an amount column, or debit and credit columns");
  }

  const taken = new Set([...used, amount, debit, credit, balance].filter((i) => i !== undefined));
  let description = (byHeader.get("description") ?? []).sort((a, b) => a - b).filter((i) =>
    !taken.has(i) && col[i].nonEmpty > 0
  );
  // Several candidates over enough rows: drop short, repetitive ones (a "Details: DEBIT/CREDIT" column).
  if (description.length > 1 && data.length >= 5) {
    const ratio = (i: number) => col[i].distinct / col[i].nonEmpty;
    const richest = Math.max(...description.map(ratio));
    description = description.filter((i) => ratio(i) >= 0.7 * richest || col[i].avgLength >= 12);
  }
  if (description.length === 0) {
    const text = col.filter((s) => !taken.has(s.index) && s.nonEmpty > 0 && !s.dates && s.money["."] < 0.5)
      .sort((x, y) => y.avgLength - x.avgLength);
    if (text[0]) description = [text[0].index];
    else notes.push("No description column found; choose one");
  }

  const moneyValues = [amount, debit, credit, balance].filter((i) => i !== undefined).flatMap((i) => col[i].values);
  let decimal = decimalVote(moneyValues);
  if (decimal === null) {
    decimal = delimiter === ";" ? "," : ".";
    if (moneyValues.some((v) => /[.,]/.test(v))) notes.push(`Decimal separator unclear; assumed "${decimal}"`);
  }
  const dateCells = date === undefined ? [] : col[date].values.filter(looksLikeDate);
  const dateGuess = inferDateFormat(dateCells, decimal === ",") ?? { format: "YYYY-MM-DD" as const, ambiguous: false };
  if (dateGuess.ambiguous) {
    notes.push(`Dates could be read day-first or month-first; assumed ${dateGuess.format} — check the sample`);
  }

  let footerRows = 0;
  if (date !== undefined && col[date].dates) {
    for (let r = data.length - 1; r >= 0 && footerRows <= 10; r--) {
      if (parseDate(data[r].fields[date] ?? "", dateGuess.format) !== null) break;
      footerRows++;
    }
    if (footerRows > 10 || footerRows >= data.length) footerRows = 0;
  }

  const skipRows = (headerIdx === null ? data[0]?.line ?? 1 : records[headerIdx].line) - 1;
  const suggestions: CsvMapping = {
    skipRows,
    hasHeader: headerIdx !== null,
    delimiter,
    date: date ?? 0,
    description,
    dateFormat: dateGuess.format,
    decimal,
    flipSign: false,
  };
  const optional = { postedDate, amount, debit, credit, balance, externalId: one("externalId") };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(suggestions, { [k]: v });
  if (footerRows) suggestions.footerRows = footerRows;

  const sample = data.slice(0, SAMPLE_ROWS).map((r) =>
    columns.map((_, i) => (r.fields[i] ?? "").trim().slice(0, CELL_PREVIEW))
  );
  return { delimiter, headerRow: headerIdx === null ? null : skipRows, columns, sample, suggestions, notes, encoding };
}

function isZeroOrEmpty(cell: string | undefined): boolean {
  const c = (cell ?? "").trim();
  return c === "" || /^[^\d]*0+(?:[.,]0+)?[^\d]*$/.test(c);
}
