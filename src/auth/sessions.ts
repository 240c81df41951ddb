/**
 * Sessions: one per sign-in, the family of its refresh tokens. Refresh tokens are opaque,
 * stored hashed and rotated on every use; presenting a rotated token again revokes the
 * whole family (a stolen token is useless once either party has used it).
 */
import type { Sql } from "../db/client.ts";
import { type Tx, withFirm } from "../db/tenant.ts";
import { ACCESS_TOKEN_SECONDS, hashToken, InvalidTokenError, randomToken, type TokenSigner } from "./tokens.ts";

/** Days a session lives without use before it must sign in again. */
export const SESSION_DAYS = 30;

/** What a client receives when a session starts or refreshes. */
export interface TokenPair {
  session_id: string;
  access_token: string;
  refresh_token: string;
  token_type: "Bearer";
  expires_in: number;
}

/** Where a request came from (stored on the session and in the audit log). */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** Starts a session in `firmId` (inside a transaction already scoped to that firm). */
export async function startSession(
  tx: Tx,
  signer: TokenSigner,
  opts: { userId: string; firmId: string; kind: "web" | "api"; client: ClientInfo },
): Promise<TokenPair> {
  const [session] = await tx<{ id: string }[]>`
    insert into sessions (user_id, firm_id, kind, ip, user_agent, expires_at)
    values (${opts.userId}, ${opts.firmId}, ${opts.kind}, ${opts.client.ip}, ${
    opts.client.userAgent?.slice(0, 500) ?? null
  },
            now() + make_interval(days => ${SESSION_DAYS}))
    returning id`;
  const refresh = randomToken("lf_rt");
  await tx`insert into refresh_tokens (token_hash, session_id) values (${await hashToken(refresh)}, ${session.id})`;
  return {
    session_id: session.id,
    access_token: await signer.sign({ sub: opts.userId, sid: session.id, firm: opts.firmId }),
    refresh_token: refresh,
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_SECONDS,
  };
}

/** The result of a refresh: new tokens, or the reason the token was refused. */
export type RefreshResult =
  | { ok: true; tokens: TokenPair; userId: string; firmId: string }
  | { ok: false; reason: "unknown" | "revoked" | "expired" | "reused"; sessionId?: string; firmId?: string };

/** Rotates a refresh token. Reuse of a rotated token revokes its session. */
export async function rotateRefreshToken(sql: Sql, signer: TokenSigner, token: string): Promise<RefreshResult> {
  if (typeof token !== "string" || !token.startsWith("lf_rt_") || token.length > 100) {
    return { ok: false, reason: "unknown" };
  }
  const hash = await hashToken(token);
  const [found] = await sql<
    { session_id: string; firm_id: string; user_id: string; rotated: boolean; revoked: boolean; expired: boolean }[]
  >`select * from session_for_refresh_token(${hash})`;
  if (!found) return { ok: false, reason: "unknown" };
  const refused = (reason: "revoked" | "expired" | "reused") =>
    ({ ok: false, reason, sessionId: found.session_id, firmId: found.firm_id }) as const;
  if (found.revoked) return refused("revoked");
  if (found.expired) return refused("expired");
  if (found.rotated) {
    await sql`select revoke_session(${found.session_id}, 'refresh token reused')`;
    return refused("reused");
  }
  return await withFirm(sql, found.firm_id, async (tx) => {
    const [claimed] = await tx`
      update refresh_tokens set rotated_at = now() where token_hash = ${hash} and rotated_at is null returning 1`;
    if (!claimed) {
      // Another request rotated it a moment ago: that is a reuse too.
      await tx`select revoke_session(${found.session_id}, 'refresh token reused')`;
      return refused("reused");
    }
    const next = randomToken("lf_rt");
    await tx`insert into refresh_tokens (token_hash, session_id) values (${await hashToken(
      next,
    )}, ${found.session_id})`;
    await tx`update sessions set last_seen_at = now(), expires_at = now() + make_interval(days => ${SESSION_DAYS})
              where id = ${found.session_id}`;
    return {
      ok: true as const,
      userId: found.user_id,
      firmId: found.firm_id,
      tokens: {
        session_id: found.session_id,
        access_token: await signer.sign({ sub: found.user_id, sid: found.session_id, firm: found.firm_id }),
        refresh_token: next,
        token_type: "Bearer" as const,
        expires_in: ACCESS_TOKEN_SECONDS,
      },
    };
  });
}

/** A session as listed on "My account". */
export interface SessionRow {
  id: string;
  kind: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
}

/** The user's active sessions in the current firm. */
export async function listSessions(tx: Tx, userId: string): Promise<SessionRow[]> {
  const rows = await tx<(Omit<SessionRow, "created_at" | "last_seen_at"> & { created_at: Date; last_seen_at: Date })[]>`
    select id, kind, ip, user_agent, created_at, last_seen_at from sessions
     where user_id = ${userId} and revoked_at is null and expires_at > now()
     order by last_seen_at desc`;
  return rows.map((r) => ({
    ...r,
    created_at: r.created_at.toISOString(),
    last_seen_at: r.last_seen_at.toISOString(),
  }));
}

/** Revokes one of the user's sessions; false when it is not theirs or already revoked. */
export async function revokeSession(tx: Tx, userId: string, sessionId: string, reason: string): Promise<boolean> {
  const rows = await tx`
    update sessions set revoked_at = now(), revoked_reason = ${reason}
     where id = ${sessionId} and user_id = ${userId} and revoked_at is null returning 1`;
  return rows.length === 1;
}

export { InvalidTokenError };
