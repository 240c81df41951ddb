/**
 * Routes: clients, the firm's customers. JSON under /api/v1/clients, pages under /clients
 * (plain forms that htmx enhances). Each route declares its guard first; members without
 * "clients.read_all" see only their assigned clients, and any other client is a 404.
 */
import { type Context, Hono } from "hono";
import type { z } from "zod";
import type { RouteDeps } from "../app.ts";
import { can } from "../auth/permissions.ts";
import { getClient, listAssignments, listClients, listMembers, type Member, toClientJson } from "../clients/clients.ts";
import {
  Assignments,
  AssignmentsForm,
  AssignmentsUpdate,
  Client,
  ClientCreate,
  ClientEditForm,
  type ClientJson,
  ClientList,
  ClientListQuery,
  ClientUpdate,
} from "../clients/schema.ts";
import {
  archiveClientAudited,
  type ClientEditor,
  createClientAudited,
  restoreClientAudited,
  setAssignmentsAudited,
  updateClientAudited,
} from "../clients/service.ts";
import { type Tx, withFirm } from "../db/tenant.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import type { AppEnv } from "../http/env.ts";
import { fieldErrors, readInput } from "../http/input.ts";
import { guard } from "../http/policy.ts";
import { type Html, type Representation, respond } from "../http/represent.ts";
import { auditActor, principalOf } from "../http/request_info.ts";
import { type ClientDetailData, ClientDetailPage } from "../../views/ClientDetailPage.tsx";
import { type ClientFormData, ClientFormPage, clientFormValues } from "../../views/ClientFormPage.tsx";
import { type ClientListData, ClientListPage, ClientResults } from "../../views/ClientListPage.tsx";
import { Layout } from "../../views/Layout.tsx";

type C = Context<AppEnv>;

const TAGS = ["Clients"];
const NOT_FOUND = "No client with that id";

const listRepresentation: Representation<ClientListData> = {
  schema: ClientList,
  title: (_d, c) => c.var.i18n.t("clients.title"),
  page: (data, c) => ClientListPage({ c, data }),
  fragment: (data, c) => ClientResults({ c, data }),
};

/** Mounts the clients routes. */
export function clientRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql, api, keyring } = deps;
  const inFirm = <T,>(c: C, fn: (tx: Tx) => Promise<T>) => withFirm(sql, principalOf(c).firmId, fn);
  const editor = (c: C): ClientEditor => ({ principal: principalOf(c), actor: auditActor(c), keyring });
  const id = (c: C) => c.req.param("id") ?? "";

  // Loaders ------------------------------------------------------------------------------------
  const loadList = async (c: C): Promise<ClientListData> => {
    const parsed = ClientListQuery.safeParse(c.req.query());
    if (!parsed.success) {
      throw new ValidationError(
        "The query is not valid",
        parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      );
    }
    const { q = "", archived, limit } = parsed.data;
    const principal = principalOf(c);
    const rows = await inFirm(c, (tx) =>
      listClients(tx, principal, {
        q,
        archived: archived === "true",
        limit: limit === undefined ? undefined : Number(limit),
      }));
    return { items: rows.map(toClientJson) };
  };

  const loadDetail = async (c: C): Promise<ClientDetailData> => {
    const principal = principalOf(c);
    return await inFirm(c, async (tx) => {
      const row = await getClient(tx, principal, id(c));
      if (!row) throw new NotFoundError(NOT_FOUND);
      const assignees = await listAssignments(tx, row.id);
      const members: Member[] = can(principal.role, "clients.assign") ? await listMembers(tx) : [];
      return { ...toClientJson(row), assignees, members };
    });
  };

  const loadAssignments = async (c: C) => {
    const principal = principalOf(c);
    return await inFirm(c, async (tx) => {
      const row = await getClient(tx, principal, id(c));
      if (!row) throw new NotFoundError(NOT_FOUND);
      const users = (await listAssignments(tx, row.id)).map(({ id, name, email, role }) => ({ id, name, email, role }));
      return { user_ids: row.assigned_user_ids, users };
    });
  };

  /** A client page, or the form again with inline errors (422). */
  const formPage = (c: C, data: ClientFormData, status: 200 | 422 = 200) =>
    page(
      c,
      data.client ? c.var.i18n.t("clients.edit.title", { name: data.client.name }) : c.var.i18n.t("clients.new.title"),
      ClientFormPage({ c, data }),
      status,
    );

  /** Reads a page form; on invalid fields returns the form again (422) instead of throwing. */
  const readForm = async <S extends z.ZodType>(
    c: C,
    schema: S,
    client?: ClientJson,
  ): Promise<{ input: z.output<S>; response?: never } | { input?: never; response: Response }> => {
    try {
      return { input: await readInput(c, schema) };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const values = Object.fromEntries(
        Object.entries(await c.req.parseBody()).map(([k, v]) => [k, typeof v === "string" ? v : ""]),
      );
      return { response: await formPage(c, { client, values, errors: fieldErrors(error) }, 422) };
    }
  };

  // List ---------------------------------------------------------------------------------------
  api.add({
    method: "get",
    path: "/api/v1/clients",
    summary: "List clients (active or archived), optionally searching name and contact fields",
    tags: TAGS,
    query: ClientListQuery,
    responses: { 200: { description: "The clients the caller may see, by name", schema: ClientList } },
  });
  app.get("/api/v1/clients", guard("clients.read"), async (c) => respond(c, listRepresentation, await loadList(c)));
  app.get("/clients", guard("clients.read"), async (c) => present(c, listRepresentation, await loadList(c)));

  // Create -------------------------------------------------------------------------------------
  api.add({
    method: "post",
    path: "/api/v1/clients",
    summary: "Add a client",
    tags: TAGS,
    body: ClientCreate,
    responses: { 201: { description: "The new client", schema: Client } },
  });
  app.post("/api/v1/clients", guard("clients.create"), async (c) => {
    const input = await readInput(c, ClientCreate);
    const row = await inFirm(c, (tx) => createClientAudited(tx, editor(c), input));
    c.header("Location", `/api/v1/clients/${row.id}`);
    return c.json(Client.parse(toClientJson(row)), 201);
  });
  app.get("/clients/new", guard("clients.create"), (c) => formPage(c, { values: {}, errors: {} }));
  app.post("/clients", guard("clients.create"), async (c) => {
    const form = await readForm(c, ClientCreate);
    if (form.response) return form.response;
    const row = await inFirm(c, (tx) => createClientAudited(tx, editor(c), form.input));
    return c.redirect(`/clients/${row.id}`, 303);
  });

  // Read ---------------------------------------------------------------------------------------
  api.add({
    method: "get",
    path: "/api/v1/clients/:id",
    summary: "One client",
    tags: TAGS,
    responses: { 200: { description: "The client", schema: Client } },
  });
  app.get("/api/v1/clients/:id", guard("clients.read"), async (c) => c.json(Client.parse(await loadDetail(c))));
  app.get("/clients/:id", guard("clients.read"), async (c) => {
    const data = await loadDetail(c);
    return page(c, data.name, ClientDetailPage({ c, data }));
  });

  // Update -------------------------------------------------------------------------------------
  api.add({
    method: "patch",
    path: "/api/v1/clients/:id",
    summary: "Change some fields of a client",
    tags: TAGS,
    body: ClientUpdate,
    responses: { 200: { description: "The updated client", schema: Client } },
  });
  app.patch("/api/v1/clients/:id", guard("clients.update"), async (c) => {
    const input = await readInput(c, ClientUpdate);
    const row = await inFirm(c, (tx) => updateClientAudited(tx, editor(c), id(c), input));
    return c.json(Client.parse(toClientJson(row)), 200);
  });
  app.get("/clients/:id/edit", guard("clients.update"), async (c) => {
    const client = await loadClient(c);
    return formPage(c, { client, values: clientFormValues(client), errors: {} });
  });
  app.post("/clients/:id", guard("clients.update"), async (c) => {
    const client = await loadClient(c);
    const form = await readForm(c, ClientEditForm, client);
    if (form.response) return form.response;
    await inFirm(c, (tx) => updateClientAudited(tx, editor(c), client.id, form.input));
    return c.redirect(`/clients/${client.id}`, 303);
  });

  // Archive and restore ------------------------------------------------------------------------
  api.add({
    method: "delete",
    path: "/api/v1/clients/:id",
    summary: "Archive a client (idempotent; its data is kept and it can be restored)",
    tags: TAGS,
    responses: { 200: { description: "The archived client", schema: Client } },
  });
  app.delete("/api/v1/clients/:id", guard("clients.archive"), async (c) => {
    const row = await inFirm(c, (tx) => archiveClientAudited(tx, editor(c), id(c)));
    return c.json(Client.parse(toClientJson(row)), 200);
  });
  app.post("/clients/:id/archive", guard("clients.archive"), async (c) => {
    const row = await inFirm(c, (tx) => archiveClientAudited(tx, editor(c), id(c)));
    return c.redirect(`/clients/${row.id}`, 303);
  });
  api.add({
    method: "post",
    path: "/api/v1/clients/:id/restore",
    summary: "Restore an archived client (idempotent)",
    tags: TAGS,
    responses: { 200: { description: "The restored client", schema: Client } },
  });
  app.post("/api/v1/clients/:id/restore", guard("clients.archive"), async (c) => {
    const row = await inFirm(c, (tx) => restoreClientAudited(tx, editor(c), id(c)));
    return c.json(Client.parse(toClientJson(row)), 200);
  });
  app.post("/clients/:id/restore", guard("clients.archive"), async (c) => {
    const row = await inFirm(c, (tx) => restoreClientAudited(tx, editor(c), id(c)));
    return c.redirect(`/clients/${row.id}`, 303);
  });

  // Assignments --------------------------------------------------------------------------------
  api.add({
    method: "get",
    path: "/api/v1/clients/:id/assignments",
    summary: "The members assigned to a client",
    tags: TAGS,
    responses: { 200: { description: "Assigned members", schema: Assignments } },
  });
  app.get("/api/v1/clients/:id/assignments", guard("clients.read"), async (c) => {
    return c.json(Assignments.parse(await loadAssignments(c)), 200);
  });
  api.add({
    method: "put",
    path: "/api/v1/clients/:id/assignments",
    summary: "Replace the members assigned to a client (each must be a member of the firm)",
    tags: TAGS,
    body: AssignmentsUpdate,
    responses: { 200: { description: "Assigned members", schema: Assignments } },
  });
  app.put("/api/v1/clients/:id/assignments", guard("clients.assign"), async (c) => {
    const { user_ids } = await readInput(c, AssignmentsUpdate);
    await inFirm(c, (tx) => setAssignmentsAudited(tx, editor(c), id(c), user_ids));
    return c.json(Assignments.parse(await loadAssignments(c)), 200);
  });
  app.post("/clients/:id/assignments", guard("clients.assign"), async (c) => {
    const { user_ids } = await readInput(c, AssignmentsForm);
    await inFirm(c, (tx) => setAssignmentsAudited(tx, editor(c), id(c), user_ids));
    return c.redirect(`/clients/${id(c)}`, 303);
  });

  /** The client for an edit page, or 404. */
  async function loadClient(c: C): Promise<ClientJson> {
    const principal = principalOf(c);
    const row = await inFirm(c, (tx) => getClient(tx, principal, id(c)));
    if (!row) throw new NotFoundError(NOT_FOUND);
    return toClientJson(row);
  }

  return app;
}

/**
 * Like `respond`, but an htmx history restore (the back button after a search pushed its URL)
 * gets the full page, not the fragment it would otherwise get for an HX-Request.
 */
function present<T>(c: C, rep: Representation<T>, data: T): Response | Promise<Response> {
  c.header("Vary", "HX-History-Restore-Request", { append: true });
  if (c.req.header("HX-History-Restore-Request") === "true") {
    c.header("Vary", "HX-Request", { append: true });
    return page(c, rep.title(data, c), rep.page(data, c));
  }
  return respond(c, rep, data);
}

/** A full HTML page in the Layout. */
function page(c: C, title: string, body: Html, status: 200 | 422 = 200): Response | Promise<Response> {
  return c.html(Layout({ c, title, children: body }), status);
}
