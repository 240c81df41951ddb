/** Who and where a request comes from: for sessions and the audit log. */
import type { Context } from "hono";
import { getConnInfo } from "hono/deno";
import type { AuditActor } from "../audit/audit.ts";
import type { ClientInfo } from "../auth/sessions.ts";
import { UnauthorizedError } from "../errors.ts";
import type { Principal } from "../auth/principal.ts";
import type { AppEnv } from "./env.ts";

/** The peer address (the socket's; a proxy's address when behind one). */
export function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** IP and user agent of the request. */
export function clientInfo(c: Context): ClientInfo {
  return { ip: clientIp(c), userAgent: c.req.header("User-Agent")?.slice(0, 500) ?? null };
}

/** Request metadata for audit rows written before anyone is signed in. */
export function requestMeta(c: Context<AppEnv>): Omit<AuditActor, "type" | "id" | "label"> {
  return { ip: clientIp(c), userAgent: c.req.header("User-Agent") ?? null, requestId: c.var.requestId };
}

/** The signed-in principal (guards guarantee it on member routes). */
export function principalOf(c: Context<AppEnv>): Principal {
  const p = c.var.principal;
  if (!p) throw new UnauthorizedError();
  return p;
}

/** The audit actor for the current request: the user, or their API token. */
export function auditActor(c: Context<AppEnv>): AuditActor {
  const p = principalOf(c);
  return {
    ...requestMeta(c),
    type: p.tokenId ? "api_token" : "user",
    id: p.tokenId ?? p.userId,
    label: p.tokenId ? `${p.email} (API token)` : p.email,
  };
}
