/**
 * Runs a transaction list query: the tsquery and look-ups, one keyset page, the totals, and the
 * fuzzy fallback when the words find nothing.
 *
 * Round trips: with words or account:/category: operators, one that builds the tsquery and
 * resolves the ids (so the main statement is planned with constants); then
 * - with words: one statement; the matches are collected once (narrow rows, through the GIN
 *   index when the words are selective) and both the totals and the sorted page come from that
 *   set, so the planner never walks a date index hoping to meet rare words;
 * - without words: the page (an index walk in sort order) and the totals (from monthly rollups
 *   when the filters allow, see rollupDates), pipelined.
 * Statements run with custom plans, without JIT, with 16 MB of work_mem and under a statement
 * timeout.
 */
import { ValidationError } from "../../errors.ts";
import { toDecimalString } from "../../i18n/mod.ts";
import type { Tx } from "../../db/tenant.ts";
import { type Cursor, decodeCursor, encodeCursor, queryHash } from "./cursor.ts";
import { correctWords, fuzzyEligible } from "./fuzzy.ts";
import { type QueryTerm, queryTerms } from "./highlight.ts";
import { type ParsedSearch, parseSearchQuery } from "./query.ts";
import type { TransactionQuery } from "./schema.ts";
import { type Fragment, lookupsQuery, ordering, rankOf, rollupDates, type Selection, whereClause } from "./sql.ts";

/** The fields of a row that paging and highlighting read (the rest is the caller's columns). */
export interface HitRow {
  id: string;
  date: string;
  amount: string;
  description: string;
  rank?: string | null;
  [column: string]: unknown;
}

/** Totals as decimal strings. */
export interface Totals {
  count: number;
  inflow: string;
  outflow: string;
  net: string;
  currency: string | null;
}

/** What {@link runSearch} returns. */
export interface SearchResult {
  rows: HitRow[];
  /** Positive terms of the tsquery that selected the rows, for highlighting. */
  terms: QueryTerm[];
  nextCursor: string | null;
  /** Null when the query asked for none (`totals=false`). */
  totals: Totals | null;
  fuzzy: boolean;
  suggestion: string | null;
}

interface TotalsRow {
  total_count: number;
  total_in: string;
  total_out: string;
  total_currency: string | null;
}

/** A tsquery literal matching `word` as a prefix: `'word':*` with quotes and backslashes escaped. */
export const prefixLiteral = (word: string) => `'${word.replace(/\\/g, "\\\\").replace(/'/g, "''")}':*`;

/** SQL for the tsquery of the free text (websearch syntax, the last plain word as a prefix), as text. */
function tsqueryOf(tx: Tx, parsed: ParsedSearch): Fragment {
  const ws = tx`websearch_to_tsquery('ledgerflow_search', ${parsed.websearch})`;
  return parsed.prefix === null
    ? tx`${ws}::text`
    : tx`(${ws} && to_tsquery('ledgerflow_search', ${prefixLiteral(parsed.prefix)}))::text`;
}

const totalsOf = (r: TotalsRow | undefined): Totals => {
  const inflow = BigInt(r?.total_in ?? "0");
  const outflow = BigInt(r?.total_out ?? "0");
  return {
    count: r?.total_count ?? 0,
    inflow: toDecimalString(inflow, 2),
    outflow: toDecimalString(outflow, 2),
    net: toDecimalString(inflow - outflow, 2),
    currency: r?.total_currency ?? null,
  };
};

const TOTALS = (tx: Tx, from: string) =>
  tx`count(*)::int as total_count,
     coalesce(sum(${tx(from)}.amount) filter (where ${tx(from)}.amount > 0), 0)::text as total_in,
     coalesce(-sum(${tx(from)}.amount) filter (where ${tx(from)}.amount < 0), 0)::text as total_out,
     case when min(${tx(from)}.currency collate "C") = max(${tx(from)}.currency collate "C")
          then min(${tx(from)}.currency collate "C") end as total_currency`;

/**
 * Totals of a selection without words: from the monthly rollups for whole months and from
 * the transactions for the rest (partial months), or from the transactions alone.
 */
function totalsQuery(tx: Tx, sel: Selection): Fragment {
  const rollup = rollupDates(sel);
  if (!rollup?.full) return tx`select ${TOTALS(tx, "t")} from transaction_search t where ${whereClause(tx, sel)}`;
  const { start, end } = rollup.full;
  const inMonths = (column: Fragment) =>
    tx`${start ? tx`${column} >= ${start}::date` : tx`true`} and ${end ? tx`${column} < ${end}::date` : tx`true`}`;
  // Both parts return (n, inflow, outflow, lowest currency, highest currency).
  return tx`
    select coalesce(sum(x.n), 0)::int as total_count, coalesce(sum(x.i), 0)::text as total_in,
           coalesce(sum(x.o), 0)::text as total_out,
           case when min(x.lo) = max(x.hi) then min(x.lo) end as total_currency
      from (select sum(t.n) as n, sum(t.inflow) as i, sum(t.outflow) as o,
                   min(t.currency collate "C") filter (where t.n <> 0) as lo,
                   max(t.currency collate "C") filter (where t.n <> 0) as hi
              from transaction_rollups t
             where ${whereClause(tx, sel, { dates: false })} and ${inMonths(tx`t.month`)}
            union all
            select count(*), sum(greatest(t.amount, 0)), sum(greatest(-t.amount, 0)),
                   min(t.currency collate "C"), max(t.currency collate "C")
              from transaction_search t
             where ${whereClause(tx, sel)} and not (${inMonths(tx`t.date`)})) x`;
}

/** One page and the totals for a selection with words (see the module doc). */
async function textPage(
  tx: Tx,
  sel: Selection,
  cursor: Cursor | null,
  columns: Fragment,
): Promise<{ rows: HitRow[]; totals: Totals }> {
  const sort = sel.query.sort;
  const rank = sort === "relevance" ? rankOf(tx, sel.tsquery!) : tx`null::real`;
  const inM = ordering(tx, sort, "m");
  const inP = ordering(tx, sort, "p");
  const rows = await tx<(HitRow & TotalsRow)[]>`
    with m as materialized (
      select t.id, t.date, t.amount, t.currency, ${rank} as rank from transaction_search t where ${whereClause(tx, sel)}
    ), totals as (
      select ${TOTALS(tx, "m")} from m
    ), p as (
      select m.id, m.date, m.amount, m.rank from m where ${cursor ? inM.after(cursor.key) : tx`true`}
       order by ${inM.order} limit ${sel.query.limit + 1}
    )
    select totals.*, p.rank::text as rank, ${columns}
      from totals left join (p join transaction_search t on t.id = p.id join accounts a on a.id = t.account_id
                             left join categories c on c.id = t.category_id) on true
     order by ${inP.order}`;
  return { rows: rows.filter((r) => r.id !== null), totals: totalsOf(rows[0]) };
}

/** One page and the totals for a selection without words: an index walk and an aggregate, pipelined. */
async function plainPage(
  tx: Tx,
  sel: Selection,
  cursor: Cursor | null,
  columns: Fragment,
  withTotals: boolean,
): Promise<{ rows: HitRow[]; totals: Totals | null }> {
  const inT = ordering(tx, sel.query.sort, "t");
  const [rows, totals] = await Promise.all([
    tx<HitRow[]>`
      select ${columns}
        from transaction_search t join accounts a on a.id = t.account_id left join categories c on c.id = t.category_id
       where ${whereClause(tx, sel)} and ${cursor ? inT.after(cursor.key) : tx`true`}
       order by ${inT.order}
       limit ${sel.query.limit + 1}`,
    withTotals ? tx<TotalsRow[]>`${totalsQuery(tx, sel)}` : Promise.resolve(null),
  ]);
  return { rows, totals: totals ? totalsOf(totals[0]) : null };
}

/** Rows, in the list's date order, that a text search reads before it asks the full-text index instead. */
export const PROBE_ROWS = 20_000;

/**
 * One page of a text search in date order by walking the date index and keeping the rows that
 * match, reading at most `probeRows` rows: a common word fills the page within a few hundred
 * rows, whatever its number of matches. Returns null when the walk ends without a full page
 * while rows remain beyond it (a rare word): the full-text index is then the faster way.
 */
async function probePage(
  tx: Tx,
  sel: Selection,
  cursor: Cursor | null,
  columns: Fragment,
  probeRows: number,
): Promise<HitRow[] | null> {
  const sort = sel.query.sort;
  if ((sort !== "date_desc" && sort !== "date_asc") || sel.tsquery === null) return null;
  const inT = ordering(tx, sort, "t");
  const inW = ordering(tx, sort, "w");
  const plain = whereClause(tx, { ...sel, tsquery: null });
  const after = cursor ? inT.after(cursor.key) : tx`true`;
  const rows = await tx<HitRow[]>`
    select ${columns}
      from (select w.id, w.date
              from (select t.id, t.date, t.search from transaction_search t
                     where ${plain} and ${after} order by ${inT.order} limit ${probeRows}) w
             where w.search @@ ${sel.tsquery}::tsquery
             order by ${inW.order} limit ${sel.query.limit + 1}) p
      join transaction_search t on t.id = p.id join accounts a on a.id = t.account_id
      left join categories c on c.id = t.category_id
     order by ${inT.order}`;
  if (rows.length > sel.query.limit) return rows;
  // Fewer matches than a page: final only if the walk saw every row there is.
  const [{ n }] = await tx<{ n: number }[]>`
    select count(*)::int as n
      from (select 1 from transaction_search t where ${plain} and ${after} order by ${inT.order} limit ${probeRows}) x`;
  return n < probeRows ? rows : null;
}

/**
 * Whether a plain-words search (the fuzzy fallback's input) holds a word that is not in the
 * client's vocabulary (`search_terms`; the last word as a prefix), so that it can match nothing.
 * Only for words of letters (no LIKE wildcards), which is what the vocabulary holds.
 */
async function hasUnknownWord(tx: Tx, clientId: string, parsed: ParsedSearch): Promise<boolean> {
  const words = parsed.plainWords;
  if (!fuzzyEligible(words) || !words.every((w) => /^\p{L}{3,40}$/u.test(w))) return false;
  const exact = parsed.prefix === null ? words : words.slice(0, -1);
  const [{ unknown }] = await tx<{ unknown: boolean }[]>`
    select exists (
      select 1 from unnest(${exact}::text[]) as w(word)
       where not exists (select 1 from search_terms st
                          where st.client_id = ${clientId} and st.term = lower(unaccent(w.word)))
    ) or (${parsed.prefix}::text is not null and not exists (
      select 1 from search_terms st
       where st.client_id = ${clientId}
         and st.term like lower(unaccent(${parsed.prefix ?? ""}::text)) || '%'
    )) as unknown`;
  return unknown;
}

/** The totals of a selection with words, on their own (one aggregate over the full-text index). */
async function textTotals(tx: Tx, sel: Selection): Promise<Totals> {
  const [row] = await tx<TotalsRow[]>`select ${TOTALS(tx, "t")} from transaction_search t where ${
    whereClause(tx, sel)
  }`;
  return totalsOf(row);
}

function keyOf(row: HitRow, query: TransactionQuery): string[] {
  switch (query.sort) {
    case "amount_desc":
    case "amount_asc":
      return [row.amount, row.id];
    case "relevance":
      return [row.rank ?? "0", row.date, row.id];
    default:
      return [row.date, row.id];
  }
}

/** Longest a statement of a search may run. */
export const STATEMENT_TIMEOUT_MS = 10_000;

/** Tuning of {@link runSearch} (tests use a small probe to reach both strategies). */
export interface SearchOptions {
  /** See {@link PROBE_ROWS}. */
  probeRows?: number;
}

/**
 * Lists the client's transactions for `query`. `columns` selects each row's fields from `t`
 * (transaction_search), `a` (accounts) and `c` (categories); it must include `t.id`,
 * `t.date::text as date`, `t.amount::text as amount` and `t.description`.
 */
export async function runSearch(
  tx: Tx,
  clientId: string,
  query: TransactionQuery,
  columns: Fragment,
  opts: SearchOptions = {},
): Promise<SearchResult> {
  try {
    return await search(tx, clientId, query, columns, opts.probeRows ?? PROBE_ROWS);
  } catch (error) {
    // 57014: statement_timeout. The transaction is aborted; the caller's rolls back.
    if ((error as { code?: string }).code !== "57014") throw error;
    throw new ValidationError("The search took too long; add words or operators to narrow it", [{
      path: "q",
      message: "too broad",
    }]);
  }
}

async function search(
  tx: Tx,
  clientId: string,
  query: TransactionQuery,
  columns: Fragment,
  probeRows: number,
): Promise<SearchResult> {
  const parsed = parseSearchQuery(query.q ?? "");
  const cursor = query.cursor ? decodeCursor(query.cursor, query) : null;
  // Plans are made for these values (no generic plans), JIT compilation costs more than it saves
  // here, the matches of a broad search (about 50 bytes each) stay in memory, and a search that
  // would run away is stopped (see runSearch).
  const settings = tx`set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true),
    set_config('work_mem', '16MB', true), set_config('statement_timeout', ${`${STATEMENT_TIMEOUT_MS}ms`}, true)`;
  const lookups = lookupsQuery(tx, { clientId, query, operators: parsed.operators });
  let tsquery: string | null = null;
  let found: Record<string, string[]> = {};
  let settled: Promise<unknown> | null = null;
  if (parsed.text || lookups) {
    // The tsquery and the ids come back first, so the main statement is planned with constants.
    const [prep] = await tx<{ tsquery: string | null; lookups: Record<string, string[]> | null }[]>`
      select ${settings}, ${parsed.text ? tsqueryOf(tx, parsed) : tx`null::text`} as tsquery,
             ${lookups ?? tx`null::json`} as lookups`;
    tsquery = prep.tsquery || null;
    found = prep.lookups ?? {};
  } else {
    // Nothing to look up: the settings go first in the same pipeline as the page and totals.
    settled = tx`select ${settings}`.execute();
    settled.catch(() => {}); // awaited below; this only keeps an early throw from leaving it unhandled
  }
  if (query.sort === "relevance" && tsquery === null) {
    await settled;
    throw new ValidationError("Sort by relevance needs words to search for", [{
      path: "sort",
      message: "relevance needs words in q",
    }]);
  }
  let fuzzy = false;
  let suggestion: string | null = null;
  const withTotals = query.totals !== false;
  const fetch = async (tq: string | null): Promise<{ rows: HitRow[]; totals: Totals | null }> => {
    const sel: Selection = { clientId, query, operators: parsed.operators, tsquery: tq, lookups: found };
    if (tq === null) return await plainPage(tx, sel, cursor, columns, withTotals);
    // Words in date order: walk the date index first (see probePage); the totals, when wanted,
    // are then one aggregate over the full-text index. Otherwise the matches are collected once
    // and give both the page and the totals.
    const rows = await probePage(tx, sel, cursor, columns, probeRows);
    if (rows) return { rows, totals: withTotals ? await textTotals(tx, sel) : null };
    const page = await textPage(tx, sel, cursor, columns);
    return { rows: page.rows, totals: withTotals ? page.totals : null };
  };

  let page: { rows: HitRow[]; totals: Totals | null };
  const tryFuzzy = async () => {
    if (tsquery === null || !fuzzyEligible(parsed.plainWords)) return false;
    const corrected = await correctWords(tx, clientId, parsed.plainWords);
    if (!corrected || corrected.tsquery === tsquery) return false;
    tsquery = corrected.tsquery;
    fuzzy = true;
    suggestion = corrected.suggestion;
    return true;
  };
  const none = { rows: [], totals: withTotals ? totalsOf(undefined) : null };
  // Later pages of a fuzzy search, and a word the client's ledger never held (it matches
  // nothing), go straight to the corrections.
  if (cursor?.fuzzy || (!cursor && tsquery !== null && await hasUnknownWord(tx, clientId, parsed))) {
    page = (await tryFuzzy()) ? await fetch(tsquery) : none;
  } else {
    page = await fetch(tsquery);
    await settled;
    if (!cursor && page.rows.length === 0 && await tryFuzzy()) page = await fetch(tsquery);
  }

  const rows = page.rows.slice(0, query.limit);
  const last = rows[rows.length - 1];
  return {
    rows,
    terms: tsquery ? queryTerms(tsquery) : [],
    nextCursor: page.rows.length > query.limit && last
      ? encodeCursor({ sort: query.sort, key: keyOf(last, query), fuzzy, hash: queryHash(query) })
      : null,
    totals: page.totals,
    fuzzy,
    suggestion,
  };
}

/**
 * The selection a query stands for, resolved as {@link runSearch} resolves it: the tsquery of
 * its words, the ids its account: and category: operators name, and the fuzzy fallback when the
 * words match nothing. For callers that read every matching row themselves (exports), so sort,
 * limit and cursor play no part.
 */
export async function resolveSelection(
  tx: Tx,
  clientId: string,
  query: TransactionQuery,
): Promise<{ selection: Selection; fuzzy: boolean }> {
  const parsed = parseSearchQuery(query.q ?? "");
  const lookups = lookupsQuery(tx, { clientId, query, operators: parsed.operators });
  let tsquery: string | null = null;
  let found: Record<string, string[]> = {};
  if (parsed.text || lookups) {
    const [prep] = await tx<{ tsquery: string | null; lookups: Record<string, string[]> | null }[]>`
      select ${parsed.text ? tsqueryOf(tx, parsed) : tx`null::text`} as tsquery,
             ${lookups ?? tx`null::json`} as lookups`;
    tsquery = prep.tsquery || null;
    found = prep.lookups ?? {};
  }
  const selection: Selection = { clientId, query, operators: parsed.operators, tsquery, lookups: found };
  if (tsquery !== null && fuzzyEligible(parsed.plainWords)) {
    const [{ hit }] = await tx<{ hit: boolean }[]>`
      select exists (select 1 from transaction_search t where ${whereClause(tx, selection)}) as hit`;
    if (!hit) {
      const corrected = await correctWords(tx, clientId, parsed.plainWords);
      if (corrected && corrected.tsquery !== tsquery) {
        return { selection: { ...selection, tsquery: corrected.tsquery }, fuzzy: true };
      }
    }
  }
  return { selection, fuzzy: false };
}

/**
 * The totals of a query on their own (`GET …/transactions/totals`): the selection as
 * {@link runSearch} resolves it, fuzzy fallback included, then one aggregate. For pages that
 * show the rows first and the totals of a broad search a moment later.
 */
export async function searchTotals(tx: Tx, clientId: string, query: TransactionQuery): Promise<Totals> {
  try {
    await tx`select set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true),
      set_config('statement_timeout', ${`${STATEMENT_TIMEOUT_MS}ms`}, true)`;
    const { selection } = await resolveSelection(tx, clientId, query);
    if (selection.tsquery !== null) return await textTotals(tx, selection);
    const [row] = await tx<TotalsRow[]>`${totalsQuery(tx, selection)}`;
    return totalsOf(row);
  } catch (error) {
    if ((error as { code?: string }).code !== "57014") throw error;
    throw new ValidationError("The totals took too long; add words or operators to narrow the search", [{
      path: "q",
      message: "too broad",
    }]);
  }
}
