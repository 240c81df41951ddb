/**
 * The body of a report page: the report's charts, then its tables (with drill-down links),
 * with the empty messages and notes each report needs.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { ReportData, ReportName } from "../src/reports/registry.ts";
import type { Cell, ReportDocument, TableColumn } from "../src/reports/types.ts";
import { ReportCharts } from "./ReportCharts.tsx";
import { ReportTableView } from "./ReportTables.tsx";

type C = Context<AppEnv>;

/** Messages for tables without rows, by report and table index. */
const EMPTY: Partial<Record<ReportName, Record<number, Parameters<C["var"]["i18n"]["t"]>[0]>>> = {
  "transfers": { 0: "reports.tr.none", 1: "reports.tr.none" },
  "coverage": { 0: "reports.cov.no_accounts", 1: "reports.cov.none" },
};

/** Coverage cells carry their status as a class, so the grid reads at a glance (text says it too). */
function coverageClass(c: C) {
  const { t } = c.var.i18n;
  const classes = new Map([
    [t("reports.cov.covered"), "cov-covered"],
    [t("reports.cov.partial"), "cov-partial"],
    [t("reports.cov.missing"), "cov-missing"],
  ]);
  return (_column: TableColumn, value: Cell) => (typeof value === "string" ? classes.get(value) : undefined);
}

/** Charts and tables of one report. */
export function ReportBody<N extends ReportName>(
  { c, name, data, doc }: { c: C; name: N; data: ReportData[N]; doc: ReportDocument },
) {
  const { t } = c.var.i18n;
  const cellClass = name === "coverage" ? coverageClass(c) : undefined;
  return (
    <>
      <div class="report-charts">
        <ReportCharts c={c} name={name} data={data} />
      </div>
      {name === "schedule-c" && <p class="muted">{t("reports.business_share")}</p>}
      {doc.tables.map((table, i) => {
        const key = EMPTY[name]?.[i];
        return (
          <ReportTableView
            c={c}
            table={table}
            currency={doc.currency}
            empty={key ? t(key) : undefined}
            cellClass={cellClass}
            variant={(name === "schedule-c" && i === 2) || (name === "profit-loss" && i === 1)
              ? "report-summary"
              : undefined}
          />
        );
      })}
    </>
  );
}
