/**
 * Routes: the firm, its members and invites. JSON under /api/v1/firm…; the settings page at
 * /firm with plain form posts (303 back to /firm) that htmx enhances by swapping one section
 * or row. Every route starts with its guard; the services re-check the role rules.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { RouteDeps } from "../app.ts";
import { clearSessionCookies } from "../auth/authenticate.ts";
import { isUuid, type Principal } from "../auth/principal.ts";
import { type Tx, withFirm } from "../db/tenant.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { deleteFirm, getFirm, updateFirm } from "../firm/firms.ts";
import { createInvite, type InviteInput, listInvites, revokeInvite, sendInviteMail } from "../firm/invites.ts";
import { addExistingMember, changeRole, listMembers, removeMember } from "../firm/members.ts";
import {
  CreatedInvite,
  type CreatedInviteView,
  Firm,
  FirmDelete,
  FirmPatch,
  Invite,
  INVITE_STATUSES,
  InviteCreate,
  InviteList,
  Member,
  MemberCreate,
  MemberList,
  RoleChange,
} from "../firm/schemas.ts";
import { loadFirmSettings } from "../firm/settings.ts";
import type { AppEnv } from "../http/env.ts";
import { fieldErrors, readInput } from "../http/input.ts";
import { guard } from "../http/policy.ts";
import { isFragmentRequest } from "../http/represent.ts";
import { auditActor, principalOf } from "../http/request_info.ts";
import { Layout } from "../../views/Layout.tsx";
import { FirmFragment, type FirmPageState, FirmSettingsPage, type FirmTarget } from "../../views/FirmSettingsPage.tsx";

type C = Context<AppEnv>;

const NO_FIRM = "This firm does not exist or has been deleted";
const NO_MEMBER = "No member with that id in this firm";
const NO_INVITE = "No invite with that id in this firm";
const TAGS = ["Firm"];

/** Mounts the firm routes. */
export function firmRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql, api } = deps;

  /** Runs `fn` in a transaction scoped to the caller's firm. */
  const inFirm = <T,>(c: C, fn: (tx: Tx, p: Principal) => Promise<T>): Promise<T> => {
    const p = principalOf(c);
    return withFirm(sql, p.firmId, (tx) => fn(tx, p));
  };
  const found = <T,>(value: T | undefined, detail: string): T => {
    if (value === undefined) throw new NotFoundError(detail);
    return value;
  };
  const idParam = (c: C, name: string, detail: string): string => {
    const id = c.req.param(name);
    if (!isUuid(id)) throw new NotFoundError(detail);
    return id.toLowerCase();
  };

  /** Creates the invite, then mails the link (after commit: a mail failure leaves the link on screen). */
  const invite = async (c: C, input: InviteInput): Promise<{ invite: CreatedInviteView; mailed: boolean }> => {
    const p = principalOf(c);
    const publicBase = deps.config.publicUrl ?? new URL(c.req.url).origin;
    const created = await inFirm(c, (tx) => createInvite(tx, p.firmId, p, input, auditActor(c), publicBase));
    const { t, date } = c.var.i18n;
    try {
      await sendInviteMail(deps.mailer, t, {
        email: created.email,
        url: created.url,
        role: created.role,
        firmName: p.firmName,
        inviter: p.name || p.email,
        expiresOn: date(created.expires_at),
      });
      return { invite: created, mailed: deps.mailer.kind === "smtp" };
    } catch (error) {
      deps.logger.warn("cannot send the invite mail", { invite_id: created.id, error: String(error) });
      return { invite: created, mailed: false };
    }
  };

  // JSON API ---------------------------------------------------------------------------------
  api.add({
    method: "get",
    path: "/api/v1/firm",
    summary: "The caller's firm: name and security settings",
    tags: TAGS,
    responses: { 200: { description: "The firm", schema: Firm } },
  });
  app.get("/api/v1/firm", guard("member"), async (c) => {
    return c.json(Firm.parse(found(await inFirm(c, (tx, p) => getFirm(tx, p.firmId)), NO_FIRM)));
  });

  api.add({
    method: "patch",
    path: "/api/v1/firm",
    summary: "Rename the firm or change whether two-factor authentication is required",
    tags: TAGS,
    body: FirmPatch,
    responses: { 200: { description: "The updated firm", schema: Firm } },
  });
  app.patch("/api/v1/firm", guard("firm.settings"), async (c) => {
    const input = await readInput(c, FirmPatch);
    const firm = await inFirm(c, (tx, p) => updateFirm(tx, p.firmId, p, input, auditActor(c)));
    return c.json(Firm.parse(found(firm, NO_FIRM)));
  });

  api.add({
    method: "delete",
    path: "/api/v1/firm",
    summary: "Delete the firm (owners only; confirm_name must be the firm's exact name). Every session ends.",
    tags: TAGS,
    body: FirmDelete,
    responses: { 204: { description: "Deleted" } },
  });
  app.delete("/api/v1/firm", guard("firm.delete"), async (c) => {
    const { confirm_name } = await readInput(c, FirmDelete);
    found(await inFirm(c, (tx, p) => deleteFirm(tx, p.firmId, p, confirm_name, auditActor(c))), NO_FIRM);
    return c.body(null, 204);
  });

  api.add({
    method: "get",
    path: "/api/v1/firm/members",
    summary: "The firm's members and their roles",
    tags: TAGS,
    responses: { 200: { description: "Members", schema: MemberList } },
  });
  app.get("/api/v1/firm/members", guard("members.read"), async (c) => {
    return c.json(MemberList.parse({ items: await inFirm(c, (tx, p) => listMembers(tx, p.firmId)) }));
  });

  api.add({
    method: "post",
    path: "/api/v1/firm/members",
    summary: "Add someone who already has a LedgerFlow account (422 for unknown emails: send an invite)",
    tags: TAGS,
    body: MemberCreate,
    responses: { 201: { description: "The new member", schema: Member } },
  });
  app.post("/api/v1/firm/members", guard("members.manage"), async (c) => {
    const input = await readInput(c, MemberCreate);
    const member = await inFirm(c, (tx, p) => addExistingMember(tx, p.firmId, p, input, auditActor(c)));
    return c.json(Member.parse(member), 201);
  });

  api.add({
    method: "patch",
    path: "/api/v1/firm/members/:user_id",
    summary: "Change a member's role (only owners grant or change owner; a firm keeps at least one owner)",
    tags: TAGS,
    body: RoleChange,
    responses: { 200: { description: "The member", schema: Member } },
  });
  app.patch("/api/v1/firm/members/:user_id", guard("members.manage"), async (c) => {
    const userId = idParam(c, "user_id", NO_MEMBER);
    const { role } = await readInput(c, RoleChange);
    const member = await inFirm(c, (tx, p) => changeRole(tx, p.firmId, p, userId, role, auditActor(c)));
    return c.json(Member.parse(found(member, NO_MEMBER)));
  });

  api.add({
    method: "delete",
    path: "/api/v1/firm/members/:user_id",
    summary: "Remove a member; their sessions and API tokens in this firm are revoked",
    tags: TAGS,
    responses: { 204: { description: "Removed" } },
  });
  app.delete("/api/v1/firm/members/:user_id", guard("members.manage"), async (c) => {
    const userId = idParam(c, "user_id", NO_MEMBER);
    found(await inFirm(c, (tx, p) => removeMember(tx, p.firmId, p, userId, auditActor(c))), NO_MEMBER);
    return c.body(null, 204);
  });

  api.add({
    method: "post",
    path: "/api/v1/firm/invites",
    summary: "Invite someone by email; the response carries the invite link, shown only this once",
    tags: TAGS,
    body: InviteCreate,
    responses: { 201: { description: "The invite and its link", schema: CreatedInvite } },
  });
  app.post("/api/v1/firm/invites", guard("members.manage"), async (c) => {
    const input = await readInput(c, InviteCreate);
    return c.json(CreatedInvite.parse((await invite(c, input)).invite), 201);
  });

  const InviteQuery = z.object({ status: z.enum(INVITE_STATUSES).optional().describe("Only invites in this state") });
  api.add({
    method: "get",
    path: "/api/v1/firm/invites",
    summary: "The firm's invites, newest first (without their links)",
    tags: TAGS,
    query: InviteQuery,
    responses: { 200: { description: "Invites", schema: InviteList } },
  });
  app.get("/api/v1/firm/invites", guard("members.manage"), async (c) => {
    const query = InviteQuery.parse(c.req.query());
    return c.json(InviteList.parse({ items: await inFirm(c, (tx, p) => listInvites(tx, p.firmId, query.status)) }));
  });

  api.add({
    method: "delete",
    path: "/api/v1/firm/invites/:id",
    summary: "Revoke an invite: its link stops working",
    tags: TAGS,
    responses: { 200: { description: "The revoked invite", schema: Invite } },
  });
  app.delete("/api/v1/firm/invites/:id", guard("members.manage"), async (c) => {
    const id = idParam(c, "id", NO_INVITE);
    const revoked = await inFirm(c, (tx, p) => revokeInvite(tx, p.firmId, p, id, auditActor(c)));
    return c.json(Invite.parse(found(revoked, NO_INVITE)));
  });

  // Pages ------------------------------------------------------------------------------------

  /** The whole page, or (for htmx) the part named by `target`. */
  const render = async (c: C, target: FirmTarget, state: FirmPageState = {}, status: 200 | 409 | 422 = 200) => {
    const data = found(await inFirm(c, (tx, p) => loadFirmSettings(tx, p.firmId, p)), NO_FIRM);
    c.header("Vary", "HX-Request", { append: true });
    if (isFragmentRequest(c)) return c.html(FirmFragment({ c, data, state, target }) ?? "", status);
    const page = FirmSettingsPage({ c, data, state });
    return c.html(Layout({ c, title: c.var.i18n.t("firm.title"), children: page }), status);
  };

  /**
   * A page form: success is a 303 to /firm, or for htmx the updated `target`; a 422 or 409
   * re-renders with the message inline (htmx: just `target`). Other errors go to onError.
   */
  const form = async (
    c: C,
    target: FirmTarget,
    run: () => Promise<FirmPageState | Response | void>,
  ): Promise<Response> => {
    try {
      const result = await run();
      if (result instanceof Response) return result;
      const state = result ?? {};
      // An invite link is shown once: render it now rather than redirect it away.
      if (state.created) return await render(c, isFragmentRequest(c) ? target : "page", state);
      if (!isFragmentRequest(c)) return c.redirect("/firm", 303);
      return await render(c, target, state);
    } catch (error) {
      if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
      const state: FirmPageState = {
        error: { target, message: error.message, fields: fields(error), values: await formValues(c) },
      };
      return await render(c, isFragmentRequest(c) ? target : "page", state, error.status as 409 | 422);
    }
  };

  app.get("/firm", guard("member"), (c) => render(c, "page"));

  app.post("/firm", guard("firm.settings"), (c) =>
    form(c, "details", async () => {
      const input = await readInput(c, FirmPatch);
      found(await inFirm(c, (tx, p) => updateFirm(tx, p.firmId, p, input, auditActor(c))), NO_FIRM);
      return { notice: "details" };
    }));

  app.post("/firm/members/:user_id/role", guard("members.manage"), (c) => {
    const userId = idParam(c, "user_id", NO_MEMBER);
    return form(c, `member:${userId}`, async () => {
      const { role } = await readInput(c, RoleChange);
      found(await inFirm(c, (tx, p) => changeRole(tx, p.firmId, p, userId, role, auditActor(c))), NO_MEMBER);
      return { notice: `member:${userId}` };
    });
  });

  app.post("/firm/members/:user_id/remove", guard("members.manage"), (c) => {
    const userId = idParam(c, "user_id", NO_MEMBER);
    return form(c, `member:${userId}`, async () => {
      found(await inFirm(c, (tx, p) => removeMember(tx, p.firmId, p, userId, auditActor(c))), NO_MEMBER);
    });
  });

  app.post("/firm/invites", guard("members.manage"), (c) =>
    form(c, "invites", async () => {
      const input = await readInput(c, InviteCreate);
      const { invite: created, mailed } = await invite(c, input);
      return { created: { email: created.email, url: created.url, mailed } };
    }));

  app.post("/firm/invites/:id/revoke", guard("members.manage"), (c) => {
    const id = idParam(c, "id", NO_INVITE);
    return form(c, `invite:${id}`, async () => {
      found(await inFirm(c, (tx, p) => revokeInvite(tx, p.firmId, p, id, auditActor(c))), NO_INVITE);
    });
  });

  app.post("/firm/delete", guard("firm.delete"), (c) =>
    form(c, "danger", async () => {
      const { confirm_name } = await readInput(c, FirmDelete);
      found(await inFirm(c, (tx, p) => deleteFirm(tx, p.firmId, p, confirm_name, auditActor(c))), NO_FIRM);
      // The session ended with the firm: forget its cookies and leave for the home page.
      clearSessionCookies(c);
      return c.redirect("/", 303);
    }));

  return app;
}

/** Field errors of a 422 (none for a 409). */
function fields(error: ValidationError | ConflictError): Record<string, string> {
  return error instanceof ValidationError ? fieldErrors(error) : {};
}

/** The submitted form fields (already parsed and cached by readInput), to refill the form. */
async function formValues(c: C): Promise<Record<string, string | string[]>> {
  try {
    const body = await c.req.parseBody({ all: true });
    const out: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(body)) {
      const list = [value].flat().filter((v): v is string => typeof v === "string");
      if (list.length) out[key.replace(/\[\]$/, "")] = list.length === 1 ? list[0] : list;
    }
    return out;
  } catch {
    return {};
  }
}
