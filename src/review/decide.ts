/**
 * Confirming and rejecting suggestions, each in the caller's transaction and audited.
 *
 * - Confirm a transfer: both transactions get the firm's Transfer category, except one whose
 *   category a person already set (edited_fields or splits): that one is only linked. The
 *   category counts as set by a person from then on, so rules leave it alone.
 * - Confirm a duplicate: the earlier import is kept; the other's sources (every document it
 *   was seen in) move to it, what a person added only to the duplicate (category, memo, tags)
 *   is carried over, and the duplicate is deleted. Its link goes with it (cascade); the audit
 *   row keeps both transactions before and after.
 * - Reject: the link is marked rejected, so detection never suggests that pair again.
 */
import { type AuditActor, writeAudit } from "../audit/audit.ts";
import type { Tx } from "../db/tenant.ts";
import { ConflictError } from "../errors.ts";
import { toDecimalString } from "../i18n/mod.ts";
import type { LinkRow } from "./links.ts";
import { toLinkJson } from "./links.ts";
import type { LinkDecision, LinkJson } from "./schema.ts";
import { loadReviewTransactions } from "./transactions.ts";

/** Who decides: the audit actor and the user recorded in decided_by. */
export interface Decider {
  actor: AuditActor;
  userId: string | null;
}

/** Names under which a person's category choice is recorded in edited_fields. */
const HUMAN_CATEGORY = ["category_id", "category", "splits"];

interface Snapshot {
  id: string;
  created_at: Date;
  date: string;
  description: string;
  amount: string;
  account_id: string;
  document_id: string;
  category_id: string | null;
  category_name: string;
  payee: string;
  memo: string;
  tags: string[];
  edited_fields: string[];
  has_splits: boolean;
  sources: string[];
}

async function snapshots(tx: Tx, ids: string[]): Promise<Map<string, Snapshot>> {
  const rows = await tx<Snapshot[]>`
    select t.id, t.created_at, t.date::text as date, t.description, t.amount::text as amount, t.account_id,
           t.document_id, t.category_id, t.category_name, t.payee, t.memo, t.tags, t.edited_fields,
           exists (select 1 from transaction_splits s where s.transaction_id = t.id) as has_splits,
           array(select s.document_id::text from transaction_sources s where s.transaction_id = t.id
                  order by s.created_at, s.document_id) as sources
      from transactions t where t.id = any(${ids}::uuid[])
     order by t.id
       for update of t`;
  return new Map(rows.map((r) => [r.id, r]));
}

/** The audited view of a transaction (money as a decimal string). */
function audited(s: Snapshot): Record<string, unknown> {
  return {
    id: s.id,
    date: s.date,
    description: s.description,
    amount: toDecimalString(BigInt(s.amount), 2),
    account_id: s.account_id,
    document_id: s.document_id,
    category: s.category_name || null,
    category_id: s.category_id,
    payee: s.payee,
    memo: s.memo,
    tags: s.tags,
    sources: s.sources,
  };
}

function assertOpen(link: LinkRow): void {
  if (link.status !== "suggested") throw new ConflictError(`This suggestion was already ${link.status}`);
}

async function markDecided(tx: Tx, link: LinkRow, status: "confirmed" | "rejected", who: Decider) {
  const [row] = await tx<{ decided_at: Date }[]>`
    update transaction_links set status = ${status}, decided_by = ${who.userId}, decided_at = now()
     where id = ${link.id}
    returning decided_at`;
  await writeAudit(tx, link.firm_id, who.actor, {
    action: status === "confirmed" ? "transaction_link.confirm" : "transaction_link.reject",
    entityType: "transaction_link",
    entityId: link.id,
    before: { status: link.status },
    after: { status },
    details: { kind: link.kind, a_id: link.a_id, b_id: link.b_id, score: link.score, reason: link.reason },
  });
  return { ...link, status, decided_at: row?.decided_at ?? new Date() };
}

/** Rejects a suggestion (locked by the caller with getLink(…, { forUpdate: true })). */
export async function rejectLink(tx: Tx, link: LinkRow, who: Decider): Promise<LinkJson> {
  assertOpen(link);
  const transactions = await loadReviewTransactions(tx, [link.a_id, link.b_id]);
  const decided = await markDecided(tx, link, "rejected", who);
  return toLinkJson(decided, transactions.get(link.a_id)!, transactions.get(link.b_id)!);
}

/** Confirms a suggestion (locked by the caller): a transfer is categorized, a duplicate merged. */
export async function confirmLink(tx: Tx, link: LinkRow, who: Decider): Promise<LinkDecision> {
  assertOpen(link);
  return link.kind === "transfer" ? await confirmTransfer(tx, link, who) : await mergeDuplicate(tx, link, who);
}

async function transferCategory(tx: Tx): Promise<{ id: string; name: string } | undefined> {
  const [row] = await tx<{ id: string; name: string }[]>`
    select id, name from categories where kind = 'transfer' and archived_at is null
     order by system desc, position, created_at limit 1`;
  return row;
}

async function confirmTransfer(tx: Tx, link: LinkRow, who: Decider): Promise<LinkDecision> {
  const rows = await snapshots(tx, [link.a_id, link.b_id]);
  const category = await transferCategory(tx);
  const categorized: string[] = [];
  for (const id of [link.a_id, link.b_id]) {
    const s = rows.get(id);
    if (!s || !category) continue;
    const byPerson = s.has_splits || s.edited_fields.some((f) => HUMAN_CATEGORY.includes(f));
    if (byPerson || s.category_id === category.id) continue;
    await tx`
      update transactions
         set category_id = ${category.id},
             edited_fields = case when 'category_id' = any(edited_fields) then edited_fields
                                  else array_append(edited_fields, 'category_id') end,
             updated_at = now()
       where id = ${id}`;
    await writeAudit(tx, link.firm_id, who.actor, {
      action: "transaction.categorize",
      entityType: "transaction",
      entityId: id,
      before: { category: s.category_name || null, category_id: s.category_id },
      after: { category: category.name, category_id: category.id },
      details: { link_id: link.id, because: "transfer confirmed" },
    });
    categorized.push(id);
  }
  const decided = await markDecided(tx, link, "confirmed", who);
  const transactions = await loadReviewTransactions(tx, [link.a_id, link.b_id]);
  return {
    link: toLinkJson(decided, transactions.get(link.a_id)!, transactions.get(link.b_id)!),
    categorized,
    merged: null,
  };
}

async function mergeDuplicate(tx: Tx, link: LinkRow, who: Decider): Promise<LinkDecision> {
  const rows = await snapshots(tx, [link.a_id, link.b_id]);
  const [first, second] = [rows.get(link.a_id), rows.get(link.b_id)];
  if (!first || !second) throw new ConflictError("One of these transactions no longer exists");
  // The earlier import stays (detection makes it `a`; checked again for links made otherwise).
  const [kept, dup] = order(first, second);
  const before = await loadReviewTransactions(tx, [link.a_id, link.b_id]);
  // Provenance: every document either was seen in (the duplicate's own line included).
  await tx`
    insert into transaction_sources (transaction_id, firm_id, document_id, statement_id, line_no, created_at)
    select ${kept.id}::uuid, firm_id, document_id, statement_id, line_no, created_at
      from transaction_sources where transaction_id = ${dup.id}
    union all
    select ${kept.id}::uuid, t.firm_id, t.document_id, t.statement_id, t.line_no, t.created_at
      from transactions t where t.id in (${kept.id}, ${dup.id})
    on conflict (transaction_id, document_id) do nothing`;
  // What a person added only to the duplicate is not lost.
  const carry: string[] = [];
  if (!kept.category_id && dup.category_id && !kept.has_splits && !dup.has_splits) carry.push("category_id");
  if (!kept.memo && dup.memo) carry.push("memo");
  const tags = [...new Set([...kept.tags, ...dup.tags])];
  if (tags.length !== kept.tags.length) carry.push("tags");
  if (carry.length) {
    const humanCarried = carry.filter((f) => dup.edited_fields.includes(f) && !kept.edited_fields.includes(f));
    await tx`
      update transactions
         set category_id = ${carry.includes("category_id") ? dup.category_id : kept.category_id},
             memo = ${carry.includes("memo") ? dup.memo : kept.memo},
             tags = ${tags}::text[],
             edited_fields = edited_fields || ${humanCarried}::text[],
             updated_at = now()
       where id = ${kept.id}`;
  }
  await tx`delete from transactions where id = ${dup.id}`;
  const after = (await snapshots(tx, [kept.id])).get(kept.id)!;
  await writeAudit(tx, link.firm_id, who.actor, {
    action: "transaction.merge",
    entityType: "transaction",
    entityId: kept.id,
    before: { kept: audited(kept), duplicate: audited(dup) },
    after: { kept: audited(after), duplicate: null },
    details: { link_id: link.id, removed_id: dup.id, carried_over: carry },
  });
  // The link row went with the duplicate; the decision is recorded in the audit log.
  await writeAudit(tx, link.firm_id, who.actor, {
    action: "transaction_link.confirm",
    entityType: "transaction_link",
    entityId: link.id,
    before: { status: link.status },
    after: { status: "confirmed" },
    details: { kind: link.kind, a_id: link.a_id, b_id: link.b_id, kept_id: kept.id, removed_id: dup.id },
  });
  const now = await loadReviewTransactions(tx, [kept.id]);
  const a = link.a_id === kept.id ? now.get(kept.id)! : before.get(link.a_id)!;
  const b = link.b_id === kept.id ? now.get(kept.id)! : before.get(link.b_id)!;
  return {
    link: toLinkJson({ ...link, status: "confirmed", decided_at: new Date() }, a, b),
    categorized: [],
    merged: { kept_id: kept.id, removed_id: dup.id },
  };
}

function order(x: Snapshot, y: Snapshot): [Snapshot, Snapshot] {
  const xFirst = x.created_at.getTime() < y.created_at.getTime() ||
    (x.created_at.getTime() === y.created_at.getTime() && x.id < y.id);
  return xFirst ? [x, y] : [y, x];
}
