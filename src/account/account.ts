/**
 * "My account": what a signed-in member sees about themselves (profile, firms, sessions, API
 * tokens), changing their password and signing out other devices. Every change writes its
 * audit row in the same transaction, in the firm the member is acting in.
 */
import { type AuditActor, writeAudit } from "../audit/audit.ts";
import { changePassword, listUserFirms, type PublicUser, toPublicUser } from "../auth/accounts.ts";
import { verifyPassword } from "../auth/passwords.ts";
import type { Role } from "../auth/permissions.ts";
import { isUuid } from "../auth/principal.ts";
import { listSessions, revokeSession, type SessionRow } from "../auth/sessions.ts";
import type { Tx } from "../db/tenant.ts";
import { ValidationError } from "../errors.ts";
import { type ApiTokenItem, listApiTokens } from "./api_tokens.ts";

/** A session as shown on "My account", flagged when it is the one making the request. */
export interface AccountSession extends SessionRow {
  current: boolean;
}

/** Everything "My account" shows. */
export interface AccountOverview {
  user: PublicUser;
  firm: { id: string; name: string; role: Role };
  firms: { firm_id: string; firm_name: string; role: Role }[];
  sessions: AccountSession[];
  api_tokens: ApiTokenItem[];
}

/** Who is acting on their own account, and from where. */
export interface AccountContext {
  userId: string;
  firmId: string;
  /** The session making the request (null for API tokens). */
  sessionId: string | null;
  actor: AuditActor;
}

/** Loads the account overview inside a transaction scoped to the member's current firm. */
export async function getAccountOverview(
  tx: Tx,
  who: { userId: string; firmId: string; firmName: string; role: Role; sessionId: string | null },
): Promise<AccountOverview> {
  const [user] = await tx<{ id: string; email: string; name: string; totp_enabled_at: Date | null }[]>`
    select id, email, name, totp_enabled_at from users where id = ${who.userId}`;
  const firms = await listUserFirms(tx, who.userId);
  const sessions = await listSessions(tx, who.userId);
  return {
    user: toPublicUser(user),
    firm: { id: who.firmId, name: who.firmName, role: who.role },
    firms: firms.map((f) => ({ firm_id: f.firm_id, firm_name: f.firm_name, role: f.role })),
    sessions: sessions.map((s) => ({ ...s, current: s.id === who.sessionId })),
    api_tokens: await listApiTokens(tx, who.userId),
  };
}

/** Changes the password (422 on `current_password` or `new_password`); keeps only this session. */
export async function changeAccountPassword(
  tx: Tx,
  ctx: AccountContext,
  input: { current_password: string; new_password: string },
): Promise<void> {
  await changePassword(tx, ctx.userId, {
    currentPassword: input.current_password,
    newPassword: input.new_password,
    keepSessionId: ctx.sessionId,
  });
  await writeAudit(tx, ctx.firmId, ctx.actor, {
    action: "user.password_change",
    entityType: "user",
    entityId: ctx.userId,
    details: { other_sessions_revoked: true },
  });
}

/** Signs out one of the user's sessions in this firm; false when it is not theirs or already over. */
export async function revokeAccountSession(tx: Tx, ctx: AccountContext, sessionId: string): Promise<boolean> {
  if (!isUuid(sessionId)) return false;
  const [session] = await tx<{ kind: string; ip: string | null; user_agent: string | null }[]>`
    select kind, ip, user_agent from sessions where id = ${sessionId} and user_id = ${ctx.userId}`;
  if (!session || !(await revokeSession(tx, ctx.userId, sessionId, "revoked by user"))) return false;
  await writeAudit(tx, ctx.firmId, ctx.actor, {
    action: "session.revoke",
    entityType: "session",
    entityId: sessionId,
    before: { revoked: false },
    after: { revoked: true },
    details: { kind: session.kind, ip: session.ip, user_agent: session.user_agent, own: sessionId === ctx.sessionId },
  });
  return true;
}

/** Checks the user's password before a sensitive change; 422 on `field` when it is wrong. */
export async function assertCurrentPassword(tx: Tx, userId: string, password: string, field = "password") {
  const [user] = await tx<{ password_hash: string }[]>`select password_hash from users where id = ${userId}`;
  if (!user || !(await verifyPassword(user.password_hash, password))) {
    const message = "The password is not correct";
    throw new ValidationError(message, [{ path: field, message }]);
  }
}
