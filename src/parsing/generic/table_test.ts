import { assertEquals } from "../../../tests/support/assert.ts";
import { assign, buildBands, textOf } from "./bands.ts";
import { dateColumns, findHeaders } from "./table.ts";
import { makeDoc } from "./test_doc.ts";

const roles = (_: unknown, ...rows: Parameters<typeof makeDoc>[0][0]) => {
  const doc = makeDoc([rows]);
  return findHeaders(doc.lines).map((h) => h.columns.map((c) => c.role));
};

Deno.test("findHeaders recognises headers in four languages", () => {
  assertEquals(roles([], [[40, "Date"], [90, "Description"], [400, "Amount", "r"], [480, "Balance", "r"]]), [
    ["date", "description", "amount", "balance"],
  ]);
  assertEquals(
    roles([], [[40, "Buchungstag"], [110, "Valuta"], [160, "Verwendungszweck"], [520, "Betrag (EUR)", "r"]]),
    [
      ["postdate", "valuedate", "description", "amount"],
    ],
  );
  assertEquals(
    roles([], [[40, "F. Operación"], [110, "F. Valor"], [160, "Concepto"], [450, "Importe", "r"], [520, "Saldo", "r"]]),
    [
      ["txdate", "valuedate", "description", "amount", "balance"],
    ],
  );
  assertEquals(
    roles([], [[40, "Date opé."], [100, "Date valeur"], [160, "Libellé"], [450, "Débit", "r"], [520, "Crédit", "r"]]),
    [
      ["txdate", "valuedate", "description", "debit", "credit"],
    ],
  );
  assertEquals(
    roles([], [[40, "Datum"], [100, "Erläuterung"], [400, "Betrag Soll EUR", "r"], [520, "Betrag Haben EUR", "r"]]),
    [
      ["date", "description", "debit", "credit"],
    ],
  );
});

Deno.test("findHeaders keeps a header with a numbered text block beside it", () => {
  assertEquals(roles([], [[40, "Date"], [90, "Description"], [400, "Amount", "r"], [450, "Call 1-800-555-0100"]]), [
    ["date", "description", "amount"],
  ]);
  // …but a line of values is never half of a two-line header.
  const doc = makeDoc([[
    { y: 600, cells: [[40, "Alter Saldo"], [540, "1.234,56", "r"]] },
    { y: 590, cells: [[40, "Buchung"], [90, "Valuta"], [140, "Vorgang"], [460, "Soll", "r"], [540, "Haben", "r"]] },
  ]]);
  assertEquals(findHeaders(doc.lines).map((h) => h.first), [1]);
});

Deno.test("findHeaders ignores prose, summaries and lines with numbers", () => {
  assertEquals(roles([], [[40, "The date and description of each payment amount are shown below"]]), []);
  assertEquals(
    roles([], [[40, "Beginning Balance"], [200, "Deposits"], [300, "Withdrawals"], [400, "Ending Balance"]]),
    [],
  );
  assertEquals(roles([], [[40, "01/05"], [90, "Description"], [400, "12.00", "r"]]), []);
});

Deno.test("findHeaders joins a header split over two lines", () => {
  const doc = makeDoc([[
    {
      y: 600,
      cells: [[40, "Trans."], [80, "Posting"], [360, "Deposits/", "r"], [440, "Withdrawals/", "r"], [
        520,
        "Ending daily",
        "r",
      ]],
    },
    {
      y: 590,
      cells: [[40, "Date"], [80, "Date"], [130, "Description"], [360, "Additions", "r"], [440, "Subtractions", "r"], [
        520,
        "balance",
        "r",
      ]],
    },
  ]]);
  const [h] = findHeaders(doc.lines);
  assertEquals(h.columns.map((c) => c.role), ["txdate", "postdate", "description", "credit", "debit", "balance"]);
  assertEquals([h.first, h.last], [0, 1]);
  assertEquals(dateColumns(h.columns), { date: 0, posted: 1 });
});

Deno.test("a title above the header is not half of it", () => {
  const doc = makeDoc([[
    { y: 610, cells: [[40, "Transaction details"]] },
    { y: 598, cells: [[40, "Date"], [90, "Description"], [400, "Amount", "r"]] },
  ]]);
  const [h] = findHeaders(doc.lines);
  assertEquals([h.first, h.columns.length], [1, 3]);
});

Deno.test("dateColumns: headers say which date is the posting date", () => {
  const cols = (...r: string[]) => r.map((role, i) => ({ role, label: role, x: i * 50, xEnd: i * 50 + 40 })) as never;
  assertEquals(dateColumns(cols("date", "date", "description")), { date: 0, posted: 1 });
  assertEquals(dateColumns(cols("postdate", "valuedate", "description")), { date: 1, posted: 0 });
  assertEquals(dateColumns(cols("postdate", "txdate", "description")), { date: 1, posted: 0 });
});

Deno.test("bands follow right-aligned values and split straddling items", () => {
  const doc = makeDoc([[
    [[40, "Date"], [90, "Description"], [380, "Withdrawals"], [460, "Deposits"], [540, "Balance"]],
    [[40, "01/05 AMAZON MKTPLACE"], [430, "1,234.56", "r"], [575, "2,000.00", "r"]],
    [[40, "01/06"], [90, "PAYROLL"], [505, "12.00", "r"], [575, "2,012.00", "r"], [620, "Questions? Call us"]],
  ]]);
  const [h] = findHeaders(doc.lines);
  const bands = buildBands(h.columns, doc.lines.slice(1), ".");
  const row = (i: number) => assign(doc.lines[i], bands).cells.map(textOf);
  assertEquals(row(1), ["01/05", "AMAZON MKTPLACE", "1,234.56", "", "2,000.00"]);
  assertEquals(row(2), ["01/06", "PAYROLL", "", "12.00", "2,012.00"]);
  assertEquals(assign(doc.lines[2], bands).outside.map((c) => c.text), ["Questions? Call us"]);
});
