/** Transfer and duplicate links: reading them for the queue and the API. */
import { isUuid } from "../auth/principal.ts";
import type { Tx } from "../db/tenant.ts";
import type { LinkJson, ReviewTransaction } from "./schema.ts";
import { loadReviewTransactions } from "./transactions.ts";

/** A transaction_links row. */
export interface LinkRow {
  id: string;
  firm_id: string;
  client_id: string;
  kind: "transfer" | "duplicate";
  a_id: string;
  b_id: string;
  status: "suggested" | "confirmed" | "rejected";
  score: number;
  reason: string;
  created_at: Date;
  decided_at: Date | null;
}

const COLUMNS = "id, firm_id, client_id, kind, a_id, b_id, status, score, reason, created_at, decided_at";

/** One link of the current firm, or undefined; `forUpdate` locks it until the transaction ends. */
export async function getLink(tx: Tx, id: string, opts: { forUpdate?: boolean } = {}): Promise<LinkRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx<LinkRow[]>`
    select ${tx.unsafe(COLUMNS)} from transaction_links where id = ${id} ${opts.forUpdate ? tx`for update` : tx``}`;
  return row;
}

/** A link as the API returns it, given its transactions. */
export function toLinkJson(row: LinkRow, a: ReviewTransaction, b: ReviewTransaction): LinkJson {
  return {
    id: row.id,
    client_id: row.client_id,
    kind: row.kind,
    status: row.status,
    score: Math.round(Number(row.score) * 100) / 100,
    reason: row.reason,
    a,
    b,
    created_at: row.created_at.toISOString(),
    decided_at: row.decided_at?.toISOString() ?? null,
  };
}

/** Links with their transactions (links whose transactions are gone are left out). */
export async function withTransactions(tx: Tx, rows: LinkRow[]): Promise<LinkJson[]> {
  const transactions = await loadReviewTransactions(tx, rows.flatMap((r) => [r.a_id, r.b_id]));
  return rows.flatMap((r) => {
    const a = transactions.get(r.a_id);
    const b = transactions.get(r.b_id);
    return a && b ? [toLinkJson(r, a, b)] : [];
  });
}

/** A client's open suggestions of one kind, best first. */
export async function listSuggestions(
  tx: Tx,
  clientId: string,
  kind: "transfer" | "duplicate",
  limit = 200,
): Promise<LinkJson[]> {
  const rows = await tx<LinkRow[]>`
    select ${tx.unsafe(COLUMNS)} from transaction_links
     where client_id = ${clientId} and kind = ${kind} and status = 'suggested'
     order by score desc, created_at, id
     limit ${limit}`;
  return await withTransactions(tx, rows);
}

/** Open suggestions per client and kind. */
export async function suggestionCounts(
  tx: Tx,
  clientIds: string[],
): Promise<Map<string, { transfer: number; duplicate: number }>> {
  if (!clientIds.length) return new Map();
  const rows = await tx<{ client_id: string; kind: "transfer" | "duplicate"; n: number }[]>`
    select client_id, kind, count(*)::int as n from transaction_links
     where firm_id = current_firm_id() and client_id = any(${clientIds}::uuid[]) and status = 'suggested'
     group by client_id, kind`;
  const counts = new Map<string, { transfer: number; duplicate: number }>();
  for (const r of rows) {
    const c = counts.get(r.client_id) ?? { transfer: 0, duplicate: 0 };
    c[r.kind] = r.n;
    counts.set(r.client_id, c);
  }
  return counts;
}
