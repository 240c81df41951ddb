/**
 * Editing transactions: category, payee, memo, tags, business use, review flag and splits, one
 * at a time or in bulk. Every function runs in the caller's firm-scoped transaction, sees only
 * transactions of clients the principal may see (404 otherwise), validates before writing
 * (422), records the changed fields in `edited_fields` (rules leave human edits alone), and
 * writes one "transaction.update" audit row per changed transaction. The audit rows of one call
 * share a batch id: that batch is the undo entry (see undo.ts).
 *
 * Permissions: "ledger.edit" may change every field; "ledger.review" alone may only set
 * `needs_review` (flag or approve). Anything else is a 403.
 */
import { z } from "zod";
import { type AuditActor, writeAudit } from "../audit/audit.ts";
import { can } from "../auth/permissions.ts";
import { isUuid, type Principal } from "../auth/principal.ts";
import type { Tx } from "../db/tenant.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.ts";
import { assignableCategories } from "./categories.ts";
import {
  listSplits,
  loadSplits,
  MAX_SPLITS,
  parseSplits,
  replaceSplits,
  sameSplits,
  SplitInput,
  SplitJson,
  type SplitValue,
} from "./splits.ts";
import { getTransaction, TransactionJson } from "./transactions.ts";

/** Fields a person can change; also the names recorded in `edited_fields` and in audit rows. */
export const EDITABLE_FIELDS = [
  "category_id",
  "payee",
  "memo",
  "tags",
  "business_pct",
  "needs_review",
  "splits",
] as const;
export type EditableField = typeof EDITABLE_FIELDS[number];

/** Most tags on one transaction. */
export const MAX_TAGS = 20;
/** Most transactions in one bulk update. */
export const MAX_BULK = 1000;

const Tag = z.string().max(50, "Use at most 50 characters per tag");

/** Body of PATCH /api/v1/transactions/:id (and the patch of {@link updateTransaction}). */
export const TransactionPatch = z.object({
  category_id: z.uuid("Choose a category").nullable().optional().describe("null removes the category"),
  payee: z.string().trim().max(200, "Use at most 200 characters").optional(),
  memo: z.string().trim().max(2000, "Use at most 2000 characters").optional(),
  tags: z.array(Tag).max(100).optional().describe(`Lower-cased, trimmed, unique; at most ${MAX_TAGS}`),
  business_pct: z.number().int("Use a whole percentage").min(0).max(100).optional(),
  needs_review: z.boolean().optional(),
  splits: z.array(SplitInput).max(MAX_SPLITS).nullable().optional()
    .describe("Parts adding up exactly to the amount (signed decimals); null removes the splits"),
}).strict().meta({ id: "TransactionPatch" });
export type TransactionPatch = z.input<typeof TransactionPatch>;

/** What {@link bulkUpdate} sets on every transaction. */
export const BulkSet = z.object({
  category_id: z.uuid("Choose a category").nullable().optional(),
  tags_add: z.array(Tag).max(MAX_TAGS).optional(),
  tags_remove: z.array(Tag).max(100).optional(),
  needs_review: z.boolean().optional(),
  business_pct: z.number().int("Use a whole percentage").min(0).max(100).optional(),
  payee: z.string().trim().max(200, "Use at most 200 characters").optional(),
}).strict().refine((s) => Object.values(s).some((v) => v !== undefined), "Say what to change")
  .meta({ id: "BulkSet" });
export type BulkSet = z.input<typeof BulkSet>;

/** Body of POST /api/v1/transactions/bulk. */
export const BulkInput = z.object({
  ids: z.array(z.uuid("Not a transaction id")).min(1, "Choose at least one transaction")
    .max(MAX_BULK, `At most ${MAX_BULK} transactions at a time`),
  set: BulkSet,
}).strict().meta({ id: "BulkUpdate" });

/** A transaction with its splits and the fields people have edited. */
export const TransactionDetail = TransactionJson.extend({
  splits: z.array(SplitJson),
  edited_fields: z.array(z.string()).describe("Fields set by hand; rules leave them alone"),
}).meta({ id: "TransactionDetail" });
export type TransactionDetail = z.infer<typeof TransactionDetail>;

/** The editable state of a transaction. `splits` is loaded only when needed. */
export interface EditableState {
  category_id: string | null;
  payee: string;
  memo: string;
  tags: string[];
  business_pct: number;
  needs_review: boolean;
  splits?: SplitValue[];
}

/** A transaction locked for change. */
export interface LockedTransaction extends EditableState {
  id: string;
  client_id: string;
  /** Minor units. */
  amount: string;
  category_name: string;
  edited_fields: string[];
}

/** One transaction's change: the values before and after, of the changed fields only. */
export interface Change {
  row: LockedTransaction;
  changed: EditableField[];
  before: Partial<EditableState>;
  after: Partial<EditableState>;
}

// ---------------------------------------------------------------------------------------------
// Pure helpers

/** Tags as stored: trimmed, lower-case, inner spaces collapsed, unique, in order; at most 20. */
export function normalizeTags(tags: string[], path = "tags"): string[] {
  const out = [...new Set(tags.map((t) => t.trim().toLowerCase().replace(/\s+/g, " ")).filter(Boolean))];
  if (out.length > MAX_TAGS) {
    throw new ValidationError(`A transaction can have at most ${MAX_TAGS} tags`, [
      { path, message: `${out.length} tags; at most ${MAX_TAGS}` },
    ]);
  }
  return out;
}

/** Whether a role may change these fields (see the module comment). */
export function mayEdit(principal: Pick<Principal, "role">, fields: readonly string[]): boolean {
  if (can(principal.role, "ledger.edit")) return true;
  return can(principal.role, "ledger.review") && fields.every((f) => f === "needs_review");
}

function assertMayEdit(principal: Principal, fields: readonly string[]) {
  if (mayEdit(principal, fields)) return;
  throw new ForbiddenError(
    can(principal.role, "ledger.review")
      ? "Reviewers can only flag or approve transactions (needs_review)"
      : "You do not have permission to edit transactions",
  );
}

/** Whether two values of a field are equal. */
export function sameValue(field: EditableField, a: unknown, b: unknown): boolean {
  if (field === "splits") return sameSplits((a ?? []) as SplitValue[], (b ?? []) as SplitValue[]);
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields of `target` that differ from `current`, with before and after values. */
export function diffState(current: EditableState, target: Partial<EditableState>) {
  const changed: EditableField[] = [];
  const before: Partial<EditableState> = {};
  const after: Partial<EditableState> = {};
  for (const field of EDITABLE_FIELDS) {
    if (!(field in target) || target[field] === undefined) continue;
    if (sameValue(field, current[field], target[field])) continue;
    changed.push(field);
    (before as Record<string, unknown>)[field] = current[field] ?? (field === "splits" ? [] : null);
    (after as Record<string, unknown>)[field] = target[field];
  }
  return { changed, before, after };
}

// ---------------------------------------------------------------------------------------------
// Storage (shared with undo.ts)

/** Restricts to transactions of clients the principal may see. */
const scope = (tx: Tx, principal: Pick<Principal, "userId" | "role">) =>
  can(principal.role, "clients.read_all")
    ? tx``
    : tx`join client_assignments mine on mine.client_id = t.client_id and mine.user_id = ${principal.userId}`;

/**
 * Locks the transactions the principal may see among `ids` (in id order, so concurrent batches
 * cannot deadlock) and returns them; ids of other firms, of unassigned clients and malformed ids
 * are simply missing. `withSplits` also loads their parts.
 */
export async function lockTransactions(
  tx: Tx,
  principal: Pick<Principal, "userId" | "role">,
  ids: string[],
  opts: { withSplits?: boolean } = {},
): Promise<LockedTransaction[]> {
  const valid = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
  if (!valid.length) return [];
  const rows = await tx<LockedTransaction[]>`
    select t.id, t.client_id, t.amount::text as amount, t.category_id, t.category_name, t.payee, t.memo, t.tags,
           t.business_pct, t.needs_review, t.edited_fields
      from transactions t ${scope(tx, principal)}
     where t.id = any(${valid}::uuid[])
     order by t.id
       for update of t`;
  if (opts.withSplits) {
    const splits = await loadSplits(tx, rows.map((r) => r.id));
    for (const r of rows) r.splits = splits.get(r.id) ?? [];
  }
  return rows;
}

/** Which transaction fields to write: everything but splits, as JSON for one UPDATE. */
interface RowWrite {
  id: string;
  set: Partial<EditableState>;
  edited_fields: string[];
}

/** Writes the changed columns of many transactions in one statement (one ledger version bump). */
export async function writeRows(tx: Tx, rows: RowWrite[]): Promise<void> {
  if (!rows.length) return;
  const payload = rows.map(({ id, set: { splits: _splits, ...set }, edited_fields }) => ({
    id,
    ...set,
    edited_fields,
  }));
  await tx`
    update transactions t set
      category_id = case when x.v ? 'category_id' then (x.v->>'category_id')::uuid else t.category_id end,
      payee = case when x.v ? 'payee' then x.v->>'payee' else t.payee end,
      memo = case when x.v ? 'memo' then x.v->>'memo' else t.memo end,
      tags = case when x.v ? 'tags'
                  then array(select e from jsonb_array_elements_text(x.v->'tags') with ordinality as a(e, n) order by n)
                  else t.tags end,
      business_pct = case when x.v ? 'business_pct' then (x.v->>'business_pct')::smallint else t.business_pct end,
      needs_review = case when x.v ? 'needs_review' then (x.v->>'needs_review')::boolean else t.needs_review end,
      edited_fields = array(select e from jsonb_array_elements_text(x.v->'edited_fields') with ordinality as a(e, n)
                            order by n),
      updated_at = now()
      from jsonb_array_elements(${tx.json(payload as never)}::jsonb) as x(v)
     where t.id = (x.v->>'id')::uuid`;
}

/** Category names by id, to show next to ids in audit rows. */
async function categoryNames(tx: Tx, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return new Map();
  const rows = await tx<
    { id: string; name: string }[]
  >`select id, name from categories where id = any(${wanted}::uuid[])`;
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Audit values: the changed fields, plus the category's name next to its id. */
export function auditValues(values: Partial<EditableState>, names: Map<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  if ("category_id" in values) out.category = values.category_id ? names.get(values.category_id) ?? null : null;
  return out;
}

/**
 * Applies changes: columns, splits, `edited_fields`, and one audit row per transaction under
 * `action`, all tagged with `details` (batch id, user id…).
 */
export async function applyChanges(
  tx: Tx,
  principal: Principal,
  actor: AuditActor,
  changes: (Change & { edited_fields: string[]; details?: Record<string, unknown> })[],
  action: "transaction.update" | "transaction.undo",
  details: Record<string, unknown>,
): Promise<void> {
  if (!changes.length) return;
  await writeRows(tx, changes.map((c) => ({ id: c.row.id, set: c.after, edited_fields: c.edited_fields })));
  for (const c of changes) {
    if (c.changed.includes("splits")) await replaceSplits(tx, principal.firmId, c.row.id, c.after.splits ?? []);
  }
  const names = await categoryNames(tx, changes.flatMap((c) => [c.before.category_id, c.after.category_id]));
  await Promise.all(changes.map((c) =>
    writeAudit(tx, principal.firmId, actor, {
      action,
      entityType: "transaction",
      entityId: c.row.id,
      before: auditValues(c.before, names),
      after: auditValues(c.after, names),
      details: { ...details, ...c.details },
    })
  ));
}

const union = (a: string[], b: readonly string[]) => [...new Set([...a, ...b])];

/** Details of an undoable change: its batch, who made it, and which fields became human edits. */
function undoDetails(principal: Principal, batch: string, row: LockedTransaction, changed: EditableField[]) {
  const newly = changed.filter((f) => !row.edited_fields.includes(f));
  return { batch, user_id: principal.userId, ...(newly.length ? { newly_edited: newly } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Service functions

/**
 * Changes some fields of one transaction and returns it. Validates categories (this firm's, not
 * archived), tags and splits (exact sum, else 422) before writing; writes nothing and no audit
 * row when nothing changes. 404 for transactions the principal may not see; 403 for a field
 * their role may not change.
 */
export async function updateTransaction(
  tx: Tx,
  principal: Principal,
  id: string,
  patch: TransactionPatch,
  actor: AuditActor,
): Promise<TransactionJson> {
  const input = TransactionPatch.parse(patch);
  const fields = Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined);
  assertMayEdit(principal, fields);
  const [row] = await lockTransactions(tx, principal, [id], { withSplits: input.splits !== undefined });
  if (!row) throw new NotFoundError("No transaction with that id");
  const target: Partial<EditableState> = {};
  const categories = [
    ...(input.category_id ? [{ id: input.category_id, path: "category_id" }] : []),
    ...(input.splits ?? []).map((s, i) => ({ id: s.category_id, path: `splits.${i}.category_id` })),
  ];
  if (categories.length) await assignableCategories(tx, categories);
  if (input.category_id !== undefined) target.category_id = input.category_id?.toLowerCase() ?? null;
  if (input.payee !== undefined) target.payee = input.payee;
  if (input.memo !== undefined) target.memo = input.memo;
  if (input.tags !== undefined) target.tags = normalizeTags(input.tags);
  if (input.business_pct !== undefined) target.business_pct = input.business_pct;
  if (input.needs_review !== undefined) target.needs_review = input.needs_review;
  if (input.splits !== undefined) target.splits = input.splits ? parseSplits(input.splits, BigInt(row.amount)) : [];
  const diff = diffState(row, target);
  if (diff.changed.length) {
    const batch = crypto.randomUUID();
    await applyChanges(
      tx,
      principal,
      actor,
      [{
        row,
        ...diff,
        edited_fields: union(row.edited_fields, diff.changed),
        details: undoDetails(principal, batch, row, diff.changed),
      }],
      "transaction.update",
      {},
    );
  }
  return (await getTransaction(tx, row.id))!;
}

/**
 * Sets the same fields on up to 1000 transactions: one audit row per changed transaction, one
 * undo entry for the whole call. Every id must be a transaction the principal may see (404
 * otherwise, nothing changed). Returns how many transactions changed.
 */
export async function bulkUpdate(
  tx: Tx,
  principal: Principal,
  ids: string[],
  set: BulkSet,
  actor: AuditActor,
): Promise<{ updated: number }> {
  const input = BulkSet.parse(set);
  const fields = Object.entries(input).filter(([, v]) => v !== undefined)
    .map(([k]) => k.startsWith("tags_") ? "tags" : k);
  assertMayEdit(principal, fields);
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (unique.length > MAX_BULK) {
    throw new ValidationError(`At most ${MAX_BULK} transactions at a time`, [{ path: "ids", message: "Too many" }]);
  }
  const rows = await lockTransactions(tx, principal, unique);
  if (rows.length !== unique.length) {
    throw new NotFoundError(`${unique.length - rows.length} of the ${unique.length} transactions were not found`);
  }
  if (input.category_id) await assignableCategories(tx, [{ id: input.category_id, path: "set.category_id" }]);
  const add = input.tags_add ? normalizeTags(input.tags_add, "set.tags_add") : [];
  const remove = new Set(input.tags_remove ? input.tags_remove.map((t) => t.trim().toLowerCase()) : []);
  const batch = crypto.randomUUID();
  const changes = [];
  for (const row of rows) {
    const target: Partial<EditableState> = {};
    if (input.category_id !== undefined) target.category_id = input.category_id?.toLowerCase() ?? null;
    if (input.payee !== undefined) target.payee = input.payee;
    if (input.business_pct !== undefined) target.business_pct = input.business_pct;
    if (input.needs_review !== undefined) target.needs_review = input.needs_review;
    if (add.length || remove.size) {
      target.tags = normalizeTags([...row.tags, ...add].filter((t) => !remove.has(t)), "set.tags_add");
    }
    const diff = diffState(row, target);
    if (!diff.changed.length) continue;
    changes.push({
      row,
      ...diff,
      edited_fields: union(row.edited_fields, diff.changed),
      details: undoDetails(principal, batch, row, diff.changed),
    });
  }
  await applyChanges(tx, principal, actor, changes, "transaction.update", { bulk: rows.length });
  return { updated: changes.length };
}

/**
 * One transaction with its splits and edited fields, if the principal may see it (their firm
 * and, without "clients.read_all", an assigned client); undefined otherwise.
 */
export async function getTransactionDetail(
  tx: Tx,
  principal: Pick<Principal, "userId" | "role">,
  id: string,
): Promise<TransactionDetail | undefined> {
  if (!isUuid(id)) return undefined;
  const [visible] = await tx<{ id: string; edited_fields: string[] }[]>`
    select t.id, t.edited_fields from transactions t ${scope(tx, principal)} where t.id = ${id}`;
  if (!visible) return undefined;
  const json = await getTransaction(tx, visible.id);
  if (!json) return undefined;
  return { ...json, splits: await listSplits(tx, visible.id), edited_fields: visible.edited_fields };
}

/** Whether the principal may see the transaction (for routes that show related data). */
export async function canSeeTransaction(
  tx: Tx,
  principal: Pick<Principal, "userId" | "role">,
  id: string,
): Promise<boolean> {
  if (!isUuid(id)) return false;
  const [row] = await tx`select 1 from transactions t ${scope(tx, principal)} where t.id = ${id}`;
  return !!row;
}
