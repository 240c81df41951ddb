import { assert, assertEquals, assertRejects } from "../../../tests/support/assert.ts";
import { DocumentError } from "../types.ts";
import { extractPdf, isPdf, MESSAGES } from "./pdf.ts";
import { makePdf, manyPagesPdf, type PdfText } from "./test_pdf.ts";

const row = (y: number, date: string, desc: string, amount: string, balance: string): PdfText[] => [
  { x: 72, y, text: date },
  { x: 130, y, text: desc },
  { x: 400, y, text: amount },
  { x: 480, y, text: balance },
];

function statementPages(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    texts: [
      { x: 72, y: 760, text: "First Harbor Bank Checking Statement" },
      ...row(700, "Date", "Description", "Amount", "Balance"),
      ...row(680, `03/0${i + 1}`, "ACH DEPOSIT PAYROLL", "1,234.56", "2,000.00"),
      // Two runs of one description, a space apart: one item.
      { x: 72, y: 660, text: `03/0${i + 1}` },
      { x: 130, y: 660, text: "POS" },
      { x: 153.4, y: 660, text: "PURCHASE" },
      { x: 400, y: 660, text: "-4.50" },
      { x: 72, y: 30, text: `Page ${i + 1} of ${count}` },
    ],
  }));
}

Deno.test("extractPdf rebuilds lines with item positions and removes page furniture", async () => {
  const doc = await extractPdf(makePdf(statementPages(3)));
  assertEquals([doc.pages, doc.pageWidth, doc.pageHeight], [3, 612, 792]);
  assertEquals(doc.lines.filter((l) => l.page === 1).map((l) => l.text), [
    "Date Description Amount Balance",
    "03/01 ACH DEPOSIT PAYROLL 1,234.56 2,000.00",
    "03/01 POS PURCHASE -4.50",
  ]);
  const line = doc.lines[1];
  assertEquals(line.items.map((i) => i.text), ["03/01", "ACH DEPOSIT PAYROLL", "1,234.56", "2,000.00"]);
  assertEquals(line.items.map((i) => i.x), [72, 130, 400, 480]);
  assertEquals([line.y, line.items[0].y, line.items[0].height, line.index], [680, 680, 10, 1]);
  // Helvetica widths: "03/01" is four 0.556 em digits and a 0.278 em slash at 10 pt.
  assertEquals(line.items[0].xEnd, 97.02);
  assertEquals(doc.lines[2].items.map((i) => i.text), ["03/01", "POS PURCHASE", "-4.50"]);
  assertEquals(doc.furniture.map((l) => `${l.page}:${l.text}`), [
    "1:First Harbor Bank Checking Statement",
    "1:Page 1 of 3",
    "2:First Harbor Bank Checking Statement",
    "2:Page 2 of 3",
    "3:First Harbor Bank Checking Statement",
    "3:Page 3 of 3",
  ]);
  assertEquals(doc.warnings, undefined);
});

Deno.test("extractPdf opens an encrypted PDF only with its password", async () => {
  const pdf = makePdf(statementPages(1), { userPassword: "s3cret" });
  const without = await assertRejects(() => extractPdf(pdf), DocumentError, MESSAGES.needsPassword);
  assertEquals(without.state, "needs_password");
  const wrong = await assertRejects(
    () => extractPdf(pdf, { password: "guess" }),
    DocumentError,
    MESSAGES.wrongPassword,
  );
  assertEquals(wrong.state, "needs_password");
  const doc = await extractPdf(pdf, { password: "s3cret" });
  assertEquals(doc.lines[2].text, "03/01 ACH DEPOSIT PAYROLL 1,234.56 2,000.00");
});

Deno.test("extractPdf: an image-only PDF is a scan; an empty one is blank", async () => {
  const scan = await assertRejects(() => extractPdf(makePdf([{ image: true }, { image: true }])), DocumentError);
  assertEquals([scan.state, scan.message], ["unreadable", MESSAGES.scanned]);
  const blank = await assertRejects(() => extractPdf(makePdf([{ texts: [] }])), DocumentError);
  assertEquals([blank.state, blank.message], ["unreadable", MESSAGES.blank]);
});

Deno.test("extractPdf warns about pages without text among pages with text", async () => {
  const doc = await extractPdf(makePdf([...statementPages(1), { image: true }, { image: true }]));
  assertEquals(doc.warnings, ["Pages 2-3 have no text (scanned pages?); they were skipped"]);
});

Deno.test("extractPdf refuses files that are not PDFs, damaged ones and too many pages", async () => {
  const notPdf = await assertRejects(() => extractPdf(new TextEncoder().encode("Date,Amount\n")), DocumentError);
  assertEquals([notPdf.state, notPdf.message], ["unreadable", MESSAGES.notPdf]);
  const garbage = new TextEncoder().encode("%PDF-1.7\n" + "x".repeat(5000));
  const damaged = await assertRejects(() => extractPdf(garbage), DocumentError);
  assertEquals([damaged.state, damaged.message], ["unreadable", MESSAGES.damaged]);
  const many = await assertRejects(() => extractPdf(manyPagesPdf(30), { maxPages: 20 }), DocumentError);
  assertEquals([many.state, many.message], ["unreadable", "The PDF has 30 pages; the limit is 20"]);
});

Deno.test("isPdf looks for the header within the first kilobyte", () => {
  assert(isPdf(new TextEncoder().encode("%PDF-1.4\n")));
  assert(isPdf(new TextEncoder().encode("junk\r\n%PDF-1.4\n")));
  assert(!isPdf(new TextEncoder().encode("OFXHEADER:100")));
  assert(!isPdf(new Uint8Array()));
});
