/**
 * Accounts: sign-up (a firm and its owner), credential checks with throttling and two-factor,
 * password changes and resets. Plain functions; the routes add HTTP.
 */
import type { Cache } from "../cache.ts";
import type { Sql } from "../db/client.ts";
import { type Tx, withFirm } from "../db/tenant.ts";
import { type AuditActor, writeAccountAudit, writeAudit } from "../audit/audit.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { ConflictError, TooManyRequestsError, UnauthorizedError, ValidationError } from "../errors.ts";
import { checkPasswordPolicy, hashPassword, needsRehash, verifyPassword } from "./passwords.ts";
import type { Role } from "./permissions.ts";
import { checkSignIn, recordFailure, recordSuccess } from "./throttle.ts";
import { normalizeRecoveryCode, verifyTotp } from "./totp.ts";
import { hashToken, randomToken } from "./tokens.ts";

/** A user as returned by the API (never the hash or secrets). */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  two_factor_enabled: boolean;
}

/** A firm membership of a user. */
export interface FirmChoice {
  firm_id: string;
  firm_name: string;
  role: Role;
  require_two_factor: boolean;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  totp_secret_enc: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: string | null;
  recovery_codes: string[];
}

/** A dummy hash verified when the email is unknown, so timing does not reveal accounts. */
let dummyHash: Promise<string> | undefined;

/** Normalizes an email for storage and comparison. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Looks a user up by email (case-insensitive). */
export async function findUserByEmail(sql: Sql | Tx, email: string): Promise<UserRow | undefined> {
  const [row] = await sql<UserRow[]>`
    select id, email, name, password_hash, totp_secret_enc, totp_enabled_at, totp_last_step::text, recovery_codes
      from users where lower(email) = ${normalizeEmail(email)}`;
  return row;
}

/** The firms a user may act in. */
export async function listUserFirms(sql: Sql | Tx, userId: string): Promise<FirmChoice[]> {
  return await sql<FirmChoice[]>`select firm_id, firm_name, role, require_two_factor from user_firms(${userId})`;
}

export const toPublicUser = (u: Pick<UserRow, "id" | "email" | "name" | "totp_enabled_at">): PublicUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  two_factor_enabled: u.totp_enabled_at !== null,
});

/** Rejects a password that breaks the policy with a 422 on the given field. */
export function assertPasswordPolicy(password: string, context: { email?: string; name?: string }, field = "password") {
  const reason = checkPasswordPolicy(password, context);
  if (reason) throw new ValidationError(reason, [{ path: field, message: reason }]);
}

/** Creates a firm and its owner; returns both. */
export async function signUp(
  sql: Sql,
  input: { firmName: string; email: string; password: string; name?: string },
  actor: Omit<AuditActor, "type" | "id" | "label">,
): Promise<{ user: PublicUser; firm: { id: string; name: string } }> {
  const email = normalizeEmail(input.email);
  assertPasswordPolicy(input.password, { email, name: input.name });
  if (await findUserByEmail(sql, email)) {
    throw new ConflictError("An account with this email already exists; sign in instead");
  }
  const passwordHash = await hashPassword(input.password);
  const firmId = crypto.randomUUID();
  return await withFirm(sql, firmId, async (tx) => {
    const [firm] = await tx<{ id: string; name: string }[]>`
      insert into firms (id, name) values (${firmId}, ${input.firmName.trim()}) returning id, name`;
    const [user] = await tx<UserRow[]>`
      insert into users (email, name, password_hash) values (${email}, ${input.name?.trim() ?? ""}, ${passwordHash})
      returning id, email, name, totp_enabled_at`;
    await tx`insert into memberships (firm_id, user_id, role) values (${firm.id}, ${user.id}, 'owner')`;
    const who: AuditActor = { ...actor, type: "user", id: user.id, label: email };
    await writeAudit(tx, firm.id, who, { action: "firm.create", entityType: "firm", entityId: firm.id, after: firm });
    await writeAudit(tx, firm.id, who, {
      action: "user.create",
      entityType: "user",
      entityId: user.id,
      after: { email, name: user.name, role: "owner" },
    });
    return { user: toPublicUser(user), firm };
  });
}

/** Why a sign-in needs more than a password. */
export class TwoFactorRequiredError extends UnauthorizedError {
  constructor() {
    super("Enter the 6-digit code from your authenticator app, or a recovery code");
  }
}

/** Options for {@link verifyCredentials}. */
export interface CredentialInput {
  email: string;
  password: string;
  totp?: string;
  ip: string;
}

/**
 * Checks email, password and (when enrolled) the second factor, with per-account and per-IP
 * throttling. Throws 401 (no detail on which part was wrong) or 429 with Retry-After.
 */
export async function verifyCredentials(
  sql: Sql,
  cache: Cache,
  keyring: KeyRing,
  input: CredentialInput,
  actor: Omit<AuditActor, "type" | "id" | "label">,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<{ user: PublicUser; firms: FirmChoice[] }> {
  const email = normalizeEmail(input.email);
  const decision = await checkSignIn(cache, email, input.ip);
  if (!decision.allowed) {
    throw new TooManyRequestsError(decision.retryAfterSeconds, "Too many failed sign-in attempts; try again later");
  }
  if (decision.delayMs) await sleep(decision.delayMs);
  const user = await findUserByEmail(sql, email);
  const passwordOk = user
    ? await verifyPassword(user.password_hash, input.password)
    : (await verifyPassword(await (dummyHash ??= hashPassword(crypto.randomUUID())), input.password), false);
  if (!user || !passwordOk) {
    await fail(sql, cache, email, input.ip, actor, user?.id ?? null);
    throw new UnauthorizedError("Incorrect email or password");
  }
  if (user.totp_enabled_at && user.totp_secret_enc) {
    if (!input.totp?.trim()) throw new TwoFactorRequiredError();
    if (!(await checkSecondFactor(sql, user, input.totp, keyring))) {
      await fail(sql, cache, email, input.ip, actor, user.id);
      throw new UnauthorizedError("Incorrect code");
    }
  }
  await recordSuccess(cache, email);
  if (needsRehash(user.password_hash)) {
    await sql`update users set password_hash = ${await hashPassword(input.password)} where id = ${user.id}`;
  }
  return { user: toPublicUser(user), firms: await listUserFirms(sql, user.id) };
}

async function fail(
  sql: Sql,
  cache: Cache,
  email: string,
  ip: string,
  actor: Omit<AuditActor, "type" | "id" | "label">,
  userId: string | null,
) {
  if (await recordFailure(cache, email, ip)) {
    await writeAccountAudit(sql, { ...actor, type: "anonymous", id: null, label: email }, {
      action: "auth.lockout",
      entityType: "user",
      entityId: userId,
      details: { email, ip },
    });
  }
}

/** A TOTP code (not replayed within its step) or an unused recovery code, which is consumed. */
async function checkSecondFactor(
  sql: Sql,
  user: UserRow,
  code: string,
  keyring: KeyRing,
): Promise<boolean> {
  if (!user.totp_secret_enc) return false;
  const secret = await keyring.decryptText(user.totp_secret_enc, `totp:${user.id}`);
  const step = await verifyTotp(secret, code);
  if (step !== null) {
    const rows = await sql`
      update users set totp_last_step = ${step}
       where id = ${user.id} and (totp_last_step is null or totp_last_step < ${step}) returning 1`;
    return rows.length === 1;
  }
  const recovery = normalizeRecoveryCode(code);
  if (!recovery) return false;
  const hash = await hashToken(recovery);
  const rows = await sql`
    update users set recovery_codes = recovery_codes - ${hash}
     where id = ${user.id} and recovery_codes ? ${hash} returning 1`;
  return rows.length === 1;
}

/** Changes a signed-in user's password after checking the current one; revokes their other sessions. */
export async function changePassword(
  tx: Tx,
  userId: string,
  input: { currentPassword: string; newPassword: string; keepSessionId: string | null },
): Promise<{ email: string }> {
  const [user] = await tx<{ email: string; name: string; password_hash: string }[]>`
    select email, name, password_hash from users where id = ${userId}`;
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new ValidationError("The current password is not correct", [
      { path: "current_password", message: "The current password is not correct" },
    ]);
  }
  assertPasswordPolicy(input.newPassword, { email: user.email, name: user.name }, "new_password");
  await tx`update users set password_hash = ${await hashPassword(input.newPassword)}, password_changed_at = now(),
           updated_at = now() where id = ${userId}`;
  await tx`select revoke_user_sessions(${userId}, ${input.keepSessionId}, 'password changed')`;
  return { email: user.email };
}

/** Creates a single-use reset token (1 hour) for an existing account; undefined for unknown emails. */
export async function createPasswordReset(
  sql: Sql,
  email: string,
): Promise<{ token: string; userId: string } | undefined> {
  const user = await findUserByEmail(sql, email);
  if (!user) return undefined;
  const token = randomToken("lf_pr");
  await sql`insert into password_resets (token_hash, user_id, expires_at)
            values (${await hashToken(token)}, ${user.id}, now() + interval '1 hour')`;
  return { token, userId: user.id };
}

/** Uses a reset token once to set a new password; revokes every session of the user. */
export async function completePasswordReset(
  sql: Sql,
  token: string,
  newPassword: string,
  actor: Omit<AuditActor, "type" | "id" | "label">,
): Promise<void> {
  const hash = await hashToken(token);
  const [reset] = await sql<{ user_id: string; email: string; name: string }[]>`
    select r.user_id, u.email, u.name from password_resets r join users u on u.id = r.user_id
     where r.token_hash = ${hash} and r.used_at is null and r.expires_at > now()`;
  if (!reset) throw new ValidationError("This reset link is invalid or has expired; ask for a new one", []);
  assertPasswordPolicy(newPassword, { email: reset.email, name: reset.name });
  const passwordHash = await hashPassword(newPassword);
  await sql.begin(async (tx) => {
    const used = await tx`update password_resets set used_at = now()
                           where token_hash = ${hash} and used_at is null returning 1`;
    if (!used.length) throw new ValidationError("This reset link has already been used", []);
    await tx`update users set password_hash = ${passwordHash}, password_changed_at = now(), updated_at = now()
              where id = ${reset.user_id}`;
    await tx`select revoke_user_sessions(${reset.user_id}, null, 'password reset')`;
    await writeAccountAudit(tx as unknown as Tx, { ...actor, type: "user", id: reset.user_id, label: reset.email }, {
      action: "user.password_reset",
      entityType: "user",
      entityId: reset.user_id,
    });
  });
}

/** Creates a user that belongs to no firm yet (joining by invite). */
export async function createUser(
  sql: Sql,
  input: { email: string; name?: string; password: string },
): Promise<PublicUser> {
  const email = normalizeEmail(input.email);
  assertPasswordPolicy(input.password, { email, name: input.name });
  if (await findUserByEmail(sql, email)) {
    throw new ConflictError("An account with this email already exists; sign in first, then open the invite again");
  }
  const [user] = await sql<UserRow[]>`
    insert into users (email, name, password_hash)
    values (${email}, ${input.name?.trim() ?? ""}, ${await hashPassword(input.password)})
    returning id, email, name, totp_enabled_at`;
  return toPublicUser(user);
}
