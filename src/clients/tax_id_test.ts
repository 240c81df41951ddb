import { assert, assertEquals, assertRejects } from "../../tests/support/assert.ts";
import { KeyRing } from "../crypto/keyring.ts";
import { maskTaxId, normalizeTaxId, openTaxId, sealTaxId } from "./tax_id.ts";

Deno.test("normalizeTaxId accepts EIN, SSN and bare digits, and nothing else", () => {
  assertEquals(normalizeTaxId("12-3456789"), "123456789");
  assertEquals(normalizeTaxId("123-45-6789"), "123456789");
  assertEquals(normalizeTaxId(" 123456789 "), "123456789");
  for (
    const bad of ["", "12345678", "1234567890", "1-23456789", "123-456-789", "12 3456789", "１２-3456789", "abcdefghi"]
  ) {
    assertEquals(normalizeTaxId(bad), undefined, bad);
  }
});

Deno.test("maskTaxId shows only the last four digits", () => {
  assertEquals(maskTaxId("6789"), "•••••6789");
  assertEquals(maskTaxId(null), null);
  assertEquals(maskTaxId(undefined), null);
});

Deno.test("sealTaxId encrypts for one client; openTaxId reverses it only for that client", async () => {
  const ring = new KeyRing([[1, crypto.getRandomValues(new Uint8Array(32))]]);
  const sealed = await sealTaxId(ring, "client-a", "123456789");
  assertEquals(sealed.tax_id_last4, "6789");
  assert(sealed.tax_id_enc && !sealed.tax_id_enc.includes("123456789"));
  assertEquals(await openTaxId(ring, "client-a", sealed.tax_id_enc), "123456789");
  await assertRejects(() => openTaxId(ring, "client-b", sealed.tax_id_enc));
  assertEquals(await sealTaxId(ring, "client-a", null), { tax_id_enc: null, tax_id_last4: null });
  assertEquals(await openTaxId(ring, "client-a", null), null);
});
