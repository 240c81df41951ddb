/**
 * The review queue: what waits for a person in a client's ledger (documents that need review,
 * uncategorized transactions, suggested transfers and duplicates, statement gaps, rule
 * conflicts), the counts per client for the firm-wide summary, and the navigation badge.
 */
import { type ClientRow, listClients, type Viewer } from "../clients/clients.ts";
import type { Tx } from "../db/tenant.ts";
import { listRuleConflicts, ruleConflictCounts } from "./conflicts.ts";
import { type DescribeGap, gapCounts, getCoverage } from "./coverage.ts";
import { listSuggestions, suggestionCounts } from "./links.ts";
import type { Review, ReviewCounts, ReviewDocument, ReviewSummary } from "./schema.ts";

/** Document states that wait for a person. */
export const ATTENTION_STATES = ["needs_review", "needs_password", "needs_mapping"] as const;

interface DocumentRow {
  id: string;
  filename: string;
  kind: string;
  status: ReviewDocument["status"];
  reason: string | null;
  result: {
    statements?: { verification?: { checks?: { name: string; ok: boolean; detail: string; rows?: number[] }[] } }[];
  } | null;
  created_at: Date;
}

/** A client's documents that wait for a person, newest first, with their failing checks. */
export async function listAttentionDocuments(tx: Tx, clientId: string, limit = 100): Promise<ReviewDocument[]> {
  const rows = await tx<DocumentRow[]>`
    select id, filename, kind, status, reason, result, created_at from documents
     where client_id = ${clientId} and status in ${tx(ATTENTION_STATES)}
     order by created_at desc, id
     limit ${limit}`;
  return rows.map((r) => ({
    id: r.id,
    filename: r.filename,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    failed_checks: (r.result?.statements ?? []).flatMap((s) =>
      (s.verification?.checks ?? []).filter((ch) => !ch.ok).map((ch) => ({
        name: ch.name,
        detail: ch.detail,
        rows: ch.rows ?? [],
      }))
    ),
    uploaded_at: r.created_at.toISOString(),
  }));
}

/**
 * Uncategorized transactions (no category, or an "Uncategorized" one) per client, from the
 * monthly rollups (migrations/00005_search_indexes.sql), which are kept exact by triggers: a
 * few rows per client and month instead of every transaction.
 */
export async function uncategorizedCounts(tx: Tx, clientIds: string[]): Promise<Map<string, number>> {
  if (!clientIds.length) return new Map();
  const rows = await tx<{ client_id: string; n: number }[]>`
    select client_id, sum(n)::int as n from transaction_rollups
     where client_id = any(${clientIds}::uuid[])
       and (category_id is null or category_id in (select id from categories where kind = 'uncategorized'))
     group by client_id`;
  return new Map(rows.map((r) => [r.client_id, r.n]));
}

async function documentCounts(tx: Tx, clientIds: string[]): Promise<Map<string, number>> {
  if (!clientIds.length) return new Map();
  const rows = await tx<{ client_id: string; n: number }[]>`
    select client_id, count(*)::int as n from documents
     where firm_id = current_firm_id() and client_id = any(${clientIds}::uuid[]) and status in ${tx(ATTENTION_STATES)}
     group by client_id`;
  return new Map(rows.map((r) => [r.client_id, r.n]));
}

/** The counts of each section, and their total. */
export function withTotal(c: Omit<ReviewCounts, "total">): ReviewCounts {
  return {
    ...c,
    total: c.documents + c.uncategorized + c.transfers + c.duplicates + c.gaps + c.rule_conflicts,
  };
}

/** Open items per client, for the given clients. */
export async function countsByClient(tx: Tx, clientIds: string[]): Promise<Map<string, ReviewCounts>> {
  const [documents, uncategorized, links, gaps, conflicts] = [
    await documentCounts(tx, clientIds),
    await uncategorizedCounts(tx, clientIds),
    await suggestionCounts(tx, clientIds),
    await gapCounts(tx, clientIds),
    await ruleConflictCounts(tx, clientIds),
  ];
  return new Map(clientIds.map((id) => [
    id,
    withTotal({
      documents: documents.get(id) ?? 0,
      uncategorized: uncategorized.get(id) ?? 0,
      transfers: links.get(id)?.transfer ?? 0,
      duplicates: links.get(id)?.duplicate ?? 0,
      gaps: gaps.get(id) ?? 0,
      rule_conflicts: conflicts.get(id) ?? 0,
    }),
  ]));
}

/** A client's whole review queue. */
export async function getReview(
  tx: Tx,
  client: Pick<ClientRow, "id" | "name">,
  describeGap: DescribeGap,
): Promise<Review> {
  const documents = await listAttentionDocuments(tx, client.id);
  const uncategorized = (await uncategorizedCounts(tx, [client.id])).get(client.id) ?? 0;
  const transfers = await listSuggestions(tx, client.id, "transfer");
  const duplicates = await listSuggestions(tx, client.id, "duplicate");
  const coverage = await getCoverage(tx, client.id, describeGap);
  const ruleConflicts = await listRuleConflicts(tx, client.id);
  const links = (await suggestionCounts(tx, [client.id])).get(client.id);
  const counts = withTotal({
    documents: (await documentCounts(tx, [client.id])).get(client.id) ?? 0,
    uncategorized,
    transfers: links?.transfer ?? 0,
    duplicates: links?.duplicate ?? 0,
    gaps: coverage.gaps.length,
    rule_conflicts: (await ruleConflictCounts(tx, [client.id])).get(client.id) ?? 0,
  });
  return {
    client: { id: client.id, name: client.name },
    counts,
    documents,
    uncategorized_count: uncategorized,
    transfers,
    duplicates,
    coverage,
    rule_conflicts: ruleConflicts,
  };
}

/** Open items per client the viewer may see (active clients), most first. */
export async function getReviewSummary(tx: Tx, viewer: Viewer): Promise<ReviewSummary> {
  const clients = await listClients(tx, viewer, { limit: 1000 });
  const counts = await countsByClient(tx, clients.map((c) => c.id));
  const rows = clients.map((c) => ({ id: c.id, name: c.name, counts: counts.get(c.id)! }))
    .sort((a, b) => b.counts.total - a.counts.total || a.name.localeCompare(b.name));
  return { clients: rows, total: rows.reduce((n, r) => n + r.counts.total, 0) };
}

/** The navigation badge: every open item of the clients the viewer may see. */
export async function openItemCount(tx: Tx, viewer: Viewer): Promise<number> {
  return (await getReviewSummary(tx, viewer)).total;
}
