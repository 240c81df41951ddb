/**
 * The ledger editing API: categories (the firm's Schedule C chart), one transaction (read,
 * change, history), bulk changes and undo. JSON only; the workspace pages call the same service
 * functions (src/ledger/edit.ts, undo.ts, categories.ts).
 *
 * Guards: reading categories is for any member; changing them is firm configuration
 * ("firm.settings": owners and admins). Changing transactions needs "ledger.edit", except that
 * reviewers ("ledger.review") may set only `needs_review` — PATCH, bulk and undo admit them and
 * the service functions refuse (403) anything else. Transactions of another firm or of a client
 * the caller is not assigned to are 404.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { RouteDeps } from "../app.ts";
import { can } from "../auth/permissions.ts";
import { type Tx, withFirm } from "../db/tenant.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import type { AppEnv } from "../http/env.ts";
import { readInput } from "../http/input.ts";
import { type Guard, guard, POLICY } from "../http/policy.ts";
import { auditActor, principalOf } from "../http/request_info.ts";
import {
  CATEGORY_ADMIN_ACTION,
  CategoryCreate,
  CategoryJson,
  CategoryUpdate,
  createCategory,
  deleteCategory,
  listCategories,
  renameCategory,
  toCategoryJson,
} from "../ledger/categories.ts";
import {
  BulkInput,
  bulkUpdate,
  canSeeTransaction,
  getTransactionDetail,
  TransactionDetail,
  TransactionPatch,
  updateTransaction,
} from "../ledger/edit.ts";
import { transactionHistory, undoLast } from "../ledger/undo.ts";

type C = Context<AppEnv>;

const CategoryQuery = z.object({
  archived: z.enum(["true", "false"]).optional().describe("true: include archived categories"),
});
const CategoryList = z.array(CategoryJson).meta({ id: "CategoryList" });

const HistoryItem = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ type: z.string(), label: z.string() }),
  action: z.string().describe('"transaction.update" or "transaction.undo"'),
  changes: z.record(z.string(), z.unknown()).describe("Changed fields as {field: {from, to}}; _details for context"),
}).meta({ id: "TransactionHistoryItem" });
const History = z.object({ items: z.array(HistoryItem) }).meta({ id: "TransactionHistory" });

/**
 * "ledger.edit", admitting reviewers too: their requests go on to the service functions, which
 * let them change `needs_review` only. Documented (and enumerated by tests) as "ledger.edit".
 */
function editOrReview(): Guard {
  const edit = guard("ledger.edit");
  const review = guard("ledger.review");
  const mw = (async (c: C, next: () => Promise<void>) => {
    const role = c.var.principal?.role;
    const reviewer = role !== undefined && !can(role, "ledger.edit") && can(role, "ledger.review");
    return await (reviewer ? review : edit)(c, next);
  }) as Guard;
  mw[POLICY] = "ledger.edit";
  return mw;
}

/** Mounts the ledger API routes. */
export function ledgerApiRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql, api } = deps;
  const inFirm = <T,>(c: C, fn: (tx: Tx) => Promise<T>) => withFirm(sql, principalOf(c).firmId, fn);
  const id = (c: C) => c.req.param("id") ?? "";
  const edits = editOrReview();

  // Categories ---------------------------------------------------------------------------------
  api.add({
    method: "get",
    path: "/api/v1/categories",
    summary: "The firm's categories: Schedule C lines and custom categories (archived ones with ?archived=true)",
    tags: ["Categories"],
    query: CategoryQuery,
    responses: { 200: { description: "Categories in chart order", schema: CategoryList } },
  });
  app.get("/api/v1/categories", guard("member"), async (c) => {
    const q = CategoryQuery.safeParse(c.req.query());
    if (!q.success) {
      throw new ValidationError(
        "The query is not valid",
        q.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      );
    }
    const rows = await inFirm(c, (tx) => listCategories(tx, { archived: q.data.archived === "true" }));
    return c.json(rows.map(toCategoryJson));
  });

  api.add({
    method: "post",
    path: "/api/v1/categories",
    summary: "Add a custom category rolling up to a Schedule C line (owners and admins)",
    tags: ["Categories"],
    body: CategoryCreate,
    responses: { 201: { description: "The new category", schema: CategoryJson } },
  });
  app.post("/api/v1/categories", guard(CATEGORY_ADMIN_ACTION), async (c) => {
    const input = await readInput(c, CategoryCreate);
    const row = await inFirm(c, (tx) => createCategory(tx, principalOf(c), input, auditActor(c)));
    c.header("Location", `/api/v1/categories/${row.id}`);
    return c.json(toCategoryJson(row), 201);
  });

  api.add({
    method: "patch",
    path: "/api/v1/categories/:id",
    summary: "Rename a custom category (built-in categories: 409)",
    tags: ["Categories"],
    body: CategoryUpdate,
    responses: { 200: { description: "The renamed category", schema: CategoryJson } },
  });
  app.patch("/api/v1/categories/:id", guard(CATEGORY_ADMIN_ACTION), async (c) => {
    const input = await readInput(c, CategoryUpdate);
    const row = await inFirm(c, (tx) => renameCategory(tx, principalOf(c), id(c), input, auditActor(c)));
    return c.json(toCategoryJson(row));
  });

  api.add({
    method: "delete",
    path: "/api/v1/categories/:id",
    summary: "Remove a custom category: deleted when unused, archived when anything refers to it",
    tags: ["Categories"],
    responses: {
      200: { description: "In use, so archived", schema: z.object({ archived: z.literal(true) }) },
      204: { description: "Deleted" },
    },
  });
  app.delete("/api/v1/categories/:id", guard(CATEGORY_ADMIN_ACTION), async (c) => {
    const { archived } = await inFirm(c, (tx) => deleteCategory(tx, principalOf(c), id(c), auditActor(c)));
    return archived ? c.json({ archived: true as const }) : c.body(null, 204);
  });

  // Transactions -------------------------------------------------------------------------------
  const detail = async (c: C, tx: Tx, transactionId: string) => {
    const found = await getTransactionDetail(tx, principalOf(c), transactionId);
    if (!found) throw new NotFoundError("No transaction with that id");
    return found;
  };

  // Static paths before /:id.
  api.add({
    method: "post",
    path: "/api/v1/transactions/bulk",
    summary: "Set fields on up to 1000 transactions (one undo entry); reviewers may set only needs_review",
    tags: ["Transactions"],
    body: BulkInput,
    responses: {
      200: { description: "How many transactions changed", schema: z.object({ updated: z.number().int() }) },
    },
  });
  app.post("/api/v1/transactions/bulk", edits, async (c) => {
    const input = await readInput(c, BulkInput);
    return c.json(await inFirm(c, (tx) => bulkUpdate(tx, principalOf(c), input.ids, input.set, auditActor(c))));
  });

  api.add({
    method: "post",
    path: "/api/v1/transactions/undo",
    summary: "Undo your most recent change or bulk change (within 24 hours; 409 when changed since)",
    tags: ["Transactions"],
    responses: {
      200: {
        description: "How many transactions were reverted (0: nothing to undo)",
        schema: z.object({ undone: z.number().int() }),
      },
    },
  });
  app.post("/api/v1/transactions/undo", edits, async (c) => {
    return c.json(await inFirm(c, (tx) => undoLast(tx, principalOf(c), auditActor(c))));
  });

  api.add({
    method: "get",
    path: "/api/v1/transactions/:id",
    summary: "One transaction with its splits",
    tags: ["Transactions"],
    responses: { 200: { description: "The transaction", schema: TransactionDetail } },
  });
  app.get("/api/v1/transactions/:id", guard("clients.read"), async (c) => {
    return c.json(await inFirm(c, (tx) => detail(c, tx, id(c))));
  });

  api.add({
    method: "patch",
    path: "/api/v1/transactions/:id",
    summary: "Change category, payee, memo, tags, business use, review flag or splits (reviewers: needs_review only)",
    tags: ["Transactions"],
    body: TransactionPatch,
    responses: { 200: { description: "The updated transaction", schema: TransactionDetail } },
  });
  app.patch("/api/v1/transactions/:id", edits, async (c) => {
    const patch = await readInput(c, TransactionPatch);
    return c.json(
      await inFirm(c, async (tx) => {
        const updated = await updateTransaction(tx, principalOf(c), id(c), patch, auditActor(c));
        return await detail(c, tx, updated.id);
      }),
    );
  });

  api.add({
    method: "get",
    path: "/api/v1/transactions/:id/history",
    summary: "What happened to a transaction: its audit rows, newest first",
    tags: ["Transactions"],
    responses: { 200: { description: "History", schema: History } },
  });
  app.get("/api/v1/transactions/:id/history", guard("clients.read"), async (c) => {
    const rows = await inFirm(c, async (tx) => {
      if (!await canSeeTransaction(tx, principalOf(c), id(c))) throw new NotFoundError("No transaction with that id");
      return await transactionHistory(tx, id(c));
    });
    return c.json({
      items: rows.map((r) => ({
        id: r.id,
        at: r.at,
        actor: { type: r.actor_type, label: r.actor_label },
        action: r.action,
        changes: r.changes,
      })),
    });
  });

  return app;
}
