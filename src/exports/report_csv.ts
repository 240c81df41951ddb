/**
 * A report as one CSV file: a preamble (report title, firm, client, period, currency, when it
 * was generated, warnings), then one block per table — the table's title on a row of its own,
 * the column headers, the rows and the totals row — with a blank line between blocks. One file
 * rather than one per table, so a download is a single file that opens in any spreadsheet.
 * Money is written as decimal strings ("-1234.56"), dates as YYYY-MM-DD, percents and integers
 * as numbers; text cells that a spreadsheet would run as a formula get an apostrophe in front.
 * UTF-8 with a byte order mark, CRLF line ends (RFC 4180).
 */
import type { Cell, ReportDocument, TableColumn } from "../reports/types.ts";
import { createI18n } from "../i18n/mod.ts";
import { csvRecord } from "./csv.ts";
import { clean, inert } from "./text.ts";

/** One cell as CSV text. */
export function reportCellText(cell: Cell | undefined, column: TableColumn): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return String(cell);
  return column.type === "text" ? inert(clean(cell)) : clean(cell);
}

/** The preamble rows both report files start with: [label, value]. */
export function reportPreamble(doc: ReportDocument, locale: string): [string, string][] {
  const { t } = createI18n(locale);
  return [
    [t("exports.report.firm"), doc.firmName],
    [t("exports.report.client"), doc.clientName],
    [t("exports.report.period"), doc.periodLabel],
    [t("exports.report.currency"), doc.currency],
    [t("exports.report.generated"), doc.generatedAt],
    ...doc.warnings.map((w): [string, string] => [t("exports.report.warning"), w]),
  ];
}

/** The report as CSV text (see the module doc); `locale` picks the language of the preamble labels. */
export function reportCsv(doc: ReportDocument, locale = "en"): string {
  let out = "\ufeff" + csvRecord([inert(clean(doc.title))]);
  for (const [label, value] of reportPreamble(doc, locale)) out += csvRecord([label, inert(clean(value))]);
  for (const table of doc.tables) {
    out += "\r\n" + csvRecord([inert(clean(table.title))]);
    out += csvRecord(table.columns.map((c) => inert(clean(c.label))));
    const rows = table.totals ? [...table.rows, table.totals] : table.rows;
    for (const row of rows) out += csvRecord(table.columns.map((c) => reportCellText(row[c.key], c)));
  }
  return out;
}
