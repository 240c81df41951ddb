import assert from "node:assert/strict";
import { formatDecimal, parseAmount, parsePlainDecimal } from "./decimal.ts";

const read = (raw: string, decimal: "." | "," = ".") => {
  const r = parseAmount(raw, decimal);
  return r.ok ? formatDecimal(r.value) : `error: ${r.reason}`;
};

Deno.test("parseAmount: plain, grouped, signs", () => {
  assert.equal(read("12.5"), "12.50");
  assert.equal(read("-1,234,567.89"), "-1234567.89");
  assert.equal(read("+3"), "3.00");
  assert.equal(read(".75"), "0.75");
  assert.equal(read("1.234,56", ","), "1234.56");
  assert.equal(read("-0,01", ","), "-0.01");
  assert.equal(read("1 234,56", ","), "1234.56");
  assert.equal(read("1\u00a0234,56", ","), "1234.56");
  assert.equal(read("1'234.56"), "1234.56");
});

Deno.test("parseAmount: parentheses, trailing minus, CR/DR, unicode minus", () => {
  assert.equal(read("(45.00)"), "-45.00");
  assert.equal(read("45.00-"), "-45.00");
  assert.equal(read("1.234,56-", ","), "-1234.56");
  assert.equal(read("45.00 DR"), "-45.00");
  assert.equal(read("45.00 CR"), "45.00");
  assert.equal(read("\u221245.00"), "-45.00");
});

Deno.test("parseAmount: currency symbols and codes before or after, with their currency", () => {
  assert.equal(read("$1,234.50"), "1234.50");
  assert.equal(read("-$12.00"), "-12.00");
  assert.equal(read("$-12.00"), "-12.00");
  assert.equal(read("($12.00)"), "-12.00");
  assert.equal(read("$(12.00)"), "-12.00");
  assert.equal(read("12,50 €", ","), "12.50");
  assert.equal(read("EUR -12,50", ","), "-12.50");
  assert.equal(read("-12.50USD"), "-12.50");
  assert.equal(read("CHF 1'000.00"), "1000.00");
  const r = parseAmount("€ 3,00", ",");
  assert.ok(r.ok && r.currency === "EUR");
  const usd = parseAmount("$3.00", ".");
  assert.ok(usd.ok && usd.currency === null);
});

Deno.test("parseAmount: exact beyond floating point", () => {
  assert.equal(read("90071992547409.93"), "90071992547409.93");
  assert.equal(read("0.1"), "0.10");
  assert.equal(read("1.005"), "1.005");
  assert.equal(read("1.2500"), "1.25");
});

Deno.test("parseAmount: refuses what is not a number for the separator", () => {
  assert.match(read("12,50", "."), /with "\." as the decimal separator/);
  assert.match(read("1.234,56", "."), /decimal separator/);
  assert.match(read("1,23,4.00"), /not a number|decimal separator/);
  assert.match(read("abc"), /not a number/);
  assert.match(read("=1+2"), /not a number/);
  assert.match(read("12abc"), /not a number/);
  assert.match(read("--5"), /more than one minus/);
  assert.match(read("(-5)"), /more than one minus/);
  assert.match(read("1.23456"), /more than 4 decimal places/);
  assert.match(read(""), /empty/);
});

Deno.test("parsePlainDecimal: OFX amounts", () => {
  assert.equal(formatDecimal(parsePlainDecimal("-12.5")!), "-12.50");
  assert.equal(formatDecimal(parsePlainDecimal("+1234,56")!), "1234.56");
  assert.equal(formatDecimal(parsePlainDecimal("100")!), "100.00");
  assert.equal(parsePlainDecimal("1,234.56"), null);
  assert.equal(parsePlainDecimal("-"), null);
  assert.equal(parsePlainDecimal("."), null);
});
