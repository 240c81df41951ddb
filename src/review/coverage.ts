/**
 * Statement coverage: for each account, the months from its first statement's start to its
 * last statement's end (never past the current month), each covered fully or partly by the
 * periods of its statements, or a gap. A statement without a printed period spans the dates
 * of its transactions. Days are counted on the union of the periods (range_agg), so
 * overlapping statements are not counted twice and each month costs one small range
 * intersection, however many statements there are.
 */
import type { Tx } from "../db/tenant.ts";
import type { Coverage, CoverageMonth, ReviewAccount } from "./schema.ts";
import { toReviewAccount } from "./transactions.ts";

/** One month of one account. */
export interface CoverageRow {
  client_id: string;
  account_id: string;
  /** YYYY-MM. */
  month: string;
  days: number;
  covered_days: number;
}

/** Coverage of every month of every account of the given clients, in client, account, month order. */
export async function coverageRows(tx: Tx, clientIds: string[]): Promise<CoverageRow[]> {
  if (!clientIds.length) return [];
  // generate_series makes the planner expect a thousand months per account, and JIT compiling
  // for that costs far more (hundreds of ms) than the query itself (a few ms).
  await tx`select set_config('jit', 'off', true)`;
  return await tx<CoverageRow[]>`
    with own as (
      select s.id, s.client_id, s.account_id, s.document_id, s.period_start, s.period_end
        from statements s
       where s.client_id = any(${clientIds}::uuid[])
    ), undated as (
      -- Statements without a printed period span their transactions' dates (rare: joined, not
      -- a subquery per statement, which would make the planner expect a costly query).
      select t.statement_id, min(t.date) as first, max(t.date) as last
        from transactions t
       where t.document_id in (select document_id from own where period_start is null or period_end is null)
       group by t.statement_id
    ), spans as (
      select o.client_id, o.account_id,
             coalesce(o.period_start, u.first, o.period_end) as ps,
             coalesce(o.period_end, u.last, o.period_start) as pe
        from own o left join undated u on u.statement_id = o.id
    ), cover as (
      select client_id, account_id, range_agg(daterange(least(ps, pe), greatest(ps, pe), '[]')) as ranges,
             date_trunc('month', min(least(ps, pe)))::date as first,
             date_trunc('month', least(max(greatest(ps, pe)), current_date))::date as last
        from spans
       where ps is not null
       group by client_id, account_id
    ), months as (
      select c.client_id, c.account_id, c.ranges, m::date as month,
             (m + interval '1 month' - interval '1 day')::date as month_end
        from cover c
        cross join lateral generate_series(c.first, greatest(c.first, c.last), interval '1 month') as m
    )
    select m.client_id, m.account_id, to_char(m.month, 'YYYY-MM') as month,
           (m.month_end - m.month + 1)::int as days,
           (select coalesce(sum(upper(r) - lower(r)), 0)::int
              from unnest(m.ranges * datemultirange(daterange(m.month, m.month_end, '[]'))) as r) as covered_days
      from months m
     order by m.client_id, m.account_id, m.month`;
}

/** Number of months without any statement, per client. */
export async function gapCounts(tx: Tx, clientIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const row of await coverageRows(tx, clientIds)) {
    if (row.covered_days === 0) counts.set(row.client_id, (counts.get(row.client_id) ?? 0) + 1);
  }
  return counts;
}

/** Every month from `first` to `last` (YYYY-MM, inclusive). */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split("-").map(Number);
  const [ly, lm] = last.split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** Describes a gap for people: "No statement for Chase …4821 covering March 2025". */
export type DescribeGap = (accountName: string, month: string) => string;

/** A client's coverage grid and its gaps. */
export async function getCoverage(tx: Tx, clientId: string, describe: DescribeGap): Promise<Coverage> {
  const rows = await coverageRows(tx, [clientId]);
  const ids = [...new Set(rows.map((r) => r.account_id))];
  const accounts = ids.length
    ? await tx<(ReviewAccount & { name: string })[]>`
      select id, name, institution, number_last4, type from accounts where id = any(${ids}::uuid[])`
    : [];
  const byId = new Map(accounts.map((a) => [a.id, toReviewAccount(a)]));
  const months = new Map<string, CoverageMonth[]>();
  for (const r of rows) {
    const list = months.get(r.account_id) ?? [];
    list.push({ month: r.month, covered: r.covered_days > 0, partial: r.covered_days > 0 && r.covered_days < r.days });
    months.set(r.account_id, list);
  }
  const ordered = ids.map((id) => byId.get(id)!).filter(Boolean)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const all = rows.map((r) => r.month).sort();
  return {
    months: all.length ? monthsBetween(all[0], all[all.length - 1]) : [],
    accounts: ordered.map((a) => ({ ...a, months: months.get(a.id) ?? [] })),
    gaps: ordered.flatMap((a) =>
      (months.get(a.id) ?? []).filter((m) => !m.covered).map((m) => ({
        account_id: a.id,
        account_name: a.name,
        month: m.month,
        message: describe(a.name, m.month),
      }))
    ),
  };
}
