/**
 * Transfers summary: money moved between the client's own accounts in the period — confirmed
 * transfer pairs with their totals per direction, suggestions still waiting for a person, and
 * transactions categorized as Transfer that have no confirmed other side.
 */
import { z } from "zod";
import type { Tx } from "../db/tenant.ts";
import { toDecimalString } from "../i18n/mod.ts";
import { accountName } from "../review/transactions.ts";
import { type Period, PeriodJson } from "./period.ts";

const money = z.string().describe("Decimal string");

/** A confirmed pair. */
export const TransferPair = z.object({
  link_id: z.uuid(),
  date: z.string().describe("Date money left the first account"),
  arrived: z.string().describe("Date it arrived"),
  from_account: z.string(),
  to_account: z.string(),
  amount: money.describe("Positive"),
  currency: z.string(),
}).meta({ id: "TransferPair" });

/** GET /api/v1/clients/:id/reports/transfers. */
export const TransfersSummary = z.object({
  client_id: z.uuid(),
  period: PeriodJson,
  pairs: z.array(TransferPair),
  routes: z.array(z.object({
    from_account: z.string(),
    to_account: z.string(),
    count: z.number().int(),
    total: money,
    currency: z.string(),
  })).describe("Confirmed transfers summed per direction"),
  suggested_count: z.number().int().describe("Suggested pairs in the period waiting for a decision"),
  unmatched: z.array(z.object({
    id: z.uuid(),
    date: z.string(),
    account: z.string(),
    description: z.string(),
    amount: money,
    currency: z.string(),
  })).describe("Transfer-categorized transactions with no confirmed other side"),
}).meta({ id: "TransfersSummary" });
export type TransfersSummary = z.infer<typeof TransfersSummary>;

type AccountCols = { institution: string; number_last4: string; type: string; name: string };

interface PairRow {
  link_id: string;
  date: string;
  arrived: string;
  amount: string;
  currency: string;
  out_acc: AccountCols;
  in_acc: AccountCols;
}

/** Computes the transfers summary. */
export async function getTransfers(tx: Tx, clientId: string, period: Period): Promise<TransfersSummary> {
  const inPeriod = (col: string) => tx`${tx(col)} between ${period.from}::date and ${period.to}::date`;
  const [pairs, [{ suggested }], unmatched] = await Promise.all([
    tx<PairRow[]>`
      select l.id as link_id, o.date::text as date, i.date::text as arrived, (-o.amount)::text as amount, o.currency,
             json_build_object('name', oa.name, 'institution', oa.institution, 'number_last4', oa.number_last4,
                               'type', oa.type) as out_acc,
             json_build_object('name', ia.name, 'institution', ia.institution, 'number_last4', ia.number_last4,
                               'type', ia.type) as in_acc
        from transaction_links l
        join transactions a on a.id = l.a_id
        join transactions b on b.id = l.b_id
        join transactions o on o.id = case when a.amount < 0 then a.id else b.id end
        join transactions i on i.id = case when a.amount < 0 then b.id else a.id end
        join accounts oa on oa.id = o.account_id
        join accounts ia on ia.id = i.account_id
       where l.client_id = ${clientId} and l.kind = 'transfer' and l.status = 'confirmed' and ${inPeriod("o.date")}
       order by o.date, l.id`,
    tx<{ suggested: number }[]>`
      select count(*)::int as suggested from transaction_links l join transactions a on a.id = l.a_id
       where l.client_id = ${clientId} and l.kind = 'transfer' and l.status = 'suggested'
         and a.date between ${period.from}::date and ${period.to}::date`,
    tx<(AccountCols & { id: string; date: string; description: string; amount: string; currency: string })[]>`
      select t.id, t.date::text as date, t.description, t.amount::text as amount, t.currency,
             a.name, a.institution, a.number_last4, a.type
        from transactions t join accounts a on a.id = t.account_id join categories c on c.id = t.category_id
       where t.client_id = ${clientId} and c.kind = 'transfer' and ${inPeriod("t.date")}
         and not exists (select 1 from transaction_links l where l.kind = 'transfer' and l.status = 'confirmed'
                           and (l.a_id = t.id or l.b_id = t.id))
       order by t.date, t.id limit 500`,
  ]);
  const dec = (v: bigint) => toDecimalString(v, 2);
  const routes = new Map<
    string,
    { from_account: string; to_account: string; count: number; total: bigint; currency: string }
  >();
  const listed = pairs.map((p) => {
    const from = accountName(p.out_acc);
    const to = accountName(p.in_acc);
    const key = JSON.stringify([from, to, p.currency]);
    const route = routes.get(key) ?? { from_account: from, to_account: to, count: 0, total: 0n, currency: p.currency };
    route.count++;
    route.total += BigInt(p.amount);
    routes.set(key, route);
    return {
      link_id: p.link_id,
      date: p.date,
      arrived: p.arrived,
      from_account: from,
      to_account: to,
      amount: dec(BigInt(p.amount)),
      currency: p.currency,
    };
  });
  return {
    client_id: clientId,
    period,
    pairs: listed,
    routes: [...routes.values()].sort((a, b) => a.from_account.localeCompare(b.from_account))
      .map((r) => ({ ...r, total: dec(r.total) })),
    suggested_count: suggested,
    unmatched: unmatched.map((u) => ({
      id: u.id,
      date: u.date,
      account: accountName(u),
      description: u.description,
      amount: dec(BigInt(u.amount)),
      currency: u.currency,
    })),
  };
}
