/**
 * Members of a firm: listing, adding an existing account, changing roles and removing. The
 * rules: roles come from `grantableRoles`; only owners grant, change or remove owners; nobody
 * changes their own role; and a firm always keeps at least one owner.
 */
import { type AuditActor, writeAudit } from "../audit/audit.ts";
import { findUserByEmail, normalizeEmail } from "../auth/accounts.ts";
import { grantableRoles, type Role } from "../auth/permissions.ts";
import type { Tx } from "../db/tenant.ts";
import { ConflictError, ForbiddenError, ValidationError } from "../errors.ts";
import { type Acting, assertCan } from "./acting.ts";
import type { MemberView } from "./schemas.ts";

interface MemberRow {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  two_factor_enabled: boolean;
  joined_at: Date;
}

const toMember = (r: MemberRow): MemberView => ({ ...r, joined_at: r.joined_at.toISOString() });

/** The firm's members, most powerful roles first, then by name. */
export async function listMembers(tx: Tx, firmId: string): Promise<MemberView[]> {
  const rows = await tx<MemberRow[]>`
    select m.user_id, u.email, u.name, m.role, u.totp_enabled_at is not null as two_factor_enabled,
           m.created_at as joined_at
      from memberships m join users u on u.id = m.user_id
     where m.firm_id = ${firmId}
     order by array_position(array['owner', 'admin', 'preparer', 'reviewer', 'read_only'], m.role),
              lower(u.name), lower(u.email)`;
  return rows.map(toMember);
}

/** One member of the firm. */
export async function getMember(tx: Tx, firmId: string, userId: string): Promise<MemberView | undefined> {
  const [row] = await tx<MemberRow[]>`
    select m.user_id, u.email, u.name, m.role, u.totp_enabled_at is not null as two_factor_enabled,
           m.created_at as joined_at
      from memberships m join users u on u.id = m.user_id
     where m.firm_id = ${firmId} and m.user_id = ${userId}`;
  return row && toMember(row);
}

/** 403 unless `by` may grant `role`. */
export function assertGrantable(by: Acting, role: Role): void {
  if (!grantableRoles(by.role).includes(role)) {
    throw new ForbiddenError(
      role === "owner" ? "Only an owner can grant the owner role" : `You cannot grant the ${role} role`,
    );
  }
}

/** Locks the owners' memberships (serializing concurrent demotions) and returns their ids. */
async function lockOwners(tx: Tx, firmId: string): Promise<string[]> {
  const rows = await tx<{ user_id: string }[]>`
    select user_id from memberships where firm_id = ${firmId} and role = 'owner' for update`;
  return rows.map((r) => r.user_id);
}

/** Adds an existing account to the firm by email: 422 for unknown emails (invite them), 409 for members. */
export async function addExistingMember(
  tx: Tx,
  firmId: string,
  by: Acting,
  input: { email: string; role: Role },
  actor: AuditActor,
): Promise<MemberView> {
  assertCan(by, "members.manage");
  assertGrantable(by, input.role);
  const user = await findUserByEmail(tx, input.email);
  if (!user) {
    const message = "No LedgerFlow account uses this email; send them an invite instead";
    throw new ValidationError(message, [{ path: "email", message }]);
  }
  const inserted = await tx`
    insert into memberships (firm_id, user_id, role) values (${firmId}, ${user.id}, ${input.role})
    on conflict do nothing returning 1`;
  if (!inserted.length) throw new ConflictError("This person is already a member of the firm");
  await writeAudit(tx, firmId, actor, {
    action: "member.add",
    entityType: "member",
    entityId: user.id,
    after: { email: normalizeEmail(user.email), role: input.role },
  });
  return (await getMember(tx, firmId, user.id))!;
}

/** Changes a member's role; undefined when `userId` is not a member of the firm. */
export async function changeRole(
  tx: Tx,
  firmId: string,
  by: Acting,
  userId: string,
  role: Role,
  actor: AuditActor,
): Promise<MemberView | undefined> {
  assertCan(by, "members.manage");
  const owners = await lockOwners(tx, firmId);
  const target = await getMember(tx, firmId, userId);
  if (!target) return undefined;
  assertGrantable(by, role);
  if (target.role === "owner" && by.role !== "owner") {
    throw new ForbiddenError("Only an owner can change an owner's role");
  }
  if (target.role === "owner" && role !== "owner" && owners.length <= 1) {
    throw new ConflictError("A firm needs at least one owner");
  }
  if (userId === by.userId) throw new ForbiddenError("You cannot change your own role");
  if (target.role === role) return target;
  await tx`update memberships set role = ${role} where firm_id = ${firmId} and user_id = ${userId}`;
  await writeAudit(tx, firmId, actor, {
    action: "member.role_change",
    entityType: "member",
    entityId: userId,
    before: { role: target.role },
    after: { role },
    details: { email: target.email },
  });
  return { ...target, role };
}

/**
 * Removes a member: their client assignments go with the membership, and their sessions and
 * API tokens in this firm are revoked. Undefined when `userId` is not a member.
 */
export async function removeMember(
  tx: Tx,
  firmId: string,
  by: Acting,
  userId: string,
  actor: AuditActor,
): Promise<MemberView | undefined> {
  assertCan(by, "members.manage");
  const owners = await lockOwners(tx, firmId);
  const target = await getMember(tx, firmId, userId);
  if (!target) return undefined;
  if (target.role === "owner" && by.role !== "owner") throw new ForbiddenError("Only an owner can remove an owner");
  if (target.role === "owner" && owners.length <= 1) throw new ConflictError("A firm needs at least one owner");
  await tx`delete from memberships where firm_id = ${firmId} and user_id = ${userId}`;
  const sessions = await tx`
    update sessions set revoked_at = now(), revoked_reason = 'removed from firm'
     where firm_id = ${firmId} and user_id = ${userId} and revoked_at is null returning 1`;
  const tokens = await tx`
    update api_tokens set revoked_at = now()
     where firm_id = ${firmId} and user_id = ${userId} and revoked_at is null returning 1`;
  await writeAudit(tx, firmId, actor, {
    action: "member.remove",
    entityType: "member",
    entityId: userId,
    before: { email: target.email, role: target.role },
    details: { sessions_revoked: sessions.length, api_tokens_revoked: tokens.length },
  });
  return target;
}
