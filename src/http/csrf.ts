/**
 * Cross-site request protection for cookie-authenticated requests: unsafe methods must come
 * from our own origin (Origin header, or Sec-Fetch-Site: same-origin). Bearer requests carry
 * no ambient credentials and are exempt.
 */
import type { MiddlewareHandler } from "hono";
import { ForbiddenError } from "../errors.ts";
import type { AppEnv } from "./env.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** Options for {@link sameOrigin}. */
export interface SameOriginOptions {
  /** The public origin when behind a proxy (from PUBLIC_URL). */
  publicOrigin?: string;
}

/** Rejects cross-site unsafe requests that are not Bearer-authenticated. */
export function sameOrigin(opts: SameOriginOptions = {}): MiddlewareHandler<AppEnv> {
  return async function sameOrigin(c, next) {
    if (SAFE.has(c.req.method) || c.req.header("Authorization")?.startsWith("Bearer ")) return await next();
    // API clients without our cookies carry no ambient credentials (e.g. sign-up from a script).
    const cookies = c.req.header("Cookie") ?? "";
    if (c.req.path.startsWith("/api/") && !/(^|;\s*)lf_(at|rt)=/.test(cookies)) return await next();
    const site = c.req.header("Sec-Fetch-Site");
    const origin = c.req.header("Origin");
    const allowed = new Set([new URL(c.req.url).origin, ...(opts.publicOrigin ? [opts.publicOrigin] : [])]);
    const ok = origin ? allowed.has(origin) : site === "same-origin" || site === "none";
    if (!ok) throw new ForbiddenError("Cross-site request refused: submit the form from LedgerFlow itself");
    await next();
  };
}
