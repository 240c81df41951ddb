/**
 * Rules: JSON under /api/v1/rules (list, create, read, change, delete, reorder, preview,
 * apply to existing, suggest) and /api/v1/rule-runs/:id; pages under /rules (the ordered
 * list, the form with "Test rule", "Apply to existing" with a progress page). Writes need
 * "ledger.edit", reads "clients.read"; client rules follow the client's visibility, so
 * another firm's (or an unassigned client's) rule is a 404.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { RouteDeps } from "../app.ts";
import { can } from "../auth/permissions.ts";
import { getClient, listClients } from "../clients/clients.ts";
import { type Tx, withFirm } from "../db/tenant.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import type { AppEnv } from "../http/env.ts";
import { readInput } from "../http/input.ts";
import { guard } from "../http/policy.ts";
import { isFragmentRequest } from "../http/represent.ts";
import { auditActor, principalOf } from "../http/request_info.ts";
import { previewRule } from "../rules/apply.ts";
import { formFieldOf, formFromRule, type FormValues, ruleInputFromForm } from "../rules/form.ts";
import { getRule, getRuleRun, listRules, toRuleJson, toRuleRunJson } from "../rules/rules.ts";
import {
  Rule,
  RuleApplyInput,
  RuleCreate,
  type RuleJson,
  RuleList,
  RuleListQuery,
  RulePreview,
  RulePreviewInput,
  RuleReorder,
  RuleRun,
  RuleSuggestInput,
  RuleSuggestion,
  RuleUpdate,
} from "../rules/schema.ts";
import {
  createRuleAudited,
  deleteRuleAudited,
  moveRuleAudited,
  reorderRulesAudited,
  requestRuleRun,
  type RuleEditor,
  updateRuleAudited,
} from "../rules/service.ts";
import { suggestRule } from "../rules/suggest.ts";
import { Layout } from "../../views/Layout.tsx";
import { type RuleFormData, RuleFormPage } from "../../views/RuleFormPage.tsx";
import { RuleListPage } from "../../views/RuleListPage.tsx";
import { RuleRunPage } from "../../views/RuleRunPage.tsx";
import type { RuleRefs } from "../../views/RuleViews.tsx";
import { RulePreviewTable, RuleRunPanel } from "../../views/RuleViews.tsx";

type C = Context<AppEnv>;

// Rule JSON is built by toRuleJson and not parsed again on the way out: a rule stored under
// older limits must still be listed, not turn the list into a 500.

const TAGS = ["Rules"];
const NOT_FOUND = "No rule with that id";
const NO_CLIENT = "No client with that id";

const MoveForm = z.object({ direction: z.enum(["up", "down"]), client_filter: z.string().max(60).optional() });
const FilterForm = z.object({ client_filter: z.string().max(60).optional() });
const ApplyForm = z.object({ client_id: z.string().max(60).optional() });

/** Mounts the rules routes. */
export function ruleRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql, api } = deps;
  const inFirm = <T,>(c: C, fn: (tx: Tx) => Promise<T>) => withFirm(sql, principalOf(c).firmId, fn);
  const editor = (c: C): RuleEditor => ({ principal: principalOf(c), actor: auditActor(c) });
  const id = (c: C) => c.req.param("id") ?? "";

  /** The rule or 404. */
  const loadRule = (c: C): Promise<RuleJson> =>
    inFirm(c, async (tx) => {
      const row = await getRule(tx, principalOf(c), id(c));
      if (!row) throw new NotFoundError(NOT_FOUND);
      return toRuleJson(row);
    });

  /** A client id from a query or body that the member may see, or 404. */
  const visibleClient = async (tx: Tx, c: C, clientId: string) => {
    const client = await getClient(tx, principalOf(c), clientId);
    if (!client) throw new NotFoundError(NO_CLIENT);
    return client;
  };

  // API ---------------------------------------------------------------------------------------
  api.add({
    method: "get",
    path: "/api/v1/rules",
    summary: "Rules in the order they run: firm-wide ones and, with client_id, that client's",
    tags: TAGS,
    query: RuleListQuery,
    responses: { 200: { description: "Rules", schema: RuleList } },
  });
  app.get("/api/v1/rules", guard("clients.read"), async (c) => {
    const q = parseQuery(RuleListQuery, c.req.query());
    const rows = await inFirm(c, async (tx) => {
      if (q.client_id) await visibleClient(tx, c, q.client_id);
      return await listRules(tx, principalOf(c), { clientId: q.client_id });
    });
    return c.json({ items: rows.map(toRuleJson) });
  });

  api.add({
    method: "post",
    path: "/api/v1/rules",
    summary: "Add a rule (at the end of the order)",
    tags: TAGS,
    body: RuleCreate,
    responses: { 201: { description: "The new rule", schema: Rule } },
  });
  app.post("/api/v1/rules", guard("ledger.edit"), async (c) => {
    const input = await readRuleInput(c, RuleCreate);
    const row = await inFirm(c, (tx) => createRuleAudited(tx, editor(c), input));
    c.header("Location", `/api/v1/rules/${row.id}`);
    return c.json(toRuleJson(row), 201);
  });

  api.add({
    method: "post",
    path: "/api/v1/rules/reorder",
    summary: "Put rules in a new order (the listed rules take the places they held between them)",
    tags: TAGS,
    body: RuleReorder,
    responses: { 200: { description: "All rules in their new order", schema: RuleList } },
  });
  app.post("/api/v1/rules/reorder", guard("ledger.edit"), async (c) => {
    const { ids } = await readInput(c, RuleReorder);
    const rows = await inFirm(c, (tx) => reorderRulesAudited(tx, editor(c), ids));
    return c.json({ items: rows.map(toRuleJson) });
  });

  api.add({
    method: "post",
    path: "/api/v1/rules/preview",
    summary: "Test a rule: the client's existing transactions it would change (the first 100), saving nothing",
    tags: TAGS,
    body: RulePreviewInput,
    responses: { 200: { description: "What the rule would do", schema: RulePreview } },
  });
  app.post("/api/v1/rules/preview", guard("ledger.edit"), async (c) => {
    const input = await readRuleInput(c, RulePreviewInput);
    const preview = await inFirm(c, async (tx) => {
      await visibleClient(tx, c, input.client_id);
      return await previewRule(tx, input, { logger: deps.logger });
    });
    return c.json(RulePreview.parse(preview));
  });

  api.add({
    method: "post",
    path: "/api/v1/rules/suggest",
    summary: 'After a manual categorization: a draft rule for "always categorize <payee> as <category>?"',
    tags: TAGS,
    body: RuleSuggestInput,
    responses: { 200: { description: "The payee, the category and a draft rule", schema: RuleSuggestion } },
  });
  app.post("/api/v1/rules/suggest", guard("ledger.edit"), async (c) => {
    const input = await readInput(c, RuleSuggestInput);
    return c.json(RuleSuggestion.parse(await inFirm(c, (tx) => suggestRule(tx, principalOf(c), input))));
  });

  api.add({
    method: "get",
    path: "/api/v1/rules/:id",
    summary: "One rule",
    tags: TAGS,
    responses: { 200: { description: "The rule", schema: Rule } },
  });
  app.get("/api/v1/rules/:id", guard("clients.read"), async (c) => c.json(await loadRule(c)));

  api.add({
    method: "patch",
    path: "/api/v1/rules/:id",
    summary: "Change some fields of a rule",
    tags: TAGS,
    body: RuleUpdate,
    responses: { 200: { description: "The updated rule", schema: Rule } },
  });
  app.patch("/api/v1/rules/:id", guard("ledger.edit"), async (c) => {
    await loadRule(c); // 404 before any complaint about the body
    const input = await readRuleInput(c, RuleUpdate);
    const row = await inFirm(c, (tx) => updateRuleAudited(tx, editor(c), id(c), input));
    return c.json(toRuleJson(row));
  });

  api.add({
    method: "delete",
    path: "/api/v1/rules/:id",
    summary: "Delete a rule (transactions keep what it did)",
    tags: TAGS,
    responses: { 204: { description: "Deleted" } },
  });
  app.delete("/api/v1/rules/:id", guard("ledger.edit"), async (c) => {
    await inFirm(c, (tx) => deleteRuleAudited(tx, editor(c), id(c)));
    return c.body(null, 204);
  });

  const Accepted = RuleRun.extend({ run_id: z.uuid() });
  api.add({
    method: "post",
    path: "/api/v1/rules/:id/apply",
    summary: "Apply the rule to a client's existing transactions, as a background run with progress",
    tags: TAGS,
    body: RuleApplyInput,
    responses: { 202: { description: "The run, queued; poll /api/v1/rule-runs/{run_id}", schema: Accepted } },
  });
  app.post("/api/v1/rules/:id/apply", guard("ledger.edit"), async (c) => {
    await loadRule(c);
    const { client_id } = await readInput(c, RuleApplyInput);
    const run = await inFirm(c, (tx) => requestRuleRun(tx, editor(c), id(c), client_id));
    c.header("Location", `/api/v1/rule-runs/${run.id}`);
    return c.json(Accepted.parse({ run_id: run.id, ...toRuleRunJson(run) }), 202);
  });

  api.add({
    method: "get",
    path: "/api/v1/rule-runs/:id",
    summary: "Progress of applying a rule to existing transactions",
    tags: TAGS,
    responses: { 200: { description: "The run", schema: RuleRun } },
  });
  app.get("/api/v1/rule-runs/:id", guard("clients.read"), async (c) => {
    return c.json(RuleRun.parse(toRuleRunJson(await loadRun(c))));
  });

  async function loadRun(c: C) {
    const run = await inFirm(c, (tx) => getRuleRun(tx, principalOf(c), id(c)));
    if (!run) throw new NotFoundError("No rule run with that id");
    return run;
  }

  // Pages -------------------------------------------------------------------------------------
  const refsFor = (c: C): Promise<RuleRefs> =>
    inFirm(c, async (tx) => {
      const clients = (await listClients(tx, principalOf(c), { limit: 1000 })).map((cl) => ({
        id: cl.id,
        name: cl.name,
      }));
      const categories = await tx<{ id: string; name: string }[]>`
        select id, name from categories where archived_at is null order by position, lower(name)`;
      const accounts = await tx<{ id: string; client_id: string; institution: string; number_last4: string }[]>`
        select id, client_id, institution, number_last4 from accounts
         where client_id = any(${clients.map((cl) => cl.id)}::uuid[]) order by institution, number_last4`;
      const clientName = new Map(clients.map((cl) => [cl.id, cl.name]));
      return {
        clients,
        categories,
        accounts: accounts.map((a) => ({
          id: a.id,
          client_id: a.client_id,
          label: [clientName.get(a.client_id), a.institution, a.number_last4 && `····${a.number_last4}`]
            .filter(Boolean).join(" · "),
        })),
      };
    });

  const page = (c: C, title: string, body: ReturnType<typeof Layout>, status: 200 | 422 = 200) =>
    c.html(Layout({ c, title, children: body }), status);

  const formPage = async (c: C, data: Omit<RuleFormData, "refs">, status: 200 | 422 = 200) => {
    const { t } = c.var.i18n;
    const full: RuleFormData = { ...data, refs: await refsFor(c) };
    const title = data.rule ? t("rules.edit.title", { name: data.rule.name }) : t("rules.new.title");
    return page(c, title, RuleFormPage({ c, data: full }), status);
  };

  app.get("/rules", guard("clients.read"), async (c) => {
    const q = parseQuery(RuleListQuery, c.req.query());
    const principal = principalOf(c);
    const rows = await inFirm(c, async (tx) => {
      if (q.client_id) await visibleClient(tx, c, q.client_id);
      return await listRules(tx, principal, { clientId: q.client_id });
    });
    const data = {
      items: rows.map(toRuleJson),
      refs: await refsFor(c),
      clientId: q.client_id ?? "",
      canEdit: can(principal.role, "ledger.edit"),
    };
    return page(c, c.var.i18n.t("rules.title"), RuleListPage({ c, data }));
  });

  app.get("/rules/new", guard("ledger.edit"), (c) => {
    const clientId = z.uuid().safeParse(c.req.query("client_id")).data ?? "";
    return formPage(c, { values: { enabled: "1", match: "all", client_id: clientId }, errors: {} });
  });

  /** Saves the form (a new rule, or the whole of an existing one); the form again on errors. */
  const saveForm = async (c: C, rule?: RuleJson) => {
    const values = await formValues(c);
    const { input, rows } = ruleInputFromForm(values);
    const fail = (issues: { path: string; message: string }[]) =>
      formPage(c, { rule, values, errors: fieldErrorsOf(issues, rows, input.actions as { type: string }[]) }, 422);
    const parsed = RuleCreate.safeParse(input);
    if (!parsed.success) return fail(issuesOf(parsed.error));
    try {
      await inFirm(
        c,
        (tx) =>
          rule
            ? updateRuleAudited(tx, editor(c), rule.id, { ...parsed.data, client_id: parsed.data.client_id ?? null })
            : createRuleAudited(tx, editor(c), parsed.data),
      );
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return fail(error.extra.errors as { path: string; message: string }[]);
    }
    return c.redirect(`/rules${parsed.data.client_id ? `?client_id=${parsed.data.client_id}` : ""}`, 303);
  };
  app.post("/rules", guard("ledger.edit"), (c) => saveForm(c));

  app.post("/rules/preview", guard("ledger.edit"), async (c) => {
    const values = await formValues(c);
    const { input, rows } = ruleInputFromForm(values);
    const clientId = values.preview_client_id || values.client_id || "";
    const parsed = RulePreviewInput.safeParse({
      client_id: clientId,
      conditions: input.conditions,
      actions: input.actions,
      overwrite_human_edits: input.overwrite_human_edits,
    });
    let preview: RulePreview | undefined;
    let previewError: string | undefined;
    let errors: Record<string, string> = {};
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      errors = fieldErrorsOf(issues.filter((i) => i.path !== "client_id"), rows, input.actions as { type: string }[]);
      previewError = issues.some((i) => i.path === "client_id")
        ? c.var.i18n.t("rules.preview.choose_client")
        : Object.values(errors)[0];
    } else {
      preview = await inFirm(c, async (tx) => {
        await visibleClient(tx, c, parsed.data.client_id);
        return await previewRule(tx, parsed.data, { logger: deps.logger });
      });
    }
    if (isFragmentRequest(c)) return c.html(RulePreviewTable({ c, preview, error: previewError }), preview ? 200 : 422);
    const rule = values.rule_id ? await loadRuleById(c, values.rule_id) : undefined;
    return formPage(c, { rule, values, errors, preview, previewError }, preview ? 200 : 422);
  });

  app.get("/rules/:id/edit", guard("ledger.edit"), async (c) => {
    const rule = await loadRule(c);
    return formPage(c, { rule, values: { ...formFromRule(rule), rule_id: rule.id }, errors: {} });
  });
  app.post("/rules/:id", guard("ledger.edit"), async (c) => saveForm(c, await loadRule(c)));

  const backToList = (c: C, filter?: string) =>
    c.redirect(`/rules${filter && z.uuid().safeParse(filter).success ? `?client_id=${filter}` : ""}`, 303);

  app.post("/rules/:id/toggle", guard("ledger.edit"), async (c) => {
    await loadRule(c);
    const { client_filter } = await readInput(c, FilterForm);
    await inFirm(c, async (tx) => {
      const rule = await getRule(tx, principalOf(c), id(c));
      if (!rule) throw new NotFoundError(NOT_FOUND);
      await updateRuleAudited(tx, editor(c), rule.id, { enabled: !rule.enabled });
    });
    return backToList(c, client_filter);
  });

  app.post("/rules/:id/move", guard("ledger.edit"), async (c) => {
    await loadRule(c);
    const { direction, client_filter } = await readInput(c, MoveForm);
    const filter = z.uuid().safeParse(client_filter).data;
    await inFirm(c, (tx) => moveRuleAudited(tx, editor(c), id(c), direction, filter));
    return backToList(c, client_filter);
  });

  app.post("/rules/:id/delete", guard("ledger.edit"), async (c) => {
    await inFirm(c, (tx) => deleteRuleAudited(tx, editor(c), id(c)));
    return backToList(c);
  });

  app.post("/rules/:id/apply", guard("ledger.edit"), async (c) => {
    await loadRule(c);
    const { client_id } = await readInput(c, ApplyForm);
    const target = client_id ? z.uuid().safeParse(client_id).data ?? "00000000-0000-0000-0000-000000000000" : undefined;
    const run = await inFirm(c, (tx) => requestRuleRun(tx, editor(c), id(c), target));
    return c.redirect(`/rule-runs/${run.id}`, 303);
  });

  app.get("/rule-runs/:id", guard("clients.read"), async (c) => {
    const run = toRuleRunJson(await loadRun(c));
    c.header("Vary", "HX-Request", { append: true });
    if (isFragmentRequest(c)) return c.html(RuleRunPanel({ c, run }));
    const names = await inFirm(c, async (tx) => {
      const [rule] = run.rule_id ? await tx<{ name: string }[]>`select name from rules where id = ${run.rule_id}` : [];
      const [client] = await tx<{ name: string }[]>`select name from clients where id = ${run.client_id}`;
      return { ruleName: rule?.name ?? null, clientName: client?.name ?? "" };
    });
    const { t } = c.var.i18n;
    const title = names.ruleName ? t("rules.run.title", { name: names.ruleName }) : t("rules.run.title_deleted");
    return page(c, title, RuleRunPage({ c, data: { run, ...names } }));
  });

  async function loadRuleById(c: C, ruleId: string): Promise<RuleJson | undefined> {
    const row = await inFirm(c, (tx) => getRule(tx, principalOf(c), ruleId));
    return row && toRuleJson(row);
  }

  return app;
}

/** The page form as strings. */
async function formValues(c: C): Promise<FormValues> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === "string")) as FormValues;
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

function fieldErrorsOf(
  issues: { path: string; message: string }[],
  rows: number[],
  actions: { type: string }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) out[formFieldOf(issue.path, rows, actions)] ??= issue.message;
  return out;
}

function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw new ValidationError("The query is not valid", issuesOf(parsed.error));
  return parsed.data;
}

/**
 * Like readInput, but a refused pattern becomes the problem's detail ("Cannot use this
 * pattern: it can take exponential time (nested repetition)"), not a generic summary.
 */
async function readRuleInput<S extends z.ZodType>(c: C, schema: S): Promise<z.output<S>> {
  try {
    return await readInput(c, schema);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const issues = error.extra.errors as { path: string; message: string }[];
    const pattern = issues.find((i) => i.message.startsWith("Cannot use this pattern"));
    if (pattern) throw new ValidationError(pattern.message, issues);
    throw error;
  }
}
