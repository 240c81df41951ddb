import { assertEquals } from "../../tests/support/assert.ts";
import { en } from "./en.ts";
import { es } from "./es.ts";
import { createI18n, negotiateLocale, toDecimalString } from "./mod.ts";

Deno.test("negotiates the best supported locale from Accept-Language, keeping the region", () => {
  assertEquals(negotiateLocale(undefined), "en");
  assertEquals(negotiateLocale(""), "en");
  assertEquals(negotiateLocale("es-MX,es;q=0.9,en;q=0.8"), "es-MX");
  assertEquals(negotiateLocale("fr-FR,fr;q=0.9,es;q=0.5"), "es");
  assertEquals(negotiateLocale("de;q=1, en-GB;q=0.7"), "en-GB");
  assertEquals(negotiateLocale("*"), "en");
  assertEquals(negotiateLocale("en;q=0, es;q=0.1"), "es");
  assertEquals(negotiateLocale("zz-!!,<script>"), "en");
});

Deno.test("messages: placeholders, Spanish, fallback to English", () => {
  const en = createI18n("en-US");
  assertEquals(en.t("status.database.ok", { ms: 3 }), "Reachable in 3 ms");
  assertEquals(createI18n("es").t("status.title"), "Estado del sistema");
  assertEquals(createI18n("de").t("status.title"), "System status");
  assertEquals(en.t("status.database.ok"), "Reachable in {ms} ms", "missing params stay visible");
});

Deno.test("every language defines exactly the English keys, with the same placeholders", () => {
  assertEquals(Object.keys(es).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assertEquals(names(es[key]), names(en[key]), key);
  }
});

Deno.test("money is formatted from integer minor units without floating point", () => {
  assertEquals(createI18n("en-US").money(123456n, "USD"), "$1,234.56");
  assertEquals(createI18n("en-US").money(-5n, "USD"), "-$0.05");
  assertEquals(createI18n("es-ES").money(123456n, "EUR"), "1234,56\u00a0€");
  assertEquals(createI18n("en-US").money(1234n, "JPY"), "¥1,234");
  assertEquals(createI18n("en-US").money(900719925474099312n, "USD"), "$9,007,199,254,740,993.12");
});

Deno.test("toDecimalString is exact", () => {
  assertEquals(toDecimalString(0n, 2), "0.00");
  assertEquals(toDecimalString(7n, 2), "0.07");
  assertEquals(toDecimalString(-100n, 2), "-1.00");
  assertEquals(toDecimalString(12345n, 0), "12345");
  assertEquals(toDecimalString(-9007199254740993n, 2), "-90071992547409.93");
});

Deno.test("dates are formatted for the locale", () => {
  assertEquals(createI18n("en-US").date("2025-03-04"), "Mar 4, 2025");
  assertEquals(createI18n("en-GB").date("2025-03-04"), "4 Mar 2025");
  assertEquals(createI18n("es").date("2025-03-04"), "4 mar 2025");
});
