/**
 * Authentication middleware. The API takes `Authorization: Bearer` with an access JWT or a
 * personal API token; the web uses HttpOnly cookies holding an access JWT and a refresh token,
 * refreshed transparently when the access token has expired. Rejections say nothing more
 * than "invalid credentials".
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Sql } from "../db/client.ts";
import { UnauthorizedError } from "../errors.ts";
import type { AppEnv } from "../http/env.ts";
import { type Principal, principalForApiToken, principalForSession } from "./principal.ts";
import { rotateRefreshToken, SESSION_DAYS, type TokenPair } from "./sessions.ts";
import { hashToken, InvalidTokenError, type TokenSigner } from "./tokens.ts";

/** Cookie names. */
export const ACCESS_COOKIE = "lf_at";
export const REFRESH_COOKIE = "lf_rt";

/** Options for {@link authenticate}. */
export interface AuthenticateOptions {
  sql: Sql;
  signer: TokenSigner;
  /** Mark cookies Secure (HTTPS deployments). */
  secureCookies: boolean;
}

/** Resolves `c.var.principal` from a Bearer header or the session cookies. */
export function authenticate(opts: AuthenticateOptions): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const header = c.req.header("Authorization");
    if (header !== undefined) {
      c.set("principal", await fromBearer(opts, header));
      return await next();
    }
    const principal = await fromCookies(opts, c);
    if (principal) c.set("principal", principal);
    await next();
  };
}

async function fromBearer(opts: AuthenticateOptions, header: string): Promise<Principal> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(header.trim());
  if (!match) throw new UnauthorizedError("Invalid credentials");
  const token = match[1];
  if (token.startsWith("lf_pat_")) {
    const principal = await principalForApiToken(opts.sql, await hashToken(token));
    if (!principal) throw new UnauthorizedError("Invalid credentials");
    return principal;
  }
  try {
    const claims = await opts.signer.verify(token);
    const principal = await principalForSession(opts.sql, claims, "bearer");
    if (principal) return principal;
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
  }
  throw new UnauthorizedError("Invalid credentials");
}

async function fromCookies(opts: AuthenticateOptions, c: Context<AppEnv>): Promise<Principal | undefined> {
  const access = getCookie(c, ACCESS_COOKIE);
  if (access) {
    try {
      const principal = await principalForSession(opts.sql, await opts.signer.verify(access), "cookie");
      if (principal) return principal;
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
    }
  }
  const refresh = getCookie(c, REFRESH_COOKIE);
  if (!refresh) {
    if (access) clearSessionCookies(c);
    return undefined;
  }
  const result = await rotateRefreshToken(opts.sql, opts.signer, refresh);
  if (!result.ok) {
    clearSessionCookies(c);
    return undefined;
  }
  setSessionCookies(c, result.tokens, opts.secureCookies);
  return await principalForSession(
    opts.sql,
    { sub: result.userId, sid: result.tokens.session_id, firm: result.firmId },
    "cookie",
  );
}

/** Sets the HttpOnly session cookies (SameSite=Lax; Secure under HTTPS). */
export function setSessionCookies(c: Context, tokens: TokenPair, secure: boolean): void {
  const base = { httpOnly: true, sameSite: "Lax" as const, secure, path: "/" };
  setCookie(c, ACCESS_COOKIE, tokens.access_token, { ...base, maxAge: tokens.expires_in });
  setCookie(c, REFRESH_COOKIE, tokens.refresh_token, { ...base, maxAge: SESSION_DAYS * 86400 });
}

/** Removes the session cookies. */
export function clearSessionCookies(c: Context): void {
  deleteCookie(c, ACCESS_COOKIE, { path: "/" });
  deleteCookie(c, REFRESH_COOKIE, { path: "/" });
}
