/**
 * Saved views: a member's named transaction filters (the query string of a client's
 * transactions page). The table also allows firm-wide views (client_id null); the API does not
 * offer them yet. Views are private: every function filters on the member's user
 * id, so another member's view is "not found". Creating and deleting are audited.
 */
import { z } from "zod";
import { type AuditActor, writeAudit } from "../audit/audit.ts";
import { isUuid, type Principal } from "../auth/principal.ts";
import { getClient } from "../clients/clients.ts";
import type { Tx } from "../db/tenant.ts";
import { NotFoundError, ValidationError } from "../errors.ts";

/** Most saved views one member may keep. */
export const MAX_VIEWS = 100;

/** Parameters that describe a position in a list rather than a filter; never saved. */
const TRANSIENT = new Set(["cursor", "limit"]);

/** A saved view as the API returns it. */
export const SavedViewJson = z.object({
  id: z.uuid(),
  name: z.string(),
  client_id: z.uuid().nullable().describe("The client whose transactions the view filters"),
  query: z.string().describe('The filter as a query string without "?", e.g. "q=coffee&review=1"'),
  url: z.string().describe("Where the view opens"),
  created_at: z.string(),
}).meta({ id: "SavedView" });
export type SavedViewJson = z.infer<typeof SavedViewJson>;

/** Body of POST /api/v1/views. */
export const SavedViewCreate = z.object({
  name: z.string().trim().min(1, "Enter a name").max(80, "Use at most 80 characters"),
  client_id: z.uuid("Not a client id").describe("The client whose transactions the view filters"),
  query: z.string().max(2000, "The filter is too long to save").default(""),
}).strict().meta({ id: "SavedViewCreate" });
export type SavedViewCreate = z.input<typeof SavedViewCreate>;

interface Row {
  id: string;
  name: string;
  client_id: string | null;
  query: string;
  created_at: Date;
}

/** The workspace URL of a view. */
export function viewUrl(clientId: string | null, query: string): string {
  const base = clientId ? `/clients/${clientId}/transactions` : "/transactions";
  return query ? `${base}?${query}` : base;
}

const toJson = (r: Row): SavedViewJson => ({
  id: r.id,
  name: r.name,
  client_id: r.client_id,
  query: r.query,
  url: viewUrl(r.client_id, r.query),
  created_at: r.created_at.toISOString(),
});

/**
 * A query string as stored: without a leading "?", without empty values and without
 * pagination parameters, in a stable order of appearance.
 */
export function normalizeQuery(query: string): string {
  const params = new URLSearchParams(query.trim().replace(/^\?/, ""));
  const out = new URLSearchParams();
  for (const [key, value] of params) {
    if (!TRANSIENT.has(key) && value.trim() !== "") out.append(key, value);
  }
  return out.toString();
}

/** The member's views, oldest first: for one client, or all of them when `clientId` is omitted. */
export async function listSavedViews(
  tx: Tx,
  principal: Pick<Principal, "userId">,
  opts: { clientId?: string | null } = {},
): Promise<SavedViewJson[]> {
  const rows = await tx<Row[]>`
    select id, name, client_id, query, created_at from saved_views
     where user_id = ${principal.userId}
       ${
    opts.clientId === undefined
      ? tx``
      : opts.clientId === null
      ? tx`and client_id is null`
      : tx`and client_id = ${opts.clientId}`
  }
     order by created_at, id`;
  return rows.map(toJson);
}

/** Saves a view for the member. The client must be one they may see (404 otherwise). */
export async function createSavedView(
  tx: Tx,
  principal: Principal,
  input: SavedViewCreate,
  actor: AuditActor,
): Promise<SavedViewJson> {
  const data = SavedViewCreate.parse(input);
  const clientId = data.client_id;
  if (!await getClient(tx, principal, clientId)) throw new NotFoundError("No client with that id");
  const query = normalizeQuery(data.query);
  const [{ n }] = await tx<{ n: number }[]>`
    select count(*)::int as n from saved_views where user_id = ${principal.userId}`;
  if (n >= MAX_VIEWS) {
    throw new ValidationError(`You can keep at most ${MAX_VIEWS} saved views; delete one first`, [
      { path: "name", message: "Too many saved views" },
    ]);
  }
  const [row] = await tx<Row[]>`
    insert into saved_views (firm_id, user_id, client_id, name, query)
    values (${principal.firmId}, ${principal.userId}, ${clientId}, ${data.name}, ${query})
    returning id, name, client_id, query, created_at`;
  await writeAudit(tx, principal.firmId, actor, {
    action: "saved_view.create",
    entityType: "saved_view",
    entityId: row.id,
    after: { name: row.name, client_id: row.client_id, query: row.query },
  });
  return toJson(row);
}

/** Deletes one of the member's own views; anything else is a 404. Returns the deleted view. */
export async function deleteSavedView(
  tx: Tx,
  principal: Principal,
  id: string,
  actor: AuditActor,
): Promise<SavedViewJson> {
  if (!isUuid(id)) throw new NotFoundError("No saved view with that id");
  const [row] = await tx<Row[]>`
    delete from saved_views where id = ${id} and user_id = ${principal.userId}
    returning id, name, client_id, query, created_at`;
  if (!row) throw new NotFoundError("No saved view with that id");
  await writeAudit(tx, principal.firmId, actor, {
    action: "saved_view.delete",
    entityType: "saved_view",
    entityId: row.id,
    before: { name: row.name, client_id: row.client_id, query: row.query },
  });
  return toJson(row);
}
