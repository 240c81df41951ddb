/** Layouts modelled on German, Spanish and French statements, built by hand. */
import { assertEquals } from "../../../tests/support/assert.ts";
import { genericParser } from "./mod.ts";
import { makeDoc } from "./test_doc.ts";

const brief = (doc: ReturnType<typeof makeDoc>) => {
  const r = genericParser.parse(doc);
  return { ...r, rows: r.transactions.map((t) => [t.date, t.posted_date, t.description, t.amount, t.balance]) };
};

Deno.test("Buchung/Valuta with DD.MM. dates and signed Soll/Haben (Deutsche Bank-like)", () => {
  const doc = makeDoc([[
    [[40, "Kontoauszug vom 02.01.2025 bis 31.01.2025"]],
    [[40, "IBAN: DE89 3704 0044 0532 0130 00"]],
    [[40, "Alter Saldo"], [540, "1.234,56", "r"]],
    [[40, "Buchung"], [90, "Valuta"], [140, "Vorgang"], [460, "Soll", "r"], [540, "Haben", "r"]],
    [[40, "02.01."], [90, "02.01."], [140, "SEPA Lastschrift Stadtwerke"], [460, "-85,00", "r"]],
    [[140, "Abschlag Strom Januar"]],
    [[40, "15.01."], [90, "15.01."], [140, "Gehalt ACME GmbH"], [540, "+2.500,00", "r"]],
    [[40, "20.01."], [90, "21.01."], [140, "Kartenzahlung REWE"], [460, "-1.234,50", "r"]],
    [[40, "Neuer Saldo"], [540, "2.415,06", "r"]],
  ]], [[[40, "Deutsche Bank"]]]);
  const r = brief(doc);
  assertEquals(r.rows, [
    ["2025-01-02", "2025-01-02", "SEPA Lastschrift Stadtwerke Abschlag Strom Januar", "-85.00", null],
    ["2025-01-15", "2025-01-15", "Gehalt ACME GmbH", "2500.00", null],
    ["2025-01-21", "2025-01-20", "Kartenzahlung REWE", "-1234.50", null],
  ]);
  assertEquals(r.institution, "Deutsche Bank");
  assertEquals(r.account, { number: "3000", type: "checking", currency: "EUR" });
  assertEquals(r.balances, { opening: "1234.56", closing: "2415.06" });
  assertEquals(r.period, { start: "2025-01-02", end: "2025-01-31" });
});

Deno.test("Betrag Soll/Haben columns and 'Kontostand am' balance rows (Sparkasse-like)", () => {
  const doc = makeDoc([[
    [[40, "Sparkasse KölnBonn"]],
    [[40, "Girokonto"], [300, "Kontoauszug 1/2025"]],
    [[40, "Konto 1234 5678 90"], [300, "Zeitraum 01.01.2025 - 31.01.2025"]],
    [[40, "Datum"], [100, "Erläuterung"], [460, "Betrag Soll EUR", "r"], [560, "Betrag Haben EUR", "r"]],
    [[40, "Kontostand am 31.12.2024, Auszug Nr. 12"], [560, "1.000,00", "r"]],
    [[40, "02.01.2025"], [100, "Lastschrift Telekom"], [460, "49,99", "r"]],
    [[100, "Rechnung 123456"]],
    [[40, "05.01.2025"], [100, "Gutschrift Gehalt"], [560, "2.000,00", "r"]],
    [[40, "Kontostand am 31.01.2025 um 20:00 Uhr"], [560, "2.950,01", "r"]],
  ]]);
  const r = brief(doc);
  assertEquals(r.rows, [
    ["2025-01-02", null, "Lastschrift Telekom Rechnung 123456", "-49.99", null],
    ["2025-01-05", null, "Gutschrift Gehalt", "2000.00", null],
  ]);
  assertEquals(r.institution, "Sparkasse KölnBonn");
  assertEquals(r.account, { number: "7890", type: "checking", currency: "EUR" });
  assertEquals(r.balances, { opening: "1000.00", closing: "2950.01" });
});

Deno.test("F. Oper./F. Valor with DD/MM dates, Importe and Saldo (BBVA-like)", () => {
  const doc = makeDoc([[
    [[40, "BBVA"]],
    [[40, "Extracto de cuenta corriente"]],
    [[40, "Periodo del 01/01/2025 al 31/01/2025"]],
    [[40, "IBAN ES91 2100 0418 4502 0005 1332"]],
    [[40, "F. Oper."], [100, "F. Valor"], [160, "Concepto"], [460, "Importe", "r"], [540, "Saldo", "r"]],
    [[160, "Saldo anterior"], [540, "1.500,00", "r"]],
    [[40, "03/01"], [100, "03/01"], [160, "Recibo Iberdrola"], [460, "-60,25", "r"], [540, "1.439,75", "r"]],
    [[40, "10/01"], [100, "10/01"], [160, "Transferencia recibida"], [460, "250,00", "r"], [540, "1.689,75", "r"]],
    [[40, "28/01"], [100, "29/01"], [160, "Compra tarjeta Mercadona"], [460, "-89,75", "r"], [540, "1.600,00", "r"]],
  ]]);
  const r = brief(doc);
  assertEquals(r.rows, [
    ["2025-01-03", "2025-01-03", "Recibo Iberdrola", "-60.25", "1439.75"],
    ["2025-01-10", "2025-01-10", "Transferencia recibida", "250.00", "1689.75"],
    ["2025-01-28", "2025-01-29", "Compra tarjeta Mercadona", "-89.75", "1600.00"],
  ]);
  assertEquals(r.account, { number: "1332", type: "checking", currency: "EUR" });
  assertEquals(r.balances.opening, "1500.00");
  assertEquals(r.warnings, []);
});

Deno.test("Débit/Crédit with 1 234,56 amounts and SOLDE AU lines (BNP-like)", () => {
  const doc = makeDoc([[
    [[40, "BNP PARIBAS"]],
    [[40, "RELEVE DE COMPTE CHEQUES"]],
    [[40, "du 1er janvier 2025 au 31 janvier 2025"]],
    [[40, "N° de compte : 00012345678"]],
    [[40, "Date"], [90, "Nature des opérations"], [330, "Valeur"], [460, "Débit", "r"], [540, "Crédit", "r"]],
    [[90, "SOLDE CREDITEUR AU 31.12.2024"], [540, "1 234,56", "r"]],
    [[40, "02.01"], [90, "PRLV SEPA EDF"], [330, "02.01"], [460, "75,20", "r"]],
    [[90, "ECH/020125 ID EMETTEUR/FR123"]],
    [[40, "15.01"], [90, "VIR SEPA RECU /DE ACME SA"], [330, "16.01"], [540, "2 100,00", "r"]],
    [[40, "TOTAL DES OPERATIONS"], [460, "75,20", "r"], [540, "2 100,00", "r"]],
    [[40, "SOLDE CREDITEUR AU 31.01.2025"], [540, "3 259,36", "r"]],
  ]]);
  const r = brief(doc);
  assertEquals(r.rows, [
    ["2025-01-02", "2025-01-02", "PRLV SEPA EDF ECH/020125 ID EMETTEUR/FR123", "-75.20", null],
    ["2025-01-15", "2025-01-16", "VIR SEPA RECU /DE ACME SA", "2100.00", null],
  ]);
  assertEquals(r.institution, "BNP PARIBAS");
  assertEquals(r.account, { number: "5678", type: "checking", currency: "EUR" });
  assertEquals(r.period, { start: "2025-01-01", end: "2025-01-31" });
  assertEquals(r.balances, { opening: "1234.56", closing: "3259.36" });
  assertEquals(r.totals, { deposits: "2100.00", withdrawals: "75.20" });
});

Deno.test("Date opé./Date valeur, € in headers, ancien/nouveau solde (Crédit Agricole-like)", () => {
  const doc = makeDoc([[
    [[40, "Crédit Agricole Ile-de-France"]],
    [[40, "Relevé de votre compte de dépôt"], [300, "Période du 01/01/2025 au 31/01/2025"]],
    [[40, "Compte n° 12345678901"]],
    [[40, "Date opé."], [90, "Date valeur"], [150, "Libellé"], [460, "Débit €", "r"], [540, "Crédit €", "r"]],
    [[150, "Ancien solde créditeur au 31.12.2024"], [540, "1 000,00", "r"]],
    [[40, "03.01"], [90, "03.01"], [150, "CARTE X1234 02/01 CARREFOUR"], [460, "45,30", "r"]],
    [[40, "12.01"], [90, "12.01"], [150, "VIREMENT EN VOTRE FAVEUR"], [540, "100,00", "r"]],
    [[150, "Nouveau solde créditeur au 31.01.2025"], [540, "1 054,70", "r"]],
  ]]);
  const r = brief(doc);
  assertEquals(r.rows, [
    ["2025-01-03", "2025-01-03", "CARTE X1234 02/01 CARREFOUR", "-45.30", null],
    ["2025-01-12", "2025-01-12", "VIREMENT EN VOTRE FAVEUR", "100.00", null],
  ]);
  assertEquals(r.account, { number: "8901", type: "checking", currency: "EUR" });
  assertEquals(r.balances, { opening: "1000.00", closing: "1054.70" });
});
