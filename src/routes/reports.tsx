/**
 * Reports of a client for a period: pages at /clients/:id/reports/<name> and JSON at
 * /api/v1/clients/:id/reports/<name>, from one loader; `format=pdf|csv|xlsx` on either
 * downloads the report as a file. Reads go through the report cache (src/reports/cached.ts).
 * A client the member may not see is 404; a bad period is 422.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { RouteDeps } from "../app.ts";
import { writeAudit } from "../audit/audit.ts";
import { getClient } from "../clients/clients.ts";
import { type Tx, withFirm } from "../db/tenant.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import type { AppEnv } from "../http/env.ts";
import { guard } from "../http/policy.ts";
import { isApiRequest, isFragmentRequest } from "../http/represent.ts";
import { auditActor, principalOf } from "../http/request_info.ts";
import { getReport } from "../reports/cached.ts";
import { reportDocument } from "../reports/documents.ts";
import { downloadReport, REPORT_FORMATS, type ReportFormat } from "../reports/download.ts";
import { resolvePeriod, suggestedPeriods } from "../reports/period.ts";
import { REPORT_NAMES, type ReportData, type ReportName, REPORTS } from "../reports/registry.ts";
import { Layout } from "../../views/Layout.tsx";
import { ReportBody } from "../../views/ReportBody.tsx";
import { ReportPage, type ReportPageData } from "../../views/ReportPage.tsx";

type C = Context<AppEnv>;

const TAGS = ["Reports"];

/** Query parameters of every report. */
const ReportQuery = z.object({
  period: z.string().optional().describe('A named period: "2025", "fy2025", "2025-q1", "2025-03", "last-year"…'),
  from: z.string().optional().describe("Start of a custom range (YYYY-MM-DD); with `to`"),
  to: z.string().optional().describe("End of a custom range (YYYY-MM-DD); with `from`"),
  format: z.enum(["json", ...REPORT_FORMATS]).optional().describe("json (default for the API), pdf, csv or xlsx"),
});

/** Mounts the report routes. */
export function reportRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql, api } = deps;

  const load = <N extends ReportName>(c: C, name: N) =>
    withFirm(sql, principalOf(c).firmId, async (tx: Tx) => {
      const client = await getClient(tx, principalOf(c), c.req.param("id") ?? "");
      if (!client) throw new NotFoundError("No client with that id");
      const q = c.req.query();
      // A page's picker sends both a period and dates; dates win when both are filled in.
      const custom = !isApiRequest(c) && q.from && q.to;
      const period = resolvePeriod(
        custom ? { from: q.from, to: q.to } : { period: q.period, from: q.from, to: q.to },
        client.fiscal_year_start,
      );
      const format = q.format ?? "json";
      if (format !== "json" && !(REPORT_FORMATS as readonly string[]).includes(format)) {
        throw new ValidationError(`Cannot export the report: unknown format "${format.slice(0, 20)}"`, [
          { path: "format", message: `Use one of json, ${REPORT_FORMATS.join(", ")}` },
        ]);
      }
      const result = await getReport({ cache: deps.cache, metrics: deps.metrics }, tx, name, client.id, period);
      if (format !== "json") {
        await writeAudit(tx, principalOf(c).firmId, auditActor(c), {
          action: "report.download",
          entityType: "client",
          entityId: client.id,
          details: { report: name, format, from: period.from, to: period.to },
        });
      }
      return { client, period, result, format: format as "json" | ReportFormat };
    });

  for (const name of REPORT_NAMES) {
    const def = REPORTS[name];
    api.add({
      method: "get",
      path: `/api/v1/clients/:id/reports/${name}`,
      summary: `${def.summary}. Money as decimal strings; format=pdf|csv|xlsx downloads a file`,
      tags: TAGS,
      query: ReportQuery,
      responses: { 200: { description: def.summary, schema: def.schema } },
    });
    const handler = async (c: C) => {
      const { client, period, result, format } = await load(c, name);
      const data = result.data as ReportData[typeof name];
      if (format === "json" && isApiRequest(c)) {
        c.header("X-Report-Cache", result.cached ? "hit" : "miss");
        return c.json(def.schema.parse(data) as object);
      }
      const doc = reportDocument(name, data, {
        i18n: c.var.i18n,
        firmName: principalOf(c).firmName,
        clientName: client.name,
        clientId: client.id,
      });
      if (format !== "json") return await downloadReport(c, doc, format, period);
      const page: ReportPageData = {
        name,
        client: { id: client.id, name: client.name },
        period,
        periods: suggestedPeriods(client.fiscal_year_start),
        doc,
        empty: isEmpty(name, data),
        reviewUrl: doc.warnings.length ? `/clients/${client.id}/review` : undefined,
      };
      c.header("Vary", "HX-Request", { append: true });
      const body = (
        <ReportPage c={c} data={page}>
          <ReportBody c={c} name={name} data={data} doc={doc} />
        </ReportPage>
      );
      if (isFragmentRequest(c)) return c.html(body);
      const title = c.var.i18n.t("reports.client_title", { report: doc.title, client: client.name });
      return c.html(Layout({ c, title, children: body }));
    };
    app.get(`/clients/:id/reports/${name}`, guard("clients.read"), handler);
    app.get(`/api/v1/clients/:id/reports/${name}`, guard("clients.read"), handler);
  }

  app.get("/clients/:id/reports", guard("clients.read"), async (c) => {
    const client = await withFirm(sql, principalOf(c).firmId, (tx) => getClient(tx, principalOf(c), c.req.param("id")));
    if (!client) throw new NotFoundError("No client with that id");
    return c.redirect(`/clients/${client.id}/reports/schedule-c${new URL(c.req.url).search}`, 303);
  });

  return app;
}

/** Whether a report has nothing to show for its period. */
function isEmpty(name: ReportName, data: ReportData[ReportName]): boolean {
  switch (name) {
    case "schedule-c":
      return (data as ReportData["schedule-c"]).lines.every((l) => l.count === 0) &&
        (data as ReportData["schedule-c"]).uncategorized_count === 0;
    case "coverage":
      return (data as ReportData["coverage"]).accounts.length === 0;
    case "cash-flow":
      return (data as ReportData["cash-flow"]).accounts.length === 0;
    default:
      return false;
  }
}
