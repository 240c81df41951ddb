/**
 * Report downloads: a report document as a PDF, CSV or XLSX file with a file name that says
 * what it is ("riverside-bakery-schedule-c-2025.pdf").
 */
import type { Context } from "hono";
import { reportCsv } from "../exports/report_csv.ts";
import { slug } from "../exports/text.ts";
import { reportXlsx } from "../exports/report_xlsx.ts";
import type { AppEnv } from "../http/env.ts";
import { renderReportPdf } from "../pdf/mod.ts";
import type { Period } from "./period.ts";
import type { ReportDocument } from "./types.ts";

/** File formats a report downloads as. */
export const REPORT_FORMATS = ["pdf", "csv", "xlsx"] as const;
/** One of {@link REPORT_FORMATS}. */
export type ReportFormat = typeof REPORT_FORMATS[number];

const TYPES: Record<ReportFormat, string> = {
  pdf: "application/pdf",
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** Writes a document in a format. */
type Writer = (doc: ReportDocument, locale: string) => Promise<Uint8Array | string>;

const WRITERS: Record<ReportFormat, Writer> = {
  pdf: (doc, locale) => renderReportPdf(doc, { locale }),
  csv: (doc, locale) => Promise.resolve(reportCsv(doc, locale)),
  xlsx: (doc, locale) => reportXlsx(doc, locale),
};

/** The download's file name. */
export function reportFileName(doc: ReportDocument, period: Period, format: ReportFormat): string {
  const when = period.key ?? `${period.from}-${period.to}`;
  return `${slug(doc.clientName)}-${doc.report}-${slug(when)}.${format}`;
}

/** The response that downloads `doc` as `format`. */
export async function downloadReport(
  c: Context<AppEnv>,
  doc: ReportDocument,
  format: ReportFormat,
  period: Period,
): Promise<Response> {
  const body = await WRITERS[format](doc, c.var.i18n.locale);
  return new Response(body as BodyInit, {
    headers: {
      "Content-Type": TYPES[format],
      "Content-Disposition": `attachment; filename="${reportFileName(doc, period, format)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
