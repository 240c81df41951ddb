import { assert, assertEquals, assertMatch, assertStringIncludes } from "../../tests/support/assert.ts";
import { extractPdf } from "../parsing/extract/pdf.ts";
import { renderReportPdf } from "./report.ts";
import { pageLines, pageSizes, pageTexts } from "./testing/extract.ts";
import { profitLossSample, SCHEDULE_C_TOTALS, scheduleCSample, transactionsSample } from "./testing/samples.ts";

Deno.test("a report PDF has the title, the firm/client/period header, the cells and the totals as text", async () => {
  const doc = scheduleCSample();
  const bytes = await renderReportPdf(doc, { locale: "en-US" });
  assertEquals(new TextDecoder().decode(bytes.subarray(0, 5)), "%PDF-");
  const [page, ...rest] = await pageTexts(bytes);
  assertEquals(rest.length, 0);
  assertStringIncludes(page, "Schedule C worksheet");
  assertStringIncludes(page, "Harbor & Pine Accounting · Riverside Bakery LLC · Calendar year 2025");
  assertStringIncludes(page, "Amounts in USD");
  assertStringIncludes(page, "12 transactions ($1,934.17) are uncategorized");
  assertStringIncludes(page, "Part II · Expenses");
  assertStringIncludes(page, "Car and truck expenses 21 3,187.45");
  assertStringIncludes(page, "Returns and allowances 7 -1,204.00");
  assertStringIncludes(page, `Gross income 419 ${SCHEDULE_C_TOTALS.gross}`);
  assertStringIncludes(page, `Total expenses 277 ${SCHEDULE_C_TOTALS.expenses}`);
  assertStringIncludes(page, SCHEDULE_C_TOTALS.net);
  assertStringIncludes(page, "Page 1 of 1");
  assertStringIncludes(page, "Generated Dec 2, 2026");
});

Deno.test("a report in Spanish formats money, dates and the page footer for the locale", async () => {
  const doc = transactionsSample(3);
  doc.tables[0].rows[0].amount = "12345678901234567.89"; // beyond float precision
  const text = (await pageTexts(await renderReportPdf(doc, { locale: "es-ES" }))).join("\n");
  assertStringIncludes(text, "12.345.678.901.234.567,89");
  assertStringIncludes(text, "1 ene 2025");
  assertStringIncludes(text, "Página 1 de 1");
  assertStringIncludes(text, "Importes en USD");
});

const plain = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

Deno.test("a 600-row table spans pages: header and column titles on every page, rows kept whole", async () => {
  const doc = transactionsSample(600);
  const bytes = await renderReportPdf(doc, { locale: "en-US" });
  const pages = await pageLines(bytes);
  assert(pages.length >= 5, `expected several pages, got ${pages.length}`);
  pages.forEach((lines, i) => {
    const text = lines.join("\n");
    assertStringIncludes(text, "Harbor & Pine Accounting · Riverside Bakery LLC", `header on page ${i + 1}`);
    assertStringIncludes(text, `Page ${i + 1} of ${pages.length}`);
    assert(lines.some((l) => /^Date Payee Category Amount$/.test(l)), `column titles on page ${i + 1}`);
    if (i > 0) assertStringIncludes(text, "All transactions (continued)");
  });
  // Every row appears once, with its date, payee and amount on one line of one page.
  const rows = doc.tables[0].rows;
  const all = pages.flat();
  for (const [i, row] of rows.entries()) {
    const amount = plain.format(row.amount as Intl.StringNumericLiteral);
    const hits = all.filter((l) => new RegExp(`\\bRow ${i + 1}\\b`).test(l));
    assertEquals(hits.length, 1, `row ${i + 1}`);
    assertMatch(hits[0], new RegExp(`^\\w{3} \\d{1,2}, 2025 Row ${i + 1} .* ${amount.replace(/[.]/g, "\\.")}$`));
  }
  const last = pages[pages.length - 1].join("\n");
  const total = doc.tables[0].totals!.amount as string;
  assertStringIncludes(last, `Total ${usd.format(total as Intl.StringNumericLiteral)}`);
  assertEquals(pages.flat().filter((l) => l.startsWith("Total ")).length, 1, "one totals row, at the end");
});

Deno.test("a twelve-month P&L turns landscape and keeps every amount on one line", async () => {
  const doc = profitLossSample();
  const bytes = await renderReportPdf(doc, { locale: "en-US" });
  const [size] = await pageSizes(bytes);
  assertEquals(size, { width: 792, height: 612 });
  const lines = (await pageLines(bytes)).flat();
  const header = lines.find((l) => l.startsWith("Category "));
  assertEquals(
    header,
    `Category ${Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, "0")}`).join(" ")} Total`,
  );
  const payroll = lines.find((l) => l.startsWith("Payroll "))!;
  assertEquals(payroll.split(" ").length, 14);
  assertStringIncludes(payroll, "-7,302.47");
});

Deno.test("a Schedule C fits portrait Letter pages", async () => {
  const sizes = await pageSizes(await renderReportPdf(scheduleCSample(), { locale: "en" }));
  assertEquals(sizes, [{ width: 612, height: 792 }]);
});

Deno.test("a report without rows says so instead of drawing an empty table", async () => {
  const doc = scheduleCSample();
  doc.warnings = [];
  doc.tables = [{ title: "Part I · Income", columns: doc.tables[0].columns, rows: [] }];
  const text = (await pageTexts(await renderReportPdf(doc, { locale: "en" }))).join("\n");
  assertStringIncludes(text, "Nothing to show for this period.");
  assert(!text.includes("Before you rely"), "no warnings box without warnings");
});

Deno.test("labels can be overridden by the caller", async () => {
  const text = (await pageTexts(
    await renderReportPdf(scheduleCSample(), { locale: "en", labels: { page: "Sheet {n}/{m}", warnings: "Heads up" } }),
  )).join("\n");
  assertStringIncludes(text, "Sheet 1/1");
  assertStringIncludes(text, "Heads up");
});

Deno.test("amounts are right-aligned and tables with the same columns line up", async () => {
  const doc = await extractPdf(await renderReportPdf(scheduleCSample(), { locale: "en-US" }));
  const items = doc.lines.flatMap((l) => l.items);
  const ends = (text: string) => items.filter((i) => i.text === text).map((i) => Math.round(i.xEnd));
  const amountEnds = ["148,213.40", "-1,204.00", "$147,009.40", "1,240.00", "912.37", "$33,565.16", "113,444.24"]
    .flatMap(ends);
  assertEquals(amountEnds.length, 7);
  assertEquals(new Set(amountEnds).size, 1, `right edges ${amountEnds}`);
  const headers = items.filter((i) => i.text === "Transactions").map((i) => Math.round(i.x));
  assertEquals(headers.length, 3);
  assertEquals(new Set(headers).size, 1, "the column starts at the same place in every table");
});
