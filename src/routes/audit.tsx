/**
 * Routes: the audit log, for owners and admins ("audit.read"). The page and /api/v1/audit share
 * one loader (keyset pagination, newest first); /audit.csv streams the same filtered rows in
 * pages of 1000; /audit/entity/:type/:id serves one record's history as an htmx fragment.
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import type { RouteDeps } from "../app.ts";
import { type AuditFilter, type AuditRow, listAudit } from "../audit/audit.ts";
import { withFirm } from "../db/tenant.ts";
import { ValidationError } from "../errors.ts";
import type { AppEnv } from "../http/env.ts";
import { guard } from "../http/policy.ts";
import { isFragmentRequest, type Representation, respond } from "../http/represent.ts";
import { principalOf } from "../http/request_info.ts";
import { AuditPage, AuditRows } from "../../views/AuditPage.tsx";
import { entityTypeLabel } from "../../views/AuditChanges.tsx";
import { EntityHistory } from "../../views/EntityHistory.tsx";
import { Layout } from "../../views/Layout.tsx";

/** Rows per CSV page (each page is one query in its own short transaction). */
const CSV_PAGE_ROWS = 1000;
/** Entries shown in an entity's history fragment. */
const HISTORY_ROWS = 50;

const EntityType = z.string().regex(/^[a-z][a-z0-9_.]{0,49}$/, "Use a lower-case entity type such as client");
const EntityId = z.string().min(1).max(200, "Use at most 200 characters");

const Filters = z.object({
  entity_type: EntityType.optional().describe("Only rows about this kind of record, e.g. client"),
  entity_id: EntityId.optional().describe("Only rows about this record"),
  actor: z.string().max(254, "Use at most 254 characters").optional()
    .describe("An actor id, or part of the actor's label (email)"),
  since: z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: "Use an ISO date (2025-01-31) or date-time with a time zone (2025-01-31T09:00:00Z)",
  }).optional().describe("Only rows at or after this date (UTC midnight) or date-time"),
});
const AuditQuery = Filters.extend({
  before: z.string().regex(/^[1-9][0-9]{0,17}$/, "Use the numeric id from next_before").optional()
    .describe("Only rows older than this id (the next_before of the previous page)"),
  limit: z.coerce.number({ error: "Use a whole number from 1 to 500" }).int("Use a whole number from 1 to 500")
    .min(1, "Use a whole number from 1 to 500").max(500, "Use a whole number from 1 to 500").default(100)
    .describe("Rows per page, 1 to 500 (default 100)"),
});
type AuditQuery = z.output<typeof AuditQuery>;

const AuditItem = z.object({
  id: z.string().describe("Numeric id, increasing with time"),
  at: z.string(),
  actor: z.object({
    type: z.enum(["user", "api_token", "system", "anonymous"]),
    id: z.string().nullable(),
    label: z.string(),
  }),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()).describe("Changed fields as {field: {from, to}}; _details for context"),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  request_id: z.string().nullable(),
}).meta({ id: "AuditEntry" });
const AuditList = z.object({
  items: z.array(AuditItem),
  next_before: z.string().nullable().describe("Pass as `before` for the next (older) page; null at the end"),
}).meta({ id: "AuditList" });

/** What the loader computes once for both faces. */
interface AuditData {
  items: z.output<typeof AuditItem>[];
  next_before: string | null;
  rows: AuditRow[];
  query: AuditQuery;
}

/** Audit rows are sensitive: never cached. */
const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.header("Cache-Control", "no-store");
  await next();
};

/** Validates the query string (empty values count as absent); 422 listing each bad parameter. */
function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ""));
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new ValidationError(
      "Some query parameters are not valid",
      result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  return result.data;
}

/** The listAudit filter for validated query parameters. */
function toFilter(q: z.output<typeof Filters> & { before?: string }): AuditFilter {
  return {
    entityType: q.entity_type,
    entityId: q.entity_id,
    actor: q.actor,
    since: q.since && /^\d{4}-\d{2}-\d{2}$/.test(q.since) ? `${q.since}T00:00:00Z` : q.since,
    before: q.before,
  };
}

/** A query string of the filters (and extras), without empty values. */
function queryString(q: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q)) if (value !== undefined && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}

const filterValues = (q: AuditQuery) => ({
  entity_type: q.entity_type,
  entity_id: q.entity_id,
  actor: q.actor,
  since: q.since,
});

const auditRep: Representation<AuditData> = {
  // The JSON face is `items` and `next_before`; parsing strips the rows and query kept for the page.
  schema: AuditList as unknown as z.ZodType<AuditData>,
  title: (_d, c) => c.var.i18n.t("audit.title"),
  page: (d, c) => AuditPage(viewProps(d, c)),
  fragment: (d, c) => AuditRows(viewProps(d, c)),
};

function viewProps(d: AuditData, c: Context<AppEnv>) {
  const filters = filterValues(d.query);
  const extra = d.query.limit === 100 ? {} : { limit: d.query.limit };
  return {
    c,
    rows: d.rows,
    filters,
    nextUrl: d.next_before ? `/audit${queryString({ ...filters, ...extra, before: d.next_before })}` : null,
    csvUrl: `/audit.csv${queryString(filters)}`,
  };
}

/** Mounts the audit routes. */
export function auditRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql, api } = deps;
  const auditRead = guard("audit.read");

  const load = async (c: Context<AppEnv>): Promise<AuditData> => {
    const query = readQuery(c, AuditQuery);
    const found = await withFirm(
      sql,
      principalOf(c).firmId,
      (tx) => listAudit(tx, { ...toFilter(query), limit: query.limit + 1 }),
    );
    const rows = found.slice(0, query.limit);
    return {
      rows,
      query,
      items: rows.map(toItem),
      next_before: found.length > query.limit ? rows[rows.length - 1].id : null,
    };
  };

  api.add({
    method: "get",
    path: "/api/v1/audit",
    summary: "The firm's audit log, newest first (owners and admins)",
    tags: ["Audit"],
    query: AuditQuery,
    responses: { 200: { description: "One page of entries", schema: AuditList } },
  });
  const show = async (c: Context<AppEnv>) => respond(c, auditRep, await load(c));
  app.get("/audit", auditRead, noStore, show);
  app.get("/api/v1/audit", auditRead, noStore, show);

  app.get("/audit.csv", auditRead, noStore, (c) => {
    const filter = toFilter(readQuery(c, Filters));
    const firmId = principalOf(c).firmId;
    const encoder = new TextEncoder();
    let before: string | undefined;
    let started = false;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`\uFEFF${csvLine(CSV_COLUMNS)}`));
        }
        try {
          const rows = await withFirm(sql, firmId, (tx) => listAudit(tx, { ...filter, before, limit: CSV_PAGE_ROWS }));
          if (rows.length) controller.enqueue(encoder.encode(rows.map((r) => csvLine(csvFields(r))).join("")));
          if (rows.length < CSV_PAGE_ROWS) controller.close();
          else before = rows[rows.length - 1].id;
        } catch (error) {
          deps.logger.error("audit CSV export failed", { error, request_id: c.var.requestId });
          controller.error(error);
        }
      },
    });
    const day = new Date().toISOString().slice(0, 10);
    return c.body(stream, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="ledgerflow-audit-${day}.csv"`,
    });
  });

  const EntityParams = z.object({ type: EntityType, id: EntityId });
  app.get("/audit/entity/:type/:id", auditRead, noStore, async (c) => {
    const params = EntityParams.safeParse(c.req.param());
    if (!params.success) {
      throw new ValidationError(
        "Not a valid entity",
        params.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      );
    }
    const { type, id } = params.data;
    const rows = await withFirm(
      sql,
      principalOf(c).firmId,
      (tx) => listAudit(tx, { entityType: type, entityId: id, limit: HISTORY_ROWS }),
    );
    c.header("Vary", "HX-Request", { append: true });
    if (isFragmentRequest(c)) return c.html(EntityHistory({ c, rows }));
    const { t } = c.var.i18n;
    const title = `${t("audit.history")}: ${entityTypeLabel(c, type)} ${id}`;
    return c.html(Layout({
      c,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <section class="card">{EntityHistory({ c, rows })}</section>
          <p>
            <a href={`/audit${queryString({ entity_type: type, entity_id: id })}`}>{t("audit.title")}</a>
          </p>
        </>
      ),
    }));
  });

  return app;
}

function toItem(r: AuditRow): z.output<typeof AuditItem> {
  return {
    id: r.id,
    at: r.at,
    actor: { type: r.actor_type as "user", id: r.actor_id, label: r.actor_label },
    action: r.action,
    entity_type: r.entity_type,
    entity_id: r.entity_id,
    changes: r.changes,
    ip: r.ip,
    user_agent: r.user_agent,
    request_id: r.request_id,
  };
}

// CSV -----------------------------------------------------------------------------------------
const CSV_COLUMNS = [
  "id",
  "at",
  "actor_type",
  "actor_id",
  "actor_label",
  "action",
  "entity_type",
  "entity_id",
  "changes",
  "ip",
  "user_agent",
  "request_id",
];

function csvFields(r: AuditRow): unknown[] {
  return [
    r.id,
    r.at,
    r.actor_type,
    r.actor_id,
    r.actor_label,
    r.action,
    r.entity_type,
    r.entity_id,
    r.changes,
    r.ip,
    r.user_agent,
    r.request_id,
  ];
}

/**
 * One RFC 4180 record (CRLF-terminated). Cells that a spreadsheet would run as a formula
 * (starting with = + - @, or a tab or carriage return) get a leading single quote; cells with a
 * quote, comma or line break are quoted, with quotes doubled.
 */
function csvLine(values: unknown[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}

function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
