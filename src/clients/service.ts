/**
 * Changes to clients with their audit rows: each function runs inside the caller's firm-scoped
 * transaction, checks that the principal may see the client (404 otherwise), changes it and
 * writes exactly one audit row — or none when nothing changed (archiving twice, saving the
 * same values).
 */
import type { AuditActor } from "../audit/audit.ts";
import { writeAudit } from "../audit/audit.ts";
import type { Principal } from "../auth/principal.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { DecryptionError } from "../crypto/keyring.ts";
import type { Tx } from "../db/tenant.ts";
import { NotFoundError } from "../errors.ts";
import {
  archiveClient,
  type ClientChanges,
  type ClientRow,
  createClient,
  getClient,
  restoreClient,
  setAssignments,
  updateClient,
} from "./clients.ts";
import type { ClientCreateInput, ClientUpdateInput } from "./schema.ts";
import { openTaxId, sealTaxId } from "./tax_id.ts";

/** Who makes the change and what they need for it. */
export interface ClientEditor {
  principal: Principal;
  actor: AuditActor;
  keyring: KeyRing;
}

const NOT_FOUND = "No client with that id";

const PLAIN_FIELDS = [
  "name",
  "entity_type",
  "contact_name",
  "contact_email",
  "contact_phone",
  "fiscal_year_start",
  "notes",
] as const;

/** Loads a client the principal may see, locked for the rest of the transaction, or throws 404. */
export async function lockClient(tx: Tx, principal: Principal, id: string): Promise<ClientRow> {
  const row = await getClient(tx, principal, id, { forUpdate: true });
  if (!row) throw new NotFoundError(NOT_FOUND);
  return row;
}

/** Creates a client; audit "client.create" with its fields (the tax id redacted). */
export async function createClientAudited(tx: Tx, who: ClientEditor, input: ClientCreateInput): Promise<ClientRow> {
  const row = await createClient(tx, who.keyring, who.principal.firmId, input);
  const after: Record<string, unknown> = { tax_id: input.tax_id };
  for (const key of PLAIN_FIELDS) after[key] = row[key];
  await writeAudit(tx, who.principal.firmId, who.actor, {
    action: "client.create",
    entityType: "client",
    entityId: row.id,
    after,
  });
  return row;
}

/** Applies a partial update; audit "client.update" with only the changed fields. */
export async function updateClientAudited(
  tx: Tx,
  who: ClientEditor,
  id: string,
  input: ClientUpdateInput,
): Promise<ClientRow> {
  const current = await lockClient(tx, who.principal, id);
  const changes: ClientChanges = {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const key of PLAIN_FIELDS) {
    const value = input[key];
    if (value === undefined || value === current[key]) continue;
    (changes as Record<string, unknown>)[key] = value;
    before[key] = current[key];
    after[key] = value;
  }
  if (input.tax_id !== undefined) {
    const stored = await storedTaxId(who.keyring, current);
    if (input.tax_id !== stored) {
      Object.assign(changes, await sealTaxId(who.keyring, current.id, input.tax_id));
      before.tax_id = stored;
      after.tax_id = input.tax_id;
    }
  }
  if (Object.keys(changes).length === 0) return current;
  const row = (await updateClient(tx, current.id, changes))!;
  await writeAudit(tx, who.principal.firmId, who.actor, {
    action: "client.update",
    entityType: "client",
    entityId: row.id,
    before,
    after,
  });
  return row;
}

/** Archives a client (idempotent: an archived client is returned as it is, without an audit row). */
export async function archiveClientAudited(tx: Tx, who: ClientEditor, id: string): Promise<ClientRow> {
  const current = await lockClient(tx, who.principal, id);
  if (current.archived_at) return current;
  const row = (await archiveClient(tx, current.id))!;
  await writeAudit(tx, who.principal.firmId, who.actor, {
    action: "client.archive",
    entityType: "client",
    entityId: row.id,
    before: { archived_at: null },
    after: { archived_at: row.archived_at },
  });
  return row;
}

/** Restores an archived client (idempotent like {@link archiveClientAudited}). */
export async function restoreClientAudited(tx: Tx, who: ClientEditor, id: string): Promise<ClientRow> {
  const current = await lockClient(tx, who.principal, id);
  if (!current.archived_at) return current;
  const row = (await restoreClient(tx, current.id))!;
  await writeAudit(tx, who.principal.firmId, who.actor, {
    action: "client.restore",
    entityType: "client",
    entityId: row.id,
    before: { archived_at: current.archived_at },
    after: { archived_at: null },
  });
  return row;
}

/** Replaces the client's assigned members; audit "client.assignments" with both lists. */
export async function setAssignmentsAudited(
  tx: Tx,
  who: ClientEditor,
  id: string,
  userIds: string[],
): Promise<string[]> {
  const current = await lockClient(tx, who.principal, id);
  const ids = await setAssignments(tx, current.id, userIds);
  if (ids.join() !== current.assigned_user_ids.join()) {
    await writeAudit(tx, who.principal.firmId, who.actor, {
      action: "client.assignments",
      entityType: "client",
      entityId: current.id,
      before: { user_ids: current.assigned_user_ids },
      after: { user_ids: ids },
    });
  }
  return ids;
}

/** The stored tax id for comparison; one that no longer decrypts counts as different from any input. */
async function storedTaxId(keyring: KeyRing, row: ClientRow): Promise<string | null | symbol> {
  try {
    return await openTaxId(keyring, row.id, row.tax_id_enc);
  } catch (error) {
    if (error instanceof DecryptionError) return UNREADABLE;
    throw error;
  }
}

const UNREADABLE = Symbol("unreadable tax id");
