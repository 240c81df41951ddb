/** The firm itself: its settings and its (soft) deletion. */
import { type AuditActor, writeAudit } from "../audit/audit.ts";
import type { Tx } from "../db/tenant.ts";
import { ValidationError } from "../errors.ts";
import { type Acting, assertCan } from "./acting.ts";
import type { FirmView } from "./schemas.ts";

interface FirmRow {
  id: string;
  name: string;
  require_two_factor: boolean;
  created_at: Date;
}

const toFirm = (r: FirmRow): FirmView => ({
  id: r.id,
  name: r.name,
  require_two_factor: r.require_two_factor,
  created_at: r.created_at.toISOString(),
});

/** The firm, unless it is deleted. */
export async function getFirm(tx: Tx, firmId: string): Promise<FirmView | undefined> {
  const [row] = await tx<FirmRow[]>`
    select id, name, require_two_factor, created_at from firms where id = ${firmId} and deleted_at is null`;
  return row && toFirm(row);
}

/** What {@link updateFirm} may change. */
export interface FirmPatch {
  name?: string;
  require_two_factor?: boolean;
}

/**
 * Renames the firm or changes its two-factor rule (only someone with two-factor may require it);
 * writes `firm.update` when anything changed.
 */
export async function updateFirm(
  tx: Tx,
  firmId: string,
  by: Acting,
  patch: FirmPatch,
  actor: AuditActor,
): Promise<FirmView | undefined> {
  assertCan(by, "firm.settings");
  const [before] = await tx<FirmRow[]>`
    select id, name, require_two_factor, created_at from firms
     where id = ${firmId} and deleted_at is null for update`;
  if (!before) return undefined;
  const name = patch.name?.trim() ?? before.name;
  const requireTwoFactor = patch.require_two_factor ?? before.require_two_factor;
  if (name === before.name && requireTwoFactor === before.require_two_factor) return toFirm(before);
  if (requireTwoFactor && !before.require_two_factor) await assertOwnTwoFactor(tx, by.userId);
  const [after] = await tx<FirmRow[]>`
    update firms set name = ${name}, require_two_factor = ${requireTwoFactor}, updated_at = now()
     where id = ${firmId}
    returning id, name, require_two_factor, created_at`;
  await writeAudit(tx, firmId, actor, {
    action: "firm.update",
    entityType: "firm",
    entityId: firmId,
    before: { name: before.name, require_two_factor: before.require_two_factor },
    after: { name: after.name, require_two_factor: after.require_two_factor },
  });
  return toFirm(after);
}

/** Requiring two-factor without having it would lock the caller out at once: 422 instead. */
async function assertOwnTwoFactor(tx: Tx, userId: string): Promise<void> {
  const [user] = await tx<{ enrolled: boolean }[]>`
    select totp_enabled_at is not null as enrolled from users where id = ${userId}`;
  if (user?.enrolled) return;
  const message = "Set up two-factor authentication for your own account first (My account → Two-factor)";
  throw new ValidationError(message, [{ path: "require_two_factor", message }]);
}

/**
 * Soft-deletes the firm (owners only) after the caller typed its exact name. Sessions, API
 * tokens and invites stop working at once: every look-up of them requires `deleted_at is null`.
 */
export async function deleteFirm(
  tx: Tx,
  firmId: string,
  by: Acting,
  confirmName: string,
  actor: AuditActor,
): Promise<FirmView | undefined> {
  assertCan(by, "firm.delete");
  const [firm] = await tx<FirmRow[]>`
    select id, name, require_two_factor, created_at from firms
     where id = ${firmId} and deleted_at is null for update`;
  if (!firm) return undefined;
  if (confirmName.trim() !== firm.name) {
    const message = "Type the firm name exactly as shown to confirm";
    throw new ValidationError(message, [{ path: "confirm_name", message }]);
  }
  const [deleted] = await tx<{ deleted_at: Date }[]>`
    update firms set deleted_at = now(), updated_at = now() where id = ${firmId} returning deleted_at`;
  await writeAudit(tx, firmId, actor, {
    action: "firm.delete",
    entityType: "firm",
    entityId: firmId,
    before: { deleted_at: null },
    after: { deleted_at: deleted.deleted_at },
    details: { name: firm.name },
  });
  return toFirm(firm);
}
