/**
 * A report as an XLSX workbook (exceljs): one sheet per table, named after the table. Each
 * sheet starts with the report title (bold), firm, client, period, currency, generation time
 * and warnings; then the table's bold header row, frozen so it stays in view, with an
 * autofilter; the rows; and a bold totals row. Money cells are numbers shown with two decimals
 * (0.00), dates are dates (yyyy-mm-dd), percents are fractions shown as 0.0%, integers numbers.
 */
import ExcelJS from "exceljs";
import type { Cell, ReportDocument, ReportTable, TableColumn } from "../reports/types.ts";
import { reportPreamble } from "./report_csv.ts";
import { clean } from "./text.ts";
import { columnLetter, excelDate, NUMBER_FORMATS, sheetName } from "./xlsx.ts";

const FORMATS: Partial<Record<TableColumn["type"], string>> = { ...NUMBER_FORMATS, percent: "0.0%" };

/** A cell's typed value. */
export function reportCellValue(cell: Cell | undefined, column: TableColumn): ExcelJS.CellValue {
  if (cell === null || cell === undefined || cell === "") return null;
  switch (column.type) {
    case "money":
      return typeof cell === "number" ? cell : Number(cell);
    case "date":
      return typeof cell === "string" && /^\d{4}-\d{2}-\d{2}$/.test(cell) ? excelDate(cell) : clean(String(cell));
    case "percent":
      return (typeof cell === "number" ? cell : Number(cell)) / 100;
    case "integer":
      return typeof cell === "number" ? cell : Number(cell);
    default:
      return clean(String(cell));
  }
}

/** Sheet names: Excel's 31 characters, without []:*?/\, unique in the workbook. */
function sheetNames(tables: ReportTable[]): string[] {
  const taken = new Set<string>();
  return tables.map((t, i) => {
    const base = sheetName(t.title, `Table ${i + 1}`);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

function addTable(book: ExcelJS.Workbook, name: string, doc: ReportDocument, table: ReportTable, locale: string) {
  const preamble = reportPreamble(doc, locale);
  const headerRow = preamble.length + 4; // title, preamble, table title, blank, then the header
  const sheet = book.addWorksheet(name, {
    views: [{ state: "frozen", xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}` }],
  });
  sheet.addRow([clean(doc.title)]).font = { bold: true, size: 14 };
  for (const [label, value] of preamble) sheet.addRow([label, clean(value)]).getCell(1).font = { bold: true };
  sheet.addRow([]);
  sheet.addRow([clean(table.title)]).font = { bold: true, size: 12 };
  const header = sheet.addRow(table.columns.map((c) => clean(c.label)));
  header.font = { bold: true };
  sheet.autoFilter = { from: `A${headerRow}`, to: `${columnLetter(table.columns.length)}${headerRow}` };
  const write = (row: Record<string, Cell>) => {
    const added = sheet.addRow(table.columns.map((c) => reportCellValue(row[c.key], c)));
    table.columns.forEach((c, i) => {
      const format = FORMATS[c.type];
      if (format) added.getCell(i + 1).numFmt = format;
    });
    return added;
  };
  for (const row of table.rows) write(row);
  if (table.totals) write(table.totals).font = { bold: true };
  table.columns.forEach((c, i) => {
    const longest = Math.max(
      c.label.length,
      ...table.rows.slice(0, 500).map((r) => String(r[c.key] ?? "").length),
    );
    sheet.getColumn(i + 1).width = Math.min(Math.max(c.type === "text" ? longest + 2 : 13, 10), i === 0 ? 48 : 40);
  });
}

/** The report as XLSX bytes; `locale` picks the language of the preamble labels. */
export async function reportXlsx(doc: ReportDocument, locale = "en"): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = "LedgerFlow";
  book.created = new Date(doc.generatedAt);
  const names = sheetNames(doc.tables);
  doc.tables.forEach((table, i) => addTable(book, names[i], doc, table, locale));
  if (!doc.tables.length) book.addWorksheet("Report").addRow([clean(doc.title)]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}
