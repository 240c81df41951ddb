import { assertEquals } from "../../../tests/support/assert.ts";
import { formatMinor } from "../amounts.ts";
import { findAccountNumber, findAccountType, findCurrency, findInstitution } from "./metadata.ts";
import { findBalances, findPeriod, findTotals, labelledValues } from "./summary.ts";
import { makeDoc } from "./test_doc.ts";

const lines = (...texts: string[]) => makeDoc([texts.map((t) => [[40, t] as [number, string]])]).lines;

Deno.test("findAccountNumber reads masked, ending, full and IBAN numbers", () => {
  assertEquals(findAccountNumber(lines("Account Number: ****4821")), "4821");
  assertEquals(findAccountNumber(lines("Account ending in 4821")), "4821");
  assertEquals(findAccountNumber(lines("Card Number XXXX XXXX XXXX 1234")), "1234");
  assertEquals(findAccountNumber(lines("Konto 1234 5678 90")), "7890");
  assertEquals(findAccountNumber(lines("IBAN: DE89 3704 0044 0532 0130 00")), "3000");
  assertEquals(findAccountNumber(lines("Número de cuenta: ES91 2100 0418 4502 0005 1332")), "1332");
  assertEquals(findAccountNumber(lines("Compte se terminant par 0042")), "0042");
  assertEquals(findAccountNumber(lines("Account summary", "Beginning balance 1,000.00")), null);
});

Deno.test("findAccountType reads the statement's words", () => {
  assertEquals(findAccountType(["Credit Card Statement"], false), "credit_card");
  assertEquals(findAccountType(["Minimum Payment Due $35.00"], false), "credit_card");
  assertEquals(findAccountType(["Kontoauszug Sparkonto"], false), "savings");
  assertEquals(findAccountType(["Extracto de cuenta de ahorro"], false), "savings");
  assertEquals(findAccountType(["Relevé de compte courant"], false), "checking");
  assertEquals(findAccountType(["Statement"], true), "checking");
  assertEquals(findAccountType(["Statement"], false), "other");
});

Deno.test("findCurrency prefers a currency line, then codes and symbols, then a guess", () => {
  assertEquals(findCurrency(["Währung: EUR", "$ 5.00"], ","), { code: "EUR", guessed: false });
  assertEquals(findCurrency(["Balance £1,000.00"], "."), { code: "GBP", guessed: false });
  assertEquals(findCurrency(["IBAN FR76 3000 4000 0312 3456 7890 143"], ","), { code: "EUR", guessed: false });
  assertEquals(findCurrency(["nothing"], ","), { code: "EUR", guessed: true });
  assertEquals(findCurrency(["nothing"], "."), { code: "USD", guessed: true });
});

Deno.test("findInstitution prefers a bank-like name at the top", () => {
  const doc = makeDoc([[
    [[40, "Account Statement"]],
    [[40, "Riverside Community Credit Union"]],
    [[40, "123 Main Street"]],
    [[40, "Available credit"]],
  ]]);
  assertEquals(findInstitution(doc.lines, doc.furniture, doc.pageHeight), "Riverside Community Credit Union");
});

Deno.test("findPeriod reads the period line in any language", () => {
  const p = (t: string) => {
    const r = findPeriod(lines("Page 1", t));
    return r ? [r.start.text, r.end.text] : null;
  };
  assertEquals(p("Statement Period: 12/15/2024 to 01/14/2025"), ["12/15/2024", "01/14/2025"]);
  assertEquals(p("January 1, 2025 - January 31, 2025"), ["January 1, 2025", "January 31, 2025"]);
  assertEquals(p("Periode: 01.01.2025 - 31.01.2025"), ["01.01.2025", "31.01.2025"]);
  assertEquals(p("Periodo del 01/01/2025 al 31/01/2025"), ["01/01/2025", "31/01/2025"]);
  assertEquals(p("Période du 1er janvier 2025 au 31 janvier 2025"), ["1er janvier 2025", "31 janvier 2025"]);
  assertEquals(p("Payment due 02/08/2025, minimum 35.00"), null);
});

Deno.test("labelled values: beside their labels, inside one item, or under a row of labels", () => {
  const doc = makeDoc([[
    [[40, "Beginning balance"], [300, "$1,000.00", "r"], [320, "Credit limit"], [500, "$5,000.00", "r"]],
    [[40, "Deposits and other credits 3 250.00"]],
    [[40, "Previous balance"], [140, "Payments"], [240, "Purchases"], [340, "New balance"]],
    [[100, "100.00", "r"], [200, "-50.00", "r"], [300, "+25.00", "r"], [400, "75.00", "r"]],
  ]]);
  const pairs = labelledValues(doc.lines, ".");
  assertEquals(pairs.map((p) => [p.label, formatMinor(p.value.minor)]), [
    ["Beginning balance", "1000.00"],
    ["Credit limit", "5000.00"],
    ["Deposits and other credits 3", "250.00"],
    ["Previous balance", "100.00"],
    ["Payments", "50.00"],
    ["Purchases", "25.00"],
    ["New balance", "75.00"],
  ]);
  assertEquals(findTotals(pairs, false), { deposits: "250.00" });
  assertEquals(findTotals(pairs, true), { payments: "50.00", purchases: "25.00" });
  const b = findBalances(pairs);
  assertEquals([formatMinor(b.opening!.minor), formatMinor(b.closing!.minor)], ["1000.00", "75.00"]);
});
