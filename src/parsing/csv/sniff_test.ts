import assert from "node:assert/strict";
import { applyCsvMapping, CsvImportError, CsvMappingSchema, sniffCsv } from "./mod.ts";

Deno.test("sniff: Chase-like export — rows one field wider than the header, a low-information Details column", () => {
  const text = `Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #
DEBIT,01/31/2025,"ONLINE TRANSFER TO SAV ...1234 TRANSACTION#: 2345",-500.00,ACCT_XFER,3326.01,,
CREDIT,01/30/2025,"ACME CORP PAYROLL PPD ID: 9876",2500.00,ACH_CREDIT,3826.01,,
DEBIT,01/28/2025,"AMAZON MKTPL*2K4ABC123 Amzn.com/bill WA",-23.99,DEBIT_CARD,1326.01,,
CHECK,01/27/2025,"CHECK 1042",-150.00,CHECK_PAID,1350.00,1042,
DEBIT,01/25/2025,"SHELL OIL 5744",-41.07,DEBIT_CARD,1500.00,,
`;
  const s = sniffCsv(text);
  assert.equal(s.headerRow, 0);
  assert.equal(s.columns.length, 7);
  const m = s.suggestions;
  assert.equal(m.date, 1);
  assert.deepEqual(m.description, [2]);
  assert.equal(m.amount, 3);
  assert.equal(m.balance, 5);
  assert.equal(m.dateFormat, "MM/DD/YYYY");
  assert.ok(CsvMappingSchema.safeParse(m).success);
  const r = applyCsvMapping(text, m);
  assert.deepEqual(r.errors, []);
  assert.equal(r.transactions.length, 5);
});

Deno.test("sniff: no header — roles from the values (date, text, amount, balance)", () => {
  const text = `2025-01-02\tGROCERY STORE 123\t-54.20\t945.80
2025-01-03\tSALARY\t2000.00\t2945.80
2025-01-05\tRENT JANUARY\t-1200.00\t1745.80
`;
  const s = sniffCsv(text);
  assert.equal(s.delimiter, "\t");
  assert.equal(s.headerRow, null);
  assert.deepEqual(s.columns, ["Column 1", "Column 2", "Column 3", "Column 4"]);
  const m = s.suggestions;
  assert.deepEqual([m.hasHeader, m.skipRows, m.date, m.amount, m.balance], [false, 0, 0, 2, 3]);
  assert.deepEqual(m.description, [1]);
  assert.equal(m.dateFormat, "YYYY-MM-DD");
  assert.equal(applyCsvMapping(text, m).transactions.length, 3);
});

Deno.test("sniff: no header, debit and credit told apart by being exclusive", () => {
  const text = `03/01/2025|Coffee|3.50||96.50
04/01/2025|Refund||10.00|106.50
15/01/2025|Books|20.00||86.50
`;
  const m = sniffCsv(text).suggestions;
  assert.deepEqual([m.debit, m.credit, m.balance, m.amount], [2, 3, 4, undefined]);
  assert.equal(m.dateFormat, "DD/MM/YYYY");
});

Deno.test("sniff: Spanish headers, ambiguous dates get a note and the European reading", () => {
  const text = "Fecha;Concepto;Importe;Saldo\n01/02/2025;Nómina;1.500,00;2.000,00\n";
  const s = sniffCsv(text);
  const m = s.suggestions;
  assert.deepEqual([m.date, m.amount, m.balance, m.decimal], [0, 2, 3, ","]);
  assert.deepEqual(m.description, [1]);
  assert.equal(m.dateFormat, "DD/MM/YYYY");
  assert.ok(s.notes.some((n) => n.includes("day-first or month-first")));
});

Deno.test("sniff: French headers with Débit / Crédit; German Soll / Haben", () => {
  const fr = sniffCsv(
    "Date de l'opération;Libellé;Débit;Crédit\n02/01/2025;CB CARREFOUR;12,30;\n03/01/2025;VIR SALAIRE;;2 100,00\n",
  );
  assert.deepEqual([fr.suggestions.debit, fr.suggestions.credit, fr.suggestions.decimal], [2, 3, ","]);
  const de = sniffCsv("Datum;Text;Soll;Haben\n02.01.2025;Miete;800,00;\n");
  assert.deepEqual([de.suggestions.debit, de.suggestions.credit], [2, 3]);
});

Deno.test("sniff: a posting date beside a transaction date; a totals footer is suggested as footerRows", () => {
  const text = `Trans. Date,Post Date,Description,Amount
01/02/2025,01/03/2025,STARBUCKS #123,4.75
01/05/2025,01/06/2025,PAYMENT THANK YOU,-200.00
01/09/2025,01/10/2025,DELTA AIR LINES,412.30
Total,,,217.05
`;
  const m = sniffCsv(text).suggestions;
  assert.deepEqual([m.date, m.postedDate, m.amount, m.footerRows], [0, 1, 3, 1]);
  const r = applyCsvMapping(text, m);
  assert.deepEqual(r.errors, []);
  assert.equal(r.transactions[0].posted_date, "2025-01-03");
});

Deno.test("sniff: sample is the first 10 data rows, cells cut for display", () => {
  const rows = Array.from(
    { length: 25 },
    (_, i) => `2025-01-${String(i + 1).padStart(2, "0")},${"x".repeat(3000)},1.00`,
  );
  const s = sniffCsv("Date,Memo,Amount\n" + rows.join("\n"));
  assert.equal(s.sample.length, 10);
  assert.equal(s.sample[0][1].length, 1000);
});

Deno.test("sniff: not a table at all", () => {
  assert.throws(() => sniffCsv("Dear customer\nyour statement is attached\n"), CsvImportError);
  assert.throws(() => sniffCsv(""), /no delimiter/);
});
