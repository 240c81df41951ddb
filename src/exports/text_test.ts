/** The exports' text helpers: exact money, safe text, formula neutralising, names and dates. */
import { assertEquals } from "../../tests/support/assert.ts";
import { accountPart, beanString, hledgerDescription } from "./journal.ts";
import { ofxText } from "./ofx.ts";
import { clean, compactDate, inert, money, negated, oneLine, slug, usDate } from "./text.ts";
import { iifField } from "./iif.ts";
import { csvField } from "./csv.ts";

Deno.test("money is exact from integer minor units, whatever the size", () => {
  assertEquals(money("-123456"), "-1234.56");
  assertEquals(money("5"), "0.05");
  assertEquals(money("-5"), "-0.05");
  assertEquals(money("0"), "0.00");
  assertEquals(money("900719925474099312"), "9007199254740993.12");
  assertEquals(negated("-100"), "1.00");
});

Deno.test("text: control characters and lone surrogates go, formulas become text", () => {
  assertEquals(clean("a\u0000b\u0007c\td\ne\ud800f"), "abc\td\ne\ufffdf");
  assertEquals(oneLine(" a\r\n\tb  c\u2028d "), "a b  c d");
  for (const f of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) assertEquals(inert(f), `'${f}`);
  assertEquals(inert("a=1"), "a=1");
  assertEquals(csvField('say "hi", ok'), '"say ""hi"", ok"');
  assertEquals(csvField("plain"), "plain");
});

Deno.test("names, dates and per-format escaping", () => {
  assertEquals(slug("Riverside Bakery, LLC — Café"), "riverside-bakery-llc-cafe");
  assertEquals(slug("日本"), "client");
  assertEquals(usDate("2025-03-14"), "03/14/2025");
  assertEquals(compactDate("2025-03-14"), "20250314");
  assertEquals(accountPart("café & co. 24b"), "Cafe-co-24b");
  assertEquals(accountPart("🙂"), "X");
  assertEquals(beanString('a "b" \\ c\nd'), '"a \\"b\\" \\\\ c d"');
  assertEquals(hledgerDescription("A|B; C", "x | y; z"), "A/B, C | x | y, z");
  assertEquals(hledgerDescription("", "(code) text"), "[code) text");
  assertEquals(ofxText("Tom & Jerry <b>", 32), "Tom &amp; Jerry &lt;b&gt;");
  assertEquals(ofxText("é".repeat(40), 32), "é".repeat(32));
  assertEquals(iifField('say "hi"\tthere'), "say 'hi' there");
});
