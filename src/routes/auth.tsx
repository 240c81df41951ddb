/**
 * Sign-up, sign-in (web cookies and API tokens), refresh, sign-out, firm switching and
 * password reset. Invitations are accepted in routes/invites.tsx.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { RouteDeps } from "../app.ts";
import {
  completePasswordReset,
  createPasswordReset,
  type FirmChoice,
  listUserFirms,
  signUp,
  TwoFactorRequiredError,
  verifyCredentials,
} from "../auth/accounts.ts";
import { clearSessionCookies, setSessionCookies } from "../auth/authenticate.ts";
import { rotateRefreshToken, startSession, type TokenPair } from "../auth/sessions.ts";
import { writeAudit } from "../audit/audit.ts";
import { withFirm } from "../db/tenant.ts";
import { AppError, ForbiddenError, UnauthorizedError, ValidationError } from "../errors.ts";
import type { AppEnv } from "../http/env.ts";
import { fieldErrors, readInput } from "../http/input.ts";
import { guard } from "../http/policy.ts";
import { clientInfo, clientIp, principalOf, requestMeta } from "../http/request_info.ts";
import { Layout } from "../../views/Layout.tsx";
import { type FormState, ResetPasswordPage, ResetRequestPage, SignInPage, SignUpPage } from "../../views/AuthPages.tsx";

const Email = z.string().trim().min(3, "Enter your email address").max(254).email("Enter a valid email address");
const Password = z.string().min(1, "Enter a password").max(1024);

const SignUpInput = z.object({
  firm_name: z.string().trim().min(1, "Enter your firm's name").max(200),
  email: Email,
  password: Password,
  name: z.string().trim().max(200).optional(),
});
const SignInInput = z.object({
  email: Email,
  password: Password,
  totp: z.string().trim().max(20).optional(),
  firm_id: z.uuid().optional(),
});
const RefreshInput = z.object({ refresh_token: z.string().min(1).max(200) });
const ResetRequestInput = z.object({ email: Email });
const ResetConfirmInput = z.object({ token: z.string().min(1).max(200), password: Password });
const SwitchInput = z.object({ firm_id: z.uuid() });

const Tokens = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int(),
}).meta({ id: "TokenPair" });
const PublicUser = z.object({ id: z.uuid(), email: z.string(), name: z.string(), two_factor_enabled: z.boolean() })
  .meta({ id: "User" });

/** Only same-site relative paths are followed after sign-in. */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/clients";
}

const tokenBody = (t: TokenPair) => ({
  access_token: t.access_token,
  refresh_token: t.refresh_token,
  token_type: t.token_type,
  expires_in: t.expires_in,
});

/** Mounts the authentication routes. */
export function authRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql, api, signer, cache, keyring, mailer } = deps;
  const secure = deps.config.publicUrl?.startsWith("https:") ?? false;
  const page = (c: Context<AppEnv>, title: string, body: ReturnType<typeof Layout>, status = 200) =>
    c.html(Layout({ c, title, children: body }), status as 200);

  /** Picks the firm to sign into: the requested one, or the first. */
  const chooseFirm = (firms: FirmChoice[], requested?: string) => {
    if (!firms.length) throw new ForbiddenError("Your account is not a member of any firm");
    const chosen = requested ? firms.find((f) => f.firm_id === requested) : firms[0];
    if (!chosen) throw new ForbiddenError("You are not a member of that firm");
    return chosen;
  };

  const openSession = (c: Context<AppEnv>, userId: string, email: string, firmId: string, kind: "web" | "api") =>
    withFirm(sql, firmId, async (tx) => {
      const tokens = await startSession(tx, signer, { userId, firmId, kind, client: clientInfo(c) });
      await writeAudit(tx, firmId, { ...requestMeta(c), type: "user", id: userId, label: email }, {
        action: "auth.signin",
        entityType: "session",
        entityId: tokens.session_id,
        details: { kind },
      });
      return tokens;
    });

  // Sign-up ---------------------------------------------------------------------------------
  api.add({
    method: "post",
    path: "/api/v1/auth/signup",
    summary: "Create a firm and its owner",
    tags: ["Auth"],
    body: SignUpInput,
    responses: {
      201: {
        description: "The new owner and firm",
        schema: z.object({ user: PublicUser, firm: z.object({ id: z.uuid(), name: z.string() }) }),
      },
    },
  });
  app.post("/api/v1/auth/signup", guard("public"), async (c) => {
    const input = await readInput(c, SignUpInput);
    const created = await signUp(sql, {
      firmName: input.firm_name,
      email: input.email,
      password: input.password,
      name: input.name,
    }, requestMeta(c));
    return c.json(created, 201);
  });

  app.get("/signup", guard("public"), async (c) => {
    if (c.var.principal) return c.redirect("/clients", 303);
    const [{ exists }] = await sql<{ exists: boolean }[]>`select any_firm_exists() as exists`;
    return page(c, c.var.i18n.t("auth.signup.title"), SignUpPage({ c, state: {}, firstRun: !exists }));
  });
  app.post("/signup", guard("public"), async (c) => {
    let values: Record<string, string> = {};
    try {
      const input = await readInput(c, SignUpInput);
      values = { firm_name: input.firm_name, email: input.email, name: input.name ?? "" };
      const { user, firm } = await signUp(sql, {
        firmName: input.firm_name,
        email: input.email,
        password: input.password,
        name: input.name,
      }, requestMeta(c));
      setSessionCookies(c, await openSession(c, user.id, user.email, firm.id, "web"), secure);
      return c.redirect("/clients", 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const form = await c.req.parseBody().catch(() => ({}));
      const state: FormState = {
        values: { ...stringValues(form), ...values, password: "" },
        errors: error instanceof ValidationError ? fieldErrors(error) : { email: error.message },
        message: error.message,
      };
      const body = SignUpPage({ c, state, firstRun: false });
      return page(c, c.var.i18n.t("auth.signup.title"), body, error.status);
    }
  });

  // Sign-in -----------------------------------------------------------------------------------
  api.add({
    method: "post",
    path: "/api/v1/auth/token",
    summary: "Exchange email, password (and a TOTP code when enrolled) for an access and a refresh token",
    tags: ["Auth"],
    body: SignInInput,
    responses: { 200: { description: "Tokens for the chosen (or first) firm", schema: Tokens } },
  });
  app.post("/api/v1/auth/token", guard("public"), async (c) => {
    const input = await readInput(c, SignInInput);
    const { user, firms } = await verifyCredentials(sql, cache, keyring, { ...input, ip: clientIp(c) }, requestMeta(c));
    const firm = chooseFirm(firms, input.firm_id);
    return c.json(tokenBody(await openSession(c, user.id, user.email, firm.firm_id, "api")));
  });

  app.get("/signin", guard("public"), (c) => {
    const next = safeNext(c.req.query("next"));
    if (c.var.principal) return c.redirect(next, 303);
    const notice = c.req.query("reset") === "done" ? c.var.i18n.t("auth.reset.done") : undefined;
    return page(c, c.var.i18n.t("auth.signin.title"), SignInPage({ c, state: {}, next, needsCode: false, notice }));
  });
  app.post("/signin", guard("public"), async (c) => {
    const next = safeNext(c.req.query("next"));
    let values: Record<string, string> = {};
    try {
      const input = await readInput(c, SignInInput);
      values = { email: input.email, password: input.password };
      const { user, firms } = await verifyCredentials(
        sql,
        cache,
        keyring,
        { ...input, ip: clientIp(c) },
        requestMeta(c),
      );
      const firm = chooseFirm(firms, input.firm_id);
      setSessionCookies(c, await openSession(c, user.id, user.email, firm.firm_id, "web"), secure);
      return c.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const needsCode = error instanceof TwoFactorRequiredError || error.message === "Incorrect code";
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      const state: FormState = {
        values,
        errors: error instanceof ValidationError ? fieldErrors(error) : {},
        message: error.message,
      };
      const status = error instanceof TwoFactorRequiredError ? 401 : error.status;
      return page(c, c.var.i18n.t("auth.signin.title"), SignInPage({ c, state, next, needsCode }), status);
    }
  });

  // Refresh, sign-out, switch firm ---------------------------------------------------------
  api.add({
    method: "post",
    path: "/api/v1/auth/refresh",
    summary: "Rotate a refresh token; reusing a rotated token revokes the whole session",
    tags: ["Auth"],
    body: RefreshInput,
    responses: { 200: { description: "New tokens", schema: Tokens } },
  });
  app.post("/api/v1/auth/refresh", guard("public"), async (c) => {
    const { refresh_token } = await readInput(c, RefreshInput);
    const result = await rotateRefreshToken(sql, signer, refresh_token);
    if (!result.ok) {
      if (result.reason === "reused" && result.firmId) {
        await withFirm(
          sql,
          result.firmId,
          (tx) =>
            writeAudit(tx, result.firmId!, { ...requestMeta(c), type: "anonymous", id: null, label: "refresh token" }, {
              action: "session.revoke",
              entityType: "session",
              entityId: result.sessionId,
              details: { reason: "refresh token reused" },
            }),
        );
      }
      throw new UnauthorizedError("Invalid credentials");
    }
    return c.json(tokenBody(result.tokens));
  });

  const signOut = async (c: Context<AppEnv>) => {
    const p = principalOf(c);
    if (p.sessionId) {
      await withFirm(sql, p.firmId, async (tx) => {
        await tx`update sessions set revoked_at = now(), revoked_reason = 'signed out'
                  where id = ${p.sessionId} and revoked_at is null`;
        await writeAudit(tx, p.firmId, { ...requestMeta(c), type: "user", id: p.userId, label: p.email }, {
          action: "auth.signout",
          entityType: "session",
          entityId: p.sessionId,
        });
      });
    }
    clearSessionCookies(c);
  };
  api.add({
    method: "post",
    path: "/api/v1/auth/signout",
    summary: "End the current session",
    tags: ["Auth"],
    responses: { 204: { description: "Signed out" } },
  });
  app.post("/api/v1/auth/signout", guard("member"), async (c) => {
    await signOut(c);
    return c.body(null, 204);
  });
  app.post("/signout", guard("member"), async (c) => {
    await signOut(c);
    return c.redirect("/signin", 303);
  });

  const switchFirm = async (c: Context<AppEnv>) => {
    const p = principalOf(c);
    const { firm_id } = await readInput(c, SwitchInput);
    const firm = chooseFirm(await listUserFirms(sql, p.userId), firm_id);
    const tokens = await openSession(c, p.userId, p.email, firm.firm_id, p.via === "cookie" ? "web" : "api");
    if (p.sessionId) await sql`select revoke_session(${p.sessionId}, 'switched firm')`;
    return tokens;
  };
  api.add({
    method: "post",
    path: "/api/v1/auth/switch-firm",
    summary: "Start a session in another firm the user belongs to",
    tags: ["Auth"],
    body: SwitchInput,
    responses: { 200: { description: "Tokens for that firm", schema: Tokens } },
  });
  app.post("/api/v1/auth/switch-firm", guard("member"), async (c) => c.json(tokenBody(await switchFirm(c))));
  app.post("/switch-firm", guard("member"), async (c) => {
    setSessionCookies(c, await switchFirm(c), secure);
    return c.redirect("/clients", 303);
  });

  // Password reset ------------------------------------------------------------------------
  const sendReset = async (c: Context<AppEnv>, email: string) => {
    const reset = await createPasswordReset(sql, email);
    if (!reset) return;
    const base = deps.config.publicUrl ?? new URL(c.req.url).origin;
    await mailer.send({
      to: email,
      subject: "Reset your LedgerFlow password",
      text: `Someone (hopefully you) asked to reset your LedgerFlow password.\n\n` +
        `Choose a new one here (the link works once and expires in one hour):\n${base}/password-reset/${reset.token}\n\n` +
        `If you did not ask for this, ignore this email; your password stays the same.`,
    });
  };
  api.add({
    method: "post",
    path: "/api/v1/auth/password-reset",
    summary: "Email a single-use password reset link (always answers 202)",
    tags: ["Auth"],
    body: ResetRequestInput,
    responses: { 202: { description: "Sent if the account exists" } },
  });
  app.post("/api/v1/auth/password-reset", guard("public"), async (c) => {
    await sendReset(c, (await readInput(c, ResetRequestInput)).email);
    return c.json({ status: "sent_if_exists" }, 202);
  });
  app.get(
    "/password-reset",
    guard("public"),
    (c) => page(c, c.var.i18n.t("auth.reset.title"), ResetRequestPage({ c, state: {}, sent: false })),
  );
  app.post("/password-reset", guard("public"), async (c) => {
    try {
      const { email } = await readInput(c, ResetRequestInput);
      await sendReset(c, email);
      return page(c, c.var.i18n.t("auth.reset.title"), ResetRequestPage({ c, state: {}, sent: true }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const state = { errors: fieldErrors(error), message: error.message };
      return page(c, c.var.i18n.t("auth.reset.title"), ResetRequestPage({ c, state, sent: false }), 422);
    }
  });

  api.add({
    method: "post",
    path: "/api/v1/auth/password-reset/confirm",
    summary: "Set a new password with a reset token; signs out every session",
    tags: ["Auth"],
    body: ResetConfirmInput,
    responses: { 204: { description: "Password changed" } },
  });
  app.post("/api/v1/auth/password-reset/confirm", guard("public"), async (c) => {
    const { token, password } = await readInput(c, ResetConfirmInput);
    await completePasswordReset(sql, token, password, requestMeta(c));
    return c.body(null, 204);
  });
  app.get(
    "/password-reset/:token",
    guard("public"),
    (c) =>
      page(c, c.var.i18n.t("auth.reset.new_title"), ResetPasswordPage({ c, state: {}, token: c.req.param("token") })),
  );
  app.post("/password-reset/:token", guard("public"), async (c) => {
    const token = c.req.param("token");
    try {
      const { password } = await readInput(c, z.object({ password: Password }));
      await completePasswordReset(sql, token, password, requestMeta(c));
      clearSessionCookies(c);
      return c.redirect("/signin?reset=done", 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const state = { errors: fieldErrors(error), message: error.message };
      return page(c, c.var.i18n.t("auth.reset.new_title"), ResetPasswordPage({ c, state, token }), 422);
    }
  });

  return app;
}

function stringValues(form: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) if (typeof v === "string") out[k] = v;
  return out;
}
