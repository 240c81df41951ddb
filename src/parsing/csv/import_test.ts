/**
 * End to end over realistic exports: sniff → (confirm) mapping → statement.
 */
import assert from "node:assert/strict";
import { applyCsvMapping, csvToStatement, sniffCsv } from "./mod.ts";

/** Windows-1252 bytes for `text` (Latin-1 range plus €). */
function windows1252(text: string): Uint8Array {
  return Uint8Array.from([...text], (ch) => {
    if (ch === "€") return 0x80;
    const c = ch.charCodeAt(0);
    if (c > 0xff) throw new Error(`not in the sample code page: ${ch}`);
    return c;
  });
}

/** A German bank export: ";" delimited, DD.MM.YYYY, "1.234,56", newest first, running balance. */
const GERMAN = [
  "Buchungstag;Wertstellung;Buchungstext;Auftraggeber / Begünstigter;Verwendungszweck;Betrag (EUR);Saldo (EUR)",
  "31.01.2025;31.01.2025;Gehalt;Muster GmbH;Gehalt Januar 2025;3.250,00;4.480,33",
  "28.01.2025;28.01.2025;Lastschrift;Stadtwerke München;Abschlag Strom 01/2025;-89,00;1.230,33",
  "15.01.2025;15.01.2025;Kartenzahlung;REWE Markt GmbH;Einkauf 15.01.;-45,67;1.319,33",
  '02.01.2025;03.01.2025;Dauerauftrag;Vermieter Schmidt;"Miete Januar; Whg. 3";-1.234,56;1.365,00',
  "",
].join("\r\n");

/** A US export with separate Debit and Credit columns (both positive), quotes and escaped quotes. */
const US_DEBIT_CREDIT = `Date,Description,Debit,Credit,Balance
01/03/2025,"AMAZON MKTPL*2K4, SEATTLE WA",23.99,,1476.01
01/05/2025,PAYROLL ACME CORP,,"2,500.00",3976.01
01/07/2025,CHECK 1042,150.00,,3826.01
01/13/2025,"TRANSFER TO SAVINGS ""EMERGENCY""",500.00,,3326.01
`;

/** A UK export with a three-line preamble before the header, DD/MM/YYYY, "Paid out"/"Paid in". */
const PREAMBLE = `Account Name:,Everyday Account
Account Number:,XXXX-XXXX-7890
Statement Period:,01/01/2025 - 31/01/2025
Date,Type,Description,Paid Out,Paid In,Balance
02/01/2025,DD,COUNCIL TAX,£120.00,,"£1,880.00"
14/01/2025,CR,SALARY ACME LTD,,"£2,400.00","£4,280.00"
21/01/2025,DEB,TESCO STORES 2041,£56.20,,"£4,223.80"
`;

/** A French export saved by Excel in Windows-1252: "Café" and "€" are single bytes. */
const FRENCH_1252 = windows1252(
  "Date;Libellé;Montant\r\n05/01/2025;Café de Flore;-4,50 €\r\n17/01/2025;Virement reçu Dupont;1 200,00 €\r\n",
);

Deno.test("German CSV: ; delimiter, 1.234,56, DD.MM.YYYY, newest first", () => {
  const sniff = sniffCsv(GERMAN);
  assert.equal(sniff.delimiter, ";");
  assert.equal(sniff.headerRow, 0);
  assert.deepEqual(sniff.columns.slice(0, 2), ["Buchungstag", "Wertstellung"]);
  assert.equal(sniff.sample.length, 4);
  assert.equal(sniff.sample[3][4], "Miete Januar; Whg. 3");
  const m = sniff.suggestions;
  assert.equal(m.date, 0);
  assert.equal(m.postedDate, undefined);
  assert.deepEqual(m.description, [2, 3, 4]);
  assert.equal(m.amount, 5);
  assert.equal(m.balance, 6);
  assert.equal(m.dateFormat, "DD.MM.YYYY");
  assert.equal(m.decimal, ",");
  assert.equal(m.skipRows, 0);
  assert.equal(m.hasHeader, true);

  const st = csvToStatement(GERMAN, m, { institution: "Sparkasse", accountNumber: "DE89 3704 0044 0532 0130 00" });
  assert.equal(st.parser, "csv");
  assert.equal(st.institution, "Sparkasse");
  assert.deepEqual(st.account, { number: "3000", type: "other", currency: null });
  assert.deepEqual(st.period, { start: "2025-01-02", end: "2025-01-31" });
  assert.deepEqual(st.balances, { opening: "2599.56", closing: "4480.33" });
  assert.deepEqual(st.transactions.map((t) => t.amount), ["-1234.56", "-45.67", "-89.00", "3250.00"]);
  assert.deepEqual(st.transactions[0], {
    date: "2025-01-02",
    posted_date: null,
    description: "Dauerauftrag Vermieter Schmidt Miete Januar; Whg. 3",
    amount: "-1234.56",
    balance: "1365.00",
  });
});

Deno.test("US CSV: separate Debit and Credit columns", () => {
  const sniff = sniffCsv(US_DEBIT_CREDIT);
  assert.equal(sniff.delimiter, ",");
  const m = sniff.suggestions;
  assert.equal(m.debit, 2);
  assert.equal(m.credit, 3);
  assert.equal(m.amount, undefined);
  assert.equal(m.balance, 4);
  assert.deepEqual(m.description, [1]);
  assert.equal(m.dateFormat, "MM/DD/YYYY");
  assert.equal(m.decimal, ".");
  const { transactions, errors } = applyCsvMapping(US_DEBIT_CREDIT, m);
  assert.deepEqual(errors, []);
  assert.deepEqual(transactions.map((t) => [t.date, t.amount, t.description]), [
    ["2025-01-03", "-23.99", "AMAZON MKTPL*2K4, SEATTLE WA"],
    ["2025-01-05", "2500.00", "PAYROLL ACME CORP"],
    ["2025-01-07", "-150.00", "CHECK 1042"],
    ["2025-01-13", "-500.00", 'TRANSFER TO SAVINGS "EMERGENCY"'],
  ]);
  const st = csvToStatement(US_DEBIT_CREDIT, m, { accountType: "checking", currency: "USD" });
  assert.deepEqual(st.balances, { opening: "1500.00", closing: "3326.01" });
  assert.equal(st.account.type, "checking");
});

Deno.test("CSV with a 3-line preamble before the header", () => {
  const sniff = sniffCsv(PREAMBLE);
  assert.equal(sniff.headerRow, 3);
  assert.equal(sniff.suggestions.skipRows, 3);
  assert.deepEqual(sniff.columns, ["Date", "Type", "Description", "Paid Out", "Paid In", "Balance"]);
  assert.equal(sniff.sample.length, 3);
  const m = sniff.suggestions;
  assert.equal(m.dateFormat, "DD/MM/YYYY");
  assert.deepEqual([m.debit, m.credit, m.balance], [3, 4, 5]);
  assert.deepEqual(m.description, [2]);
  const st = csvToStatement(PREAMBLE, m);
  assert.deepEqual(st.transactions.map((t) => t.amount), ["-120.00", "2400.00", "-56.20"]);
  assert.deepEqual(st.balances, { opening: "2000.00", closing: "4223.80" });
  assert.equal(st.account.currency, "GBP");
});

Deno.test("Windows-1252 CSV: Café survives, € and grouping spaces read", () => {
  const sniff = sniffCsv(FRENCH_1252);
  assert.equal(sniff.encoding, "windows-1252");
  assert.deepEqual(sniff.columns, ["Date", "Libellé", "Montant"]);
  assert.equal(sniff.sample[0][1], "Café de Flore");
  const m = sniff.suggestions;
  assert.equal(m.decimal, ",");
  assert.equal(m.dateFormat, "DD/MM/YYYY");
  const st = csvToStatement(FRENCH_1252, m);
  assert.equal(st.transactions[0].description, "Café de Flore");
  assert.deepEqual(st.transactions.map((t) => t.amount), ["-4.50", "1200.00"]);
  assert.equal(st.account.currency, "EUR");
  assert.deepEqual(st.balances, { opening: null, closing: null });
});
