/**
 * The audit trail. Every change of state writes one row in the same transaction as the change:
 * who (user, API token or system job), what (action, entity), the changed fields before and
 * after with secrets redacted, and where from (IP, user agent, request id).
 */
import type { Tx } from "../db/tenant.ts";

/** Who acted and from where. */
export interface AuditActor {
  type: "user" | "api_token" | "system" | "anonymous";
  id: string | null;
  label: string;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

/** One audited change. */
export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Extra context that is not a field change (e.g. the role granted by an invite). */
  details?: Record<string, unknown>;
}

const SECRET_FIELD = /password|secret|token|tax_id|recovery|totp/i;

/** Field-by-field differences, with secrets shown only as "[redacted]". */
export function diffChanges(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (key === "updated_at" || key === "created_at") continue;
    const from = normalize(before?.[key]);
    const to = normalize(after?.[key]);
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    changes[key] = SECRET_FIELD.test(key)
      ? { from: from == null ? null : "[redacted]", to: to == null ? null : "[redacted]" }
      : { from, to };
  }
  return changes;
}

function normalize(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** Writes one audit row in the current (firm-scoped) transaction. */
export async function writeAudit(tx: Tx, firmId: string, actor: AuditActor, entry: AuditEntry): Promise<void> {
  const changes = { ...diffChanges(entry.before, entry.after), ...(entry.details ? { _details: entry.details } : {}) };
  await tx`
    insert into audit_log (firm_id, actor_type, actor_id, actor_label, action, entity_type, entity_id, changes,
                           ip, user_agent, request_id)
    values (${firmId}, ${actor.type}, ${actor.id}, ${actor.label}, ${entry.action}, ${entry.entityType},
            ${entry.entityId ?? null}, ${tx.json(changes as never)}, ${actor.ip ?? null},
            ${actor.userAgent?.slice(0, 500) ?? null}, ${actor.requestId ?? null})`;
}

/** Writes an account-level event that belongs to no firm (e.g. a sign-in lockout). */
export async function writeAccountAudit(tx: Tx, actor: AuditActor, entry: AuditEntry): Promise<void> {
  const changes = { ...diffChanges(entry.before, entry.after), ...(entry.details ? { _details: entry.details } : {}) };
  await tx`
    select audit_account_event(${actor.type}, ${actor.id}, ${actor.label}, ${entry.action}, ${entry.entityType},
                               ${entry.entityId ?? null}, ${tx.json(changes as never)}, ${actor.ip ?? null},
                               ${actor.userAgent?.slice(0, 500) ?? null}, ${actor.requestId ?? null})`;
}

/** A row of the audit log as listed on pages and in the API. */
export interface AuditRow {
  id: string;
  at: string;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  changes: Record<string, unknown>;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
}

/** Filters for {@link listAudit}. */
export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actor?: string;
  since?: string;
  /** Rows with an id below this (keyset pagination, newest first). */
  before?: string;
  limit?: number;
}

/** Audit rows of the current firm, newest first. */
export async function listAudit(tx: Tx, f: AuditFilter): Promise<AuditRow[]> {
  const rows = await tx<(Omit<AuditRow, "at" | "id"> & { at: Date; id: string })[]>`
    select id::text, at, actor_type, actor_id, actor_label, action, entity_type, entity_id, changes, ip, user_agent,
           request_id
      from audit_log
     where true
       ${f.entityType ? tx`and entity_type = ${f.entityType}` : tx``}
       ${f.entityId ? tx`and entity_id = ${f.entityId}` : tx``}
       ${f.actor ? tx`and (actor_id = ${f.actor} or actor_label ilike ${"%" + escapeLike(f.actor) + "%"})` : tx``}
       ${f.since ? tx`and at >= ${f.since}::timestamptz` : tx``}
       ${f.before ? tx`and id < ${f.before}::bigint` : tx``}
     -- The table's bigint id, not the text column of the same name in the select list.
     order by audit_log.id desc
     limit ${Math.min(f.limit ?? 100, 1000)}`;
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** Escapes LIKE wildcards (and the escape character itself) so user input matches literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
