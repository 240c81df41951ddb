import { assertEquals } from "../../tests/support/assert.ts";
import { CellFormatter } from "./format.ts";

Deno.test("money cells are formatted from the exact decimal string, with or without the symbol", () => {
  const en = new CellFormatter("en-US", "USD");
  assertEquals(en.format("-1234.56", "money"), "-1,234.56");
  assertEquals(en.format("-1234.56", "money", true), "-$1,234.56");
  assertEquals(en.format("90071992547409931.01", "money"), "90,071,992,547,409,931.01");
  assertEquals(en.format("0.1", "money"), "0.10");
  assertEquals(en.format("12.345", "money"), "12.35");
  assertEquals(en.format("n/a", "money"), "n/a");
  assertEquals(en.format(null, "money"), "");
  assertEquals(new CellFormatter("es-ES", "EUR").format("1234567.5", "money", true), "1.234.567,50\u00a0€");
  assertEquals(new CellFormatter("es-ES", "EUR").format("1240", "money"), "1.240,00", "grouped like the wider amounts");
  assertEquals(new CellFormatter("en-US", "JPY").format("1234", "money", true), "¥1,234");
});

Deno.test("dates, integers, percents and text cells", () => {
  const en = new CellFormatter("en-US", "USD");
  assertEquals(en.format("2025-03-01", "date"), "Mar 1, 2025");
  assertEquals(new CellFormatter("es", "USD").format("2025-03-01", "date"), "1 mar 2025");
  assertEquals(en.format("2025-02-30", "date"), "2025-02-30");
  assertEquals(en.format(1234567, "integer"), "1,234,567");
  assertEquals(en.format(12.5, "percent"), "12.5%");
  assertEquals(en.format(0, "percent"), "0%");
  assertEquals(en.format("  Rent ", "text"), "Rent");
});
