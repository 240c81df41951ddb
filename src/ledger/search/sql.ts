/**
 * SQL fragments for a transaction list: the look-up of the ids that account: and category:
 * operators name, the WHERE conditions of a query (parameters, operators, full text), which
 * totals monthly rollups can answer, and each sort's ORDER BY and keyset condition. Every value
 * is a bound parameter; the only text spliced into SQL is chosen here from fixed alternatives.
 * Queries read `transaction_search t` (migration 00005), so GIN indexes can be used.
 */
import type postgres from "postgres";
import type { Tx } from "../../db/tenant.ts";
import { parseMoney, type SearchOperator } from "./query.ts";
import type { Sort, TransactionQuery } from "./schema.ts";

/** A piece of SQL with its parameters. */
export type Fragment = postgres.PendingQuery<postgres.Row[]>;

/** Everything that selects the rows of a list. */
export interface Selection {
  clientId: string;
  query: TransactionQuery;
  operators: SearchOperator[];
  /** A tsquery in text form (from PostgreSQL, or built from known terms), or null for no text. */
  tsquery: string | null;
  /** Ids the account and category operators resolve to (see {@link lookupsQuery}), by key. */
  lookups: Record<string, string[]>;
}

/** Key of an operator's ids in {@link Selection.lookups}. */
const UNCATEGORIZED = "uncategorized";

/**
 * SQL for a JSON object with the ids of the accounts and categories each account:/category:
 * operator names (by operator index) and of the "Uncategorized" categories, or null when the
 * selection has none. Resolving them first puts constant id lists in the main statements,
 * whose selectivity the planner can estimate.
 */
export function lookupsQuery(tx: Tx, s: Omit<Selection, "lookups" | "tsquery">): Fragment | null {
  const parts: Fragment[] = [];
  s.operators.forEach((op, i) => {
    if (op.kind === "category") {
      const line = /^\d{1,2}[a-z]?$/i.test(op.value) ? op.value.toLowerCase() : null;
      const byLine = line === null
        ? tx`false`
        : /[a-z]$/.test(line)
        ? tx`k.line = ${line}`
        : tx`k.line ~ ${`^${line}[a-z]?$`}`;
      parts.push(tx`${String(i)}::text, array(
        select k.id from categories k where unaccent(k.name) ilike unaccent(${likeContains(op.value)}) or ${byLine})`);
    } else if (op.kind === "account") {
      const byNumber = /^\d{4}$/.test(op.value) ? tx`x.number_last4 = ${op.value}` : tx`false`;
      const pattern = likeContains(op.value);
      parts.push(tx`${String(i)}::text, array(
        select x.id from accounts x
         where x.client_id = ${s.clientId}
           and (${byNumber} or unaccent(x.name) ilike unaccent(${pattern})
                or unaccent(x.institution) ilike unaccent(${pattern}) or x.type ilike ${pattern}))`);
    }
  });
  if (s.query.uncategorized !== undefined || s.operators.some((op) => op.kind === "is" && op.value === UNCATEGORIZED)) {
    parts.push(tx`${UNCATEGORIZED}::text, array(select u.id from categories u where u.kind = 'uncategorized')`);
  }
  if (!parts.length) return null;
  return tx`json_build_object(${parts.reduce((acc, p) => tx`${acc}, ${p}`)})`;
}

const minor = (decimal: string) => parseMoney(decimal)!.value.toString();
const likeContains = (v: string) => `%${v.replace(/[\\%_]/g, "\\$&")}%`;

/** Joins fragments with AND (`true` for none). */
export function and(tx: Tx, parts: Fragment[]): Fragment {
  return parts.length ? parts.reduce((acc, p) => tx`${acc} and ${p}`) : tx`true`;
}

const uncategorized = (tx: Tx, s: Selection) =>
  tx`(t.category_id is null or t.category_id = any(${s.lookups[UNCATEGORIZED] ?? []}::uuid[]))`;

function amountCondition(tx: Tx, op: SearchOperator & { kind: "amount" | "amount_range" }): Fragment {
  if (op.kind === "amount_range") {
    const [min, max] = [op.min.toString(), op.max.toString()];
    return op.signed
      ? tx`t.amount between ${min}::bigint and ${max}::bigint`
      : tx`abs(t.amount) between ${min}::bigint and ${max}::bigint`;
  }
  const v = op.value.toString();
  if (op.signed) {
    switch (op.op) {
      case ">":
        return tx`t.amount > ${v}::bigint`;
      case ">=":
        return tx`t.amount >= ${v}::bigint`;
      case "<":
        return tx`t.amount < ${v}::bigint`;
      case "<=":
        return tx`t.amount <= ${v}::bigint`;
      default:
        return tx`t.amount = ${v}::bigint`;
    }
  }
  // The size of the amount: one range of the (firm_id, client_id, abs(amount)) index.
  switch (op.op) {
    case ">":
      return tx`abs(t.amount) > ${v}::bigint`;
    case ">=":
      return tx`abs(t.amount) >= ${v}::bigint`;
    case "<":
      return tx`abs(t.amount) < ${v}::bigint`;
    case "<=":
      return tx`abs(t.amount) <= ${v}::bigint`;
    default:
      return tx`abs(t.amount) = ${v}::bigint`;
  }
}

function operatorCondition(tx: Tx, s: Selection, op: SearchOperator, index: number): Fragment {
  switch (op.kind) {
    case "amount":
    case "amount_range":
      return amountCondition(tx, op);
    case "date":
      return and(tx, [
        ...(op.from ? [tx`t.date >= ${op.from}::date`] : []),
        ...(op.to ? [tx`t.date <= ${op.to}::date`] : []),
      ]);
    case "category":
      return tx`t.category_id = any(${s.lookups[String(index)] ?? []}::uuid[])`;
    case "account":
      return tx`t.account_id = any(${s.lookups[String(index)] ?? []}::uuid[])`;
    case "is":
      if (op.value === "uncategorized") return uncategorized(tx, s);
      if (op.value === "review") return tx`t.needs_review`;
      return tx`exists (select 1 from transaction_splits s where s.transaction_id = t.id)`;
    case "tag":
      return tx`t.tags @> array[${op.value}]::text[]`;
  }
}

/**
 * The WHERE conditions (without the keyword) for `t` = transaction_search. With `dates: false`
 * the date conditions are left out and only `client_id`, `account_id`, `category_id` and
 * `needs_review` are read for the dimensions a rollup has (see {@link rollupDates}).
 */
export function whereClause(tx: Tx, s: Selection, opts: { dates?: boolean } = {}): Fragment {
  const q = s.query;
  const dates = opts.dates ?? true;
  const parts: Fragment[] = [tx`t.client_id = ${s.clientId}`];
  if (q.account) parts.push(tx`t.account_id = ${q.account}`);
  if (q.from && dates) parts.push(tx`t.date >= ${q.from}::date`);
  if (q.to && dates) parts.push(tx`t.date <= ${q.to}::date`);
  if (q.min) parts.push(tx`t.amount >= ${minor(q.min)}::bigint`);
  if (q.max) parts.push(tx`t.amount <= ${minor(q.max)}::bigint`);
  if (q.category === "none") parts.push(tx`t.category_id is null`);
  else if (q.category) parts.push(tx`t.category_id = ${q.category}`);
  if (q.uncategorized === true) parts.push(uncategorized(tx, s));
  if (q.uncategorized === false) parts.push(tx`not ${uncategorized(tx, s)}`);
  if (q.review !== undefined) parts.push(q.review ? tx`t.needs_review` : tx`not t.needs_review`);
  if (q.document) parts.push(tx`t.document_id = ${q.document}`);
  if (q.tag) parts.push(tx`t.tags @> array[${q.tag.toLowerCase()}]::text[]`);
  s.operators.forEach((op, i) => {
    if (op.kind !== "date" || dates) parts.push(operatorCondition(tx, s, op, i));
  });
  if (s.tsquery !== null) parts.push(tx`t.search @@ ${s.tsquery}::tsquery`);
  return and(tx, parts);
}

/**
 * Whether the totals of a selection can come from monthly rollups: it filters only on
 * account, category, review flag and dates. Then `full` is the range of whole months the
 * dates cover (`[start, end)`, either end open), or null when no month is whole.
 */
export function rollupDates(s: Selection): { full: { start: string | null; end: string | null } | null } | null {
  const q = s.query;
  if (s.tsquery !== null || q.document || q.tag || q.min || q.max) return null;
  let from = q.from ?? null;
  let to = q.to ?? null;
  for (const op of s.operators) {
    if (op.kind === "date") {
      if (op.from && (!from || op.from > from)) from = op.from;
      if (op.to && (!to || op.to < to)) to = op.to;
    } else if (!(op.kind === "category" || op.kind === "account" || (op.kind === "is" && op.value !== "split"))) {
      return null;
    }
  }
  const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
  const nextMonth = (d: string) => {
    const [y, m] = [Number(d.slice(0, 4)), Number(d.slice(5, 7))];
    return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  };
  const start = from === null ? null : from === monthStart(from) ? from : nextMonth(from);
  // `to` is inclusive: its month is whole when `to` is the month's last day.
  const end = to === null ? null : addDay(to).slice(0, 7) !== to.slice(0, 7) ? nextMonth(to) : monthStart(to);
  if (start !== null && end !== null && start >= end) return { full: null };
  return { full: { start, end } };
}

function addDay(d: string): string {
  const date = new Date(`${d}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** The rank used by sort=relevance. */
export const rankOf = (tx: Tx, tsquery: string): Fragment => tx`ts_rank(t.search, ${tsquery}::tsquery)`;

/**
 * ORDER BY and the keyset condition of a sort over columns `date`, `amount`, `id` (and
 * `rank` for relevance) of the relation `alias`. `key` is a decoded cursor key.
 */
export function ordering(tx: Tx, sort: Sort, alias: string): {
  order: Fragment;
  after: (key: string[]) => Fragment;
} {
  const a = tx(alias);
  switch (sort) {
    case "date_asc":
      return {
        order: tx`${a}.date asc, ${a}.id asc`,
        after: ([d, id]) => tx`(${a}.date, ${a}.id) > (${d}::date, ${id}::uuid)`,
      };
    case "amount_desc":
      return {
        order: tx`${a}.amount desc, ${a}.id desc`,
        after: ([v, id]) => tx`(${a}.amount, ${a}.id) < (${v}::bigint, ${id}::uuid)`,
      };
    case "amount_asc":
      return {
        order: tx`${a}.amount asc, ${a}.id asc`,
        after: ([v, id]) => tx`(${a}.amount, ${a}.id) > (${v}::bigint, ${id}::uuid)`,
      };
    case "relevance":
      return {
        order: tx`${a}.rank desc, ${a}.date desc, ${a}.id desc`,
        after: ([r, d, id]) => tx`(${a}.rank, ${a}.date, ${a}.id) < (${r}::real, ${d}::date, ${id}::uuid)`,
      };
    default:
      return {
        order: tx`${a}.date desc, ${a}.id desc`,
        after: ([d, id]) => tx`(${a}.date, ${a}.id) < (${d}::date, ${id}::uuid)`,
      };
  }
}
