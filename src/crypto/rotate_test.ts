import { assertEquals } from "../../tests/support/assert.ts";
import { createTestDatabase } from "../../tests/support/db.ts";
import { parseKeyRing } from "./keyring.ts";
import { rotateKeys } from "./rotate.ts";

const key = (byte: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(byte)));

Deno.test("rotation re-encrypts every field with the newest key, resumably", async () => {
  const db = await createTestDatabase();
  try {
    const old = parseKeyRing(`1:${key(1)}`);
    const [firm] = await db.sql`insert into firms (name) values ('F') returning id`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = crypto.randomUUID();
      ids.push(id);
      const enc = await old.encrypt(`12345678${i}`, `client-tax-id:${id}`);
      await db.sql`insert into clients (id, firm_id, name, tax_id_enc) values (${id}, ${firm.id}, ${"C" + i}, ${enc})`;
    }
    const ring = parseKeyRing(`1:${key(1)},2:${key(2)}`);
    // A first run interrupted after one batch of 2 …
    let batches = 0;
    await rotateKeys(db.sql, ring, {
      batchSize: 2,
      columns: [{ table: "clients", column: "tax_id_enc", aadPrefix: "client-tax-id:" }],
      onProgress: () => {
        if (++batches === 1) throw new Error("interrupted");
      },
    }).catch(() => {});
    const midway = await db.sql`select count(*)::int as n from clients where tax_id_enc like 'v2.%'`;
    assertEquals(midway[0].n, 2);
    // … is resumed by a second run, which does only the rest.
    const counts = await rotateKeys(db.sql, ring, { batchSize: 2 });
    assertEquals(counts["clients.tax_id_enc"], 3);
    const rows = await db.sql`select id, tax_id_enc from clients order by name`;
    for (const [i, row] of rows.entries()) {
      assertEquals(row.tax_id_enc.startsWith("v2."), true);
      assertEquals(await ring.decryptText(row.tax_id_enc, `client-tax-id:${row.id}`), `12345678${i}`);
    }
    assertEquals((await rotateKeys(db.sql, ring))["clients.tax_id_enc"], 0, "nothing left to do");
  } finally {
    await db.drop();
  }
});
