/**
 * Cash flow per account: money in, money out and net per month (every transaction, transfers
 * included, at its full amount), with the opening and closing balances printed on the
 * statements at the ends of the period when there are such statements.
 */
import { z } from "zod";
import type { Tx } from "../db/tenant.ts";
import { toDecimalString } from "../i18n/mod.ts";
import { accountName } from "../review/transactions.ts";
import { type Period, PeriodJson, periodMonths } from "./period.ts";

const money = z.string().describe("Decimal string");

/** One account's flow. */
export const CashFlowAccount = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.string(),
  currency: z.string(),
  months: z.array(z.object({ month: z.string(), inflow: money, outflow: money, net: money, count: z.number().int() })),
  inflow: money,
  outflow: money.describe("Money out, as a positive number"),
  net: money,
  opening_balance: money.nullable().describe("As printed on the first statement of the period (a card: amount owed)"),
  closing_balance: money.nullable().describe("As printed on the last statement of the period"),
}).meta({ id: "CashFlowAccount" });
export type CashFlowAccount = z.infer<typeof CashFlowAccount>;

/** GET /api/v1/clients/:id/reports/cash-flow. */
export const CashFlow = z.object({
  client_id: z.uuid(),
  period: PeriodJson,
  months: z.array(z.string()),
  accounts: z.array(CashFlowAccount),
}).meta({ id: "CashFlow" });
export type CashFlow = z.infer<typeof CashFlow>;

interface Row {
  account_id: string;
  month: string;
  n: number;
  inflow: string;
  outflow: string;
}

interface AccountRow {
  id: string;
  name: string;
  institution: string;
  number_last4: string;
  type: string;
  currency: string;
  opening: string | null;
  closing: string | null;
}

/** Computes the cash flow. */
export async function getCashFlow(tx: Tx, clientId: string, period: Period): Promise<CashFlow> {
  const [rows, accounts] = await Promise.all([
    tx<Row[]>`
      select account_id, to_char(date, 'YYYY-MM') as month, count(*)::int as n,
             coalesce(sum(amount) filter (where amount > 0), 0)::text as inflow,
             coalesce(-sum(amount) filter (where amount < 0), 0)::text as outflow
        from transactions
       where client_id = ${clientId} and date between ${period.from}::date and ${period.to}::date
       group by account_id, to_char(date, 'YYYY-MM')`,
    tx<AccountRow[]>`
      select a.id, a.name, a.institution, a.number_last4, a.type, a.currency,
             (select s.opening_balance::text from statements s
               where s.account_id = a.id and s.period_start between ${period.from}::date and ${period.to}::date
               order by s.period_start, s.created_at limit 1) as opening,
             (select s.closing_balance::text from statements s
               where s.account_id = a.id and s.period_end between ${period.from}::date and ${period.to}::date
               order by s.period_end desc, s.created_at desc limit 1) as closing
        from accounts a
       where a.client_id = ${clientId}
         and exists (select 1 from statements s where s.account_id = a.id
                      and coalesce(s.period_end, ${period.to}::date) >= ${period.from}::date
                      and coalesce(s.period_start, ${period.from}::date) <= ${period.to}::date)`,
  ]);
  const months = periodMonths(period);
  const dec = (v: bigint) => toDecimalString(v, 2);
  const flows = accounts.map((a) => {
    const own = new Map(rows.filter((r) => r.account_id === a.id).map((r) => [r.month, r]));
    let inflow = 0n;
    let outflow = 0n;
    const perMonth = months.map((month) => {
      const r = own.get(month);
      const i = BigInt(r?.inflow ?? "0");
      const o = BigInt(r?.outflow ?? "0");
      inflow += i;
      outflow += o;
      return { month, inflow: dec(i), outflow: dec(o), net: dec(i - o), count: r?.n ?? 0 };
    });
    return {
      id: a.id,
      name: accountName(a),
      type: a.type,
      currency: a.currency,
      months: perMonth,
      inflow: dec(inflow),
      outflow: dec(outflow),
      net: dec(inflow - outflow),
      opening_balance: a.opening === null ? null : dec(BigInt(a.opening)),
      closing_balance: a.closing === null ? null : dec(BigInt(a.closing)),
    };
  }).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { client_id: clientId, period, months, accounts: flows };
}
