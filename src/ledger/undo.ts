/**
 * Undo and history, both read from the audit log. Each call of updateTransaction or bulkUpdate
 * writes its "transaction.update" rows with a shared batch id and the user id in `_details`:
 * that batch is the undo entry, so the undo log is exactly what was audited, append-only, and
 * needs no table of its own. Undoing writes "transaction.undo" rows naming the batch, which
 * marks it undone; undo itself cannot be undone (make the change again instead).
 */
import type { AuditActor, AuditRow } from "../audit/audit.ts";
import { listAudit } from "../audit/audit.ts";
import { can } from "../auth/permissions.ts";
import type { Principal } from "../auth/principal.ts";
import type { Tx } from "../db/tenant.ts";
import { ConflictError, ForbiddenError } from "../errors.ts";
import {
  applyChanges,
  type Change,
  EDITABLE_FIELDS,
  type EditableField,
  type EditableState,
  lockTransactions,
  mayEdit,
  sameValue,
} from "./edit.ts";

/** How long a change can be undone. */
export const UNDO_WINDOW_HOURS = 24;

const CHANGED_SINCE = "Changed since; cannot undo";

interface BatchRow {
  entity_id: string;
  changes: Record<string, { from: unknown; to: unknown }> & {
    _details?: { batch?: string; user_id?: string; newly_edited?: string[] };
  };
}

/**
 * Reverts the principal's most recent change batch that is not undone yet and at most 24 hours
 * old, field by field, provided every field still holds the value the change set (else 409
 * "Changed since; cannot undo", nothing reverted). Returns how many transactions were reverted
 * (0 when there is nothing to undo). Audited as "transaction.undo", one row per transaction.
 */
export async function undoLast(tx: Tx, principal: Principal, actor: AuditActor): Promise<{ undone: number }> {
  if (!can(principal.role, "ledger.edit") && !can(principal.role, "ledger.review")) {
    throw new ForbiddenError("You do not have permission to edit transactions");
  }
  // One undo at a time per user, so that two clicks cannot undo the same batch twice.
  await tx`select pg_advisory_xact_lock(hashtext(${"ledger-undo:" + principal.userId}))`;
  const window = `${UNDO_WINDOW_HOURS} hours`;
  const [latest] = await tx<{ batch: string }[]>`
    select a.changes->'_details'->>'batch' as batch
      from audit_log a
     where a.action = 'transaction.update' and a.at > now() - ${window}::interval
       and a.changes->'_details'->>'user_id' = ${principal.userId}
       and a.changes->'_details' ? 'batch'
       and not exists (
         select 1 from audit_log u
          where u.action = 'transaction.undo' and u.at > now() - ${window}::interval
            and u.changes->'_details'->>'batch' = a.changes->'_details'->>'batch')
     order by a.id desc
     limit 1`;
  if (!latest) return { undone: 0 };
  const entries = await tx<BatchRow[]>`
    select entity_id, changes from audit_log
     where action = 'transaction.update' and at > now() - ${window}::interval
       and changes->'_details'->>'batch' = ${latest.batch}
     order by id`;
  // A member who may now only review cannot revert more than the review flag.
  const touched = [...new Set(entries.flatMap((e) => EDITABLE_FIELDS.filter((f) => f in e.changes)))];
  if (!mayEdit(principal, touched)) throw new ForbiddenError("Reviewers can only undo changes of the review flag");
  const needsSplits = touched.includes("splits");
  const rows = new Map(
    (await lockTransactions(tx, principal, entries.map((e) => e.entity_id), { withSplits: needsSplits }))
      .map((r) => [r.id, r]),
  );
  const changes: Parameters<typeof applyChanges>[3] = [];
  const categories = new Set<string>();
  for (const entry of entries) {
    const row = rows.get(entry.entity_id);
    if (!row) throw new ConflictError(CHANGED_SINCE);
    const fields = EDITABLE_FIELDS.filter((f) => f in entry.changes);
    const before: Partial<EditableState> = {};
    const after: Partial<EditableState> = {};
    for (const field of fields) {
      const { from, to } = entry.changes[field];
      if (!sameValue(field, row[field] ?? (field === "splits" ? [] : null), to)) throw new ConflictError(CHANGED_SINCE);
      (before as Record<string, unknown>)[field] = to;
      (after as Record<string, unknown>)[field] = from;
    }
    if (typeof after.category_id === "string") categories.add(after.category_id);
    for (const s of after.splits ?? []) categories.add(s.category_id);
    const newly = new Set(entry.changes._details?.newly_edited ?? []);
    changes.push(
      {
        row,
        changed: fields as EditableField[],
        before,
        after,
        edited_fields: row.edited_fields.filter((f) => !newly.has(f)),
      } satisfies Change & { edited_fields: string[] },
    );
  }
  // A category the change moved away from may have been removed since.
  if (categories.size) {
    const [{ n }] = await tx<{ n: number }[]>`
      select count(*)::int as n from categories where id = any(${[...categories]}::uuid[])`;
    if (n !== categories.size) throw new ConflictError(CHANGED_SINCE);
  }
  await applyChanges(tx, principal, actor, changes, "transaction.undo", {
    batch: latest.batch,
    user_id: principal.userId,
  });
  return { undone: changes.length };
}

/** The audit rows of one transaction, newest first (callers check that the principal may see it). */
export async function transactionHistory(tx: Tx, id: string, limit = 200): Promise<AuditRow[]> {
  return await listAudit(tx, { entityType: "transaction", entityId: id, limit });
}
