/**
 * Report tables as CSV and XLSX, read back: the CSV with our RFC 4180 reader (preamble, one
 * block per table, totals, exact money, formula text neutralised), the XLSX with exceljs (a
 * sheet per table, frozen bold header, numbers with 0.00, real dates, percents, bold totals).
 */
import ExcelJS from "exceljs";
import { assert, assertEquals } from "../../tests/support/assert.ts";
import { parseCsv } from "../parsing/csv/rfc4180.ts";
import type { ReportDocument } from "../reports/types.ts";
import { reportCsv } from "./report_csv.ts";
import { reportXlsx } from "./report_xlsx.ts";

const DOC: ReportDocument = {
  report: "top-payees",
  title: "Top payees",
  firmName: "Acme Bookkeeping",
  clientName: 'Riverside "Bakery", LLC',
  periodLabel: "Calendar year 2025 (2025-01-01 – 2025-12-31)",
  currency: "USD",
  generatedAt: "2026-12-02T10:00:00.000Z",
  warnings: ["12 transactions are uncategorized"],
  tables: [
    {
      title: "Paid to: the most",
      columns: [
        { key: "payee", label: "Payee", type: "text" },
        { key: "first", label: "First", type: "date" },
        { key: "count", label: "Count", type: "integer" },
        { key: "share", label: "Share", type: "percent" },
        { key: "total", label: "Total", type: "money" },
      ],
      rows: [
        { payee: '=HYPERLINK("x")', first: "2025-01-05", count: 3, share: 62.5, total: "-1234.56" },
        { payee: 'Café; "quoted"\nline', first: "2025-02-01", count: 1, share: 37.5, total: "-0.01" },
      ],
      totals: { payee: "Total", first: null, count: 4, share: null, total: "-1234.57" },
    },
    {
      title: "Paid to: the most",
      columns: [{ key: "month", label: "Month", type: "text" }, { key: "net", label: "Net", type: "money" }],
      rows: [{ month: "2025-01", net: "99999999.99" }],
    },
  ],
};

Deno.test("reportCsv: a preamble, then one block per table with its title, headers, rows and totals", () => {
  const csv = reportCsv(DOC);
  assert(csv.startsWith("\ufeff"));
  const records = parseCsv(csv.slice(1), ",").records.map((r) => r.fields);
  assertEquals(records.slice(0, 7), [
    ["Top payees"],
    ["Firm", "Acme Bookkeeping"],
    ["Client", 'Riverside "Bakery", LLC'],
    ["Period", "Calendar year 2025 (2025-01-01 – 2025-12-31)"],
    ["Currency", "USD"],
    ["Generated", "2026-12-02T10:00:00.000Z"],
    ["Warning", "12 transactions are uncategorized"],
  ]);
  const blocks = records.slice(7);
  assertEquals(blocks[0], [""]);
  assertEquals(blocks[1], ["Paid to: the most"]);
  assertEquals(blocks[2], ["Payee", "First", "Count", "Share", "Total"]);
  assertEquals(blocks[3], [`'=HYPERLINK("x")`, "2025-01-05", "3", "62.5", "-1234.56"]);
  assertEquals(blocks[4], ['Café; "quoted"\nline', "2025-02-01", "1", "37.5", "-0.01"]);
  assertEquals(blocks[5], ["Total", "", "4", "", "-1234.57"]);
  assertEquals(blocks.slice(6), [[""], ["Paid to: the most"], ["Month", "Net"], ["2025-01", "99999999.99"]]);
  assertEquals(reportCsv(DOC, "es").split("\r\n")[1], "Despacho,Acme Bookkeeping");
});

Deno.test("reportXlsx: a sheet per table, frozen bold header, typed cells, bold totals", async () => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await reportXlsx(DOC)) as unknown as ArrayBuffer);
  assertEquals(book.worksheets.map((s) => s.name), ["Paid to the most", "Paid to the most 2"]);
  const sheet = book.worksheets[0];
  assertEquals(sheet.getCell("A1").value, "Top payees");
  assert(sheet.getCell("A1").font?.bold);
  assertEquals(sheet.getCell("B3").value, 'Riverside "Bakery", LLC');
  const header = 10; // title, 6 preamble rows, blank, table title, then the header
  assertEquals(sheet.getCell(`A${header - 1}`).value, "Paid to: the most");
  const view = sheet.views[0] as { state: string; ySplit: number };
  assertEquals([view.state, view.ySplit], ["frozen", header]);
  assertEquals((sheet.getRow(header).values as unknown[]).slice(1), ["Payee", "First", "Count", "Share", "Total"]);
  assert(sheet.getRow(header).getCell(1).font?.bold);
  const first = sheet.getRow(header + 1);
  assertEquals(first.getCell(1).value, '=HYPERLINK("x")', "text, not a formula");
  assert(!first.getCell(1).formula);
  assertEquals((first.getCell(2).value as Date).toISOString().slice(0, 10), "2025-01-05");
  assertEquals(first.getCell(2).numFmt, "yyyy-mm-dd");
  assertEquals(first.getCell(3).value, 3);
  assertEquals(first.getCell(4).value, 0.625);
  assertEquals(first.getCell(4).numFmt, "0.0%");
  assertEquals(first.getCell(5).value, -1234.56);
  assertEquals(first.getCell(5).numFmt, "0.00");
  const totals = sheet.getRow(header + 3);
  assertEquals(totals.getCell(1).value, "Total");
  assertEquals(Math.round((totals.getCell(5).value as number) * 100), -123457);
  assert(totals.getCell(5).font?.bold, "bold totals");
  const second = book.worksheets[1];
  assertEquals(Math.round((second.getCell(`B${header + 1}`).value as number) * 100), 9999999999);
});
