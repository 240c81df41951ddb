/** Who is making a request: the signed-in member of one firm, with their current role. */
import type { Sql } from "../db/client.ts";
import { withFirm } from "../db/tenant.ts";
import { isAtMost, type Role } from "./permissions.ts";

/** The authenticated caller. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  firmId: string;
  firmName: string;
  /** The membership's role (capped by the API token's role for token requests). */
  role: Role;
  sessionId: string | null;
  tokenId: string | null;
  via: "cookie" | "bearer" | "api_token";
  twoFactorEnabled: boolean;
  firmRequiresTwoFactor: boolean;
}

interface Row {
  user_id: string;
  email: string;
  name: string;
  firm_id: string;
  firm_name: string;
  role: Role;
  two_factor: boolean;
  require_two_factor: boolean;
}

/** Loads the principal for a live session, or undefined when it is revoked, expired or gone. */
export async function principalForSession(
  sql: Sql,
  claims: { sub: string; sid: string; firm: string },
  via: "cookie" | "bearer",
): Promise<Principal | undefined> {
  if (!isUuid(claims.firm) || !isUuid(claims.sid) || !isUuid(claims.sub)) return undefined;
  const [row] = await withFirm(sql, claims.firm, (tx) =>
    tx<Row[]>`
    select u.id as user_id, u.email, u.name, f.id as firm_id, f.name as firm_name, m.role,
           u.totp_enabled_at is not null as two_factor, f.require_two_factor
      from sessions s
      join users u on u.id = s.user_id
      join memberships m on m.user_id = s.user_id and m.firm_id = s.firm_id
      join firms f on f.id = s.firm_id
     where s.id = ${claims.sid} and s.user_id = ${claims.sub}
       and s.revoked_at is null and s.expires_at > now() and f.deleted_at is null`);
  return row && toPrincipal(row, { sessionId: claims.sid, tokenId: null, via });
}

/** Loads the principal for an API token hash, or undefined. Marks the token used. */
export async function principalForApiToken(sql: Sql, tokenHash: string): Promise<Principal | undefined> {
  const [token] = await sql<{ token_id: string; firm_id: string; user_id: string; role: Role }[]>`
    select * from use_api_token(${tokenHash})`;
  if (!token) return undefined;
  const [row] = await withFirm(sql, token.firm_id, (tx) =>
    tx<Row[]>`
    select u.id as user_id, u.email, u.name, f.id as firm_id, f.name as firm_name, m.role,
           u.totp_enabled_at is not null as two_factor, f.require_two_factor
      from memberships m join users u on u.id = m.user_id join firms f on f.id = m.firm_id
     where m.user_id = ${token.user_id} and m.firm_id = ${token.firm_id}`);
  if (!row) return undefined;
  // A token never exceeds its owner's current role.
  const role = isAtMost(token.role, row.role) ? token.role : row.role;
  return toPrincipal({ ...row, role }, { sessionId: null, tokenId: token.token_id, via: "api_token" });
}

function toPrincipal(row: Row, extra: Pick<Principal, "sessionId" | "tokenId" | "via">): Principal {
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    firmId: row.firm_id,
    firmName: row.firm_name,
    role: row.role,
    twoFactorEnabled: row.two_factor,
    firmRequiresTwoFactor: row.require_two_factor,
    ...extra,
  };
}

/** Whether a string is a UUID (ids from URLs and tokens are checked before they reach SQL). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
