/**
 * Finding transfers and duplicates in a client's ledger (the detect_links job, and "look for
 * transfers and duplicates" on the review page). Suggestions only: a person confirms or
 * rejects each one (src/review/decide.ts).
 *
 * Transfers: a money-out transaction and a money-in transaction of the same amount and
 * currency in two different accounts of the client, at most 3 days apart. Description hints
 * ("ONLINE TRANSFER", "XFER", "TO SAV", "PAYMENT THANK YOU" for card payments…) and the other
 * account's last four digits raise the score. Each transaction is in at most one transfer
 * suggestion (the best-scoring pairs win), and a rejected pair is never suggested again.
 *
 * Duplicates: two transactions of one account with the same amount, at most a day apart,
 * with similar descriptions (pg_trgm similarity ≥ 0.5, equal after normalizing, or the same
 * payee), imported from different documents (a CSV export and a PDF of one period describe a
 * purchase differently, so their fingerprints differ). Two lines of one document are never
 * duplicates of each other. The earlier import is `a` (kept by a merge), the later `b`.
 *
 * Idempotent: running it again adds nothing that is already suggested, confirmed or rejected.
 */
import type { Sql } from "../db/client.ts";
import { type Tx, withFirm } from "../db/tenant.ts";
import type { DetectResult } from "./schema.ts";

/** Words in a description that say "this is a transfer", most specific first. */
export const TRANSFER_HINTS = [
  "ONLINE TRANSFER",
  "PAYMENT THANK YOU",
  "TRANSFER",
  "XFER",
  "TO SAV",
  "FROM SAV",
  "TO CHK",
  "FROM CHK",
  "AUTOPAY",
  "CARD PAYMENT",
] as const;

/** Similarity from which two descriptions count as the same purchase. */
export const DUPLICATE_SIMILARITY = 0.5;

/** The most days between the two sides of a transfer. */
export const TRANSFER_MAX_DAYS = 3;

/** The first hint found in a description (word-aligned, case-insensitive), or null. */
export function transferHint(description: string): string | null {
  const text = ` ${description.toUpperCase().replace(/[^A-Z0-9]+/g, " ").trim()}`;
  return TRANSFER_HINTS.find((hint) => text.includes(` ${hint}`)) ?? null;
}

/** Whether a description names an account by its last four digits ("…4821", "XXXX4821", "#4821"). */
export function mentionsLast4(description: string, last4: string): boolean {
  if (!/^\d{4}$/.test(last4)) return false;
  return new RegExp(`(?<!\\d)${last4}(?!\\d)`).test(description);
}

/** One side of a transfer as the scorer sees it. */
export interface TransferSide {
  description: string;
  last4: string;
}

/**
 * Score (0–1) and reason of a transfer pair: equal and opposite amounts are the base; a hint on
 * each side, each side naming the other account, and fewer days between them add to it.
 */
export function scoreTransfer(out: TransferSide, into: TransferSide, days: number): { score: number; reason: string } {
  const hints = [transferHint(out.description), transferHint(into.description)];
  const named = [
    mentionsLast4(out.description, into.last4) ? into.last4 : null,
    mentionsLast4(into.description, out.last4) ? out.last4 : null,
  ];
  const score = 0.45 + (days === 0 ? 0.1 : days === 1 ? 0.05 : 0) +
    hints.filter(Boolean).length * 0.15 + named.filter(Boolean).length * 0.075;
  const said = [...new Set(hints.filter((h): h is string => h !== null))];
  const reason = [
    `Equal and opposite amounts, ${days === 0 ? "same day" : `${days} day${days === 1 ? "" : "s"} apart`}`,
    said.length ? `the description says ${said.map((h) => `“${h}”`).join(" and ")}` : "",
    ...named.filter(Boolean).map((n) => `mentions account …${n}`),
  ].filter(Boolean).join("; ");
  return { score: round(Math.min(score, 1)), reason };
}

/** Score (0–1) and reason of a duplicate pair. */
export function scoreDuplicate(p: {
  similarity: number;
  sameText: boolean;
  samePayee: boolean;
  days: number;
  files: [string, string];
}): { score: number; reason: string } {
  const alike = p.sameText ? 1 : Math.max(p.similarity, p.samePayee ? 0.8 : 0);
  const score = Math.max(0, Math.min(1, alike - 0.1 * p.days));
  const text = p.sameText
    ? "the same description"
    : p.samePayee && p.similarity < DUPLICATE_SIMILARITY
    ? "the same payee"
    : `descriptions ${Math.round(p.similarity * 100)}% alike`;
  const when = p.days === 0 ? "same day" : `${p.days} day${p.days === 1 ? "" : "s"} apart`;
  return {
    score: round(score),
    reason: `Same account and amount, ${when}, ${text}; in ${p.files[0]} and ${p.files[1]}`,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** A candidate pair with its score. */
export interface Candidate {
  a: string;
  b: string;
  score: number;
  days: number;
  reason: string;
  /** Tie-breaker: the date of `a`. */
  date: string;
}

/** Best pairs first, each transaction used at most once (greedy; deterministic). */
export function pickPairs(candidates: Candidate[]): Candidate[] {
  const sorted = [...candidates].sort((x, y) =>
    y.score - x.score || x.days - y.days || x.date.localeCompare(y.date) || x.a.localeCompare(y.a) ||
    x.b.localeCompare(y.b)
  );
  const used = new Set<string>();
  const picked: Candidate[] = [];
  for (const c of sorted) {
    if (used.has(c.a) || used.has(c.b)) continue;
    used.add(c.a);
    used.add(c.b);
    picked.push(c);
  }
  return picked;
}

interface TransferRow {
  a_id: string;
  b_id: string;
  a_date: string;
  days: number;
  a_description: string;
  b_description: string;
  a_last4: string;
  b_last4: string;
}

async function transferCandidates(tx: Tx, clientId: string): Promise<Candidate[]> {
  const rows = await tx<TransferRow[]>`
    with linked as (
      select a_id as id from transaction_links where client_id = ${clientId} and kind = 'transfer' and status <> 'rejected'
      union
      select b_id from transaction_links where client_id = ${clientId} and kind = 'transfer' and status <> 'rejected'
    ), rejected as (
      select a_id, b_id from transaction_links where client_id = ${clientId} and kind = 'transfer' and status = 'rejected'
    )
    select a.id as a_id, b.id as b_id, a.date::text as a_date, abs(b.date - a.date)::int as days,
           a.description as a_description, b.description as b_description,
           aa.number_last4 as a_last4, ba.number_last4 as b_last4
      from transactions a
      join transactions b on b.firm_id = a.firm_id and b.client_id = a.client_id and b.amount = -a.amount
                         and b.currency = a.currency and b.account_id <> a.account_id
                         and b.date between a.date - ${TRANSFER_MAX_DAYS}::int and a.date + ${TRANSFER_MAX_DAYS}::int
      join accounts aa on aa.id = a.account_id
      join accounts ba on ba.id = b.account_id
     where a.client_id = ${clientId} and a.amount < 0
       and a.id not in (select id from linked) and b.id not in (select id from linked)
       and not exists (select 1 from rejected r
                        where (r.a_id = a.id and r.b_id = b.id) or (r.a_id = b.id and r.b_id = a.id))`;
  return rows.map((r) => ({
    a: r.a_id,
    b: r.b_id,
    days: r.days,
    date: r.a_date,
    ...scoreTransfer(
      { description: r.a_description, last4: r.a_last4 },
      { description: r.b_description, last4: r.b_last4 },
      r.days,
    ),
  }));
}

interface DuplicateRow {
  a_id: string;
  b_id: string;
  a_date: string;
  days: number;
  similarity: number;
  same_text: boolean;
  same_payee: boolean;
  a_file: string;
  b_file: string;
}

async function duplicateCandidates(tx: Tx, clientId: string): Promise<Candidate[]> {
  const rows = await tx<DuplicateRow[]>`
    with linked as (
      select a_id as id from transaction_links where client_id = ${clientId} and kind = 'duplicate' and status = 'suggested'
      union
      select b_id from transaction_links where client_id = ${clientId} and kind = 'duplicate' and status = 'suggested'
    ), rejected as (
      select a_id, b_id from transaction_links where client_id = ${clientId} and kind = 'duplicate' and status = 'rejected'
    ), pairs as (
      select a.id as a_id, b.id as b_id, a.date::text as a_date, abs(b.date - a.date)::int as days,
             similarity(a.description, b.description)::float8 as similarity,
             btrim(regexp_replace(lower(a.description), '[^a-z0-9]+', ' ', 'g'))
               = btrim(regexp_replace(lower(b.description), '[^a-z0-9]+', ' ', 'g')) as same_text,
             (a.payee <> '' and lower(a.payee) = lower(b.payee)) as same_payee,
             a.document_id as a_doc, b.document_id as b_doc
        from transactions a
        join transactions b on b.firm_id = a.firm_id and b.client_id = a.client_id and b.account_id = a.account_id
                           and b.amount = a.amount and b.date between a.date - 1 and a.date + 1
                           and (a.created_at, a.id) < (b.created_at, b.id)
       where a.client_id = ${clientId} and a.document_id <> b.document_id
         and a.id not in (select id from linked) and b.id not in (select id from linked)
         and not exists (select 1 from rejected r
                          where (r.a_id = a.id and r.b_id = b.id) or (r.a_id = b.id and r.b_id = a.id))
         and not exists (select 1 from transaction_sources sa
                           join transaction_sources sb on sb.document_id = sa.document_id
                          where sa.transaction_id = a.id and sb.transaction_id = b.id)
    )
    select p.a_id, p.b_id, p.a_date, p.days, p.similarity, p.same_text, p.same_payee,
           da.filename as a_file, db.filename as b_file
      from pairs p join documents da on da.id = p.a_doc join documents db on db.id = p.b_doc
     where p.similarity >= ${DUPLICATE_SIMILARITY} or p.same_text or p.same_payee`;
  return rows.map((r) => ({
    a: r.a_id,
    b: r.b_id,
    days: r.days,
    date: r.a_date,
    ...scoreDuplicate({
      similarity: Number(r.similarity),
      sameText: r.same_text,
      samePayee: r.same_payee,
      days: r.days,
      files: [r.a_file, r.b_file],
    }),
  }));
}

async function insertLinks(tx: Tx, clientId: string, kind: "transfer" | "duplicate", pairs: Candidate[]) {
  if (!pairs.length) return 0;
  const rows = await tx`
    insert into transaction_links (firm_id, client_id, kind, a_id, b_id, score, reason)
    select current_firm_id(), ${clientId}, ${kind}, x.a, x.b, x.score, x.reason
      from jsonb_to_recordset(${
    tx.json(pairs.map(({ a, b, score, reason }) => ({ a, b, score, reason })) as never)
  }::jsonb)
        as x(a uuid, b uuid, score real, reason text)
    on conflict (kind, a_id, b_id) do nothing
    returning 1`;
  return rows.length;
}

/** Detects a client's transfers and duplicates in the current firm transaction; returns what is new. */
export async function detectLinks(tx: Tx, clientId: string): Promise<DetectResult> {
  // One detection per client at a time, so no transaction ends up in two suggestions.
  await tx`select pg_advisory_xact_lock(hashtext('detect_links'), hashtext(${clientId}))`;
  const transfers = await insertLinks(tx, clientId, "transfer", pickPairs(await transferCandidates(tx, clientId)));
  const duplicates = await insertLinks(tx, clientId, "duplicate", pickPairs(await duplicateCandidates(tx, clientId)));
  return { transfers, duplicates };
}

/** The detect_links job: finds the client's firm, then detects in one transaction. Undefined when it is gone. */
export async function detectLinksForClient(sql: Sql, clientId: string): Promise<DetectResult | undefined> {
  const [{ firm_id: firmId }] = await sql<{ firm_id: string | null }[]>`select client_firm_id(${clientId}) as firm_id`;
  if (!firmId) return undefined;
  return await withFirm(sql, firmId, (tx) => detectLinks(tx, clientId));
}
