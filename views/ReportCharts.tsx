/**
 * Charts of the reports that have them (server-rendered SVG, see views/charts/): income vs
 * expenses and cash flow per month, the largest payees, and the Schedule C expense lines.
 * Bars link to the transactions behind them.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import { toCents } from "../src/parsing/money.ts";
import { transactionsUrl } from "../src/reports/documents.ts";
import { monthRange, periodMonths } from "../src/reports/period.ts";
import type { ReportData, ReportName } from "../src/reports/registry.ts";
import { HorizontalBars, moneyTicks, monthCategories, MonthlyBars } from "./charts/mod.ts";

type C = Context<AppEnv>;

/** The charts of a report, or nothing. */
export function ReportCharts<N extends ReportName>({ c, name, data }: { c: C; name: N; data: ReportData[N] }) {
  const { t, money, locale } = c.var.i18n;
  const fmt = (value: string, currency: string) => money(toCents(value), currency);
  const minor = (value: string) => Number(toCents(value));
  switch (name) {
    case "income-expenses": {
      const r = data as ReportData["income-expenses"];
      const months = r.months.map((m) => m.month);
      const hrefs = months.map((m) => transactionsUrl(r.client_id, monthRange(m)));
      const series = (label: string, key: "income" | "expenses" | "net") => ({
        name: label,
        values: r.months.map((m) => minor(m[key])),
        display: r.months.map((m) => fmt(m[key], r.currency)),
        hrefs,
      });
      return (
        <MonthlyBars
          id="chart-income-expenses"
          title={t("reports.ie.chart")}
          description={t("reports.ie.chart_desc", { period: r.period.label })}
          categoryHeader={t("reports.col.month")}
          categories={monthCategories(locale, months)}
          formatTick={moneyTicks(locale, r.currency)}
          locale={locale}
          series={[
            series(t("reports.col.income"), "income"),
            series(t("reports.col.expenses"), "expenses"),
            series(t("reports.col.net"), "net"),
          ]}
        />
      );
    }
    case "cash-flow": {
      const r = data as ReportData["cash-flow"];
      if (!r.accounts.length) return null;
      const currency = r.accounts[0].currency;
      const same = r.accounts.filter((a) => a.currency === currency);
      const sum = (i: number, key: "inflow" | "outflow") =>
        same.reduce((total, a) => total + toCents(a.months[i][key]), 0n);
      const months = periodMonths(r.period);
      const hrefs = months.map((m) => transactionsUrl(r.client_id, monthRange(m)));
      const series = (label: string, key: "inflow" | "outflow", sign: 1 | -1) => ({
        name: label,
        values: months.map((_, i) => sign * Number(sum(i, key))),
        display: months.map((_, i) => money(BigInt(sign) * sum(i, key), currency)),
        hrefs,
      });
      return (
        <MonthlyBars
          id="chart-cash-flow"
          title={t("reports.cf.chart")}
          description={t("reports.cf.chart_desc", { period: r.period.label })}
          categoryHeader={t("reports.col.month")}
          categories={monthCategories(locale, months)}
          formatTick={moneyTicks(locale, currency)}
          locale={locale}
          series={[series(t("reports.col.inflow"), "inflow", 1), series(t("reports.col.outflow"), "outflow", -1)]}
        />
      );
    }
    case "top-payees": {
      const r = data as ReportData["top-payees"];
      if (!r.paid.length) return null;
      return (
        <HorizontalBars
          id="chart-top-payees"
          title={t("reports.tp.chart_paid")}
          description={t("reports.tp.chart_paid_desc", { period: r.period.label })}
          categoryHeader={t("reports.col.payee")}
          valueHeader={t("reports.col.total")}
          items={r.paid.slice(0, 10).map((p) => ({
            label: p.payee,
            value: minor(p.total),
            display: fmt(p.total, r.currency),
            href: transactionsUrl(r.client_id, {
              from: r.period.from,
              to: r.period.to,
              q: `"${p.payee.replace(/"/g, "")}"`,
            }),
          }))}
        />
      );
    }
    case "schedule-c": {
      const r = data as ReportData["schedule-c"];
      const lines = r.lines.filter((l) => l.part === "II" && l.total !== "0.00")
        .sort((a, b) => minor(b.total) - minor(a.total));
      if (!lines.length) return null;
      return (
        <HorizontalBars
          id="chart-schedule-c"
          title={t("reports.sc.part2")}
          description={t("reports.business_share")}
          categoryHeader={t("reports.col.name")}
          valueHeader={t("reports.col.amount")}
          tone={2}
          items={lines.map((l) => ({
            label: `${l.line} · ${l.name}`,
            value: minor(l.total),
            display: fmt(l.total, r.currency),
            href: transactionsUrl(r.client_id, { from: r.period.from, to: r.period.to, q: `category:${l.line}` }),
          }))}
        />
      );
    }
    default:
      return null;
  }
}
