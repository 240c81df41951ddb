/**
 * A small RFC 4180 CSV reader, lenient the way spreadsheets are: quoted fields with "" escapes and
 * line breaks, CRLF / LF / CR line ends, a quote only opens a field at its start (spaces before
 * it allowed), text after a closing quote is kept. Plus delimiter detection over , ; tab |.
 */

/** Delimiters we detect. */
export const DELIMITERS = [",", ";", "\t", "|"] as const;
/** One of {@link DELIMITERS}. */
export type Delimiter = typeof DELIMITERS[number];

/** A parsed record and the 1-based physical line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** Options for {@link parseCsv}. */
export interface ParseCsvOptions {
  /** Physical lines to skip before parsing (a preamble that need not be valid CSV). */
  skipLines?: number;
  /** Stop after this many records. */
  maxRecords?: number;
}

/** What {@link parseCsv} read. */
export interface ParseCsvResult {
  records: CsvRecord[];
  /** False when parsing stopped at `maxRecords` with text left over. */
  complete: boolean;
  /** The line of a record whose quoted field runs to the end of the text, if any. */
  unterminatedQuoteLine: number | null;
}

const QUOTE = 34, LF = 10, CR = 13, SPACE = 32;

/** Offset just after `lines` line breaks (CRLF, LF or CR), or the text length. */
export function offsetAfterLines(text: string, lines: number): number {
  let i = 0;
  for (let n = 0; n < lines && i < text.length; n++) {
    while (i < text.length) {
      const c = text.charCodeAt(i++);
      if (c === LF) break;
      if (c === CR) {
        if (text.charCodeAt(i) === LF) i++;
        break;
      }
    }
  }
  return i;
}

function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) n++;
  }
  return n;
}

/** Parses `text` (BOM already removed) with `delimiter`. */
export function parseCsv(text: string, delimiter: string, options: ParseCsvOptions = {}): ParseCsvResult {
  const skip = options.skipLines ?? 0;
  const max = options.maxRecords ?? Infinity;
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  const stop = new RegExp(`[${delimiter.replace(/[\\\]^-]/g, "\\$&")}\r\n]`, "g");
  const fieldEnd = (from: number) => {
    stop.lastIndex = from;
    return stop.exec(text)?.index ?? n;
  };
  let i = offsetAfterLines(text, skip);
  let line = skip + 1;
  const records: CsvRecord[] = [];
  let unterminatedQuoteLine: number | null = null;

  while (i < n && records.length < max) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let k = i;
      if (delim !== SPACE) { while (text.charCodeAt(k) === SPACE) k++; }
      if (text.charCodeAt(k) === QUOTE) {
        let value = "";
        let p = k + 1;
        for (;;) {
          const q = text.indexOf('"', p);
          if (q === -1) {
            value += text.slice(p);
            line += countBreaks(text, p, n);
            unterminatedQuoteLine ??= start;
            p = n;
            break;
          }
          value += text.slice(p, q);
          line += countBreaks(text, p, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            p = q + 2;
          } else {
            p = q + 1;
            break;
          }
        }
        const e = fieldEnd(p);
        const rest = text.slice(p, e);
        fields.push(rest.trim() === "" ? value : value + rest.trimEnd());
        i = e;
      } else {
        const e = fieldEnd(i);
        fields.push(text.slice(i, e));
        i = e;
      }
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        if (i >= n) {
          fields.push("");
          break;
        }
        continue;
      }
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    records.push({ fields, line: start });
  }
  return { records, complete: i >= n, unterminatedQuoteLine };
}

/** True when every field is empty or whitespace. */
export function isBlank(fields: string[]): boolean {
  return fields.every((f) => f.trim() === "");
}

/** Number of fields once trailing empty ones are dropped. */
export function trimmedWidth(fields: string[]): number {
  let w = fields.length;
  while (w > 0 && fields[w - 1].trim() === "") w--;
  return w;
}

/** A run of consecutive non-blank records that share a table shape. */
export interface Run {
  /** Index into the records of the first record of the run. */
  start: number;
  /** Number of non-blank records in the run. */
  length: number;
  /** Widest non-empty extent in the run. */
  width: number;
}

/**
 * The run starting at record `from`: records are compatible while no record has content beyond
 * another's field count (so rows with extra trailing empty fields still belong), width ≥ 2.
 */
export function runFrom(records: CsvRecord[], from: number, limit = Infinity): Run {
  let minRaw = Infinity, maxTrim = 0, length = 0;
  for (let r = from; r < records.length && length < limit; r++) {
    const f = records[r].fields;
    if (isBlank(f)) continue;
    const raw = Math.min(minRaw, f.length), trim = Math.max(maxTrim, trimmedWidth(f));
    if (trim > raw || trim < 2) break;
    minRaw = raw;
    maxTrim = trim;
    length++;
  }
  return { start: from, length, width: maxTrim };
}

/** The longest run starting within the first `within` records. */
export function longestRun(records: CsvRecord[], within = 60): Run {
  let best: Run = { start: 0, length: 0, width: 0 };
  for (let r = 0; r < Math.min(records.length, within); r++) {
    if (isBlank(records[r].fields)) continue;
    const run = runFrom(records, r);
    if (run.length > best.length || (run.length === best.length && run.width > best.width)) best = run;
  }
  return best;
}

/** The chosen delimiter with its table run. */
export interface DelimiterGuess {
  delimiter: Delimiter;
  run: Run;
  records: CsvRecord[];
}

const PREFERENCE: Delimiter[] = ["\t", ";", "|", ","];

/**
 * Picks the delimiter whose split gives the longest run of same-shaped rows (a preamble before the
 * table does not count), then the widest, then tab, ";", "|", ",". Null when no delimiter splits
 * at least `minRows` rows into two or more fields.
 */
export function detectDelimiter(text: string, minRows = 2, sampleRecords = 200): DelimiterGuess | null {
  let best: DelimiterGuess | null = null;
  for (const delimiter of PREFERENCE) {
    const { records } = parseCsv(text, delimiter, { maxRecords: sampleRecords });
    const run = longestRun(records);
    if (run.length < minRows) continue;
    if (!best || run.length > best.run.length || (run.length === best.run.length && run.width > best.run.width)) {
      best = { delimiter, run, records };
    }
  }
  return best;
}
