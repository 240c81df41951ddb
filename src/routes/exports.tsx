/**
 * Transaction exports: `GET /api/v1/clients/:id/transactions/export?format=…&<list filters>`
 * (Bearer) and `GET /clients/:id/transactions/export?…` for the page's Export menu (cookies).
 * Both stream the file (src/exports/) with a download file name. Guard "clients.read": anyone
 * who may read the client's transactions may export them. A client the member may not see is
 * 404; a bad format or filter is 422 (problem+json under /api, the error page otherwise).
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { RouteDeps } from "../app.ts";
import type { AppEnv } from "../http/env.ts";
import { guard } from "../http/policy.ts";
import { auditActor, principalOf } from "../http/request_info.ts";
import { TransactionQuerySchema } from "../ledger/search/schema.ts";
import { EXPORT_FORMATS, exportLabels, openTransactionExport } from "../exports/mod.ts";

type C = Context<AppEnv>;

/** The list's filters plus the format (paging and sort do not apply to an export): for the API document. */
const { limit: _limit, cursor: _cursor, sort: _sort, ...filters } = TransactionQuerySchema.shape;
const ExportQuery = z.object({
  ...filters,
  format: z.enum(EXPORT_FORMATS).default("csv").describe(
    "csv: every column · xlsx: Excel workbook · ofx: one statement per account · qbo: QuickBooks Online bank " +
      "upload CSV (Date, Description, Amount) · iif: QuickBooks Desktop · beancount, hledger: journals",
  ),
});

/** Mounts the export routes. */
export function exportRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql, api, logger } = deps;

  const download = async (c: C) => {
    const principal = principalOf(c);
    const raw = c.req.query();
    const { meta, body, done } = await openTransactionExport(sql, {
      principal,
      actor: auditActor(c),
      clientId: c.req.param("id") ?? "",
      format: raw.format,
      query: raw,
      labels: exportLabels(c.var.i18n.t),
    });
    done.then(({ error }) => {
      if (error) logger.error("transaction export failed while streaming", { error, request_id: c.var.requestId });
    });
    return new Response(body, {
      headers: {
        "Content-Type": meta.contentType,
        "Content-Disposition": `attachment; filename="${meta.fileName}"`,
        "Cache-Control": "private, no-store",
        "X-Export-Rows": String(meta.count),
      },
    });
  };

  api.add({
    method: "get",
    path: "/api/v1/clients/:id/transactions/export",
    summary: "Export a client's transactions — every row the same filters select in the list, oldest first — " +
      "as CSV, XLSX, OFX, QuickBooks (Online CSV, Desktop IIF), beancount or hledger. The file streams; " +
      "X-Export-Rows tells how many transactions it holds",
    tags: ["Transactions"],
    query: ExportQuery,
    responses: {
      200: { description: "The file, as an attachment (text/csv, application/vnd.openxmlformats-…, …)" },
      404: { description: "No such client, or not one the caller may see" },
      422: { description: "Unknown format or invalid filters" },
    },
  });
  app.get("/api/v1/clients/:id/transactions/export", guard("clients.read"), download);
  app.get("/clients/:id/transactions/export", guard("clients.read"), download);

  return app;
}
