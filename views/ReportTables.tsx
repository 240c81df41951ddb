/**
 * The tables of a report document, as HTML: money right-aligned and formatted for the
 * locale, negative figures marked, and every figure with a drill-down link to its
 * transactions when the report gives one.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import { toCents } from "../src/parsing/money.ts";
import type { Cell, ReportTable, TableColumn } from "../src/reports/types.ts";

type C = Context<AppEnv>;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** "2025-03" as "Mar 2025" in the user's language (other text unchanged). */
export function monthLabel(c: C, text: string): string {
  if (!MONTH.test(text)) return text;
  return new Intl.DateTimeFormat(c.var.i18n.locale, { month: "short", year: "numeric", timeZone: "UTC" })
    .format(new Date(`${text}-01T00:00:00Z`));
}

/** One cell as text for the page. */
export function formatCell(c: C, column: TableColumn, value: Cell, currency: string): string {
  const { money, number, date } = c.var.i18n;
  if (value === null || value === "") return "—";
  if (column.key === "month" && typeof value === "string") return monthLabel(c, value);
  switch (column.type) {
    case "money":
      return money(toCents(String(value)), currency);
    case "integer":
      return number(Number(value));
    case "percent":
      return `${number(Number(value))} %`;
    case "date":
      return date(String(value));
    default:
      return String(value);
  }
}

const isNegative = (column: TableColumn, value: Cell) =>
  column.type === "money" && typeof value === "string" && value.startsWith("-");

/** A report table; `empty` is shown instead when it has no rows. */
export function ReportTableView(
  { c, table, currency, empty, cellClass, variant }: {
    c: C;
    table: ReportTable;
    currency: string;
    empty?: string;
    /** Extra class of the section, e.g. "report-summary" (last row emphasised). */
    variant?: string;
    /** Extra class of a cell (e.g. coverage status). */
    cellClass?: (column: TableColumn, value: Cell) => string | undefined;
  },
) {
  const { t } = c.var.i18n;
  const cell = (column: TableColumn, value: Cell, href?: string, header = false) => {
    const text = formatCell(c, column, value, currency);
    const classes = [
      column.type === "text" || column.type === "date" ? "" : "num",
      isNegative(column, value) ? "negative" : "",
      cellClass?.(column, value) ?? "",
    ].filter(Boolean).join(" ") || undefined;
    // Nothing to show behind an empty figure.
    const content = href && value !== null && value !== "0.00" && value !== 0
      ? <a href={href} title={t("reports.drill", { figure: text })}>{text}</a>
      : text;
    return header ? <th scope="row" class={classes}>{content}</th> : <td class={classes}>{content}</td>;
  };
  return (
    <section class={variant ? `report-section ${variant}` : "report-section"}>
      <h2>{table.title}</h2>
      {table.rows.length === 0 && empty ? <p class="empty-state">{empty}</p> : (
        <div class="table-scroll">
          <table class="report-table">
            <thead>
              <tr>
                {table.columns.map((col) => (
                  <th scope="col" class={col.type === "text" || col.type === "date" ? undefined : "num"}>
                    {monthLabel(c, col.label)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr>
                  {table.columns.map((col, j) => cell(col, row[col.key] ?? null, table.links?.[i]?.[col.key], j === 0))}
                </tr>
              ))}
            </tbody>
            {table.totals && (
              <tfoot>
                <tr>{table.columns.map((col, j) => cell(col, table.totals![col.key] ?? null, undefined, j === 0))}</tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
    </section>
  );
}
