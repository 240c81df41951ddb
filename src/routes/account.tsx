/**
 * Routes: my account. Every signed-in member (read_only included) manages their own profile
 * view, password, signed-in devices, personal API tokens and two-factor sign-in here. JSON
 * under /api/v1/account, pages under /account; responses are never cached (they may hold
 * a new token, a TOTP secret or recovery codes).
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import type { RouteDeps } from "../app.ts";
import {
  type AccountContext,
  type AccountOverview,
  changeAccountPassword,
  getAccountOverview,
  revokeAccountSession,
} from "../account/account.ts";
import { createApiToken, type CreatedApiToken, listApiTokens, revokeApiToken } from "../account/api_tokens.ts";
import {
  confirmTwoFactor,
  disableTwoFactor,
  getPendingEnrolment,
  getTwoFactorStatus,
  regenerateRecoveryCodes,
  startTwoFactor,
  type TwoFactorContext,
} from "../account/two_factor.ts";
import { ROLES } from "../auth/permissions.ts";
import { listSessions } from "../auth/sessions.ts";
import { type Tx, withFirm } from "../db/tenant.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import type { AppEnv } from "../http/env.ts";
import { fieldErrors, readInput } from "../http/input.ts";
import { guard } from "../http/policy.ts";
import { type Html, type Representation, respond } from "../http/represent.ts";
import { auditActor, principalOf } from "../http/request_info.ts";
import type { MessageKey } from "../i18n/mod.ts";
import { AccountPage, type AccountPageProps } from "../../views/AccountPage.tsx";
import { AccountTwoFactor, type AccountTwoFactorProps } from "../../views/AccountTwoFactor.tsx";
import { Layout } from "../../views/Layout.tsx";

// JSON shapes ---------------------------------------------------------------------------------
const Role = z.enum(ROLES);
const Session = z.object({
  id: z.uuid(),
  kind: z.string(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  created_at: z.string(),
  last_seen_at: z.string(),
  current: z.boolean(),
}).meta({ id: "AccountSession" });
const ApiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  role: Role,
  prefix: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
}).meta({ id: "ApiToken" });
const Account = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), two_factor_enabled: z.boolean() }),
  firm: z.object({ id: z.uuid(), name: z.string(), role: Role }),
  firms: z.array(z.object({ firm_id: z.uuid(), firm_name: z.string(), role: Role })),
  sessions: z.array(Session),
  api_tokens: z.array(ApiToken),
}).meta({ id: "Account" });
const CreatedToken = z.object({
  id: z.uuid(),
  name: z.string(),
  role: Role,
  prefix: z.string(),
  token: z.string().describe("The token itself: shown only in this response"),
  created_at: z.string(),
}).meta({ id: "CreatedApiToken" });
const TwoFactorStatus = z.object({
  enabled: z.boolean(),
  pending: z.boolean(),
  enabled_at: z.string().nullable(),
  recovery_codes_remaining: z.number().int(),
  required_by_firm: z.boolean(),
}).meta({ id: "TwoFactorStatus" });
const Enrolment = z.object({ secret: z.string(), otpauth_uri: z.string(), qr_svg: z.string() })
  .meta({ id: "TwoFactorEnrolment" });
const RecoveryCodes = z.object({ recovery_codes: z.array(z.string()) }).meta({ id: "RecoveryCodes" });

// Request bodies ------------------------------------------------------------------------------
const secret = (message: string) => z.string({ error: message }).min(1, message).max(1024, "That is too long");
const PasswordChange = z.object({
  current_password: secret("Enter your current password"),
  new_password: secret("Enter a new password"),
});
const NewToken = z.object({
  name: z.string({ error: "Give the token a name" }).trim().min(1, "Give the token a name")
    .max(100, "Use at most 100 characters"),
  role: z.union([Role, z.literal("")]).optional().transform((r) => r || undefined),
});
const Code = z.object({
  code: z.string({ error: "Enter the 6-digit code" }).trim().min(1, "Enter the 6-digit code").max(20),
});
const PasswordOnly = z.object({ password: secret("Enter your password") });

const NOTICES: Record<string, MessageKey> = {
  password_changed: "account.notice.password_changed",
  session_revoked: "account.notice.session_revoked",
  token_revoked: "account.notice.token_revoked",
  two_factor_disabled: "account.notice.two_factor_disabled",
};

/** Account responses may carry secrets: never store them in any cache. */
const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.header("Cache-Control", "no-store");
  await next();
};

/** Mounts the account routes. */
export function accountRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql, api, keyring } = deps;
  const member = guard("member");
  const inFirm = <T,>(c: Context<AppEnv>, fn: (tx: Tx) => Promise<T>) => withFirm(sql, principalOf(c).firmId, fn);
  const accountCtx = (c: Context<AppEnv>): AccountContext => {
    const p = principalOf(c);
    return { userId: p.userId, firmId: p.firmId, sessionId: p.sessionId, actor: auditActor(c) };
  };
  const twoFactorCtx = (c: Context<AppEnv>): TwoFactorContext => {
    const p = principalOf(c);
    return { userId: p.userId, email: p.email, firmId: p.firmId, actor: auditActor(c) };
  };
  const overview = (c: Context<AppEnv>) => {
    const p = principalOf(c);
    return inFirm(c, (tx) => getAccountOverview(tx, p));
  };
  const page = (c: Context<AppEnv>, title: string, body: Html, status: 200 | 422 = 200) =>
    c.html(Layout({ c, title, children: body }), status);
  const accountPage = async (c: Context<AppEnv>, extra: Partial<AccountPageProps>, status: 200 | 422 = 200) =>
    page(c, c.var.i18n.t("account.title"), AccountPage({ c, data: await overview(c), ...extra }), status);

  // Overview ----------------------------------------------------------------------------------
  const accountRep: Representation<AccountOverview> = {
    schema: Account,
    title: (_d, c) => c.var.i18n.t("account.title"),
    page: (data, c) => AccountPage({ c, data, notice: NOTICES[c.req.query("notice") ?? ""] }),
  };
  api.add({
    method: "get",
    path: "/api/v1/account",
    summary: "The signed-in member: profile, firms, signed-in sessions and personal API tokens",
    tags: ["Account"],
    responses: { 200: { description: "The account", schema: Account } },
  });
  const showAccount = async (c: Context<AppEnv>) => respond(c, accountRep, await overview(c));
  app.get("/account", member, noStore, showAccount);
  app.get("/api/v1/account", member, noStore, showAccount);

  // Password ----------------------------------------------------------------------------------
  api.add({
    method: "post",
    path: "/api/v1/account/password",
    summary: "Change your password (keeps this session, signs out every other one)",
    tags: ["Account"],
    body: PasswordChange,
    responses: { 204: { description: "Changed" } },
  });
  app.post("/api/v1/account/password", member, noStore, async (c) => {
    const input = await readInput(c, PasswordChange);
    await inFirm(c, (tx) => changeAccountPassword(tx, accountCtx(c), input));
    return c.body(null, 204);
  });
  app.post("/account/password", member, noStore, async (c) => {
    try {
      const input = await readInput(c, PasswordChange);
      await inFirm(c, (tx) => changeAccountPassword(tx, accountCtx(c), input));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return await accountPage(c, { passwordErrors: fieldErrors(error) }, 422);
    }
    return c.redirect("/account?notice=password_changed", 303);
  });

  // Sessions ----------------------------------------------------------------------------------
  const SessionList = z.object({ items: z.array(Session) });
  api.add({
    method: "get",
    path: "/api/v1/account/sessions",
    summary: "Your signed-in sessions in this firm",
    tags: ["Account"],
    responses: { 200: { description: "Active sessions, most recently used first", schema: SessionList } },
  });
  app.get("/api/v1/account/sessions", member, noStore, async (c) => {
    const p = principalOf(c);
    const sessions = await inFirm(c, (tx) => listSessions(tx, p.userId));
    return c.json(SessionList.parse({ items: sessions.map((s) => ({ ...s, current: s.id === p.sessionId })) }));
  });
  const revokeSessionOr404 = async (c: Context<AppEnv>) => {
    const done = await inFirm(c, (tx) => revokeAccountSession(tx, accountCtx(c), c.req.param("id") ?? ""));
    if (!done) throw new NotFoundError("You have no active session with that id");
  };
  api.add({
    method: "delete",
    path: "/api/v1/account/sessions/:id",
    summary: "Sign out one of your sessions",
    tags: ["Account"],
    responses: { 204: { description: "Signed out" } },
  });
  app.delete("/api/v1/account/sessions/:id", member, noStore, async (c) => {
    await revokeSessionOr404(c);
    return c.body(null, 204);
  });
  app.post("/account/sessions/:id/revoke", member, noStore, async (c) => {
    await revokeSessionOr404(c);
    return c.redirect("/account?notice=session_revoked", 303);
  });

  // Personal API tokens -----------------------------------------------------------------------
  const TokenList = z.object({ items: z.array(ApiToken) });
  const tokenCtx = (c: Context<AppEnv>) => ({ ...accountCtx(c), callerRole: principalOf(c).role });
  api.add({
    method: "get",
    path: "/api/v1/account/tokens",
    summary: "Your personal API tokens in this firm (never the tokens themselves)",
    tags: ["Account"],
    responses: { 200: { description: "Tokens, active first", schema: TokenList } },
  });
  app.get("/api/v1/account/tokens", member, noStore, async (c) => {
    const items = await inFirm(c, (tx) => listApiTokens(tx, principalOf(c).userId));
    return c.json(TokenList.parse({ items }));
  });
  api.add({
    method: "post",
    path: "/api/v1/account/tokens",
    summary: "Create a personal API token with at most your role; the token is in this response only",
    tags: ["Account"],
    body: NewToken,
    responses: { 201: { description: "Created", schema: CreatedToken } },
  });
  app.post("/api/v1/account/tokens", member, noStore, async (c) => {
    const input = await readInput(c, NewToken);
    const created = await inFirm(c, (tx) => createApiToken(tx, tokenCtx(c), input));
    return c.json(CreatedToken.parse(created), 201);
  });
  app.post("/account/tokens", member, noStore, async (c) => {
    let created: CreatedApiToken;
    try {
      const input = await readInput(c, NewToken);
      created = await inFirm(c, (tx) => createApiToken(tx, tokenCtx(c), input));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const form = await c.req.parseBody().catch(() => ({} as Record<string, unknown>));
      const values = { name: String(form.name ?? ""), role: String(form.role ?? "") };
      return await accountPage(c, { tokenErrors: fieldErrors(error), tokenValues: values }, 422);
    }
    return await accountPage(c, { created });
  });
  const revokeTokenOr404 = async (c: Context<AppEnv>) => {
    const done = await inFirm(c, (tx) => revokeApiToken(tx, accountCtx(c), c.req.param("id") ?? ""));
    if (!done) throw new NotFoundError("You have no active API token with that id");
  };
  api.add({
    method: "delete",
    path: "/api/v1/account/tokens/:id",
    summary: "Revoke one of your personal API tokens",
    tags: ["Account"],
    responses: { 204: { description: "Revoked" } },
  });
  app.delete("/api/v1/account/tokens/:id", member, noStore, async (c) => {
    await revokeTokenOr404(c);
    return c.body(null, 204);
  });
  app.post("/account/tokens/:id/revoke", member, noStore, async (c) => {
    await revokeTokenOr404(c);
    return c.redirect("/account?notice=token_revoked", 303);
  });

  // Two-factor sign-in (these paths stay open while the firm requires 2FA and it is off) -------
  const qrLabel = (c: Context<AppEnv>) => c.var.i18n.t("account.2fa.qr_label");
  const twoFactorPage = async (
    c: Context<AppEnv>,
    extra: Partial<AccountTwoFactorProps> = {},
    status: 200 | 422 = 200,
  ) => {
    const p = principalOf(c);
    const { state, enrolment } = await inFirm(c, async (tx) => ({
      state: await getTwoFactorStatus(tx, p.userId),
      enrolment: await getPendingEnrolment(tx, keyring, p, qrLabel(c)),
    }));
    const body = AccountTwoFactor({
      c,
      status: state,
      enrolment,
      required: p.firmRequiresTwoFactor && !state.enabled,
      firmName: p.firmName,
      ...extra,
    });
    return page(c, c.var.i18n.t("account.2fa"), body, status);
  };
  /** Runs a form action; a ValidationError re-renders the page with the form's inline errors. */
  const twoFactorForm = async (
    c: Context<AppEnv>,
    form: AccountTwoFactorProps["form"],
    action: () => Promise<Response>,
  ) => {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return await twoFactorPage(c, { form, errors: fieldErrors(error) }, 422);
    }
  };

  api.add({
    method: "get",
    path: "/api/v1/account/two-factor",
    summary: "Whether two-factor sign-in is on, pending or required by the firm",
    tags: ["Account"],
    responses: { 200: { description: "Two-factor status", schema: TwoFactorStatus } },
  });
  app.get("/api/v1/account/two-factor", member, noStore, async (c) => {
    const p = principalOf(c);
    const state = await inFirm(c, (tx) => getTwoFactorStatus(tx, p.userId));
    return c.json(TwoFactorStatus.parse({ ...state, required_by_firm: p.firmRequiresTwoFactor }));
  });
  app.get("/account/two-factor", member, noStore, (c) => twoFactorPage(c));

  api.add({
    method: "post",
    path: "/api/v1/account/two-factor",
    summary: "Start two-factor set-up: a new secret to add to an authenticator app (pending until confirmed)",
    tags: ["Account"],
    responses: { 200: { description: "The secret, its otpauth:// URI and a QR code (SVG)", schema: Enrolment } },
  });
  app.post("/api/v1/account/two-factor", member, noStore, async (c) => {
    const enrolment = await inFirm(c, (tx) => startTwoFactor(tx, keyring, twoFactorCtx(c), qrLabel(c)));
    return c.json(Enrolment.parse(enrolment));
  });
  app.post("/account/two-factor/start", member, noStore, async (c) => {
    await inFirm(c, (tx) => startTwoFactor(tx, keyring, twoFactorCtx(c), qrLabel(c)));
    return c.redirect("/account/two-factor", 303);
  });

  api.add({
    method: "post",
    path: "/api/v1/account/two-factor/confirm",
    summary: "Turn two-factor on with a code from the app; returns the recovery codes (shown only here)",
    tags: ["Account"],
    body: Code,
    responses: { 200: { description: "Two-factor is on", schema: RecoveryCodes } },
  });
  app.post("/api/v1/account/two-factor/confirm", member, noStore, async (c) => {
    const { code } = await readInput(c, Code);
    const codes = await inFirm(c, (tx) => confirmTwoFactor(tx, keyring, twoFactorCtx(c), code));
    return c.json(RecoveryCodes.parse({ recovery_codes: codes }));
  });
  app.post("/account/two-factor/confirm", member, noStore, (c) =>
    twoFactorForm(c, "confirm", async () => {
      const { code } = await readInput(c, Code);
      const codes = await inFirm(c, (tx) => confirmTwoFactor(tx, keyring, twoFactorCtx(c), code));
      return await twoFactorPage(c, { recoveryCodes: codes, justEnabled: true });
    }));

  api.add({
    method: "delete",
    path: "/api/v1/account/two-factor",
    summary: "Turn two-factor off (or cancel a pending set-up); asks for your password",
    tags: ["Account"],
    body: PasswordOnly,
    responses: { 204: { description: "Two-factor is off" } },
  });
  app.delete("/api/v1/account/two-factor", member, noStore, async (c) => {
    const { password } = await readInput(c, PasswordOnly);
    await inFirm(c, (tx) => disableTwoFactor(tx, twoFactorCtx(c), password));
    return c.body(null, 204);
  });
  app.post("/account/two-factor/disable", member, noStore, (c) =>
    twoFactorForm(c, "disable", async () => {
      const { password } = await readInput(c, PasswordOnly);
      await inFirm(c, (tx) => disableTwoFactor(tx, twoFactorCtx(c), password));
      const next = principalOf(c).firmRequiresTwoFactor ? "/account/two-factor" : "/account?notice=two_factor_disabled";
      return c.redirect(next, 303);
    }));

  api.add({
    method: "post",
    path: "/api/v1/account/two-factor/recovery-codes",
    summary: "Replace your recovery codes (the old ones stop working); asks for your password",
    tags: ["Account"],
    body: PasswordOnly,
    responses: { 200: { description: "The new recovery codes, shown only here", schema: RecoveryCodes } },
  });
  app.post("/api/v1/account/two-factor/recovery-codes", member, noStore, async (c) => {
    const { password } = await readInput(c, PasswordOnly);
    const codes = await inFirm(c, (tx) => regenerateRecoveryCodes(tx, twoFactorCtx(c), password));
    return c.json(RecoveryCodes.parse({ recovery_codes: codes }));
  });
  app.post("/account/two-factor/recovery-codes", member, noStore, (c) =>
    twoFactorForm(c, "regenerate", async () => {
      const { password } = await readInput(c, PasswordOnly);
      const codes = await inFirm(c, (tx) => regenerateRecoveryCodes(tx, twoFactorCtx(c), password));
      return await twoFactorPage(c, { recoveryCodes: codes });
    }));

  return app;
}
