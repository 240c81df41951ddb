import assert from "node:assert/strict";
import {
  applyCsvMapping,
  CsvImportError,
  type CsvMapping,
  CsvMappingSchema,
  csvToStatement,
  MAX_CSV_ROWS,
} from "./mod.ts";

const BASE: CsvMapping = {
  skipRows: 0,
  hasHeader: true,
  delimiter: ",",
  date: 0,
  description: [1],
  amount: 2,
  dateFormat: "DD/MM/YYYY",
  decimal: ".",
  flipSign: false,
};

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

const csv = (...rows: string[]) => ["Date,Description,Amount", ...rows].join("\n") + "\n";

Deno.test("precise row errors: bad date, impossible date, bad amount, empty amount — other rows still read", () => {
  const text = csv(
    "01/02/2025,Coffee,-3.50",
    "31/02/2025,Ghost day,-1.00",
    "2025-02-03,Wrong format,-1.00",
    '04/02/2025,Comma decimal,"12,50"',
    "05/02/2025,No amount,",
    ",Amount but no date,4.00",
    "06/02/2025,Tea,-2.00",
  );
  const { transactions, errors } = applyCsvMapping(text, BASE);
  assert.deepEqual(transactions.map((t) => t.description), ["Coffee", "Tea"]);
  assert.deepEqual(errors, [
    { row: 3, message: 'Row 3: cannot read the date "31/02/2025" as DD/MM/YYYY' },
    { row: 4, message: 'Row 4: cannot read the date "2025-02-03" as DD/MM/YYYY' },
    {
      row: 5,
      message:
        'Row 5: cannot read the amount "12,50" (column "Amount"): it is not a number with "." as the decimal separator',
    },
    { row: 6, message: 'Row 6: the amount is empty (column "Amount")' },
    { row: 7, message: 'Row 7: the date is empty (column "Date")' },
  ]);
  const err = catchError(() => csvToStatement(text, BASE));
  assert.ok(err instanceof CsvImportError);
  assert.equal(
    err.message,
    'Cannot import CSV: 5 rows could not be read (Row 3: cannot read the date "31/02/2025" as DD/MM/YYYY)',
  );
  assert.equal(err.errors.length, 5);
  assert.equal(err.state, "failed");
  const partial = csvToStatement(text, BASE, { skipInvalidRows: true });
  assert.equal(partial.transactions.length, 2);
  assert.ok(partial.warnings.includes('Row 3: cannot read the date "31/02/2025" as DD/MM/YYYY (skipped)'));
});

Deno.test("row numbers count the skipped preamble and the header, like a spreadsheet", () => {
  const text = "Export\nAccount 1\nDate,Description,Amount\n01/01/2025,A,1.00\n\n99/01/2025,B,2.00\n";
  const { errors } = applyCsvMapping(text, { ...BASE, skipRows: 2 });
  assert.deepEqual(errors.map((e) => e.row), [6]);
});

Deno.test("debit → negative, credit → positive, whatever sign they are printed with; flipSign negates", () => {
  const text =
    "Date,Payee,Debit,Credit\n01/01/2025,A,12.00,\n02/01/2025,B,-3.00,\n03/01/2025,C,,40.00\n04/01/2025,D,0.00,5.00\n";
  const m: CsvMapping = { ...BASE, amount: undefined, debit: 2, credit: 3 };
  assert.deepEqual(applyCsvMapping(text, m).transactions.map((t) => t.amount), ["-12.00", "-3.00", "40.00", "5.00"]);
  assert.deepEqual(
    applyCsvMapping(text, { ...m, flipSign: true }).transactions.map((t) => t.amount),
    ["12.00", "3.00", "-40.00", "-5.00"],
  );
  const both = applyCsvMapping("h,h,h,h\n01/01/2025,X,,\n", m);
  assert.deepEqual(both.errors[0].message, 'Row 2: no amount: column "h" and column "h" are empty');
});

Deno.test("tolerated amount notations, exact sums (no floats)", () => {
  const text = csv(
    "01/01/2025,Paren,(1.10)",
    "01/01/2025,Trailing,2.20-",
    "01/01/2025,Dollar,$0.10",
    "01/01/2025,Neg dollar,-$0.20",
  );
  const st = csvToStatement(text, BASE);
  assert.deepEqual(st.transactions.map((t) => t.amount), ["-1.10", "-2.20", "0.10", "-0.20"]);
});

Deno.test("blank rows are skipped; a row with neither date nor amount is skipped with a warning", () => {
  const text = csv("01/01/2025,A,1.00", ",,", "   ", ",continued text,", "02/01/2025,B,2.00");
  const r = applyCsvMapping(text, BASE);
  assert.equal(r.transactions.length, 2);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.warnings, ["Row 5: no date and no amount; skipped"]);
});

Deno.test("hostile content: formulas neutralised, huge cells cut, controls and bidi overrides removed", () => {
  const long = "X".repeat(5000);
  const text = csv(
    `01/01/2025,"=cmd|' /C calc'!A0",-1.00`,
    `02/01/2025,@SUM(A1:A9),-1.00`,
    `03/01/2025,${long},-1.00`,
    `04/01/2025,"Evil\u202eexe.txt\u0000\u0007 name",-1.00`,
    `05/01/2025,-5 EUR refund,1.00`,
    `06/01/2025,Fine,=1+2`,
  );
  const r = applyCsvMapping(text, BASE);
  const d = r.transactions.map((t) => t.description);
  assert.equal(d[0], "'=cmd|' /C calc'!A0");
  assert.equal(d[1], "'@SUM(A1:A9)");
  assert.equal(d[2].length, 1000);
  assert.equal(d[3], "Evilexe.txt name");
  assert.equal(d[4], "-5 EUR refund");
  assert.deepEqual(r.errors.map((e) => e.row), [7]);
  assert.match(r.errors[0].message, /cannot read the amount "=1\+2"/);
  assert.ok(r.warnings.some((w) => /Row 2: the description looks like a spreadsheet formula/.test(w)));
  assert.ok(
    r.warnings.some((w) => /Row 4: the column "Description" cell is longer than 1,000 characters; cut/.test(w)),
  );
});

Deno.test("hostile content: a huge date cell is refused without echoing it; invalid text is flagged", () => {
  const r = applyCsvMapping(csv(`${"9".repeat(2000)},A,1.00`), BASE);
  assert.equal(r.errors[0].message, 'Row 2: the column "Date" cell is longer than 1,000 characters');
  const bad = applyCsvMapping(csv("01/01/2025,Caf\ud800e,1.00"), BASE);
  assert.equal(bad.transactions[0].description, "Caf\ufffde");
  assert.ok(bad.warnings[0].includes("not valid text"));
});

Deno.test("invalid UTF-8 bytes in an otherwise UTF-8 file: replaced and flagged, accents elsewhere kept", () => {
  const good = new TextEncoder().encode(csv("01/01/2025,Café,1.00", "02/01/2025,Bad X byte,2.00"));
  const bad = good.map((b) => (b === 0x58 ? 0xff : b)); // the "X" becomes an invalid byte
  const r = applyCsvMapping(bad, BASE);
  assert.deepEqual(r.transactions.map((t) => t.description), ["Café", "Bad \ufffd byte"]);
  assert.match(r.warnings[0], /not valid text/);
});

Deno.test("an unclosed quote is a row error, not silently swallowed rows", () => {
  const r = applyCsvMapping(csv("01/01/2025,A,1.00", '02/01/2025,"B,2.00', "03/01/2025,C,3.00"), BASE);
  assert.equal(r.transactions.length, 1);
  assert.match(r.errors[0].message, /^Row 3: a quoted cell is never closed/);
});

Deno.test("mapping validation: zod schema, and columns that do not exist", () => {
  assert.equal(CsvMappingSchema.safeParse(BASE).success, true);
  assert.equal(CsvMappingSchema.safeParse({ ...BASE, amount: undefined }).success, false);
  assert.equal(CsvMappingSchema.safeParse({ ...BASE, debit: 3 }).success, false);
  assert.equal(CsvMappingSchema.safeParse({ ...BASE, dateFormat: "DD/MM" }).success, false);
  assert.equal(CsvMappingSchema.safeParse({ ...BASE, delimiter: "x" }).success, false);
  assert.throws(
    () => applyCsvMapping(csv("01/01/2025,A,1.00"), { ...BASE, amount: undefined } as CsvMapping),
    /Cannot import CSV: invalid mapping \(amount\): Choose an amount column, or debit and credit columns/,
  );
  assert.throws(
    () => applyCsvMapping(csv("01/01/2025,A,1.00"), { ...BASE, balance: 7 }),
    /Cannot import CSV: the mapping uses column 8, but the file has 3 columns/,
  );
});

Deno.test("footer rows are ignored; a totals row without them is an error", () => {
  const text = csv("01/01/2025,A,1.00", "02/01/2025,B,2.00", "Total,,3.00");
  assert.equal(applyCsvMapping(text, BASE).errors.length, 1);
  const r = applyCsvMapping(text, { ...BASE, footerRows: 1 });
  assert.deepEqual([r.transactions.length, r.errors.length], [2, 0]);
});

Deno.test(`refuses more than ${MAX_CSV_ROWS.toLocaleString("en")} rows with a clear error`, () => {
  const row = "01/01/2025,A,1.00\n";
  const text = "Date,Description,Amount\n" + row.repeat(MAX_CSV_ROWS + 1);
  assert.throws(() => applyCsvMapping(text, BASE), /Cannot import CSV: the file has more than 200,000 rows/);
  const ok = applyCsvMapping("Date,Description,Amount\n" + row.repeat(MAX_CSV_ROWS), BASE);
  assert.equal(ok.transactions.length, MAX_CSV_ROWS);
});

Deno.test("statement: newest-first without balances is put in date order; period from min/max", () => {
  const st = csvToStatement(csv("03/01/2025,C,3.00", "02/01/2025,B,2.00", "01/01/2025,A,1.00"), BASE, {
    accountNumber: "12-3456-7890123-00",
    currency: "NZD",
  });
  assert.deepEqual(st.transactions.map((t) => t.description), ["A", "B", "C"]);
  assert.deepEqual(st.period, { start: "2025-01-01", end: "2025-01-03" });
  assert.deepEqual(st.account, { number: "2300", type: "other", currency: "NZD" });
  assert.deepEqual(st.balances, { opening: null, closing: null });
});

Deno.test("statement: balances from the running balance, first balance − its amount / last balance", () => {
  const text =
    "Date,Description,Amount,Balance\n01/01/2025,A,-10.00,90.00\n01/01/2025,B,5.50,95.50\n02/01/2025,C,-0.50,95.00\n";
  const st = csvToStatement(text, { ...BASE, balance: 3 });
  assert.deepEqual(st.balances, { opening: "100.00", closing: "95.00" });
  assert.deepEqual(st.transactions.map((t) => t.balance), ["90.00", "95.50", "95.00"]);
  // Same-day rows in a newest-first file: the running balance decides the order.
  const reversed =
    "Date,Description,Amount,Balance\n02/01/2025,C,-0.50,95.00\n01/01/2025,B,5.50,95.50\n01/01/2025,A,-10.00,90.00\n";
  const st2 = csvToStatement(reversed, { ...BASE, balance: 3 });
  assert.deepEqual(st2.transactions.map((t) => t.description), ["A", "B", "C"]);
  assert.deepEqual(st2.balances, { opening: "100.00", closing: "95.00" });
});

Deno.test("statement: credit-card balances are the amount owed, whichever way the export prints them", () => {
  // Owed printed positive: a purchase (−) raises it, a payment (+) lowers it.
  const owed = "Date,Description,Amount,Balance\n01/01/2025,Shop,-50.00,150.00\n05/01/2025,Payment,100.00,50.00\n";
  const a = csvToStatement(owed, { ...BASE, balance: 3 }, { accountType: "credit_card" });
  assert.deepEqual(a.balances, { opening: "100.00", closing: "50.00" });
  // Holder's view: owed printed negative.
  const holder = "Date,Description,Amount,Balance\n01/01/2025,Shop,-50.00,-150.00\n05/01/2025,Payment,100.00,-50.00\n";
  const b = csvToStatement(holder, { ...BASE, balance: 3 }, { accountType: "credit_card" });
  assert.deepEqual(b.balances, { opening: "100.00", closing: "50.00" });
  assert.deepEqual(b.transactions.map((t) => t.balance), ["150.00", "50.00"]);
  assert.ok(b.warnings.some((w) => w.includes("holder's view")));
});

Deno.test("statement: no transactions is an error; external ids are kept", () => {
  assert.throws(() => csvToStatement("Date,Description,Amount\n", BASE), /Cannot import CSV: no transactions found/);
  const st = csvToStatement("Date,Description,Amount,Ref\n01/01/2025,A,1.00,TX-991\n", { ...BASE, externalId: 3 });
  assert.equal(st.transactions[0].external_id, "TX-991");
});
