import { assertEquals } from "../../../tests/support/assert.ts";
import { escapeHtml, highlight, queryTerms } from "./highlight.ts";

Deno.test("query terms: positive lexemes with prefix flags; negated ones left out", () => {
  assertEquals(queryTerms("'blue' <-> 'bottle' & !'oakland' & 'sta':*"), [
    { lexeme: "blue", prefix: false },
    { lexeme: "bottle", prefix: false },
    { lexeme: "sta", prefix: true },
  ]);
  assertEquals(queryTerms("!( 'a' | 'b' ) & 'c':AB* | !!'d'"), [
    { lexeme: "c", prefix: true },
    { lexeme: "d", prefix: false },
  ]);
  assertEquals(queryTerms("'o''reilly' & 'back\\\\slash'"), [
    { lexeme: "o'reilly", prefix: false },
    { lexeme: "back\\slash", prefix: false },
  ]);
  assertEquals(queryTerms(""), []);
});

Deno.test("matches are marked at word starts, folded like unaccent, prefixes to the end of the word", () => {
  const t = (lexeme: string, prefix = false) => ({ lexeme, prefix });
  assertEquals(
    highlight("CAFÉ MÜNCHEN Seattle", [t("cafe"), t("munchen")]),
    "<mark>CAFÉ</mark> <mark>MÜNCHEN</mark> Seattle",
  );
  assertEquals(highlight("STARBUCKS STORE #12", [t("starb", true)]), "<mark>STARBUCKS</mark> STORE #12");
  assertEquals(highlight("SQ *BLUE BOTTLE", [t("blue"), t("bottle")]), "SQ *<mark>BLUE</mark> <mark>BOTTLE</mark>");
  assertEquals(highlight("BLUEBERRY BLUE", [t("blue")]), "BLUEBERRY <mark>BLUE</mark>", "whole words only");
  assertEquals(highlight("AMZN MKTP US*2K4", [t("2k4")]), "AMZN MKTP US*<mark>2K4</mark>");
  assertEquals(highlight("STRASSE ß", [t("ss")]), "STRASSE <mark>ß</mark>");
  assertEquals(highlight("nothing here", []), "nothing here");
});

Deno.test("everything but our <mark> is escaped", () => {
  const out = highlight(`<script>alert("x")</script> STARBUCKS & 'co'`, [
    { lexeme: "starbucks", prefix: false },
    { lexeme: "script", prefix: false },
  ]);
  assertEquals(
    out,
    "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; <mark>STARBUCKS</mark> &amp; &#39;co&#39;",
  );
  assertEquals(highlight("<b>", [{ lexeme: "lt", prefix: false }]), "&lt;b&gt;", "never matches inside an entity");
  assertEquals(escapeHtml(`<>&"'`), "&lt;&gt;&amp;&quot;&#39;");
});
