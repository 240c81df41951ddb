/**
 * Server-rendered, accessible SVG charts (no client-side chart code, nothing inline for the
 * CSP). Styles: the "Charts" section of static/css/app.css.
 *
 * Callers format every figure for the user's locale and pass raw numbers for geometry:
 *
 * ```tsx
 * const { t, locale, money } = c.var.i18n;
 * <MonthlyBars
 *   id="ie-chart"
 *   title={t("reports.ie.chart")}
 *   description={t("reports.ie.chart_desc", { period })}
 *   categoryHeader={t("reports.month")}
 *   categories={monthCategories(locale, rows.map((r) => r.month))}
 *   formatTick={moneyTicks(locale, currency)}
 *   series={[{ name: t("reports.income"), values: rows.map((r) => Number(r.incomeMinor)),
 *              display: rows.map((r) => money(r.incomeMinor, currency)) }, …]}
 * />
 * ```
 *
 * Each value becomes a focusable element named "March 2025, Income: $1,234.00" (a link when
 * `hrefs`/`href` are given), and a visually hidden table repeats the numbers.
 */
export { MonthlyBars } from "./MonthlyBars.tsx";
export { HorizontalBars } from "./HorizontalBars.tsx";
export { moneyTicks, monthCategories } from "./format.ts";
export type { BarItem, ChartBase, ChartCategory, ChartSeries, HorizontalBarsProps, MonthlyBarsProps } from "./types.ts";
