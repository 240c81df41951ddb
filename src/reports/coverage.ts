/**
 * Statement coverage of a period: for each of the client's accounts, each month of the period
 * (up to the current month) is covered by its statements' periods, partly covered, or missing.
 * Unlike the review queue's grid, which spans each account's own first to last statement,
 * months before the first or after the last statement count as missing here: for a year-end,
 * those are the statements to ask the client for.
 */
import { z } from "zod";
import type { Tx } from "../db/tenant.ts";
import { accountName } from "../review/transactions.ts";
import { monthRange, type Period, PeriodJson, periodMonths } from "./period.ts";

/** GET /api/v1/clients/:id/reports/coverage. */
export const StatementCoverage = z.object({
  client_id: z.uuid(),
  period: PeriodJson,
  months: z.array(z.string()).describe("Months of the period up to the current one (YYYY-MM)"),
  accounts: z.array(z.object({
    id: z.uuid(),
    name: z.string(),
    type: z.string(),
    months: z.array(z.object({
      month: z.string(),
      status: z.enum(["covered", "partial", "missing"]),
      covered_days: z.number().int(),
      days: z.number().int(),
    })),
    statement_count: z.number().int(),
  })),
  gaps: z.array(z.object({ account_id: z.uuid(), account_name: z.string(), month: z.string() }))
    .describe("Missing months, by account"),
  complete: z.boolean().describe("Every month of every account is at least partly covered"),
}).meta({ id: "StatementCoverage" });
export type StatementCoverage = z.infer<typeof StatementCoverage>;

interface Row {
  account_id: string;
  month: string;
  days: number;
  covered_days: number;
}

interface AccountRow {
  id: string;
  name: string;
  institution: string;
  number_last4: string;
  type: string;
  statements: number;
}

/** Computes the coverage of the period (months after `today`'s are left out). */
export async function getStatementCoverage(
  tx: Tx,
  clientId: string,
  period: Period,
  today = new Date(),
): Promise<StatementCoverage> {
  const currentMonth = today.toISOString().slice(0, 7);
  const months = periodMonths(period).filter((m) => m <= currentMonth);
  const [accounts, rows] = await Promise.all([
    tx<AccountRow[]>`
      select a.id, a.name, a.institution, a.number_last4, a.type,
             (select count(*)::int from statements s where s.account_id = a.id
               and coalesce(s.period_end, ${period.to}::date) >= ${period.from}::date
               and coalesce(s.period_start, ${period.from}::date) <= ${period.to}::date) as statements
        from accounts a where a.client_id = ${clientId}`,
    months.length
      ? tx<Row[]>`
        with spans as (
          select s.account_id, daterange(least(s.period_start, s.period_end), greatest(s.period_start, s.period_end),
                                         '[]') as r
            from statements s
           where s.client_id = ${clientId} and s.period_start is not null and s.period_end is not null
        ), cover as (
          select account_id, range_agg(r) as ranges from spans group by account_id
        ), grid as (
          select c.account_id, c.ranges, m::date as first, (m + interval '1 month' - interval '1 day')::date as last
            from cover c
           cross join generate_series(${`${months[0]}-01`}::date, ${`${months[months.length - 1]}-01`}::date,
                                      interval '1 month') as m
        )
        select account_id, to_char(first, 'YYYY-MM') as month, (last - first + 1)::int as days,
               (select coalesce(sum(upper(x) - lower(x)), 0)::int
                  from unnest(ranges * datemultirange(daterange(first, last, '[]'))) as x) as covered_days
          from grid`
      : Promise.resolve([] as Row[]),
  ]);
  const byKey = new Map(rows.map((r) => [`${r.account_id}:${r.month}`, r]));
  const listed = accounts.map((a) => ({ ...a, label: accountName(a) }))
    .sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id))
    .map((a) => ({
      id: a.id,
      name: a.label,
      type: a.type,
      statement_count: a.statements,
      months: months.map((month) => {
        const r = byKey.get(`${a.id}:${month}`);
        const days = r?.days ?? Number(monthRange(month).to.slice(8));
        const covered = r?.covered_days ?? 0;
        const status = covered === 0 ? "missing" as const : covered < days ? "partial" as const : "covered" as const;
        return { month, status, covered_days: covered, days };
      }),
    }));
  const gaps = listed.flatMap((a) =>
    a.months.filter((m) => m.status === "missing").map((m) => ({
      account_id: a.id,
      account_name: a.name,
      month: m.month,
    }))
  );
  return { client_id: clientId, period, months, accounts: listed, gaps, complete: gaps.length === 0 };
}
