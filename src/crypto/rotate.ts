/**
 * Key rotation: re-encrypts every encrypted field with the newest key of the ring. Rows are
 * processed in batches, each update guarded by the old ciphertext, so the run can stop at any
 * time and be resumed (only values not yet at the newest version are selected again).
 */
import type { Sql } from "../db/client.ts";
import type { KeyRing } from "./keyring.ts";

/** An encrypted column and how its additional authenticated data is derived from the row. */
export interface EncryptedColumn {
  table: string;
  column: string;
  /** AAD prefix; the row id is appended (`client-tax-id:<id>`). */
  aadPrefix: string;
}

/** Every encrypted field LedgerFlow stores. Add new ones here. */
export const ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  { table: "clients", column: "tax_id_enc", aadPrefix: "client-tax-id:" },
  { table: "users", column: "totp_secret_enc", aadPrefix: "totp:" },
];

/** Re-encrypts old values; `sql` must be the owner connection (sees every firm). Returns counts per column. */
export async function rotateKeys(
  sql: Sql,
  keyring: KeyRing,
  opts: { batchSize?: number; columns?: EncryptedColumn[]; onProgress?: (msg: string) => void } = {},
): Promise<Record<string, number>> {
  const current = `v${keyring.currentVersion}.`;
  const counts: Record<string, number> = {};
  for (const col of opts.columns ?? ENCRYPTED_COLUMNS) {
    const name = `${col.table}.${col.column}`;
    counts[name] = 0;
    for (;;) {
      const rows = await sql<{ id: string; value: string }[]>`
        select id::text, ${sql(col.column)} as value from ${sql(col.table)}
         where ${sql(col.column)} is not null and left(${sql(col.column)}, ${current.length}) <> ${current}
         order by id limit ${opts.batchSize ?? 500}`;
      if (!rows.length) break;
      for (const row of rows) {
        const aad = `${col.aadPrefix}${row.id}`;
        const plain = await keyring.decrypt(row.value, aad);
        const fresh = await keyring.encrypt(plain, aad);
        const updated = await sql`
          update ${sql(col.table)} set ${sql(col.column)} = ${fresh}
           where id = ${row.id} and ${sql(col.column)} = ${row.value} returning 1`;
        counts[name] += updated.length;
      }
      opts.onProgress?.(`${name}: ${counts[name]} re-encrypted`);
    }
  }
  return counts;
}
