/**
 * What every category report reads: the parts of a client's transactions in a period — a
 * transaction's splits when it has them, else the whole transaction — with the category each
 * part counts under and its business share. Amounts stay integer minor units; the business
 * share is rounded half away from zero per part, in exact numeric arithmetic.
 */
import type { Tx } from "../db/tenant.ts";
import type { Fragment } from "../ledger/search/sql.ts";
import type { Period } from "./period.ts";

/** Kinds of categories (migration 00004). */
export type CategoryKind = "income" | "expense" | "transfer" | "owner" | "personal" | "uncategorized";

/** A category as reports group by it. */
export interface ReportCategory {
  id: string;
  name: string;
  line: string | null;
  kind: CategoryKind;
  parent_id: string | null;
  position: number;
}

/**
 * SQL of the parts (CTE body): id, date, month (YYYY-MM), account_id, payee, description,
 * currency, needs_review, category_id, amount, business_amount (amount × business % rounded).
 */
export function partsQuery(tx: Tx, clientId: string, period: Pick<Period, "from" | "to">): Fragment {
  return tx`
    select t.id, t.date, to_char(t.date, 'YYYY-MM') as month, t.account_id, t.payee, t.description, t.currency,
           t.needs_review, coalesce(s.category_id, t.category_id) as category_id,
           coalesce(s.amount, t.amount) as amount,
           round(coalesce(s.amount, t.amount) * t.business_pct / 100.0)::bigint as business_amount
      from transactions t
      left join transaction_splits s on s.transaction_id = t.id
     where t.client_id = ${clientId} and t.date between ${period.from}::date and ${period.to}::date`;
}

/**
 * The currency most of the period's transactions are in (reports sum that one only); for an
 * empty period the client's accounts' most common one, else USD.
 */
export async function mainCurrency(tx: Tx, clientId: string, period: Pick<Period, "from" | "to">) {
  const rows = await tx<{ currency: string; n: number }[]>`
    select currency, count(*)::int as n from transactions
     where client_id = ${clientId} and date between ${period.from}::date and ${period.to}::date
     group by currency order by count(*) desc, currency limit 5`;
  return {
    currency: rows[0]?.currency ?? await clientCurrency(tx, clientId),
    /** Transactions in other currencies, left out of the sums. */
    otherCurrencyCount: rows.slice(1).reduce((n, r) => n + r.n, 0),
  };
}

/** Every category of the firm, archived ones included (old transactions may use them). */
export async function reportCategories(tx: Tx): Promise<Map<string, ReportCategory>> {
  const rows = await tx<ReportCategory[]>`
    select id, name, line, kind, parent_id, position from categories order by position, lower(name), id`;
  return new Map(rows.map((r) => [r.id, r]));
}

/** The client's accounts' most common currency, else USD. */
async function clientCurrency(tx: Tx, clientId: string): Promise<string> {
  const [row] = await tx<{ currency: string }[]>`
    select currency from accounts where client_id = ${clientId} group by currency order by count(*) desc limit 1`;
  return row?.currency ?? "USD";
}
