/**
 * Accepting an invitation: by the signed-in user whose email it was sent to, or by someone
 * new who creates their account on the spot. Either way they end up signed into the firm.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { RouteDeps } from "../app.ts";
import { createUser } from "../auth/accounts.ts";
import { setSessionCookies } from "../auth/authenticate.ts";
import { startSession } from "../auth/sessions.ts";
import { writeAudit } from "../audit/audit.ts";
import { withFirm } from "../db/tenant.ts";
import { AppError, ValidationError } from "../errors.ts";
import { type AcceptedInvite, acceptInvite, findInviteByToken } from "../firm/invites.ts";
import type { AppEnv } from "../http/env.ts";
import { fieldErrors, readInput } from "../http/input.ts";
import { guard } from "../http/policy.ts";
import { clientInfo, requestMeta } from "../http/request_info.ts";
import { InvitePage, type InviteView } from "../../views/AuthPages.tsx";
import { Layout } from "../../views/Layout.tsx";

const NewAccount = z.object({
  email: z.string().trim().max(254).optional(),
  name: z.string().trim().max(200).optional(),
  password: z.string().max(1024).optional(),
});
const AcceptInput = NewAccount.extend({ token: z.string().min(1).max(200) });

/** Mounts the invitation routes. */
export function inviteRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql, api, signer } = deps;
  const secure = deps.config.publicUrl?.startsWith("https:") ?? false;

  /** Accepts for the signed-in user, or creates the account first. */
  const accept = async (c: Context<AppEnv>, token: string, input: z.output<typeof NewAccount>) => {
    const invite = await findInviteByToken(sql, token);
    if (!invite || invite.status !== "pending") {
      throw new ValidationError(c.var.i18n.t("auth.invite.invalid"), [{ path: "token", message: "invalid" }]);
    }
    let userId = c.var.principal?.userId;
    if (!userId) {
      if (!input.password) {
        throw new ValidationError("Choose a password to create your account", [
          { path: "password", message: "Choose a password" },
        ]);
      }
      const user = await createUser(sql, { email: invite.email, name: input.name, password: input.password });
      userId = user.id;
    }
    return await acceptInvite(sql, token, userId, requestMeta(c));
  };

  /** Signs the new member into the firm they just joined. */
  const signInto = (c: Context<AppEnv>, accepted: AcceptedInvite, email: string) =>
    withFirm(sql, accepted.firmId, async (tx) => {
      const tokens = await startSession(tx, signer, {
        userId: accepted.userId,
        firmId: accepted.firmId,
        kind: "web",
        client: clientInfo(c),
      });
      await writeAudit(tx, accepted.firmId, { ...requestMeta(c), type: "user", id: accepted.userId, label: email }, {
        action: "auth.signin",
        entityType: "session",
        entityId: tokens.session_id,
        details: { kind: "web", via: "invite" },
      });
      return tokens;
    });

  const view = async (token: string): Promise<InviteView | null> => {
    const invite = await findInviteByToken(sql, token);
    return invite?.status === "pending"
      ? { token, firmName: invite.firmName, email: invite.email, role: invite.role }
      : null;
  };

  app.get("/invites/:token", guard("public"), async (c) => {
    const invite = await view(c.req.param("token"));
    const title = invite
      ? c.var.i18n.t("auth.invite.title", { firm: invite.firmName })
      : c.var.i18n.t("auth.signin.title");
    return c.html(Layout({ c, title, children: InvitePage({ c, invite, state: {} }) }), invite ? 200 : 404);
  });

  app.post("/invites/:token", guard("public"), async (c) => {
    const token = c.req.param("token");
    let values: Record<string, string> = {};
    try {
      const input = await readInput(c, NewAccount);
      values = { name: input.name ?? "" };
      const accepted = await accept(c, token, input);
      const [user] = await sql<{ email: string }[]>`select email from users where id = ${accepted.userId}`;
      setSessionCookies(c, await signInto(c, accepted, user.email), secure);
      return c.redirect("/clients", 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const invite = await view(token);
      const state = {
        values,
        errors: error instanceof ValidationError ? fieldErrors(error) : {},
        message: error.message,
      };
      const title = c.var.i18n.t("auth.invite.accept");
      return c.html(Layout({ c, title, children: InvitePage({ c, invite, state }) }), error.status as 422);
    }
  });

  api.add({
    method: "post",
    path: "/api/v1/invites/accept",
    summary: "Accept an invitation as the authenticated user, or create an account (name, password) and accept",
    tags: ["Firm"],
    body: AcceptInput,
    responses: {
      201: {
        description: "The membership that was created",
        schema: z.object({
          firm: z.object({ id: z.uuid(), name: z.string() }),
          user_id: z.uuid(),
          role: z.string(),
          client_ids: z.array(z.uuid()),
        }),
      },
    },
  });
  app.post("/api/v1/invites/accept", guard("public"), async (c) => {
    const input = await readInput(c, AcceptInput);
    const accepted = await accept(c, input.token, input);
    return c.json({
      firm: { id: accepted.firmId, name: accepted.firmName },
      user_id: accepted.userId,
      role: accepted.role,
      client_ids: accepted.clientIds,
    }, 201);
  });
  return app;
}
