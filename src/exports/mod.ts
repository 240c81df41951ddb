/**
 * Transaction exports: a client's transactions, selected by exactly the filters of the
 * transaction list, in one of seven formats, streamed from a database cursor.
 *
 * {@link openTransactionExport} checks the client (404), validates the format and filters
 * (422), resolves the selection and records the export in the audit log (format, filter, row
 * count; committed on its own, so an export that fails half way is still on record) — all before
 * the first byte, so any of these errors is an ordinary problem response — then hands back a body
 * that reads the rows, in a transaction of its own, as the client downloads them.
 */
import { getClient } from "../clients/clients.ts";
import type { Sql } from "../db/client.ts";
import { type Tx, withFirm } from "../db/tenant.ts";
import { type AuditActor, writeAudit } from "../audit/audit.ts";
import type { Principal } from "../auth/principal.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import type { I18n } from "../i18n/mod.ts";
import { resolveSelection } from "../ledger/search/run.ts";
import { parseTransactionQuery, type TransactionQuery } from "../ledger/search/schema.ts";
import { writeCsv, writeQboCsv } from "./csv.ts";
import { writeIif } from "./iif.ts";
import { writeBeancount, writeHledger } from "./journal.ts";
import { writeOfx } from "./ofx.ts";
import { accountSpans, exportRows, listExportAccounts, listExportCategories } from "./query.ts";
import { type Streamed, streamInTransaction } from "./stream.ts";
import { slug } from "./text.ts";
import type { ExportContext, ExportLabels, ExportWriter } from "./types.ts";
import { writeXlsx } from "./xlsx.ts";

/** The formats, in menu order. */
export const EXPORT_FORMATS = ["csv", "xlsx", "ofx", "qbo", "iif", "beancount", "hledger"] as const;
/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = typeof EXPORT_FORMATS[number];

/** How each format is written and served. */
export const FORMAT_INFO: Record<ExportFormat, { contentType: string; suffix: string; write: ExportWriter }> = {
  csv: { contentType: "text/csv; charset=utf-8", suffix: ".csv", write: writeCsv },
  xlsx: {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    suffix: ".xlsx",
    write: writeXlsx,
  },
  ofx: { contentType: "application/x-ofx", suffix: ".ofx", write: writeOfx },
  qbo: { contentType: "text/csv; charset=utf-8", suffix: "-quickbooks-online.csv", write: writeQboCsv },
  iif: { contentType: "application/x-iif", suffix: ".iif", write: writeIif },
  beancount: { contentType: "text/plain; charset=utf-8", suffix: ".beancount", write: writeBeancount },
  hledger: { contentType: "text/plain; charset=utf-8", suffix: ".journal", write: writeHledger },
};

/** Query parameters of the list that an export does not use (it streams every row, oldest first). */
export const PAGING: ReadonlySet<string> = new Set(["limit", "cursor", "sort", "format"]);

/** The translated headers and words of the files, in the language of `t`. */
export function exportLabels(t: I18n["t"]): ExportLabels {
  return {
    sheet: t("exports.sheet"),
    date: t("exports.col.date"),
    posted_date: t("exports.col.posted_date"),
    account: t("exports.col.account"),
    description: t("exports.col.description"),
    payee: t("exports.col.payee"),
    category: t("exports.col.category"),
    line: t("exports.col.line"),
    memo: t("exports.col.memo"),
    tags: t("exports.col.tags"),
    amount: t("exports.col.amount"),
    currency: t("exports.col.currency"),
    business_pct: t("exports.col.business_pct"),
    needs_review: t("exports.col.needs_review"),
    splits: t("exports.col.splits"),
    document: t("exports.col.document"),
    id: t("exports.col.id"),
    yes: t("exports.yes"),
    no: t("exports.no"),
    uncategorized: t("exports.uncategorized"),
  };
}

/** Checks `format` (CSV when absent); a 422 names the formats there are. */
export function parseExportFormat(raw: string | undefined): ExportFormat {
  if (raw === undefined || raw === "") return "csv";
  if ((EXPORT_FORMATS as readonly string[]).includes(raw)) return raw as ExportFormat;
  const message = `Use one of ${EXPORT_FORMATS.join(", ")}`;
  throw new ValidationError(`Cannot export as ${JSON.stringify(raw.slice(0, 40))}: ${message}`, [
    { path: "format", message },
  ]);
}

/** The filters of a list URL's query, without paging (validated like the list: 422 per bad field). */
export function parseExportQuery(raw: Record<string, string | undefined>): TransactionQuery {
  return parseTransactionQuery(Object.fromEntries(Object.entries(raw).filter(([k]) => !PAGING.has(k))));
}

/** The filter as a query string (for the audit log and file names), keys in a stable order. */
export function filterString(raw: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(raw).sort()) {
    const value = raw[key];
    if (!PAGING.has(key) && value !== undefined && value.trim() !== "") params.set(key, value.slice(0, 500));
  }
  return params.toString();
}

/** "riverside-bakery-llc-transactions-2025-01-01-2025-12-31.csv". */
export function exportFileName(
  clientName: string,
  range: { from: string | null; to: string | null },
  format: ExportFormat,
): string {
  const dates = range.from || range.to ? `-${range.from ?? "start"}-${range.to ?? "end"}` : "";
  return `${slug(clientName)}-transactions${dates}${FORMAT_INFO[format].suffix}`;
}

/** What a request to export asks for. */
export interface ExportRequest {
  principal: Principal;
  actor: AuditActor;
  clientId: string;
  format: string | undefined;
  /** The query parameters: the list's filters (paging ignored). */
  query: Record<string, string | undefined>;
  labels: ExportLabels;
  now?: Date;
}

/** What the response needs before the body. */
export interface ExportMeta {
  fileName: string;
  contentType: string;
  count: number;
}

/** Starts an export (see the module doc); errors before the first byte are thrown. */
export async function openTransactionExport(sql: Sql, req: ExportRequest): Promise<Streamed<ExportMeta>> {
  const generatedAt = req.now ?? new Date();
  /** The client (404 before 422: a client the member may not see is not there), format and selection. */
  const check = async (tx: Tx) => {
    const client = await getClient(tx, req.principal, req.clientId);
    if (!client) throw new NotFoundError("No client with that id");
    const format = parseExportFormat(req.format);
    const query = parseExportQuery(req.query);
    const { selection } = await resolveSelection(tx, client.id, query);
    return { client, format, query, selection };
  };
  // The audit row first, in a short transaction of its own that ends before the streaming one
  // begins: an export never holds two connections at once (with every connection of the pool
  // streaming, a second one would be waited for forever), and the record outlives a download
  // that fails half way. Its row count is the selection's at the time of the request.
  await withFirm(sql, req.principal.firmId, async (tx) => {
    const { format, selection } = await check(tx);
    const rows = (await accountSpans(tx, selection)).reduce((n, s) => n + s.count, 0);
    await writeAudit(tx, req.principal.firmId, req.actor, {
      action: "transactions.export",
      entityType: "client",
      entityId: req.clientId,
      details: { format, filter: filterString(req.query), rows },
    });
  });
  return await streamInTransaction<ExportMeta>(sql, req.principal.firmId, async (tx) => {
    const { client, format, query, selection } = await check(tx);
    const [spans, accounts, categories] = await Promise.all([
      accountSpans(tx, selection),
      listExportAccounts(tx, client.id),
      listExportCategories(tx),
    ]);
    const ctx: ExportContext = {
      clientName: client.name,
      accounts: new Map(accounts.map((a) => [a.id, a])),
      spans,
      categories,
      labels: req.labels,
      generatedAt,
      rows: (accountId) => exportRows(tx, selection, accountId),
    };
    const firsts = spans.map((s) => s.first).sort(), lasts = spans.map((s) => s.last).sort();
    const range = { from: query.from ?? firsts[0] ?? null, to: query.to ?? lasts.at(-1) ?? null };
    const meta = {
      fileName: exportFileName(client.name, range, format),
      contentType: FORMAT_INFO[format].contentType,
      count: spans.reduce((n, s) => n + s.count, 0),
    };
    return { meta, pieces: FORMAT_INFO[format].write(ctx) };
  });
}
