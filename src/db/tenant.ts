/**
 * Tenant scoping: every request and job touches firm data inside a transaction that sets the
 * firm (`set_config('app.firm_id', …, true)`), which row-level security policies compare with
 * each row's firm_id. Outside such a transaction the app role sees no tenant rows at all.
 */
import type { Sql } from "./client.ts";

/** A transaction handle (postgres.js passes one to `begin` callbacks). */
export type Tx = Sql;

/** Runs `fn` in a transaction scoped to `firmId`. */
export async function withFirm<T>(sql: Sql, firmId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return await sql.begin(async (tx) => {
    await tx`select set_config('app.firm_id', ${firmId}, true)`;
    return await fn(tx as unknown as Tx);
  }) as T;
}
