/**
 * Top payees: who the client paid most (expenses and uncategorized money out) and who paid the
 * client most, in the period. Transfers, owner and personal money are left out. A transaction
 * without a payee counts under its description.
 */
import { z } from "zod";
import type { Tx } from "../db/tenant.ts";
import { toDecimalString } from "../i18n/mod.ts";
import { mainCurrency, partsQuery } from "./ledger_parts.ts";
import { type Period, PeriodJson } from "./period.ts";

const money = z.string().describe("Decimal string");

/** One payee. */
export const PayeeTotal = z.object({
  payee: z.string(),
  total: money.describe("Money paid or received, as a positive number"),
  count: z.number().int(),
  share: z.number().describe("Share of all money out (or in), 0–100, one decimal"),
}).meta({ id: "PayeeTotal" });
export type PayeeTotal = z.infer<typeof PayeeTotal>;

/** GET /api/v1/clients/:id/reports/top-payees. */
export const TopPayees = z.object({
  client_id: z.uuid(),
  period: PeriodJson,
  currency: z.string(),
  paid: z.array(PayeeTotal).describe("Largest money out, up to `limit`"),
  received: z.array(PayeeTotal).describe("Largest money in, up to `limit`"),
  paid_total: money,
  received_total: money,
}).meta({ id: "TopPayees" });
export type TopPayees = z.infer<typeof TopPayees>;

/** Payees listed per side. */
export const PAYEE_LIMIT = 20;

interface Row {
  payee: string;
  side: "paid" | "received";
  n: number;
  total: string;
}

/** Computes the top payees. */
export async function getTopPayees(tx: Tx, clientId: string, period: Period): Promise<TopPayees> {
  const { currency } = await mainCurrency(tx, clientId, period);
  const rows = await tx<Row[]>`
    with parts as (${partsQuery(tx, clientId, period)}),
    kept as (
      select coalesce(nullif(btrim(p.payee), ''), btrim(p.description)) as payee, p.amount
        from parts p left join categories c on c.id = p.category_id
       where p.currency = ${currency} and coalesce(c.kind, 'uncategorized') not in ('transfer', 'owner', 'personal')
    ), grouped as (
      select payee, case when amount < 0 then 'paid' else 'received' end as side, count(*)::int as n,
             abs(sum(amount))::text as total,
             row_number() over (partition by amount < 0 order by abs(sum(amount)) desc, payee) as rank
        from kept where amount <> 0 group by payee, amount < 0
    )
    select payee, side, n, total from grouped where rank <= ${PAYEE_LIMIT}
    union all
    select null, case when amount < 0 then 'paid' else 'received' end, count(*)::int, abs(sum(amount))::text
      from kept where amount <> 0 group by amount < 0`;
  const totals = { paid: 0n, received: 0n };
  for (const r of rows) if (r.payee === null) totals[r.side] = BigInt(r.total);
  const side = (which: "paid" | "received"): PayeeTotal[] =>
    rows.filter((r) => r.payee !== null && r.side === which)
      .sort((a, b) =>
        (BigInt(b.total) > BigInt(a.total) ? 1 : BigInt(b.total) < BigInt(a.total) ? -1 : 0) ||
        a.payee.localeCompare(b.payee)
      )
      .map((r) => ({
        payee: r.payee,
        total: toDecimalString(BigInt(r.total), 2),
        count: r.n,
        share: totals[which] ? Number((BigInt(r.total) * 1000n) / totals[which]) / 10 : 0,
      }));
  return {
    client_id: clientId,
    period,
    currency,
    paid: side("paid"),
    received: side("received"),
    paid_total: toDecimalString(totals.paid, 2),
    received_total: toDecimalString(totals.received, 2),
  };
}
