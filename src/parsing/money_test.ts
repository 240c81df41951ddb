import { assertEquals } from "../../tests/support/assert.ts";
import nodeAssert from "node:assert/strict";
import { fromCents, toCents, toCentsOrNull } from "./money.ts";

Deno.test("toCents reads contract decimals exactly", () => {
  assertEquals(toCents("1234.56"), 123456n);
  assertEquals(toCents("-12.5"), -1250n);
  assertEquals(toCents("+7"), 700n);
  assertEquals(toCents("0.01"), 1n);
  assertEquals(toCents("-0.05"), -5n);
  // Beyond float precision: 2^53 + 1 cents.
  assertEquals(toCents("90071992547409.93"), 9007199254740993n);
});

Deno.test("toCents refuses what is not a plain decimal", () => {
  for (const bad of ["1,234.56", "12.345", "", "-", "1e3", "$5.00", "12.", ".5", "NaN"]) {
    nodeAssert.throws(() => toCents(bad), RangeError, bad);
    assertEquals(toCentsOrNull(bad), null);
  }
  assertEquals(toCentsOrNull(null), null);
});

Deno.test("fromCents prints two decimals and round-trips", () => {
  assertEquals(fromCents(123456n), "1234.56");
  assertEquals(fromCents(-5n), "-0.05");
  assertEquals(fromCents(0n), "0.00");
  assertEquals(fromCents(-100n), "-1.00");
  for (const s of ["0.10", "-999999999999.99", "90071992547409.93"]) assertEquals(fromCents(toCents(s)), s);
});
