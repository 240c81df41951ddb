import { assertEquals } from "../../tests/support/assert.ts";
import { formatMinor, inferDecimalSeparator, parseAmount, signedMinor } from "./amounts.ts";

const signed = (text: string, sep: "." | "," = ".") => {
  const a = parseAmount(text, sep);
  return a ? formatMinor(signedMinor(a)) : null;
};

Deno.test("parseAmount reads US grouping, signs and marks", () => {
  assertEquals(signed("1,234.56"), "1234.56");
  assertEquals(signed("-1,234.56"), "-1234.56");
  assertEquals(signed("(12.00)"), "-12.00");
  assertEquals(signed("12.00-"), "-12.00");
  assertEquals(signed("12.00 CR"), "12.00");
  assertEquals(signed("12.00CR"), "12.00");
  assertEquals(signed("12.00 DR"), "-12.00");
  assertEquals(signed("12.00 D"), "-12.00");
  assertEquals(signed("12.00 C"), "12.00");
  assertEquals(signed("$1,234.56"), "1234.56");
  assertEquals(signed("-$5.00"), "-5.00");
  assertEquals(signed("$-5.00"), "-5.00");
  assertEquals(signed("($5.00)"), "-5.00");
  assertEquals(signed("+25.00"), "25.00");
  assertEquals(signed("0.07"), "0.07");
  assertEquals(signed("1234567.89"), "1234567.89");
  assertEquals(signed("−3.10"), "-3.10");
  assertEquals(signed("4.99*"), "4.99");
});

Deno.test("parseAmount reads European grouping and currency", () => {
  assertEquals(signed("1.234,56", ","), "1234.56");
  assertEquals(signed("-1.234,56 €", ","), "-1234.56");
  assertEquals(signed("1 234,56", ","), "1234.56");
  assertEquals(signed("1\u202f234,56 €", ","), "1234.56");
  assertEquals(signed("12,50 S", ","), "-12.50");
  assertEquals(signed("12,50 H", ","), "12.50");
  assertEquals(signed("EUR 12,50", ","), "12.50");
  assertEquals(parseAmount("1.234,56 €", ",")?.currency, "EUR");
  assertEquals(parseAmount("£3.00", ".")?.currency, "GBP");
});

Deno.test("parseAmount rejects what is not an amount", () => {
  for (const t of ["01/05", "05.01.2025", "1234", "1,234", "ACME", "12.5", "2025-01-05", "12.00 XYZ", "Ref 12.00"]) {
    assertEquals(parseAmount(t, "."), null, t);
  }
  assertEquals(parseAmount("1,234.56", ","), null);
  assertEquals(parseAmount("12.50", ","), null);
  assertEquals(parseAmount("12", ".", { decimals: 0 })?.minor, 12n);
});

Deno.test("formatMinor prints two decimals", () => {
  assertEquals(formatMinor(0n), "0.00");
  assertEquals(formatMinor(5n), "0.05");
  assertEquals(formatMinor(-1250n), "-12.50");
  assertEquals(formatMinor(123456n), "1234.56");
});

Deno.test("inferDecimalSeparator decides from the evidence together", () => {
  assertEquals(inferDecimalSeparator(["1,234.56", "12.00"]).separator, ".");
  assertEquals(inferDecimalSeparator(["Saldo 1.234,56", "12,00", "05.01.2025", "05.01."]).separator, ",");
  assertEquals(inferDecimalSeparator(["1 234,56 €"]).separator, ",");
  assertEquals(inferDecimalSeparator(["Datum 05.01. 12,50", "06.01. 13,75"]).separator, ",");
  // "02.01" dates (no year) could be money too: they do not outvote the amounts.
  assertEquals(inferDecimalSeparator(["02.01 02.01 75,20", "15.01 16.01 3,40", "20.01 20.01 1,99"]).separator, ",");
  const none = inferDecimalSeparator(["no numbers", "1,234"], ",");
  assertEquals([none.separator, none.decided], [",", false]);
});
