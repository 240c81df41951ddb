/**
 * The transactions workspace: a client's transactions page (filters in the URL, search as you
 * type, totals, sorting, infinite scroll), inline and bulk editing, undo, the rule offer after
 * a manual categorization, and saved views (pages, plus JSON under /api/v1/views).
 *
 * Listing goes through listTransactions (src/ledger/search/); every change goes through the
 * ledger services (updateTransaction, bulkUpdate, undoLast), which validate, scope to the
 * clients the member may see and write the audit rows. Fragments: the filter bar gets the
 * results region (`#ws-results`, with HX-Push-Url), the infinite-scroll sentinel gets rows,
 * edits get the row, bulk changes and undo get a status line plus an HX-Trigger naming the
 * rows to refresh.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { RouteDeps } from "../app.ts";
import { can } from "../auth/permissions.ts";
import { isUuid } from "../auth/principal.ts";
import { getClient } from "../clients/clients.ts";
import { type Tx, withFirm } from "../db/tenant.ts";
import { listDocuments } from "../documents/documents.ts";
import { AppError, NotFoundError, ValidationError } from "../errors.ts";
import type { AppEnv } from "../http/env.ts";
import { fieldErrors, readInput } from "../http/input.ts";
import { type Guard, guard, POLICY } from "../http/policy.ts";
import { isFragmentRequest } from "../http/represent.ts";
import { auditActor, principalOf } from "../http/request_info.ts";
import { listCategories } from "../ledger/categories.ts";
import { BulkSet, bulkUpdate, getTransactionDetail, type TransactionPatch, updateTransaction } from "../ledger/edit.ts";
import {
  getTransactionTotals,
  listTransactions,
  parseTransactionQuery,
  type TransactionPage,
  type TransactionQuery,
  TransactionQuerySchema,
  TransactionTotals,
} from "../ledger/transactions.ts";
import { undoLast } from "../ledger/undo.ts";
import { createRuleAudited } from "../rules/service.ts";
import { suggestRule } from "../rules/suggest.ts";
import {
  createSavedView,
  deleteSavedView,
  listSavedViews,
  normalizeQuery,
  SavedViewCreate,
  SavedViewJson,
} from "../workspace/saved_views.ts";
import { Layout } from "../../views/Layout.tsx";
import type { FilterChoices, FilterValues } from "../../views/WorkspaceFilters.tsx";
import { WorkspacePage, type WorkspacePageData } from "../../views/WorkspacePage.tsx";
import {
  withQuery,
  WorkspaceResults,
  type WorkspaceResultsData,
  WorkspaceRows,
  WorkspaceTotalsView,
} from "../../views/WorkspaceResults.tsx";
import {
  CategoryEditor,
  type CategoryOption,
  minorUnits,
  rowName,
  TextEditor,
  type WorkspaceEnv,
  type WorkspaceItem,
  WorkspaceRow,
} from "../../views/WorkspaceRow.tsx";
import { RuleCreated, type RuleOffer, WorkspaceStatus, WorkspaceStatusOob } from "../../views/WorkspaceStatus.tsx";

type C = Context<AppEnv>;

const FILTER_KEYS = [
  "q",
  "account",
  "from",
  "to",
  "min",
  "max",
  "category",
  "uncategorized",
  "review",
  "document",
  "tag",
  "sort",
] as const;

/** Most rows refreshed by one GET /transactions/rows. */
const MAX_ROWS = 500;

/**
 * An inline edit: `field` and the new value, in a key named after the field (`payee=…`,
 * `category_id=…`) or in `value`.
 */
const EditForm = z.preprocess(
  (raw) => {
    if (!raw || typeof raw !== "object") return raw;
    const form = raw as Record<string, unknown>;
    const key = form.field === "category" ? "category_id" : String(form.field ?? "");
    return "value" in form && !(key in form) ? { ...form, [key]: form.value } : form;
  },
  z.discriminatedUnion("field", [
    z.object({
      field: z.literal("category"),
      category_id: z.string().max(100).optional(),
      category_name: z.string().max(200).optional(),
    }),
    z.object({ field: z.literal("payee"), payee: z.string().max(200, "Use at most 200 characters") }),
    z.object({ field: z.literal("memo"), memo: z.string().max(2000, "Use at most 2000 characters") }),
    z.object({ field: z.literal("tags"), tags: z.string().max(2000, "Too many tags") }),
    z.object({ field: z.literal("needs_review"), needs_review: z.enum(["true", "false"]) }),
  ], { error: "Say which field to change: category, payee, memo, tags or needs_review" }),
);

const BulkForm = z.object({
  ids: z.union([z.string(), z.array(z.string())]).optional(),
  action: z.enum(["category", "tag", "flag", "unflag"], { error: "Choose what to change" }),
  category_id: z.string().max(100).optional(),
  tag: z.string().max(100).optional(),
});

const RuleForm = z.object({ category_id: z.uuid("Choose a category") });
const ViewForm = z.object({
  name: z.string().trim().min(1, "Enter a name").max(80, "Use at most 80 characters"),
  query: z.string().max(2000, "The filter is too long to save").default(""),
});
const ViewListQuery = z.object({ client_id: z.uuid("Not a client id").optional() });

/**
 * "ledger.edit", admitting reviewers too: the service functions let them change
 * `needs_review` only (as in routes/ledger_api.tsx). Documented as "ledger.edit".
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

/** Whether the request is htmx asking for a fragment (not a boosted page, not a history restore). */
const wantsFragment = (c: C) => isFragmentRequest(c) && c.req.header("HX-History-Restore-Request") !== "true";

/** The raw filter values of the URL (for the form and links). */
function filterValues(raw: Record<string, string>): FilterValues {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, (raw[k] ?? "").slice(0, 500)])) as FilterValues;
}

/** The current list as a query string: filters, sort and page size, without the cursor. */
function listQuery(raw: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const key of [...FILTER_KEYS, "limit"]) {
    const value = raw[key];
    if (value !== undefined && value.trim() !== "" && !(key === "sort" && value === "date_desc")) {
      params.set(key, value);
    }
  }
  return params.toString();
}

/** Where to go back to after a plain (non-htmx) form post: the page it came from, if it is ours. */
function backTo(c: C, fallback: string): string {
  const referer = c.req.header("Referer");
  if (!referer) return fallback;
  try {
    const url = new URL(referer);
    return url.origin === new URL(c.req.url).origin ? url.pathname + url.search : fallback;
  } catch {
    return fallback;
  }
}

const toOptions = (rows: { id: string; name: string; line: string | null }[]): CategoryOption[] =>
  rows.map((r) => ({ id: r.id, name: r.name, line: r.line }));

const toItem = (hit: TransactionPage["items"][number]): WorkspaceItem => {
  const { highlight, ...tx } = hit;
  return { tx, html: { description: highlight } };
};

const accountLabel = (a: { institution: string; name: string; type: string; number_last4: string }) =>
  [a.name || a.institution || a.type, a.number_last4 ? `…${a.number_last4}` : ""].filter(Boolean).join(" ");

/** Mounts the workspace routes. */
export function transactionRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql, api } = deps;
  const inFirm = <T,>(c: C, fn: (tx: Tx) => Promise<T>) => withFirm(sql, principalOf(c).firmId, fn);
  const edits = editOrReview();

  const envOf = (c: C): WorkspaceEnv => {
    const role = principalOf(c).role;
    const edit = can(role, "ledger.edit");
    return { c, perms: { edit, review: !edit && can(role, "ledger.review"), audit: can(role, "audit.read") } };
  };

  /** The client if the member may see it, or 404. */
  const clientIn = async (c: C, tx: Tx, id: string) => {
    const client = await getClient(tx, principalOf(c), id);
    if (!client) throw new NotFoundError("No client with that id");
    return { id: client.id, name: client.name };
  };

  /** One transaction the member may see, or 404. */
  const transactionIn = async (c: C, tx: Tx, id: string) => {
    const found = await getTransactionDetail(tx, principalOf(c), id);
    if (!found) throw new NotFoundError("No transaction with that id");
    return found;
  };

  // Saved views: JSON -------------------------------------------------------------------------
  api.add({
    method: "get",
    path: "/api/v1/views",
    summary: "Your saved transaction views (only yours), optionally for one client",
    tags: ["Saved views"],
    query: ViewListQuery,
    responses: { 200: { description: "Saved views", schema: z.object({ items: z.array(SavedViewJson) }) } },
  });
  app.get("/api/v1/views", guard("member"), async (c) => {
    const q = ViewListQuery.safeParse(c.req.query());
    if (!q.success) {
      throw new ValidationError(
        "The query is not valid",
        q.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      );
    }
    const items = await inFirm(c, (tx) => listSavedViews(tx, principalOf(c), { clientId: q.data.client_id }));
    return c.json({ items });
  });

  api.add({
    method: "post",
    path: "/api/v1/views",
    summary: "Save a named filter (the query string of a client's transactions page) for yourself",
    tags: ["Saved views"],
    body: SavedViewCreate,
    responses: { 201: { description: "The saved view", schema: SavedViewJson } },
  });
  app.post("/api/v1/views", guard("member"), async (c) => {
    const input = await readInput(c, SavedViewCreate);
    const view = await inFirm(c, (tx) => createSavedView(tx, principalOf(c), input, auditActor(c)));
    c.header("Location", `/api/v1/views/${view.id}`);
    return c.json(view, 201);
  });

  api.add({
    method: "delete",
    path: "/api/v1/views/:id",
    summary: "Delete one of your saved views (anyone else's is a 404)",
    tags: ["Saved views"],
    responses: { 204: { description: "Deleted" } },
  });
  app.delete("/api/v1/views/:id", guard("member"), async (c) => {
    await inFirm(c, (tx) => deleteSavedView(tx, principalOf(c), c.req.param("id"), auditActor(c)));
    return c.body(null, 204);
  });

  // The page ----------------------------------------------------------------------------------
  app.get("/clients/:id/transactions", guard("clients.read"), async (c) => {
    const raw = c.req.query();
    const env = envOf(c);
    const path = `/clients/${c.req.param("id")}/transactions`;
    const fragment = wantsFragment(c);
    c.header("Vary", "HX-Request", { append: true });
    let query: TransactionQuery | undefined;
    let error: ValidationError | undefined;
    try {
      query = parseTransactionQuery(raw);
    } catch (e) {
      if (!(e instanceof ValidationError) || (fragment && raw.cursor)) throw e;
      error = e;
    }
    // Typing a search: the rows come at once, the totals of a broad search a moment later through
    // their own request (#ws-totals). A full page load (no JavaScript needed) has them inline; an
    // infinite-scroll page shows none.
    const lazyTotals = fragment && !raw.cursor && (raw.q ?? "").trim() !== "";
    const loaded = await inFirm(c, async (tx) => {
      const client = await clientIn(c, tx, c.req.param("id"));
      let page: TransactionPage | null = null;
      if (query) {
        try {
          page = await listTransactions(tx, client.id, raw.cursor || lazyTotals ? { ...query, totals: false } : query);
        } catch (e) {
          // A bad cursor or "relevance" without words: shown like any other bad filter.
          if (!(e instanceof ValidationError) || (fragment && raw.cursor)) throw e;
          error = e;
        }
      }
      // Categories feed the filter (page), the bulk bar and the picker template (editors).
      const wantCategories = !fragment || (!raw.cursor && env.perms.edit);
      const categories = wantCategories ? toOptions(await listCategories(tx)) : [];
      if (fragment) return { client, page, categories };
      const [accounts, documents, views] = await Promise.all([
        tx<{ id: string; institution: string; name: string; type: string; number_last4: string }[]>`
          select id, institution, name, type, number_last4 from accounts where client_id = ${client.id}
           order by institution, name, number_last4, id`,
        listDocuments(tx, client.id),
        listSavedViews(tx, principalOf(c), { clientId: client.id }),
      ]);
      const choices: FilterChoices = {
        accounts: accounts.map((a) => ({ id: a.id, label: accountLabel(a) })),
        documents: documents.map((d) => ({ id: d.id, label: d.filename })),
        categories,
      };
      return { client, page, categories, choices, views };
    });
    const results: WorkspaceResultsData = {
      env,
      path,
      query: listQuery(raw),
      sort: query?.sort ?? "date_desc",
      items: loaded.page?.items.map(toItem) ?? [],
      nextCursor: loaded.page?.next_cursor ?? null,
      totals: loaded.page?.totals ? workspaceTotals(loaded.page.totals) : null,
      totalsUrl: lazyTotals && loaded.page ? withQuery(`${path}/totals`, listQuery(raw)) : null,
      fuzzy: loaded.page?.fuzzy ?? false,
      suggestion: loaded.page?.suggestion ?? null,
      q: raw.q ?? "",
      filtered: FILTER_KEYS.some((k) => k !== "sort" && (raw[k] ?? "").trim() !== ""),
      categories: loaded.categories,
      bulkUrl: `${path}/bulk`,
      error: error ? error.message : null,
    };
    const status = error ? 422 : 200;
    if (fragment && raw.cursor) return c.html(<WorkspaceRows data={results} />);
    if (fragment) {
      c.header("HX-Push-Url", results.query ? `${path}?${results.query}` : path);
      return c.html(<WorkspaceResults data={results} fragment />, status);
    }
    const data: WorkspacePageData = {
      results,
      client: loaded.client,
      values: filterValues(raw),
      choices: loaded.choices!,
      views: loaded.views!,
      saveViewUrl: `/clients/${loaded.client.id}/views`,
      fieldErrors: error ? fieldErrors(error) : {},
      limit: /^\d{1,3}$/.test(raw.limit ?? "") ? raw.limit : undefined,
    };
    const title = `${c.var.i18n.t("ws.title")} · ${loaded.client.name}`;
    return c.html(Layout({ c, title, children: <WorkspacePage c={c} data={data} /> }), status);
  });

  // Totals of a filter on their own: the page's #ws-totals fragment, and JSON.
  const loadTotals = (c: C) => {
    const query = parseTransactionQuery(c.req.query());
    return inFirm(
      c,
      async (tx) => getTransactionTotals(tx, (await clientIn(c, tx, c.req.param("id") ?? "")).id, query),
    );
  };
  app.get("/clients/:id/transactions/totals", guard("clients.read"), async (c) => {
    return c.html(<WorkspaceTotalsView c={c} totals={workspaceTotals(await loadTotals(c))} />);
  });
  api.add({
    method: "get",
    path: "/api/v1/clients/:id/transactions/totals",
    summary: "Totals (count, money in, money out, net) of every transaction the list's filters select, on their own " +
      "(the list gives them too unless totals=false)",
    tags: ["Transactions"],
    query: TransactionQuerySchema,
    responses: { 200: { description: "Totals of the selection", schema: TransactionTotals } },
  });
  app.get("/api/v1/clients/:id/transactions/totals", guard("clients.read"), async (c) => c.json(await loadTotals(c)));

  // Rows and editors --------------------------------------------------------------------------
  app.get("/transactions/rows", guard("clients.read"), async (c) => {
    const ids = [...new Set((c.req.query("ids") ?? "").split(",").map((s) => s.trim().toLowerCase()))]
      .filter(isUuid).slice(0, MAX_ROWS);
    const env = envOf(c);
    const rows = await inFirm(c, async (tx) => {
      const out = [];
      for (const id of ids) {
        const found = await getTransactionDetail(tx, principalOf(c), id);
        if (found) out.push(found);
      }
      return out;
    });
    return c.html(<>{rows.map((tx) => <WorkspaceRow env={env} item={{ tx }} oob />)}</>);
  });

  app.get("/transactions/:id/row", guard("clients.read"), async (c) => {
    const tx = await inFirm(c, (t) => transactionIn(c, t, c.req.param("id")));
    return c.html(<WorkspaceRow env={envOf(c)} item={{ tx }} />);
  });

  app.get("/transactions/:id/edit/:field", guard("ledger.edit"), async (c) => {
    const field = c.req.param("field");
    const { tx, categories } = await inFirm(c, async (t) => {
      const found = await transactionIn(c, t, c.req.param("id"));
      return { tx: found, categories: field === "category" ? toOptions(await listCategories(t)) : [] };
    });
    if (field === "category") {
      return c.html(
        <CategoryEditor c={c} id={tx.id} what={rowName(tx)} categories={categories} current={tx.category?.id} />,
      );
    }
    if (field === "payee" || field === "memo" || field === "tags") {
      return c.html(<TextEditor c={c} tx={tx} field={field} />);
    }
    throw new NotFoundError("Only category, payee, memo and tags can be edited here");
  });

  // Static paths before /transactions/:id.
  app.post("/transactions/undo", edits, async (c) => {
    const principal = principalOf(c);
    const { undone, ids } = await inFirm(c, async (tx) => {
      const result = await undoLast(tx, principal, auditActor(c));
      // The rows this undo wrote (same transaction, so the same now()).
      const rows = await tx<{ id: string }[]>`
        select distinct entity_id as id from audit_log
         where action = 'transaction.undo' and at = now() and changes->'_details'->>'user_id' = ${principal.userId}`;
      return { undone: result.undone, ids: rows.map((r) => r.id) };
    });
    if (!isFragmentRequest(c)) return c.redirect(backTo(c, "/clients"), 303);
    const { t } = c.var.i18n;
    c.header("HX-Trigger", JSON.stringify({ "ws:rows-changed": { ids } }));
    const message = undone === 0
      ? t("ws.status.undo_none")
      : t(undone === 1 ? "ws.status.undone.one" : "ws.status.undone.other", { count: undone });
    return c.html(<WorkspaceStatus c={c} message={message} />);
  });

  app.post("/transactions/:id", edits, async (c) => {
    const principal = principalOf(c);
    const env = envOf(c);
    const { updated, offer } = await inFirm(c, async (tx) => {
      // 404 before 422: what the member may not see is not there, whatever the form says.
      const before = await transactionIn(c, tx, c.req.param("id"));
      const form = await readInput(c, EditForm);
      const patch: TransactionPatch = {};
      switch (form.field) {
        case "category":
          patch.category_id = await resolveCategory(tx, form.category_id, form.category_name);
          break;
        case "payee":
          patch.payee = form.payee;
          break;
        case "memo":
          patch.memo = form.memo;
          break;
        case "tags":
          patch.tags = form.tags.split(",").map((s) => s.trim()).filter(Boolean);
          break;
        case "needs_review":
          patch.needs_review = form.needs_review === "true";
          break;
      }
      const updated = await updateTransaction(tx, principal, before.id, patch, auditActor(c));
      let offer: RuleOffer | null = null;
      const category = updated.category;
      if (
        form.field === "category" && env.perms.edit && category && category.kind !== "uncategorized" &&
        category.id !== before.category?.id
      ) {
        offer = await ruleOffer(tx, c, updated.id, category.id);
      }
      return { updated, offer };
    });
    if (!isFragmentRequest(c)) return c.redirect(backTo(c, "/clients"), 303);
    return c.html(
      <>
        <WorkspaceRow env={env} item={{ tx: updated }} />
        <WorkspaceStatusOob c={c} message={c.var.i18n.t("ws.status.saved")} undo offer={offer} />
      </>,
    );
  });

  app.post("/transactions/:id/rule", guard("ledger.edit"), async (c) => {
    const rule = await inFirm(c, async (tx) => {
      const found = await transactionIn(c, tx, c.req.param("id"));
      const { category_id } = await readInput(c, RuleForm);
      const suggestion = await suggestRule(tx, principalOf(c), { transaction_id: found.id, category_id });
      if (suggestion.existing_rule_id) return { id: suggestion.existing_rule_id, name: suggestion.rule.name };
      const row = await createRuleAudited(tx, { principal: principalOf(c), actor: auditActor(c) }, suggestion.rule);
      return { id: row.id, name: row.name };
    });
    if (!isFragmentRequest(c)) return c.redirect(`/rules/${rule.id}/edit`, 303);
    return c.html(<RuleCreated c={c} id={rule.id} name={rule.name} />);
  });

  app.post("/clients/:id/transactions/bulk", edits, async (c) => {
    const { updated, ids } = await inFirm(c, async (tx) => {
      const client = await clientIn(c, tx, c.req.param("id"));
      const form = await readInput(c, BulkForm);
      const ids = [form.ids ?? []].flat().map((s) => s.trim().toLowerCase()).filter(Boolean);
      const set: z.input<typeof BulkSet> = form.action === "category"
        ? { category_id: requireUuid(form.category_id, "category_id", "Choose a category") }
        : form.action === "tag"
        ? { tags_add: [requireText(form.tag, "tag", "Enter a tag")] }
        : { needs_review: form.action === "flag" };
      if (!ids.length) {
        throw new ValidationError("Choose at least one transaction", [{ path: "ids", message: "None selected" }]);
      }
      const valid = ids.filter(isUuid);
      const [{ n }] = await tx<{ n: number }[]>`
        select count(*)::int as n from transactions where id = any(${valid}::uuid[]) and client_id = ${client.id}`;
      if (valid.length !== ids.length || n !== new Set(valid).size) {
        throw new NotFoundError("Some of the selected transactions are not this client's");
      }
      return { ...await bulkUpdate(tx, principalOf(c), valid, set, auditActor(c)), ids };
    });
    if (!isFragmentRequest(c)) return c.redirect(backTo(c, `/clients/${c.req.param("id")}/transactions`), 303);
    c.header("HX-Trigger", JSON.stringify({ "ws:rows-changed": { ids, clear: true } }));
    const total = new Set(ids).size;
    const message = c.var.i18n.t(total === 1 ? "ws.status.bulk.one" : "ws.status.bulk.other", {
      count: updated,
      total,
    });
    return c.html(<WorkspaceStatus c={c} message={message} undo={updated > 0} />);
  });

  // Saved views: pages ------------------------------------------------------------------------
  app.post("/clients/:id/views", guard("clients.read"), async (c) => {
    const view = await inFirm(c, async (tx) => {
      const client = await clientIn(c, tx, c.req.param("id"));
      const form = await readInput(c, ViewForm);
      const input = { name: form.name, client_id: client.id, query: normalizeQuery(form.query) };
      return await createSavedView(tx, principalOf(c), input, auditActor(c));
    });
    return c.redirect(view.url, 303);
  });

  app.post("/views/:id/delete", guard("member"), async (c) => {
    const view = await inFirm(c, (tx) => deleteSavedView(tx, principalOf(c), c.req.param("id"), auditActor(c)));
    return c.redirect(backTo(c, view.url), 303);
  });

  return app;
}

/** The category of an inline edit: the picked id, else the typed name (exact, or the only partial match). */
async function resolveCategory(tx: Tx, id: string | undefined, name: string | undefined): Promise<string | null> {
  if (id?.trim()) return id.trim();
  const text = (name ?? "").trim();
  if (!text) throw new ValidationError("Choose a category", [{ path: "category_id", message: "Choose a category" }]);
  const fold = (s: string) => s.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  const wanted = fold(text);
  const all = await listCategories(tx);
  const exact = all.find((c) => fold(c.name) === wanted || c.line === wanted);
  if (exact) return exact.id;
  const partial = all.filter((c) => fold(c.name).includes(wanted));
  if (partial.length === 1) return partial[0].id;
  throw new ValidationError(
    partial.length ? `"${text}" matches several categories; pick one from the list` : `No category matches "${text}"`,
    [{ path: "category_id", message: "Choose a category from the list" }],
  );
}

/** "Always categorize <payee> as <category>?" unless a rule already does it; nothing when the rules cannot say. */
async function ruleOffer(tx: Tx, c: C, transactionId: string, categoryId: string): Promise<RuleOffer | null> {
  try {
    const s = await suggestRule(tx, principalOf(c), { transaction_id: transactionId, category_id: categoryId });
    if (s.existing_rule_id || !s.payee.trim()) return null;
    return { transactionId, payee: s.payee, category: s.category };
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}

function requireUuid(value: string | undefined, path: string, message: string): string {
  if (!value || !isUuid(value)) throw new ValidationError(message, [{ path, message }]);
  return value;
}

function requireText(value: string | undefined, path: string, message: string): string {
  const text = value?.trim();
  if (!text) throw new ValidationError(message, [{ path, message }]);
  return text;
}

/** API totals (decimal strings) as the page shows them (minor units). */
function workspaceTotals(t: TransactionTotals) {
  return {
    count: t.count,
    inflow: minorUnits(t.inflow),
    outflow: minorUnits(t.outflow),
    net: minorUnits(t.net),
    currency: t.currency,
  };
}
