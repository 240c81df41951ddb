/**
 * Document templates: the list (/templates, /api/v1/templates), creating, changing, checking,
 * duplicating and archiving (needs "firm.settings"), the field list, and generating documents
 * for a client (/clients/:id/documents/generate with a sandboxed preview; downloads at
 * /clients/:id/templates/:tid/render and /api/v1/clients/:id/templates/:tid/render, which need
 * "clients.read" for a client the member may see — others are 404). Template problems are 422
 * with `errors: [{line, column, message}]` under /api and listed inline on pages.
 */
import { type Context, Hono } from "hono";
import type { RouteDeps } from "../app.ts";
import { can } from "../auth/permissions.ts";
import { type Tx, withFirm } from "../db/tenant.ts";
import { AppError, BadRequestError, NotFoundError, PayloadTooLargeError, ValidationError } from "../errors.ts";
import type { AppEnv } from "../http/env.ts";
import { readInput } from "../http/input.ts";
import { guard } from "../http/policy.ts";
import { isApiRequest, isFragmentRequest } from "../http/represent.ts";
import { auditActor, principalOf } from "../http/request_info.ts";
import { TemplateError, type TemplateIssue } from "../templates/errors.ts";
import {
  downloadDocument,
  type GenerateContext,
  generatePageData,
  type GenerateRequest,
  previewDocument,
} from "../templates/generate.ts";
import { parseFormat, readTemplateForm, type SubmittedTemplate } from "../templates/input.ts";
import { CheckBody, fieldList, TemplateBody, toTemplateJson } from "../templates/json.ts";
import { TEMPLATE_API } from "../templates/openapi.ts";
import { escapeHtml } from "../templates/render.ts";
import {
  archiveOwnTemplate,
  checkTemplateInput,
  createTemplate,
  duplicateTemplate,
  type Editor,
  listAllTemplates,
  loadTemplate,
  saveTemplate,
  type TemplateSource,
} from "../templates/service.ts";
import { MAX_DOCX_BYTES } from "../templates/zip_check.ts";
import { Layout } from "../../views/Layout.tsx";
import { type TemplateFormData, TemplateFormPage } from "../../views/TemplateFormPage.tsx";
import { TemplateGeneratePage } from "../../views/TemplateGeneratePage.tsx";
import { TemplateListPage } from "../../views/TemplateListPage.tsx";
import { TemplateIssues } from "../../views/TemplateViews.tsx";

type C = Context<AppEnv>;

const NOT_FOUND = "No template with that id";
/** Largest request body: a DOCX plus the form around it. */
const MAX_BODY = MAX_DOCX_BYTES + 256 * 1024;
const PREVIEW_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";
const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** Mounts the template routes. */
export function templateRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql } = deps;
  for (const op of TEMPLATE_API) deps.api.add(op);
  const inFirm = <T,>(c: C, fn: (tx: Tx) => Promise<T>) => withFirm(sql, principalOf(c).firmId, fn);
  const editor = (c: C): Editor => ({
    firmId: principalOf(c).firmId,
    userId: principalOf(c).userId,
    actor: auditActor(c),
  });
  const canManage = (c: C) => can(principalOf(c).role, "firm.settings");
  const generation = (c: C): GenerateContext => {
    const p = principalOf(c);
    const reports = { cache: deps.cache, metrics: deps.metrics };
    return { viewer: p, firm: { id: p.firmId, name: p.firmName }, i18n: c.var.i18n, actor: auditActor(c), reports };
  };
  const request = (c: C): GenerateRequest => ({
    clientId: c.req.param("id") ?? "",
    templateId: c.req.param("tid") ?? "",
    period: { period: c.req.query("period"), from: c.req.query("from"), to: c.req.query("to") },
  });

  /** The submitted template: JSON under /api, else a form (with an optional file). */
  const submitted = async (c: C): Promise<SubmittedTemplate> => {
    if (Number(c.req.header("Content-Length") ?? 0) > MAX_BODY) throw new PayloadTooLargeError(MAX_DOCX_BYTES);
    if (isApiRequest(c) && (c.req.header("Content-Type") ?? "").includes("application/json")) {
      return await readInput(c, TemplateBody);
    }
    try {
      return await readTemplateForm(await c.req.parseBody());
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new BadRequestError("Cannot read the template: send JSON, or a form with name, format and body or file");
    }
  };
  const loadOr404 = async (c: C): Promise<TemplateSource> => {
    const found = await inFirm(c, (tx) => loadTemplate(tx, c.req.param("id") ?? "", c.var.i18n));
    if (!found) throw new NotFoundError(NOT_FOUND);
    return found;
  };
  const detail = (t: TemplateSource) => ({ ...toTemplateJson(t), body: t.format === "docx" ? null : t.body });

  // API ---------------------------------------------------------------------------------------
  app.get("/api/v1/templates", guard("clients.read"), async (c) => {
    const archived = c.req.query("archived") === "true";
    const items = await inFirm(c, (tx) => listAllTemplates(tx, c.var.i18n, { archived }));
    return c.json({ items: items.map(toTemplateJson) });
  });
  app.get("/api/v1/templates/fields", guard("clients.read"), (c) => c.json(fieldList(c.var.i18n)));
  app.post("/api/v1/templates/check", guard("firm.settings"), async (c) => {
    const json = (c.req.header("Content-Type") ?? "").includes("application/json");
    const input: SubmittedTemplate = json ? await readInput(c, CheckBody) : await submitted(c);
    const errors = await checkTemplateInput({ format: input.format ?? "md", body: input.body, content: input.content });
    return c.json({ ok: errors.length === 0, errors });
  });
  app.post("/api/v1/templates", guard("firm.settings"), async (c) => {
    const input = await submitted(c);
    const created = await inFirm(
      c,
      (tx) => createTemplate(tx, editor(c), { ...input, name: input.name ?? "", format: input.format ?? "md" }),
    );
    return c.json(detail(created), 201);
  });
  app.get("/api/v1/templates/:id", guard("clients.read"), async (c) => c.json(detail(await loadOr404(c))));
  app.patch("/api/v1/templates/:id", guard("firm.settings"), async (c) => {
    const input = await submitted(c);
    const saved = await inFirm(c, (tx) => saveTemplate(tx, editor(c), c.req.param("id"), input));
    return c.json(detail(saved));
  });
  app.post("/api/v1/templates/:id/duplicate", guard("firm.settings"), async (c) => {
    const copy = await inFirm(c, (tx) => duplicateTemplate(tx, editor(c), c.req.param("id"), c.var.i18n));
    return c.json(detail(copy), 201);
  });
  app.post("/api/v1/templates/:id/archive", guard("firm.settings"), async (c) => {
    return c.json(detail(await inFirm(c, (tx) => archiveOwnTemplate(tx, editor(c), c.req.param("id")))));
  });

  const docxFile = async (c: C) => {
    const t = await loadOr404(c);
    if (t.format !== "docx" || !t.content) throw new NotFoundError("The template has no DOCX file");
    c.header("Content-Disposition", `attachment; filename="template.docx"`);
    c.header("Cache-Control", "no-store");
    return c.body(t.content as Uint8Array<ArrayBuffer>, 200, { "Content-Type": DOCX_TYPE });
  };
  app.get("/api/v1/templates/:id/file", guard("clients.read"), docxFile);

  const render = async (c: C) => {
    const file = await inFirm(
      c,
      (tx) => downloadDocument(tx, generation(c), { ...request(c), format: c.req.query("format") ?? "" }),
    );
    c.header("Content-Disposition", `attachment; filename="${file.filename}"`);
    c.header("Cache-Control", "no-store");
    c.header("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'");
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, { "Content-Type": file.contentType });
  };
  app.get("/api/v1/clients/:id/templates/:tid/render", guard("clients.read"), render);

  // Pages -------------------------------------------------------------------------------------
  const page = (c: C, title: string, body: ReturnType<typeof Layout>, status: 200 | 422 = 200) =>
    c.html(Layout({ c, title, children: body }), status);
  const formPage = (c: C, data: Omit<TemplateFormData, "fields" | "canManage">, status: 200 | 422 = 200) => {
    const full = { ...data, fields: fieldList(c.var.i18n).fields, canManage: canManage(c) };
    return page(c, data.template?.name ?? c.var.i18n.t("templates.new"), TemplateFormPage({ c, data: full }), status);
  };

  app.get("/templates", guard("clients.read"), async (c) => {
    const items = (await inFirm(c, (tx) => listAllTemplates(tx, c.var.i18n))).map(toTemplateJson);
    const body = TemplateListPage({ c, data: { items, canManage: canManage(c) } });
    return page(c, c.var.i18n.t("templates.title"), body);
  });
  app.get(
    "/templates/new",
    guard("firm.settings"),
    (c) => formPage(c, { values: { name: "", format: "md", body: "" }, errors: {} }),
  );

  /** Saves the form; on problems, the form again with them listed (422). */
  const saveForm = async (c: C, template?: TemplateSource) => {
    const values = { name: template?.name ?? "", format: template?.format ?? "md", body: template?.body ?? "" };
    try {
      const input = await submitted(c);
      values.name = input.name ?? values.name;
      values.format = input.format ?? values.format;
      values.body = input.body ?? values.body;
      const fields = { name: values.name, format: values.format, body: values.body, content: input.content };
      const saved = await inFirm(
        c,
        (tx) => template ? saveTemplate(tx, editor(c), template.id, fields) : createTemplate(tx, editor(c), fields),
      );
      return c.redirect(`/templates/${saved.id}?saved=1`, 303);
    } catch (error) {
      const shown = formErrors(error);
      if (!shown) throw error;
      return formPage(c, { template: template && detail(template), values, ...shown }, 422);
    }
  };
  app.post("/templates", guard("firm.settings"), (c) => saveForm(c));

  app.post("/templates/check", guard("firm.settings"), async (c) => {
    const form = await c.req.parseBody();
    const text = (key: string) => typeof form[key] === "string" ? form[key] as string : "";
    const values = { name: text("name"), format: text("format") || "md", body: text("body") };
    let shown: { issues?: TemplateIssue[]; errors: Record<string, string> };
    try {
      const input = await readTemplateForm(form);
      values.format = input.format ?? values.format;
      values.body = input.body ?? values.body;
      const format = parseFormat(values.format) ?? "md";
      shown = { issues: await checkTemplateInput({ format, body: values.body, content: input.content }), errors: {} };
    } catch (error) {
      shown = formErrors(error) ?? (() => {
        throw error;
      })();
    }
    if (isFragmentRequest(c)) return c.html(TemplateIssues({ c, issues: shown.issues }));
    const id = text("template_id");
    const template = id ? await inFirm(c, (tx) => loadTemplate(tx, id, c.var.i18n)) : undefined;
    return formPage(c, { template: template && detail(template), values, ...shown });
  });

  app.get("/templates/:id", guard("clients.read"), async (c) => {
    const t = await loadOr404(c);
    const values = { name: t.name, format: t.format, body: t.body ?? "" };
    return formPage(c, { template: detail(t), values, errors: {}, saved: c.req.query("saved") === "1" });
  });
  app.get("/templates/:id/file", guard("clients.read"), docxFile);
  app.post("/templates/:id", guard("firm.settings"), async (c) => saveForm(c, await loadOr404(c)));
  app.post("/templates/:id/duplicate", guard("firm.settings"), async (c) => {
    const copy = await inFirm(c, (tx) => duplicateTemplate(tx, editor(c), c.req.param("id"), c.var.i18n));
    return c.redirect(`/templates/${copy.id}?saved=1`, 303);
  });
  app.post("/templates/:id/archive", guard("firm.settings"), async (c) => {
    await inFirm(c, (tx) => archiveOwnTemplate(tx, editor(c), c.req.param("id")));
    return c.redirect("/templates", 303);
  });

  app.get("/clients/:id/documents/generate", guard("clients.read"), async (c) => {
    const data = await inFirm(c, (tx) => generatePageData(tx, generation(c), c.req.param("id"), c.req.query()));
    const body = TemplateGeneratePage({ c, data: { ...data, canManage: canManage(c) } });
    const status = data.periodError || data.issues?.length ? 422 : 200;
    return page(c, c.var.i18n.t("templates.generate.title", { client: data.client.name }), body, status);
  });
  app.get("/clients/:id/templates/:tid/preview", guard("clients.read"), async (c) => {
    c.header("Content-Security-Policy", PREVIEW_CSP);
    c.header("Cache-Control", "no-store");
    try {
      return c.html(await inFirm(c, (tx) => previewDocument(tx, generation(c), request(c))));
    } catch (error) {
      if (!(error instanceof TemplateError || error instanceof ValidationError)) throw error;
      return c.html(`<!DOCTYPE html><meta charset="utf-8"><p>${escapeHtml(error.message)}</p>`, 422);
    }
  });
  app.get("/clients/:id/templates/:tid/render", guard("clients.read"), render);

  return app;
}

/** Errors a form shows inline: template problems, field errors, a refused file. */
function formErrors(error: unknown): { issues?: TemplateIssue[]; errors: Record<string, string> } | undefined {
  if (error instanceof TemplateError) return { issues: error.issues, errors: {} };
  if (error instanceof ValidationError) {
    const errors: Record<string, string> = {};
    for (const e of error.extra.errors as { path: string; message: string }[]) errors[e.path] ??= e.message;
    return { errors };
  }
  if (error instanceof AppError && [400, 409, 413, 415].includes(error.status)) {
    return { errors: { file: error.message } };
  }
  return undefined;
}
