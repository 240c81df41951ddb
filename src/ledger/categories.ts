/**
 * The firm's chart of categories: the IRS Schedule C lines seeded for every firm (system
 * categories, which cannot be renamed or removed) plus custom categories that roll up to one of
 * them. A custom category takes its parent's Schedule C line and kind, so reports group by line
 * without knowing about custom categories. Removing a category that anything refers to
 * (transactions, splits, rules, child categories) archives it instead: it keeps its name on old
 * rows but can no longer be assigned.
 */
import { z } from "zod";
import { type AuditActor, writeAudit } from "../audit/audit.ts";
import { can } from "../auth/permissions.ts";
import { isUuid, type Principal } from "../auth/principal.ts";
import type { Tx } from "../db/tenant.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.ts";

/** Kinds of category (see migrations/00004_ledger.sql). */
export const CATEGORY_KINDS = ["income", "expense", "transfer", "owner", "personal", "uncategorized"] as const;
export type CategoryKind = typeof CATEGORY_KINDS[number];

/** Who may change the chart of categories: it is firm-wide configuration (owners and admins). */
export const CATEGORY_ADMIN_ACTION = "firm.settings";

/** A category as the API returns it. */
export const CategoryJson = z.object({
  id: z.uuid(),
  name: z.string(),
  line: z.string().nullable().describe('Schedule C line ("8", "16a", "27a"…), or null'),
  parent_id: z.uuid().nullable().describe("The Schedule C category a custom category rolls up to"),
  kind: z.enum(CATEGORY_KINDS),
}).meta({ id: "Category" });
export type CategoryJson = z.infer<typeof CategoryJson>;

const Name = z.string().trim().min(1, "Enter a name").max(120, "Use at most 120 characters");

/** Body of POST /api/v1/categories. */
export const CategoryCreate = z.object({
  name: Name,
  parent_id: z.uuid("Choose a category to roll up to").nullable().optional()
    .describe("A Schedule C line category; required for income and expense categories"),
  kind: z.enum(["income", "expense", "transfer", "owner", "personal"]).optional()
    .describe("Defaults to the parent's kind"),
}).strict().meta({ id: "CategoryCreate" });
export type CategoryCreate = z.output<typeof CategoryCreate>;

/** Body of PATCH /api/v1/categories/:id. */
export const CategoryUpdate = z.object({ name: Name }).strict().meta({ id: "CategoryUpdate" });
export type CategoryUpdate = z.output<typeof CategoryUpdate>;

/** A categories row. */
export interface CategoryRow {
  id: string;
  firm_id: string;
  name: string;
  line: string | null;
  parent_id: string | null;
  kind: CategoryKind;
  system: boolean;
  position: number;
  archived_at: Date | null;
}

const COLUMNS = (tx: Tx) => tx`id, firm_id, name, line, parent_id, kind, system, position, archived_at`;

/** The API object of a category. */
export function toCategoryJson(row: CategoryRow): CategoryJson {
  return { id: row.id, name: row.name, line: row.line, parent_id: row.parent_id, kind: row.kind };
}

/** The firm's categories in chart order (custom ones right after their parent); archived ones only on request. */
export async function listCategories(tx: Tx, opts: { archived?: boolean } = {}): Promise<CategoryRow[]> {
  return await tx<CategoryRow[]>`
    select ${COLUMNS(tx)} from categories
     where ${opts.archived ? tx`true` : tx`archived_at is null`}
     order by position, parent_id nulls first, lower(name), id`;
}

/** One category of the firm, or undefined. */
export async function getCategory(tx: Tx, id: string, opts: { forUpdate?: boolean } = {}) {
  if (!isUuid(id)) return undefined;
  const [row] = await tx<CategoryRow[]>`
    select ${COLUMNS(tx)} from categories where id = ${id} ${opts.forUpdate ? tx`for update` : tx``}`;
  return row;
}

/**
 * Categories that may be assigned to transactions (exist in the firm, not archived), by id.
 * Throws a ValidationError naming `path` for any other id.
 */
export async function assignableCategories(
  tx: Tx,
  ids: { id: string; path: string }[],
): Promise<Map<string, CategoryRow>> {
  const wanted = [...new Set(ids.map((i) => i.id).filter(isUuid))];
  const rows = wanted.length
    ? await tx<CategoryRow[]>`select ${COLUMNS(tx)} from categories where id = any(${wanted}::uuid[])`
    : [];
  const found = new Map(rows.map((r) => [r.id, r]));
  const errors = ids.flatMap(({ id, path }) => {
    const row = found.get(id);
    if (!row) return [{ path, message: "No category with that id" }];
    if (row.archived_at) return [{ path, message: `The category "${row.name}" is archived` }];
    return [];
  });
  if (errors.length) throw new ValidationError("Choose an active category of this firm", errors);
  return found;
}

function requireAdmin(principal: Principal) {
  if (!can(principal.role, CATEGORY_ADMIN_ACTION)) throw new ForbiddenError("Only owners and admins change categories");
}

async function nameTaken(tx: Tx, name: string, exceptId?: string): Promise<boolean> {
  const [row] = await tx`
    select 1 from categories
     where lower(name) = lower(${name}) and archived_at is null ${exceptId ? tx`and id <> ${exceptId}` : tx``}`;
  return !!row;
}

/**
 * Adds a custom category. Income and expense categories must roll up to a Schedule C line
 * category (`parent_id`); transfer, owner and personal ones may name a system category of their
 * kind. The new category inherits the parent's line and kind. Audited as "category.create".
 */
export async function createCategory(
  tx: Tx,
  principal: Principal,
  input: CategoryCreate,
  actor: AuditActor,
): Promise<CategoryRow> {
  requireAdmin(principal);
  const parent = input.parent_id ? await getCategory(tx, input.parent_id) : undefined;
  if (input.parent_id && (!parent || parent.archived_at)) {
    throw new ValidationError("Choose an active category to roll up to", [
      { path: "parent_id", message: "No such category" },
    ]);
  }
  const kind = input.kind ?? parent?.kind ?? "expense";
  if (parent) {
    if (!parent.system || parent.parent_id) {
      throw new ValidationError("A custom category rolls up to one of the built-in categories", [
        { path: "parent_id", message: "Choose a built-in (Schedule C) category" },
      ]);
    }
    if (parent.kind !== kind) {
      throw new ValidationError(`A ${kind} category cannot roll up to a ${parent.kind} category`, [
        { path: "kind", message: `Use "${parent.kind}" or choose another parent` },
      ]);
    }
  }
  if ((kind === "income" || kind === "expense") && !parent?.line) {
    throw new ValidationError("Custom income and expense categories must roll up to a Schedule C line", [
      { path: "parent_id", message: "Choose the Schedule C line category it belongs to" },
    ]);
  }
  if (await nameTaken(tx, input.name)) throw new ConflictError(`A category named "${input.name}" already exists`);
  const [row] = await tx<CategoryRow[]>`
    insert into categories (firm_id, name, line, parent_id, kind, system, position)
    values (${principal.firmId}, ${input.name}, ${parent?.line ?? null}, ${parent?.id ?? null}, ${kind}, false,
            ${parent ? parent.position + 1 : 950})
    returning ${COLUMNS(tx)}`;
  await writeAudit(tx, principal.firmId, actor, {
    action: "category.create",
    entityType: "category",
    entityId: row.id,
    after: toCategoryJson(row),
  });
  return row;
}

async function lockCustom(tx: Tx, id: string, verb: string): Promise<CategoryRow> {
  const row = await getCategory(tx, id, { forUpdate: true });
  if (!row) throw new NotFoundError("No category with that id");
  if (row.system) throw new ConflictError(`Built-in Schedule C categories cannot be ${verb}`);
  return row;
}

/** Renames a custom category ("category.update"); system categories → 409. */
export async function renameCategory(
  tx: Tx,
  principal: Principal,
  id: string,
  input: CategoryUpdate,
  actor: AuditActor,
): Promise<CategoryRow> {
  requireAdmin(principal);
  const row = await lockCustom(tx, id, "renamed");
  if (row.archived_at) throw new ConflictError("An archived category cannot be renamed");
  if (row.name === input.name) return row;
  if (await nameTaken(tx, input.name, row.id)) {
    throw new ConflictError(`A category named "${input.name}" already exists`);
  }
  const [updated] = await tx<CategoryRow[]>`
    update categories set name = ${input.name} where id = ${row.id} returning ${COLUMNS(tx)}`;
  await writeAudit(tx, principal.firmId, actor, {
    action: "category.update",
    entityType: "category",
    entityId: row.id,
    before: { name: row.name },
    after: { name: updated.name },
  });
  return updated;
}

/** Whether transactions, splits, rules or other categories refer to the category. */
export async function categoryInUse(tx: Tx, id: string): Promise<boolean> {
  const [row] = await tx<{ used: boolean }[]>`
    select exists (select 1 from transactions where category_id = ${id})
        or exists (select 1 from transaction_splits where category_id = ${id})
        or exists (select 1 from categories where parent_id = ${id})
        or exists (select 1 from rules
                    where strpos(actions::text, ${id}) > 0 or strpos(conditions::text, ${id}) > 0) as used`;
  return row.used;
}

/**
 * Removes a custom category: deleted when nothing refers to it ("category.delete",
 * `{archived: false}`), archived when something does ("category.archive", `{archived: true}`).
 * Archiving twice changes nothing. System categories → 409.
 */
export async function deleteCategory(
  tx: Tx,
  principal: Principal,
  id: string,
  actor: AuditActor,
): Promise<{ archived: boolean }> {
  requireAdmin(principal);
  const row = await lockCustom(tx, id, "removed");
  if (row.archived_at) return { archived: true };
  // The row lock (FOR UPDATE) conflicts with the key-share lock a referencing insert takes, so
  // nothing can start referring to the category between this check and the delete.
  const archived = await categoryInUse(tx, row.id);
  if (archived) await tx`update categories set archived_at = now() where id = ${row.id}`;
  else await tx`delete from categories where id = ${row.id}`;
  await writeAudit(tx, principal.firmId, actor, {
    action: archived ? "category.archive" : "category.delete",
    entityType: "category",
    entityId: row.id,
    before: { ...toCategoryJson(row), archived: false },
    after: archived ? { ...toCategoryJson(row), archived: true } : null,
  });
  return { archived };
}
