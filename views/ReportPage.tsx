/**
 * A report page: the client and period, a period picker (a plain GET form), tabs for the
 * other reports of the same period, download links, the warnings that say what is not yet in
 * the figures, charts where the report has them, and its tables with drill-down links.
 */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AppEnv } from "../src/http/env.ts";
import type { Period } from "../src/reports/period.ts";
import { REPORT_NAMES, type ReportName } from "../src/reports/registry.ts";
import type { ReportDocument } from "../src/reports/types.ts";

type C = Context<AppEnv>;

/** What the page shows. */
export interface ReportPageData {
  name: ReportName;
  client: { id: string; name: string };
  period: Period;
  /** Periods offered in the picker. */
  periods: Period[];
  doc: ReportDocument;
  /** True when the period has no transactions at all. */
  empty: boolean;
  /** Where the warnings' "review them" link goes, if anywhere. */
  reviewUrl?: string;
}

/** The query string that selects `period` ("period=2025" or "from=…&to=…"). */
export function periodQuery(period: Period): string {
  return period.key ? `period=${encodeURIComponent(period.key)}` : `from=${period.from}&to=${period.to}`;
}

function PeriodPicker({ c, data }: { c: C; data: ReportPageData }) {
  const { t } = c.var.i18n;
  const { period } = data;
  const options = data.periods.some((p) => p.key === period.key) || !period.key
    ? data.periods
    : [period, ...data.periods];
  return (
    <form method="get" action={`/clients/${data.client.id}/reports/${data.name}`} class="report-period">
      <label>
        {t("reports.period")}
        <select name="period">
          {options.map((p) => <option value={p.key ?? ""} selected={p.key === period.key}>{p.label}</option>)}
          <option value="" selected={!period.key}>{t("reports.period.custom")}</option>
        </select>
      </label>
      <label>
        {t("reports.period.from")}
        <input type="date" name="from" value={period.key ? "" : period.from} />
      </label>
      <label>
        {t("reports.period.to")}
        <input type="date" name="to" value={period.key ? "" : period.to} />
      </label>
      <button type="submit" class="button button-secondary">{t("reports.period.show")}</button>
    </form>
  );
}

/** The page body of /clients/:id/reports/:name; `charts` go above the tables. */
export function ReportPage(
  { c, data, charts, children }: { c: C; data: ReportPageData; charts?: Child; children?: Child },
) {
  const { t } = c.var.i18n;
  const { client, doc, name } = data;
  const query = periodQuery(data.period);
  const base = `/clients/${client.id}/reports`;
  return (
    <div class="report">
      <p class="review-crumbs">
        <a href={`/clients/${client.id}`}>{client.name}</a> › {t("reports.title")}
      </p>
      <div class="page-header">
        <div>
          <h1>{doc.title}</h1>
          <p class="lead">{doc.periodLabel}</p>
        </div>
        <div class="actions report-downloads" aria-label={t("reports.export")}>
          <span class="muted">{t("reports.export")}:</span>
          {(["pdf", "csv", "xlsx"] as const).map((f) => (
            <a class="button button-secondary button-small" href={`${base}/${name}?${query}&format=${f}`} download>
              {t(`reports.export.${f}`)}
            </a>
          ))}
        </div>
      </div>
      <PeriodPicker c={c} data={data} />
      <nav aria-label={t("reports.tabs")} class="report-tabs">
        <ul>
          {REPORT_NAMES.map((n) => (
            <li>
              <a href={`${base}/${n}?${query}`} aria-current={n === name ? "page" : undefined}>
                {t(`reports.name.${n}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {doc.warnings.length > 0 && (
        <div class="flash flash-warn report-warnings" role="note">
          <ul>{doc.warnings.map((w) => <li>{w}</li>)}</ul>
          {data.reviewUrl && <a href={data.reviewUrl}>{t("reports.fix")}</a>}
        </div>
      )}
      {data.empty
        ? (
          <div class="empty-state">
            <p>{t("reports.empty")}</p>
            <a class="button" href={`/clients/${client.id}/documents`}>{t("reports.upload")}</a>
          </div>
        )
        : (
          <>
            {charts}
            {children}
          </>
        )}
    </div>
  );
}
