/**
 * Reports as {@link ReportDocument}s: translated titles, warnings and typed tables, with
 * drill-down links to the transactions behind each figure. The report pages, the CSV/XLSX/PDF
 * exports and the templates all start from these.
 */
import type { I18n } from "../i18n/mod.ts";
import { toCents } from "../parsing/money.ts";
import type { CashFlow } from "./cash_flow.ts";
import type { StatementCoverage } from "./coverage.ts";
import type { TopPayees } from "./payees.ts";
import { monthRange, type Period } from "./period.ts";
import type { IncomeExpenses, ProfitLoss } from "./profit_loss.ts";
import type { ReportData, ReportName } from "./registry.ts";
import type { ScheduleC } from "./schedule_c.ts";
import type { TransfersSummary } from "./transfers.ts";
import type { Cell, ReportDocument, ReportTable, TableColumn } from "./types.ts";

/** Who and what a document is for. */
export interface DocumentContext {
  i18n: I18n;
  firmName: string;
  clientName: string;
  clientId: string;
  generatedAt?: Date;
}

type Parts = Pick<ReportDocument, "warnings" | "tables"> & { currency?: string };

type WarningKey =
  | "reports.warning.uncategorized"
  | "reports.warning.review"
  | "reports.warning.documents"
  | "reports.warning.other_currency"
  | "reports.warning.gaps"
  | "reports.warning.suggested_transfers";

/** A warning about `count` things, in the singular when there is one. */
function warning(t: I18n["t"], key: WarningKey, count: number, params: Record<string, string | number> = {}): string {
  return t(count === 1 ? `${key}.one` : key, { count, ...params });
}

/** The period in words: "Calendar year 2025 (2025-01-01 – 2025-12-31)". */
export function periodLabel(t: I18n["t"], period: Period): string {
  const label = period.kind === "custom"
    ? t("reports.period.custom_label", { from: period.from, to: period.to })
    : t(`reports.period.${period.kind}`, { label: period.label });
  return period.kind === "custom" ? label : t("reports.period.range", { label, from: period.from, to: period.to });
}

/** URL of the client's transactions matching `params` (the workspace's filters). */
export function transactionsUrl(clientId: string, params: Record<string, string>): string {
  return `/clients/${clientId}/transactions?${new URLSearchParams(params)}`;
}

const col = (t: I18n["t"], key: string, type: TableColumn["type"], label = `reports.col.${key}`): TableColumn => ({
  key,
  label: t(label as never),
  type,
});

/** Rows holding `items`' values under the columns' keys. */
const pick = (columns: TableColumn[], items: object[]): Record<string, Cell>[] =>
  items.map((item) =>
    Object.fromEntries(columns.map((c) => [c.key, ((item as Record<string, unknown>)[c.key] ?? null) as Cell]))
  );

/** A table of `items` under columns named by `reports.col.<key>`. */
function tableOf(
  t: I18n["t"],
  title: string,
  spec: [string, TableColumn["type"]][],
  items: object[],
  more: Partial<ReportTable> = {},
): ReportTable {
  const columns = spec.map(([key, type]) => col(t, key, type));
  return { title, columns, rows: pick(columns, items), ...more };
}

function scheduleC(r: ScheduleC, ctx: DocumentContext): Parts {
  const { t, money } = ctx.i18n;
  const range = { from: r.period.from, to: r.period.to };
  const warnings: string[] = [];
  if (r.uncategorized_count) {
    warnings.push(warning(t, "reports.warning.uncategorized", r.uncategorized_count, {
      amount: money(toCents(r.uncategorized_total), r.currency),
    }));
  }
  if (r.review_count) warnings.push(warning(t, "reports.warning.review", r.review_count));
  if (r.documents_needing_review) warnings.push(warning(t, "reports.warning.documents", r.documents_needing_review));
  if (r.other_currency_count) warnings.push(warning(t, "reports.warning.other_currency", r.other_currency_count));
  const columns = [
    col(t, "line", "text"),
    col(t, "name", "text"),
    col(t, "count", "integer"),
    col(t, "amount", "money"),
  ];
  const part = (p: "I" | "II", title: string): ReportTable => {
    const lines = r.lines.filter((l) => l.part === p);
    const link = (line: string) => ({ amount: transactionsUrl(ctx.clientId, { ...range, q: `category:${line}` }) });
    return {
      title,
      columns,
      rows: lines.map((l) => ({ line: l.line, name: l.name, count: l.count, amount: l.total })),
      links: lines.map((l) => link(l.line)),
    };
  };
  const summary: [string, string, string][] = [
    ["7", t("reports.sc.gross_income"), r.gross_income],
    ["28", t("reports.sc.total_expenses"), r.total_expenses],
    ["29", t("reports.sc.tentative_profit"), r.tentative_profit],
    ["30", t("reports.sc.home"), r.business_use_of_home],
    ["31", t("reports.sc.net_profit"), r.net_profit],
  ];
  const excluded: [string, string, Record<string, string>][] = [
    [t("reports.sc.uncategorized"), r.uncategorized_total, { ...range, uncategorized: "true" }],
    [t("reports.sc.transfer"), r.excluded.transfer, { ...range, q: "category:transfer" }],
    [t("reports.sc.owner"), r.excluded.owner, { ...range, q: "category:owner" }],
    [t("reports.sc.personal"), r.excluded.personal, { ...range, q: "category:personal" }],
  ];
  return {
    currency: r.currency,
    warnings,
    tables: [
      part("I", t("reports.sc.part1")),
      part("II", t("reports.sc.part2")),
      {
        title: t("reports.sc.summary"),
        columns: [col(t, "line", "text"), col(t, "name", "text"), col(t, "amount", "money")],
        rows: summary.map(([line, name, amount]) => ({ line, name, amount })),
      },
      {
        title: t("reports.sc.excluded"),
        columns: [col(t, "name", "text"), col(t, "amount", "money")],
        rows: excluded.map(([name, amount]) => ({ name, amount })),
        links: excluded.map(([, , params]) => ({ amount: transactionsUrl(ctx.clientId, params) })),
      },
    ],
  };
}

function profitLoss(r: ProfitLoss, ctx: DocumentContext): Parts {
  const { t } = ctx.i18n;
  const columns: TableColumn[] = [
    col(t, "category", "text"),
    ...r.months.map((m) => ({ key: m, label: m, type: "money" as const })),
    col(t, "total", "money"),
  ];
  const rows: Record<string, Cell>[] = r.rows.map((row) => ({
    category: row.line
      ? `${row.name} (${row.line})`
      : row.kind === "uncategorized"
      ? t("reports.pl.uncategorized")
      : row.name,
    ...Object.fromEntries(r.months.map((m, i) => [m, row.by_month[i]])),
    total: row.total,
  }));
  const links: Record<string, string>[] = r.rows.map((row) => {
    const filter: Record<string, string> = row.category_id ? { category: row.category_id } : { uncategorized: "true" };
    return {
      total: transactionsUrl(ctx.clientId, { from: r.period.from, to: r.period.to, ...filter }),
      ...Object.fromEntries(r.months.map((m) => [
        m,
        transactionsUrl(ctx.clientId, { ...monthRange(m), ...filter }),
      ])),
    };
  });
  const sums = [
    [t("reports.pl.income_total"), r.income_by_month, r.income_total],
    [t("reports.pl.expense_total"), r.expense_by_month, r.expense_total],
    [t("reports.pl.net"), r.net_by_month, r.net],
  ] as const;
  const totals = sums.map(([name, by, total]) => ({
    category: name,
    ...Object.fromEntries(r.months.map((m, i) => [m, by[i]])),
    total,
  }));
  return {
    currency: r.currency,
    warnings: [],
    tables: [
      { title: t("reports.pl.by_category"), columns, rows, links },
      { title: t("reports.pl.totals"), columns, rows: totals },
    ],
  };
}

function incomeExpenses(r: IncomeExpenses, ctx: DocumentContext): Parts {
  const { t } = ctx.i18n;
  return {
    currency: r.currency,
    warnings: [],
    tables: [
      tableOf(
        t,
        t("reports.ie.table"),
        [["month", "text"], ["income", "money"], ["expenses", "money"], [
          "net",
          "money",
        ]],
        r.months,
        {
          totals: { month: t("reports.col.total"), income: r.income_total, expenses: r.expense_total, net: r.net },
          links: r.months.map((m) => ({ month: transactionsUrl(ctx.clientId, monthRange(m.month)) })),
        },
      ),
    ],
  };
}

function cashFlow(r: CashFlow, ctx: DocumentContext): Parts {
  const { t } = ctx.i18n;
  const months: [string, TableColumn["type"]][] = [
    ["month", "text"],
    ["inflow", "money"],
    ["outflow", "money"],
    ["net", "money"],
    ["count", "integer"],
  ];
  const summary: ReportTable = {
    title: t("reports.cf.accounts"),
    columns: [
      col(t, "account", "text"),
      col(t, "opening", "money"),
      col(t, "inflow", "money"),
      col(t, "outflow", "money"),
      col(t, "net", "money"),
      col(t, "closing", "money"),
    ],
    rows: r.accounts.map((a) => ({
      account: a.name,
      opening: a.opening_balance,
      inflow: a.inflow,
      outflow: a.outflow,
      net: a.net,
      closing: a.closing_balance,
    })),
    links: r.accounts.map((a) => ({
      account: transactionsUrl(ctx.clientId, { from: r.period.from, to: r.period.to, account: a.id }),
    })),
  };
  const perAccount = r.accounts.map((a) =>
    tableOf(t, t("reports.cf.account", { account: a.name }), months, a.months, {
      totals: {
        month: t("reports.col.total"),
        inflow: a.inflow,
        outflow: a.outflow,
        net: a.net,
        count: a.months.reduce((n, m) => n + m.count, 0),
      },
      links: a.months.map((m) => ({ month: transactionsUrl(ctx.clientId, { ...monthRange(m.month), account: a.id }) })),
    })
  );
  return { currency: r.accounts[0]?.currency, warnings: [], tables: [summary, ...perAccount] };
}

function topPayees(r: TopPayees, ctx: DocumentContext): Parts {
  const { t } = ctx.i18n;
  const side = (title: string, list: TopPayees["paid"], total: string): ReportTable =>
    tableOf(t, title, [["payee", "text"], ["count", "integer"], ["share", "percent"], ["total", "money"]], list, {
      totals: { payee: t("reports.col.total"), count: null, share: null, total },
      links: list.map((p) => ({
        payee: transactionsUrl(ctx.clientId, {
          from: r.period.from,
          to: r.period.to,
          q: `"${p.payee.replace(/"/g, "")}"`,
        }),
      })),
    });
  return {
    currency: r.currency,
    warnings: [],
    tables: [
      side(t("reports.tp.paid"), r.paid, r.paid_total),
      side(t("reports.tp.received"), r.received, r.received_total),
    ],
  };
}

function transfers(r: TransfersSummary, ctx: DocumentContext): Parts {
  const { t } = ctx.i18n;
  const warnings = r.suggested_count ? [warning(t, "reports.warning.suggested_transfers", r.suggested_count)] : [];
  return {
    currency: r.pairs[0]?.currency,
    warnings,
    tables: [
      tableOf(t, t("reports.tr.routes"), [
        ["from_account", "text"],
        ["to_account", "text"],
        ["count", "integer"],
        ["total", "money"],
      ], r.routes),
      tableOf(t, t("reports.tr.pairs"), [
        ["date", "date"],
        ["arrived", "date"],
        ["from_account", "text"],
        ["to_account", "text"],
        ["amount", "money"],
      ], r.pairs),
      tableOf(t, t("reports.tr.unmatched"), [
        ["date", "date"],
        ["account", "text"],
        ["description", "text"],
        ["amount", "money"],
      ], r.unmatched),
    ],
  };
}

function coverage(r: StatementCoverage, ctx: DocumentContext): Parts {
  const { t } = ctx.i18n;
  const status = (s: string) => t(`reports.cov.${s}` as never);
  const warnings = r.gaps.length ? [warning(t, "reports.warning.gaps", r.gaps.length)] : [];
  return {
    warnings,
    tables: [
      {
        title: t("reports.cov.grid"),
        columns: [
          col(t, "account", "text"),
          col(t, "statements", "integer"),
          ...r.months.map((m) => ({ key: m, label: m, type: "text" as const })),
        ],
        rows: r.accounts.map((a) => ({
          account: a.name,
          statements: a.statement_count,
          ...Object.fromEntries(a.months.map((m) => [m.month, status(m.status)])),
        })),
      },
      {
        title: t("reports.cov.gaps"),
        columns: [col(t, "account", "text"), col(t, "month", "text")],
        rows: r.gaps.map((g) => ({ account: g.account_name, month: g.month })),
      },
    ],
  };
}

const BUILDERS: { [N in ReportName]: (r: ReportData[N], ctx: DocumentContext) => Parts } = {
  "schedule-c": scheduleC,
  "profit-loss": profitLoss,
  "income-expenses": incomeExpenses,
  "cash-flow": cashFlow,
  "top-payees": topPayees,
  "transfers": transfers,
  "coverage": coverage,
};

/** The report as a document for pages and exports. */
export function reportDocument<N extends ReportName>(
  name: N,
  data: ReportData[N],
  ctx: DocumentContext,
): ReportDocument {
  const parts = BUILDERS[name](data, ctx);
  return {
    report: name,
    title: ctx.i18n.t(`reports.name.${name}` as never),
    firmName: ctx.firmName,
    clientName: ctx.clientName,
    periodLabel: periodLabel(ctx.i18n.t, data.period),
    currency: parts.currency ?? "USD",
    generatedAt: (ctx.generatedAt ?? new Date()).toISOString(),
    warnings: parts.warnings,
    tables: parts.tables,
  };
}
