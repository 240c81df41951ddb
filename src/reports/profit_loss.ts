/**
 * Profit and loss by category by month, and its monthly totals (income vs expenses). Figures
 * agree with the Schedule C worksheet: income counts whole, expenses their business share, and
 * transfers, owner and personal money are left out; uncategorized money has a row of its own.
 */
import { z } from "zod";
import type { Tx } from "../db/tenant.ts";
import { toDecimalString } from "../i18n/mod.ts";
import { mainCurrency, partsQuery, reportCategories } from "./ledger_parts.ts";
import { type Period, PeriodJson, periodMonths } from "./period.ts";
import { lineOrder } from "./schedule_c.ts";

const money = z.string().describe("Decimal string");

/** One category's row. */
export const ProfitLossRow = z.object({
  category_id: z.uuid().nullable().describe("null for uncategorized money"),
  name: z.string(),
  line: z.string().nullable(),
  kind: z.enum(["income", "expense", "uncategorized"]),
  by_month: z.array(money).describe("Per month of `months`: income received, expenses spent, uncategorized net"),
  total: money,
  count: z.number().int(),
}).meta({ id: "ProfitLossRow" });
export type ProfitLossRow = z.infer<typeof ProfitLossRow>;

/** GET /api/v1/clients/:id/reports/profit-loss. */
export const ProfitLoss = z.object({
  client_id: z.uuid(),
  period: PeriodJson,
  currency: z.string(),
  months: z.array(z.string()).describe("YYYY-MM, oldest first"),
  rows: z.array(ProfitLossRow),
  income_by_month: z.array(money),
  expense_by_month: z.array(money),
  net_by_month: z.array(money),
  income_total: money,
  expense_total: money,
  net: money.describe("Income − expenses (uncategorized money not included)"),
  uncategorized_total: money,
}).meta({ id: "ProfitLoss" });
export type ProfitLoss = z.infer<typeof ProfitLoss>;

/** GET /api/v1/clients/:id/reports/income-expenses: the monthly totals of the P&L. */
export const IncomeExpenses = z.object({
  client_id: z.uuid(),
  period: PeriodJson,
  currency: z.string(),
  months: z.array(z.object({ month: z.string(), income: money, expenses: money, net: money })),
  income_total: money,
  expense_total: money,
  net: money,
}).meta({ id: "IncomeExpenses" });
export type IncomeExpenses = z.infer<typeof IncomeExpenses>;

interface Cell {
  category_id: string | null;
  month: string;
  n: number;
  amount: string;
  business_amount: string;
}

/** Computes the P&L. */
export async function getProfitLoss(tx: Tx, clientId: string, period: Period): Promise<ProfitLoss> {
  const { currency } = await mainCurrency(tx, clientId, period);
  const [cells, categories] = await Promise.all([
    tx<Cell[]>`
      with parts as (${partsQuery(tx, clientId, period)})
      select category_id, month, count(*)::int as n, sum(amount)::text as amount,
             sum(business_amount)::text as business_amount
        from parts where currency = ${currency} group by category_id, month`,
    reportCategories(tx),
  ]);
  const months = periodMonths(period);
  const index = new Map(months.map((m, i) => [m, i]));
  const rows = new Map<string, { row: Omit<ProfitLossRow, "by_month" | "total">; by: bigint[]; order: number }>();
  const income = months.map(() => 0n);
  const expense = months.map(() => 0n);
  for (const cell of cells) {
    const c = cell.category_id ? categories.get(cell.category_id) : undefined;
    const kind = c?.kind ?? "uncategorized";
    if (kind === "transfer" || kind === "owner" || kind === "personal") continue;
    const uncategorized = kind === "uncategorized";
    const key = uncategorized ? "uncategorized" : c!.id;
    let entry = rows.get(key);
    if (!entry) {
      entry = {
        row: {
          category_id: uncategorized ? null : c!.id,
          name: uncategorized ? "Uncategorized" : c!.name,
          line: uncategorized ? null : c!.line,
          kind: kind as ProfitLossRow["kind"],
          count: 0,
        },
        by: months.map(() => 0n),
        order: uncategorized ? 1e9 : (kind === "income" ? 0 : 1e6) + lineOrder(c!.line ?? "") * 100 + c!.position,
      };
      rows.set(key, entry);
    }
    const i = index.get(cell.month)!;
    // Income and uncategorized money keep their sign; expenses become money spent (business share).
    const value = kind === "expense" ? -BigInt(cell.business_amount) : BigInt(cell.amount);
    entry.by[i] += value;
    entry.row.count += cell.n;
    if (kind === "income") income[i] += value;
    if (kind === "expense") expense[i] += value;
  }
  const dec = (v: bigint) => toDecimalString(v, 2);
  const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
  const ordered = [...rows.values()].sort((a, b) => a.order - b.order || a.row.name.localeCompare(b.row.name));
  const uncategorized = rows.get("uncategorized");
  return {
    client_id: clientId,
    period,
    currency,
    months,
    rows: ordered.map((e) => ({ ...e.row, by_month: e.by.map(dec), total: dec(sum(e.by)) })),
    income_by_month: income.map(dec),
    expense_by_month: expense.map(dec),
    net_by_month: income.map((v, i) => dec(v - expense[i])),
    income_total: dec(sum(income)),
    expense_total: dec(sum(expense)),
    net: dec(sum(income) - sum(expense)),
    uncategorized_total: dec(uncategorized ? sum(uncategorized.by) : 0n),
  };
}

/** Folds a P&L into its monthly income, expenses and net. */
export function incomeExpensesOf(pl: ProfitLoss): IncomeExpenses {
  return {
    client_id: pl.client_id,
    period: pl.period,
    currency: pl.currency,
    months: pl.months.map((month, i) => ({
      month,
      income: pl.income_by_month[i],
      expenses: pl.expense_by_month[i],
      net: pl.net_by_month[i],
    })),
    income_total: pl.income_total,
    expense_total: pl.expense_total,
    net: pl.net,
  };
}
