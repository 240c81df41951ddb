/**
 * Generating a document: a template, a client the member may see and a period → the template
 * data (model.ts) → the rendered document, as a preview page or a download. Downloads write a
 * "document.generate" audit row on the client in the same transaction.
 */
import type { AuditActor } from "../audit/audit.ts";
import { writeAudit } from "../audit/audit.ts";
import { getClient, type Viewer } from "../clients/clients.ts";
import type { Tx } from "../db/tenant.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import type { I18n } from "../i18n/mod.ts";
import type { ReportDeps } from "../reports/cached.ts";
import { type Period, type PeriodParams, resolvePeriod, suggestedPeriods } from "../reports/period.ts";
import { buildTemplateModel } from "./model.ts";
import { documentPdf } from "./pdf.ts";
import { checkOutput, CONTENT_TYPES, fileName, fileOf, previewHtml, type Rendered, renderSource } from "./output.ts";
import type { TemplateIssue } from "./errors.ts";
import { type TemplateJson, toTemplateJson } from "./json.ts";
import { checkTemplateInput, listAllTemplates, loadTemplate, type TemplateSource } from "./service.ts";

/** Who generates, and with what. */
export interface GenerateContext {
  viewer: Viewer;
  firm: { id: string; name: string };
  i18n: I18n;
  actor: AuditActor;
  reports?: ReportDeps;
  today?: Date;
}

/** What to generate. */
export interface GenerateRequest {
  clientId: string;
  templateId: string;
  period: PeriodParams;
}

/** A rendered document with what a page needs to name it. */
export interface Generated {
  template: TemplateSource;
  client: { id: string; name: string };
  period: Period;
  rendered: Rendered;
  title: string;
}

/**
 * Renders a document (throws 404 for clients or templates the member cannot see, 400 when the
 * template cannot be generated as `output`, 422 for template errors).
 */
export async function renderDocument(
  tx: Tx,
  ctx: GenerateContext,
  req: GenerateRequest,
  output?: string,
): Promise<Generated> {
  const client = await getClient(tx, ctx.viewer, req.clientId);
  if (!client) throw new NotFoundError("No client with that id");
  const template = await loadTemplate(tx, req.templateId, ctx.i18n);
  if (!template) throw new NotFoundError("No template with that id");
  if (output !== undefined) checkOutput(template, output);
  if (template.archived) throw new ConflictError("The template is archived; it can no longer generate documents");
  const period = resolvePeriod(req.period, client.fiscal_year_start, ctx.today);
  const data = await buildTemplateModel(tx, {
    firm: { name: ctx.firm.name },
    client,
    period,
    i18n: ctx.i18n,
    reports: ctx.reports,
    today: ctx.today,
  });
  const rendered = renderSource(template, data);
  const title = `${template.name} · ${client.name} · ${period.label}`;
  return { template, client: { id: client.id, name: client.name }, period, rendered, title };
}

/** The HTML preview of a document. */
export async function previewDocument(tx: Tx, ctx: GenerateContext, req: GenerateRequest): Promise<string> {
  const doc = await renderDocument(tx, ctx, req);
  return previewHtml(doc.rendered, doc.title);
}

/** A download of the document in `format`, audited. */
export async function downloadDocument(
  tx: Tx,
  ctx: GenerateContext,
  req: GenerateRequest & { format: string },
): Promise<{ bytes: Uint8Array; contentType: string; filename: string }> {
  const doc = await renderDocument(tx, ctx, req, req.format);
  const format = checkOutput(doc.template, req.format);
  const bytes = format === "pdf"
    ? await documentPdf(doc.rendered, {
      title: doc.title,
      header: `${doc.client.name} · ${doc.period.label}`,
      locale: ctx.i18n.locale,
      author: ctx.firm.name,
    })
    : fileOf(doc.rendered, format, doc.title);
  const key = doc.period.key ?? `${doc.period.from}-${doc.period.to}`;
  await writeAudit(tx, ctx.firm.id, ctx.actor, {
    action: "document.generate",
    entityType: "client",
    entityId: doc.client.id,
    details: {
      template_id: doc.template.id,
      template_name: doc.template.name,
      format,
      period: { from: doc.period.from, to: doc.period.to, label: doc.period.label },
      bytes: bytes.length,
    },
  });
  return {
    bytes,
    contentType: CONTENT_TYPES[format],
    filename: fileName([doc.template.name, doc.client.name, key], format),
  };
}

/** What the generate page shows (views/TemplateGeneratePage.tsx). */
export interface GeneratePageData {
  client: { id: string; name: string };
  templates: TemplateJson[];
  selected?: TemplateJson;
  /** The period parameters as given. */
  params: { period: string; from: string; to: string };
  periods: Period[];
  /** The period the parameters resolve to (undefined when they are invalid). */
  period?: Period;
  /** A message about the period parameters. */
  periodError?: string;
  issues?: TemplateIssue[];
}

/** Loads the generate page: the client (404 when hidden), the templates, the period and the chosen template's problems. */
export async function generatePageData(
  tx: Tx,
  ctx: GenerateContext,
  clientId: string,
  query: { template?: string; period?: string; from?: string; to?: string },
): Promise<GeneratePageData> {
  const client = await getClient(tx, ctx.viewer, clientId);
  if (!client) throw new NotFoundError("No client with that id");
  const templates = (await listAllTemplates(tx, ctx.i18n)).map(toTemplateJson);
  const chosen = query.template ? await loadTemplate(tx, query.template, ctx.i18n) : undefined;
  const selected = chosen && !chosen.archived ? chosen : undefined;
  const params = { period: query.period ?? "", from: query.from ?? "", to: query.to ?? "" };
  let period: Period | undefined;
  let periodError: string | undefined;
  try {
    period = resolvePeriod(params, client.fiscal_year_start, ctx.today);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    periodError = (error.extra.errors as { message: string }[])[0]?.message ?? error.message;
  }
  return {
    client: { id: client.id, name: client.name },
    templates,
    selected: selected && toTemplateJson(selected),
    params,
    periods: suggestedPeriods(client.fiscal_year_start, ctx.today),
    period,
    periodError,
    issues: selected ? await checkTemplateInput(selected) : undefined,
  };
}
