/**
 * Every report by name: its JSON schema (also the OpenAPI response) and how to compute it.
 * Routes, exports and templates look reports up here, so a new report is one entry.
 */
import type { z } from "zod";
import type { Tx } from "../db/tenant.ts";
import { CashFlow, getCashFlow } from "./cash_flow.ts";
import { getStatementCoverage, StatementCoverage } from "./coverage.ts";
import { getTopPayees, TopPayees } from "./payees.ts";
import type { Period } from "./period.ts";
import { getProfitLoss, IncomeExpenses, incomeExpensesOf, ProfitLoss } from "./profit_loss.ts";
import { getScheduleC, ScheduleC } from "./schedule_c.ts";
import { getTransfers, TransfersSummary } from "./transfers.ts";

/** Report names, in the order the reports page lists them. */
export const REPORT_NAMES = [
  "schedule-c",
  "profit-loss",
  "income-expenses",
  "cash-flow",
  "top-payees",
  "transfers",
  "coverage",
] as const;
/** One of {@link REPORT_NAMES}. */
export type ReportName = typeof REPORT_NAMES[number];

/** The data of each report. */
export interface ReportData {
  "schedule-c": ScheduleC;
  "profit-loss": ProfitLoss;
  "income-expenses": IncomeExpenses;
  "cash-flow": CashFlow;
  "top-payees": TopPayees;
  "transfers": TransfersSummary;
  "coverage": StatementCoverage;
}

/** How a report is computed. */
export interface ReportDefinition<N extends ReportName> {
  name: N;
  /** One sentence for the API reference. */
  summary: string;
  schema: z.ZodType<ReportData[N]>;
  compute(tx: Tx, clientId: string, period: Period, today: Date): Promise<ReportData[N]>;
  /** The result also depends on the current month (coverage stops at it): part of the cache key. */
  dependsOnToday?: boolean;
}

type Registry = { [N in ReportName]: ReportDefinition<N> };

/** The reports. */
export const REPORTS: Registry = {
  "schedule-c": {
    name: "schedule-c",
    summary: "Schedule C (Form 1040) worksheet: total per line number, with uncategorized and review counts",
    schema: ScheduleC,
    compute: (tx, id, period) => getScheduleC(tx, id, period),
  },
  "profit-loss": {
    name: "profit-loss",
    summary: "Profit and loss by category by month",
    schema: ProfitLoss,
    compute: (tx, id, period) => getProfitLoss(tx, id, period),
  },
  "income-expenses": {
    name: "income-expenses",
    summary: "Income, expenses and net per month",
    schema: IncomeExpenses,
    compute: async (tx, id, period) => incomeExpensesOf(await getProfitLoss(tx, id, period)),
  },
  "cash-flow": {
    name: "cash-flow",
    summary: "Money in and out per account per month, with statement balances",
    schema: CashFlow,
    compute: (tx, id, period) => getCashFlow(tx, id, period),
  },
  "top-payees": {
    name: "top-payees",
    summary: "Who the client paid most, and who paid the client most",
    schema: TopPayees,
    compute: (tx, id, period) => getTopPayees(tx, id, period),
  },
  "transfers": {
    name: "transfers",
    summary: "Money moved between the client's own accounts: confirmed pairs, suggestions, unmatched transfers",
    schema: TransfersSummary,
    compute: (tx, id, period) => getTransfers(tx, id, period),
  },
  "coverage": {
    name: "coverage",
    summary: "Which months of the period have statements, per account",
    schema: StatementCoverage,
    compute: (tx, id, period, today) => getStatementCoverage(tx, id, period, today),
    dependsOnToday: true,
  },
};

/** Type guard for report names from URLs. */
export function isReportName(value: string): value is ReportName {
  return (REPORT_NAMES as readonly string[]).includes(value);
}
