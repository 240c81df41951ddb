/**
 * Client queries: the firm's customers and the staff assigned to them. Every function takes
 * the firm-scoped transaction first (see db/tenant.ts); "not found" is `undefined`. Members
 * without "clients.read_all" only ever see the clients they are assigned to.
 */
import type { Principal } from "../auth/principal.ts";
import { isUuid } from "../auth/principal.ts";
import { can, type Role } from "../auth/permissions.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import type { Tx } from "../db/tenant.ts";
import { ValidationError } from "../errors.ts";
import type { AssigneeJson, ClientCreateInput, ClientJson, EntityType } from "./schema.ts";
import { maskTaxId, type SealedTaxId, sealTaxId } from "./tax_id.ts";

/** A clients row plus the ids of the members assigned to it (sorted). */
export interface ClientRow {
  id: string;
  firm_id: string;
  name: string;
  entity_type: EntityType;
  tax_id_enc: string | null;
  tax_id_last4: string | null;
  contact_name: string;
  contact_email: string;
  contact_phone: string;
  fiscal_year_start: number;
  notes: string;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
  assigned_user_ids: string[];
}

/** The columns of a client that can be changed in place. */
export type ClientChanges = Partial<
  Pick<
    ClientRow,
    "name" | "entity_type" | "contact_name" | "contact_email" | "contact_phone" | "fiscal_year_start" | "notes"
  > & SealedTaxId
>;

/** Who is looking: their user id and role decide which clients they see. */
export type Viewer = Pick<Principal, "userId" | "role">;

/** Filters for {@link listClients}. */
export interface ClientFilter {
  /** Case-insensitive text in the name, contact name, email or phone. */
  q?: string;
  /** Archived clients instead of active ones. */
  archived?: boolean;
  limit?: number;
}

/** A member of the firm, as offered for assignment. */
export type Member = AssigneeJson & { role: Role };

/** The maximum page of {@link listClients}. */
export const MAX_LIMIT = 1000;

// Updates alias the table without "as": postgres.js picks its object helper by the last SQL
// keyword before it, and "as" would make `set ${tx(changes)}` a select list.
const columns = (tx: Tx) =>
  tx`c.id, c.firm_id, c.name, c.entity_type, c.tax_id_enc, c.tax_id_last4, c.contact_name, c.contact_email,
     c.contact_phone, c.fiscal_year_start, c.notes, c.archived_at, c.created_at, c.updated_at,
     coalesce((select array_agg(a.user_id::text order by a.user_id) from client_assignments a
                where a.client_id = c.id), '{}') as assigned_user_ids`;

/** Restricts to the viewer's assigned clients unless they may read all of them. */
const scope = (tx: Tx, viewer: Viewer) =>
  can(viewer.role, "clients.read_all")
    ? tx``
    : tx`join client_assignments mine on mine.client_id = c.id and mine.user_id = ${viewer.userId}`;

/** Escapes LIKE wildcards so that a search for "50%" means the text "50%". */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** The clients the viewer may see, ordered by name. */
export async function listClients(tx: Tx, viewer: Viewer, filter: ClientFilter = {}): Promise<ClientRow[]> {
  const q = filter.q?.trim();
  const pattern = q ? likePattern(q) : undefined;
  const limit = Math.min(Math.max(filter.limit ?? 200, 1), MAX_LIMIT);
  return await tx<ClientRow[]>`
    select ${columns(tx)}
      from clients c ${scope(tx, viewer)}
     where (c.archived_at is not null) = ${filter.archived ?? false}
       ${
    pattern
      ? tx`and (c.name ilike ${pattern} or c.contact_name ilike ${pattern} or c.contact_email ilike ${pattern}
                or c.contact_phone ilike ${pattern})`
      : tx``
  }
     order by lower(c.name), c.id
     limit ${limit}`;
}

/**
 * One client the viewer may see; undefined for malformed ids, other firms' clients and
 * clients the viewer is not assigned to. `forUpdate` locks the row until the transaction ends.
 */
export async function getClient(
  tx: Tx,
  viewer: Viewer,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ClientRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx<ClientRow[]>`
    select ${columns(tx)}
      from clients c ${scope(tx, viewer)}
     where c.id = ${id}
     ${opts.forUpdate ? tx`for update of c` : tx``}`;
  return row;
}

/** Inserts a client of the current firm, its tax id encrypted; returns the new row. */
export async function createClient(
  tx: Tx,
  keyring: KeyRing,
  firmId: string,
  input: ClientCreateInput,
): Promise<ClientRow> {
  const id = crypto.randomUUID();
  const sealed = await sealTaxId(keyring, id, input.tax_id);
  const [row] = await tx<ClientRow[]>`
    insert into clients as c (id, firm_id, name, entity_type, tax_id_enc, tax_id_last4, contact_name, contact_email,
                              contact_phone, fiscal_year_start, notes)
    values (${id}, ${firmId}, ${input.name}, ${input.entity_type}, ${sealed.tax_id_enc}, ${sealed.tax_id_last4},
            ${input.contact_name}, ${input.contact_email}, ${input.contact_phone}, ${input.fiscal_year_start},
            ${input.notes})
    returning ${columns(tx)}`;
  return row;
}

/** Changes the given columns of a client; undefined when there is no such client. */
export async function updateClient(tx: Tx, id: string, changes: ClientChanges): Promise<ClientRow | undefined> {
  const keys = Object.keys(changes) as (keyof ClientChanges)[];
  if (!isUuid(id) || keys.length === 0) return undefined;
  const [row] = await tx<ClientRow[]>`
    update clients c set ${tx(changes as Record<string, string | number | null>, keys)}, updated_at = now()
     where c.id = ${id}
    returning ${columns(tx)}`;
  return row;
}

/** Archives an active client; undefined when it is missing or already archived. */
export async function archiveClient(tx: Tx, id: string): Promise<ClientRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx<ClientRow[]>`
    update clients c set archived_at = now(), updated_at = now()
     where c.id = ${id} and c.archived_at is null
    returning ${columns(tx)}`;
  return row;
}

/** Restores an archived client; undefined when it is missing or not archived. */
export async function restoreClient(tx: Tx, id: string): Promise<ClientRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx<ClientRow[]>`
    update clients c set archived_at = null, updated_at = now()
     where c.id = ${id} and c.archived_at is not null
    returning ${columns(tx)}`;
  return row;
}

/** The members of the current firm, by name (for the assignment form). */
export async function listMembers(tx: Tx): Promise<Member[]> {
  return await tx<Member[]>`
    select u.id, u.name, u.email, m.role
      from memberships m join users u on u.id = m.user_id
     order by lower(coalesce(nullif(u.name, ''), u.email)), u.id`;
}

/** The members assigned to a client, by name. */
export async function listAssignments(tx: Tx, clientId: string): Promise<Member[]> {
  if (!isUuid(clientId)) return [];
  return await tx<Member[]>`
    select u.id, u.name, u.email, m.role
      from client_assignments a
      join memberships m on m.firm_id = a.firm_id and m.user_id = a.user_id
      join users u on u.id = a.user_id
     where a.client_id = ${clientId}
     order by lower(coalesce(nullif(u.name, ''), u.email)), u.id`;
}

/**
 * Makes `userIds` the complete list of members assigned to the client; returns it sorted.
 * Throws a ValidationError (422) naming each id that is not a member of the firm.
 */
export async function setAssignments(tx: Tx, clientId: string, userIds: string[]): Promise<string[]> {
  const ids = [...new Set(userIds.map((id) => id.toLowerCase()))].sort();
  const valid = ids.filter((id) => isUuid(id));
  const members = valid.length === 0 ? [] : await tx<{ user_id: string }[]>`
    select user_id::text from memberships where user_id = any(${valid}::uuid[])`;
  const known = new Set(members.map((m) => m.user_id));
  const unknown = userIds.map((id, i) => ({ id, i })).filter(({ id }) => !known.has(id.toLowerCase()));
  if (unknown.length) {
    throw new ValidationError(
      "Only members of this firm can be assigned to a client",
      unknown.map(({ i }) => ({ path: `user_ids.${i}`, message: "Not a member of this firm" })),
    );
  }
  await tx`
    with removed as (
      delete from client_assignments where client_id = ${clientId} and user_id <> all(${ids}::uuid[])
    )
    insert into client_assignments (firm_id, client_id, user_id)
    select current_firm_id(), ${clientId}, u from unnest(${ids}::uuid[]) u
    on conflict (client_id, user_id) do nothing`;
  return ids;
}

/** The API object of a client: masked tax id, ISO dates, no ciphertext. */
export function toClientJson(row: ClientRow): ClientJson {
  return {
    id: row.id,
    name: row.name,
    entity_type: row.entity_type,
    tax_id_masked: maskTaxId(row.tax_id_last4),
    contact_name: row.contact_name,
    contact_email: row.contact_email,
    contact_phone: row.contact_phone,
    fiscal_year_start: row.fiscal_year_start,
    notes: row.notes,
    archived: row.archived_at !== null,
    archived_at: row.archived_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    assigned_user_ids: row.assigned_user_ids,
  };
}
