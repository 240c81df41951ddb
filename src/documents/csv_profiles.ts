/** CSV import profiles: a saved column mapping per client and header, tied to an account. */
import type { CsvSniff } from "../parsing/csv/mod.ts";

/** Identifies a CSV layout: its delimiter and (lower-cased) column names. */
export function csvHeaderSignature(sniff: Pick<CsvSniff, "delimiter" | "columns" | "headerRow">): string {
  const names = sniff.headerRow === null
    ? `${sniff.columns.length} columns`
    : sniff.columns.map((c) => c.trim().toLowerCase()).join("|");
  return `${sniff.delimiter}:${names}`.slice(0, 1000);
}
