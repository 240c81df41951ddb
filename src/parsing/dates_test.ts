import { assertEquals } from "../../tests/support/assert.ts";
import { findDateTokens, inferDateOrder, inferYear, parseDateToken, resolveDate } from "./dates.ts";

const resolve = (text: string, order: "MDY" | "DMY" = "MDY", ctx = {}) => {
  const t = parseDateToken(text);
  return t ? resolveDate(t, order, ctx) : null;
};

Deno.test("parseDateToken reads numeric dates", () => {
  assertEquals(resolve("01/05/2025"), "2025-01-05");
  assertEquals(resolve("01/05/2025", "DMY"), "2025-05-01");
  assertEquals(resolve("05.01.2025", "DMY"), "2025-01-05");
  assertEquals(resolve("05.01.25", "DMY"), "2025-01-05");
  assertEquals(resolve("2025-01-05", "DMY"), "2025-01-05");
  assertEquals(resolve("1/5/25"), "2025-01-05");
  assertEquals(resolve("05.01.", "DMY", { start: "2025-01-01", end: "2025-01-31" }), "2025-01-05");
  assertEquals(parseDateToken("12.50"), null);
  assertEquals(parseDateToken("1,234.56"), null);
  assertEquals(parseDateToken("13/13"), null);
  assertEquals(parseDateToken("ACME 01/05"), null);
});

Deno.test("parseDateToken reads month names in four languages", () => {
  const ctx = { start: "2024-12-15", end: "2025-01-14" };
  assertEquals(resolve("Jan 05", "MDY", ctx), "2025-01-05");
  assertEquals(resolve("05 Jan", "MDY", ctx), "2025-01-05");
  assertEquals(resolve("Dec 28", "MDY", ctx), "2024-12-28");
  assertEquals(resolve("5 janv.", "DMY", ctx), "2025-01-05");
  assertEquals(resolve("05. Jan.", "DMY", ctx), "2025-01-05");
  assertEquals(resolve("5. Januar 2025"), "2025-01-05");
  assertEquals(resolve("January 5, 2025"), "2025-01-05");
  assertEquals(resolve("5 de enero de 2025"), "2025-01-05");
  assertEquals(resolve("1er janvier 2025"), "2025-01-01");
  assertEquals(resolve("31 décembre 2024"), "2024-12-31");
  assertEquals(resolve("05-JAN-25"), "2025-01-05");
  assertEquals(resolve("05JAN25"), "2025-01-05");
  assertEquals(resolve("05 Jan 25"), "2025-01-05");
  assertEquals(resolve("3 März 2025"), "2025-03-03");
  assertEquals(resolve("15 dic"), null);
  assertEquals(parseDateToken("Janet 05"), null);
});

Deno.test("findDateTokens finds the dates of a period line", () => {
  const found = (t: string) => findDateTokens(t).map((f) => f.text);
  assertEquals(found("Statement Period: 12/15/2024 to 01/14/2025"), ["12/15/2024", "01/14/2025"]);
  assertEquals(found("January 1, 2025 - January 31, 2025"), ["January 1, 2025", "January 31, 2025"]);
  assertEquals(found("Periode: 01.01.2025 - 31.01.2025"), ["01.01.2025", "31.01.2025"]);
  assertEquals(found("01/01/2025-01/31/2025"), ["01/01/2025", "01/31/2025"]);
  assertEquals(found("Kontoauszug vom 1. Januar 2025 bis 31. Januar 2025"), ["1. Januar 2025", "31. Januar 2025"]);
  assertEquals(found("Période du 1er janvier 2025 au 31 janvier 2025"), ["1er janvier 2025", "31 janvier 2025"]);
  assertEquals(found("Balance 1,234.56 on 2025-01-31"), ["2025-01-31"]);
});

Deno.test("inferDateOrder uses values above 12, then dots, then the fit, then the fallback", () => {
  const toks = (...t: string[]) => t.map((x) => parseDateToken(x)!);
  assertEquals(inferDateOrder(toks("01/05", "01/15")).order, "MDY");
  assertEquals(inferDateOrder(toks("01/05", "15/01")).order, "DMY");
  assertEquals(inferDateOrder(toks("01.05.2025", "02.05.2025")).basis, "separator");
  const fit = inferDateOrder(toks("01/02", "01/03"), { score: (o) => (o === "DMY" ? 2 : 0) });
  assertEquals([fit.order, fit.basis], ["DMY", "fit"]);
  const assumed = inferDateOrder(toks("01/02"), { fallback: "DMY" });
  assertEquals([assumed.order, assumed.basis], ["DMY", "assumed"]);
});

Deno.test("inferYear handles the December to January rollover", () => {
  const ctx = { start: "2024-12-15", end: "2025-01-14" };
  assertEquals(inferYear(12, 20, ctx), 2024);
  assertEquals(inferYear(1, 10, ctx), 2025);
  assertEquals(inferYear(6, 1, { end: "2025-06-30" }), 2025);
  assertEquals(inferYear(1, 1, {}), null);
});
