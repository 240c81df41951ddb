/**
 * Test identities: firms, members of each role, and ready-to-use credentials (Bearer access
 * tokens for the API, cookies for pages), created through the real services.
 */
import { signUp } from "../../src/auth/accounts.ts";
import { hashPassword } from "../../src/auth/passwords.ts";
import type { Role } from "../../src/auth/permissions.ts";
import { startSession } from "../../src/auth/sessions.ts";
import { TokenSigner } from "../../src/auth/tokens.ts";
import { withFirm } from "../../src/db/tenant.ts";
import type { TestApp } from "./app.ts";

/** A signed-in member. */
export interface Member {
  userId: string;
  email: string;
  password: string;
  firmId: string;
  role: Role;
  sessionId: string;
  accessToken: string;
  refreshToken: string;
  /** Headers for API calls (Bearer). */
  bearer: Record<string, string>;
  /** Headers for page requests (session cookies + same-origin). */
  browser: Record<string, string>;
}

/** A password that passes the policy. */
export const PASSWORD = "correct horse battery staple 42";

let counter = 0;
const uniqueEmail = (label: string) => `${label}.${Date.now().toString(36)}.${++counter}@example.test`;

/** Signs up a new firm; returns its owner. */
export async function createFirm(t: TestApp, name = "Acme Bookkeeping"): Promise<Member> {
  const email = uniqueEmail("owner");
  const { user, firm } = await signUp(t.db.appSql, { firmName: name, email, password: PASSWORD, name: "Olive Owner" }, {
    ip: "127.0.0.1",
  });
  return await session(t, { userId: user.id, email, firmId: firm.id, role: "owner" });
}

/** Adds a member with `role` to the owner's firm and signs them in. */
export async function addMember(t: TestApp, firmId: string, role: Role, name = `${role} member`): Promise<Member> {
  const email = uniqueEmail(role);
  const [user] = await t.db.sql<{ id: string }[]>`
    insert into users (email, name, password_hash) values (${email}, ${name}, ${await hashPassword(PASSWORD)})
    returning id`;
  await t.db.sql`insert into memberships (firm_id, user_id, role) values (${firmId}, ${user.id}, ${role})`;
  return await session(t, { userId: user.id, email, firmId, role });
}

async function session(
  t: TestApp,
  m: { userId: string; email: string; firmId: string; role: Role },
): Promise<Member> {
  const signer = await TokenSigner.fromConfig(t.config.signingKeys);
  const tokens = await withFirm(t.db.appSql, m.firmId, (tx) =>
    startSession(tx, signer, {
      userId: m.userId,
      firmId: m.firmId,
      kind: "web",
      client: { ip: "127.0.0.1", userAgent: "tests" },
    }));
  return {
    ...m,
    password: PASSWORD,
    sessionId: tokens.session_id,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    bearer: { Authorization: `Bearer ${tokens.access_token}` },
    browser: { Cookie: `lf_at=${tokens.access_token}; lf_rt=${tokens.refresh_token}`, Origin: "http://localhost" },
  };
}

/** JSON request helper: `api(t, member, "POST", "/api/v1/clients", body)`. */
export async function api(
  t: TestApp,
  who: Member | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await t.request(path, {
    method,
    headers: {
      ...(who?.bearer ?? {}),
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch { /* not JSON */ }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Counts audit rows (all firms) matching an action, for "exactly one audit row per change" checks. */
export async function auditCount(t: TestApp, action: string, entityId?: string): Promise<number> {
  const [{ n }] = await t.db.sql<{ n: number }[]>`
    select count(*)::int as n from audit_log
     where action = ${action} ${entityId ? t.db.sql`and entity_id = ${entityId}` : t.db.sql``}`;
  return n;
}
