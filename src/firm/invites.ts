/**
 * Invites: a single-use link (7 days) that makes the person it was sent to a member with the
 * invite's role and client assignments. Only the SHA-256 hash of the token is stored; the link
 * is returned once, when the invite is created.
 */
import { type AuditActor, writeAudit } from "../audit/audit.ts";
import { normalizeEmail } from "../auth/accounts.ts";
import { hashToken, randomToken } from "../auth/tokens.ts";
import type { Sql } from "../db/client.ts";
import { type Tx, withFirm } from "../db/tenant.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import type { MessageKey } from "../i18n/mod.ts";
import type { Mailer } from "../mail.ts";
import { type Acting, assertCan } from "./acting.ts";
import { assertGrantable } from "./members.ts";
import type { CreatedInviteView, InviteView } from "./schemas.ts";

/** Days an invite stays valid. */
export const INVITE_DAYS = 7;

/** Prefix of invite tokens. */
export const INVITE_TOKEN_PREFIX = "lf_inv";

type InviteRole = InviteView["role"];
type InviteStatus = InviteView["status"];

interface InviteRow {
  id: string;
  email: string;
  role: InviteRole;
  client_ids: string[];
  status: InviteStatus;
  expires_at: Date;
  created_at: Date;
}

const toInvite = (r: InviteRow): InviteView => ({
  id: r.id,
  email: r.email,
  role: r.role,
  client_ids: r.client_ids,
  status: r.status,
  expires_at: r.expires_at.toISOString(),
  created_at: r.created_at.toISOString(),
});

/** SQL for an invite's status (the table `invites` must be aliased `i`). */
const STATUS = `case when i.accepted_at is not null then 'accepted' when i.revoked_at is not null then 'revoked'
                     when i.expires_at <= now() then 'expired' else 'pending' end`;

/** The firm's invites, newest first; `status` filters. */
export async function listInvites(tx: Tx, firmId: string, status?: InviteStatus): Promise<InviteView[]> {
  const rows = await tx<InviteRow[]>`
    select * from (
      select i.id, i.email, i.role, i.client_ids, ${tx.unsafe(STATUS)} as status, i.expires_at, i.created_at
        from invites i where i.firm_id = ${firmId}) x
     where ${status ?? null}::text is null or x.status = ${status ?? null}
     order by x.created_at desc, x.id`;
  return rows.map(toInvite);
}

/** One invite of the firm. */
export async function getInvite(tx: Tx, firmId: string, id: string): Promise<InviteView | undefined> {
  const [row] = await tx<InviteRow[]>`
    select i.id, i.email, i.role, i.client_ids, ${tx.unsafe(STATUS)} as status, i.expires_at, i.created_at
      from invites i where i.firm_id = ${firmId} and i.id = ${id}`;
  return row && toInvite(row);
}

/** Clients an invite may assign: the firm's active clients, by name. */
export async function listAssignableClients(tx: Tx, firmId: string): Promise<{ id: string; name: string }[]> {
  return await tx<{ id: string; name: string }[]>`
    select id, name from clients where firm_id = ${firmId} and archived_at is null order by lower(name), id`;
}

/** What {@link createInvite} needs. */
export interface InviteInput {
  email: string;
  role: InviteRole;
  client_ids?: string[];
}

/**
 * Creates an invite and returns it with its link (`${publicBase}/invites/${token}`), the only
 * time the token exists outside the invitee's mailbox. 409 when the email already belongs to
 * a member; 422 for clients that are not the firm's.
 */
export async function createInvite(
  tx: Tx,
  firmId: string,
  by: Acting,
  input: InviteInput,
  actor: AuditActor,
  publicBase: string,
): Promise<CreatedInviteView> {
  assertCan(by, "members.manage");
  assertGrantable(by, input.role);
  const email = normalizeEmail(input.email);
  const clientIds = [...new Set(input.client_ids ?? [])];
  if (clientIds.length) {
    const found = await tx<{ id: string }[]>`
      select id from clients where firm_id = ${firmId} and id = any(${clientIds}::uuid[])`;
    if (found.length !== clientIds.length) {
      const message = "Some of the chosen clients do not exist in this firm";
      throw new ValidationError(message, [{ path: "client_ids", message }]);
    }
  }
  const [member] = await tx`
    select 1 from memberships m join users u on u.id = m.user_id
     where m.firm_id = ${firmId} and lower(u.email) = ${email}`;
  if (member) throw new ConflictError("This person is already a member of the firm");
  const token = randomToken(INVITE_TOKEN_PREFIX);
  const [row] = await tx<InviteRow[]>`
    insert into invites (firm_id, email, role, client_ids, token_hash, invited_by, expires_at)
    values (${firmId}, ${email}, ${input.role}, ${clientIds}::uuid[], ${await hashToken(token)}, ${by.userId},
            now() + make_interval(days => ${INVITE_DAYS}))
    returning id, email, role, client_ids, 'pending' as status, expires_at, created_at`;
  await writeAudit(tx, firmId, actor, {
    action: "invite.create",
    entityType: "invite",
    entityId: row.id,
    after: { email, role: row.role, client_ids: row.client_ids, expires_at: row.expires_at },
  });
  return { ...toInvite(row), url: `${publicBase.replace(/\/+$/, "")}/invites/${token}` };
}

/**
 * Revokes a pending (or expired) invite. Undefined when the firm has no such invite; 409 when
 * it was already accepted or revoked.
 */
export async function revokeInvite(
  tx: Tx,
  firmId: string,
  by: Acting,
  id: string,
  actor: AuditActor,
): Promise<InviteView | undefined> {
  assertCan(by, "members.manage");
  const [current] = await tx<InviteRow[]>`
    select i.id, i.email, i.role, i.client_ids, ${tx.unsafe(STATUS)} as status, i.expires_at, i.created_at
      from invites i where i.firm_id = ${firmId} and i.id = ${id} for update`;
  if (!current) return undefined;
  if (current.status === "accepted") throw new ConflictError("This invite has already been accepted");
  if (current.status === "revoked") throw new ConflictError("This invite has already been revoked");
  await tx`update invites set revoked_at = now() where id = ${id} and firm_id = ${firmId}`;
  await writeAudit(tx, firmId, actor, {
    action: "invite.revoke",
    entityType: "invite",
    entityId: id,
    before: { status: current.status },
    after: { status: "revoked" },
    details: { email: current.email },
  });
  return { ...toInvite(current), status: "revoked" };
}

/** Sends the invite link by mail, in the language of the person who created it. */
export async function sendInviteMail(
  mailer: Mailer,
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  invite: { email: string; url: string; role: InviteRole; firmName: string; inviter: string; expiresOn: string },
): Promise<void> {
  const params = {
    firm: invite.firmName,
    inviter: invite.inviter,
    role: t(`firm.role.${invite.role}`),
    url: invite.url,
    date: invite.expiresOn,
  };
  await mailer.send({
    to: invite.email,
    subject: t("firm.mail.invite.subject", params),
    text: t("firm.mail.invite.text", params),
  });
}

/** An invite as seen by the person holding its link (for the invite landing page). */
export interface InviteByToken {
  id: string;
  firmId: string;
  firmName: string;
  email: string;
  role: InviteRole;
  /** "pending" means usable; "firm_deleted" when the firm is gone. */
  status: InviteStatus | "firm_deleted";
}

/** Looks an invite up by its token (before any firm is known); undefined for unknown tokens. */
export async function findInviteByToken(sql: Sql, token: string): Promise<InviteByToken | undefined> {
  if (typeof token !== "string" || !token.startsWith(`${INVITE_TOKEN_PREFIX}_`) || token.length > 100) {
    return undefined;
  }
  const [found] = await sql<
    { invite_id: string; firm_id: string; firm_name: string; email: string; role: InviteRole; usable: boolean }[]
  >`select * from find_invite(${await hashToken(token)})`;
  if (!found) return undefined;
  const [row] = await withFirm(sql, found.firm_id, (tx) =>
    tx<{ status: InviteStatus }[]>`
      select ${tx.unsafe(STATUS)} as status from invites i where i.id = ${found.invite_id}`);
  const status = row?.status ?? "revoked";
  return {
    id: found.invite_id,
    firmId: found.firm_id,
    firmName: found.firm_name,
    email: found.email,
    role: found.role,
    status: status === "pending" && !found.usable ? "firm_deleted" : status,
  };
}

/** Why an invite cannot be used, as a user-facing sentence. */
const UNUSABLE: Record<Exclude<InviteByToken["status"], "pending">, string> = {
  accepted: "This invite has already been used; sign in instead, or ask for a new invite",
  revoked: "This invite has been revoked; ask the firm for a new one",
  expired: "This invite has expired; ask the firm for a new one",
  firm_deleted: "The firm that sent this invite no longer exists",
};

/** What {@link acceptInvite} returns: where the new member now belongs. */
export interface AcceptedInvite {
  inviteId: string;
  firmId: string;
  firmName: string;
  userId: string;
  role: InviteRole;
  clientIds: string[];
}

/**
 * Accepts an invite for an existing (signed-in or just-created) user: checks the token with
 * `find_invite()`, requires the user's email to match the invite's, then — in one transaction
 * scoped to the invite's firm — creates the membership with the invite's role, assigns the
 * invite's clients that still exist, marks the invite accepted and audits `invite.accept` and
 * `member.add`. Throws ValidationError (422) for unknown, used, revoked or expired invites and
 * for another email address, ConflictError (409) when the user is already a member.
 *
 * `actor` carries the request's ip, user agent and request id (`requestMeta(c)`, or a whole
 * `auditActor(c)`); the audit rows always name the accepting user.
 */
export async function acceptInvite(
  sql: Sql,
  token: string,
  userId: string,
  actor: Omit<AuditActor, "type" | "id" | "label">,
): Promise<AcceptedInvite> {
  const invalid = (message: string) => new ValidationError(message, [{ path: "token", message }]);
  const invite = await findInviteByToken(sql, token);
  if (!invite) throw invalid("This invite link is not valid; check that you copied all of it");
  if (invite.status !== "pending") throw invalid(UNUSABLE[invite.status]);
  const [user] = await sql<{ id: string; email: string }[]>`select id, email from users where id = ${userId}`;
  if (!user) throw invalid("Sign in or create an account to accept this invite");
  if (normalizeEmail(user.email) !== normalizeEmail(invite.email)) {
    throw invalid("This invite was sent to another email address");
  }
  const who: AuditActor = { ...actor, type: "user", id: user.id, label: user.email };
  return await withFirm(sql, invite.firmId, async (tx) => {
    // Lock the invite: of two concurrent acceptances, the second sees it accepted.
    const [current] = await tx<{ role: InviteRole; client_ids: string[]; status: InviteStatus }[]>`
      select i.role, i.client_ids, ${tx.unsafe(STATUS)} as status
        from invites i where i.id = ${invite.id} and i.firm_id = ${invite.firmId} for update`;
    if (!current) throw invalid(UNUSABLE.revoked);
    if (current.status !== "pending") throw invalid(UNUSABLE[current.status]);
    const [claimed] = await tx<{ role: InviteRole; client_ids: string[]; accepted_at: Date }[]>`
      update invites set accepted_at = now(), accepted_by = ${user.id}
       where id = ${invite.id} and firm_id = ${invite.firmId}
      returning role, client_ids, accepted_at`;
    const inserted = await tx`
      insert into memberships (firm_id, user_id, role) values (${invite.firmId}, ${user.id}, ${claimed.role})
      on conflict do nothing returning 1`;
    if (!inserted.length) throw new ConflictError("You are already a member of this firm");
    const assigned = await tx<{ client_id: string }[]>`
      insert into client_assignments (firm_id, client_id, user_id)
      select firm_id, id, ${user.id} from clients where firm_id = ${invite.firmId} and id = any(${claimed.client_ids}::uuid[])
      on conflict do nothing
      returning client_id`;
    const clientIds = assigned.map((a) => a.client_id);
    await writeAudit(tx, invite.firmId, who, {
      action: "invite.accept",
      entityType: "invite",
      entityId: invite.id,
      before: { status: "pending" },
      after: { status: "accepted", accepted_by: user.id, accepted_at: claimed.accepted_at },
    });
    await writeAudit(tx, invite.firmId, who, {
      action: "member.add",
      entityType: "member",
      entityId: user.id,
      after: { email: normalizeEmail(user.email), role: claimed.role },
      details: { invite_id: invite.id, client_ids: clientIds },
    });
    return {
      inviteId: invite.id,
      firmId: invite.firmId,
      firmName: invite.firmName,
      userId: user.id,
      role: claimed.role,
      clientIds,
    };
  });
}
