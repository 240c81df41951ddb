/**
 * Route guards. Every route declares who may call it with `guard(policy)`: "public",
 * "member" (any signed-in member, e.g. their own account), or a permission action. The route
 * tests enumerate the router and check that each route has a guard and that it holds.
 */
import type { Context, MiddlewareHandler } from "hono";
import { type Action, can } from "../auth/permissions.ts";
import { ForbiddenError, UnauthorizedError } from "../errors.ts";
import type { AppEnv } from "./env.ts";
import { isApiRequest, isFragmentRequest } from "./request_kind.ts";

/** Who may call a route. */
export type Policy = "public" | "member" | Action;

/** The policy attached to a guard middleware (read by tests and docs). */
export const POLICY = Symbol("policy");

/** A guard middleware with its policy attached. */
export type Guard = MiddlewareHandler<AppEnv> & { [POLICY]: Policy };

/** Paths a member may use while their firm requires two-factor and they have not enrolled. */
const TWO_FACTOR_EXEMPT = /^\/(account\/two-factor|api\/v1\/account\/two-factor|signout|api\/v1\/auth\/signout)/;

/** Declares and enforces who may call the route. */
export function guard(policy: Policy): Guard {
  const mw = async function guard(c: Context<AppEnv>, next: () => Promise<void>) {
    if (policy === "public") return await next();
    const principal = c.var.principal;
    if (!principal) return unauthenticated(c);
    if (principal.firmRequiresTwoFactor && !principal.twoFactorEnabled && !TWO_FACTOR_EXEMPT.test(c.req.path)) {
      if (!isApiRequest(c) && c.req.method === "GET") return c.redirect("/account/two-factor", 303);
      throw new ForbiddenError("Your firm requires two-factor authentication; set it up under My account first");
    }
    if (policy !== "member" && !can(principal.role, policy)) throw new ForbiddenError();
    await next();
  } as Guard;
  mw[POLICY] = policy;
  return mw;
}

function unauthenticated(c: Context<AppEnv>): Response {
  if (isApiRequest(c)) throw new UnauthorizedError("Sign in or send a valid Bearer token");
  const next = encodeURIComponent(c.req.path + (new URL(c.req.url).search || ""));
  if (isFragmentRequest(c)) {
    c.header("HX-Redirect", `/signin?next=${next}`);
    return c.body(null, 401);
  }
  return c.redirect(`/signin?next=${next}`, 303);
}
