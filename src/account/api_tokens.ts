/**
 * Personal API tokens: a member creates them for themselves in their current firm, with at
 * most their own role. The token is returned once and stored only as its SHA-256 hash; the
 * first characters are kept as a prefix so people can tell their tokens apart.
 */
import { type AuditActor, writeAudit } from "../audit/audit.ts";
import { isAtMost, type Role } from "../auth/permissions.ts";
import { isUuid } from "../auth/principal.ts";
import { hashToken, randomToken } from "../auth/tokens.ts";
import type { Tx } from "../db/tenant.ts";
import { ValidationError } from "../errors.ts";

/** What every personal token starts with (the authenticate middleware looks for it). */
export const API_TOKEN_PREFIX = "lf_pat";
/** How many leading characters of a token are stored and shown (`lf_pat_` and 5 random ones). */
const SHOWN_PREFIX_LENGTH = 12;

/** A token as listed (never the token itself). */
export interface ApiTokenItem {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A token just created: the only time `token` is available. */
export interface CreatedApiToken {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  token: string;
  created_at: string;
}

/** Who creates or revokes a token, in which firm, with which role. */
export interface TokenContext {
  firmId: string;
  userId: string;
  /** The caller's effective role (a token's role when the caller is itself a token). */
  callerRole: Role;
  actor: AuditActor;
}

interface TokenRow {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The user's tokens in the current firm: active first, newest first. */
export async function listApiTokens(tx: Tx, userId: string): Promise<ApiTokenItem[]> {
  const rows = await tx<TokenRow[]>`
    select id, name, role, prefix, created_at, last_used_at, revoked_at
      from api_tokens
     where user_id = ${userId}
     order by revoked_at is not null, created_at desc`;
  return rows.map((r) => ({
    ...r,
    created_at: r.created_at.toISOString(),
    last_used_at: iso(r.last_used_at),
    revoked_at: iso(r.revoked_at),
  }));
}

/**
 * Creates a token for the caller. The role defaults to the caller's and may not exceed it
 * (422 on `role`), so a token can never mint a more powerful one.
 */
export async function createApiToken(
  tx: Tx,
  ctx: TokenContext,
  input: { name: string; role?: Role },
): Promise<CreatedApiToken> {
  const role = input.role ?? ctx.callerRole;
  if (!isAtMost(role, ctx.callerRole)) {
    const message = `A token cannot have more rights than you: choose ${ctx.callerRole} or a lesser role`;
    throw new ValidationError(message, [{ path: "role", message }]);
  }
  const token = randomToken(API_TOKEN_PREFIX);
  const prefix = token.slice(0, SHOWN_PREFIX_LENGTH);
  const [row] = await tx<{ id: string; created_at: Date }[]>`
    insert into api_tokens (firm_id, user_id, name, role, token_hash, prefix)
    values (${ctx.firmId}, ${ctx.userId}, ${input.name}, ${role}, ${await hashToken(token)}, ${prefix})
    returning id, created_at`;
  await writeAudit(tx, ctx.firmId, ctx.actor, {
    action: "api_token.create",
    entityType: "api_token",
    entityId: row.id,
    after: { name: input.name, role, prefix },
  });
  return { id: row.id, name: input.name, role, prefix, token, created_at: row.created_at.toISOString() };
}

/** Revokes one of the caller's active tokens; false when it is not theirs, unknown or already revoked. */
export async function revokeApiToken(tx: Tx, ctx: Omit<TokenContext, "callerRole">, tokenId: string): Promise<boolean> {
  if (!isUuid(tokenId)) return false;
  const [row] = await tx<{ name: string; role: Role; prefix: string }[]>`
    update api_tokens set revoked_at = now()
     where id = ${tokenId} and user_id = ${ctx.userId} and revoked_at is null
    returning name, role, prefix`;
  if (!row) return false;
  await writeAudit(tx, ctx.firmId, ctx.actor, {
    action: "api_token.revoke",
    entityType: "api_token",
    entityId: tokenId,
    before: { revoked: false },
    after: { revoked: true },
    details: { name: row.name, role: row.role, prefix: row.prefix },
  });
  return true;
}
