/**
 * Transactions as the API returns them, and the queries that list them: a client's ledger
 * with filters, full-text search, totals and keyset pages (the search itself lives in
 * src/ledger/search/), the rows of one document, and one transaction.
 */
import { z } from "zod";
import type { Tx } from "../db/tenant.ts";
import { toDecimalString } from "../i18n/mod.ts";
import { highlight } from "./search/highlight.ts";
import { runSearch, type SearchOptions, searchTotals } from "./search/run.ts";
import type { TransactionQuery } from "./search/schema.ts";

export { parseTransactionQuery, type TransactionQuery, TransactionQuerySchema } from "./search/schema.ts";

/** A transaction as the API returns it; money as decimal strings. */
export const TransactionJson = z.object({
  id: z.uuid(),
  account_id: z.uuid(),
  account: z.object({ institution: z.string(), number_last4: z.string(), type: z.string() }),
  statement_id: z.uuid(),
  document_id: z.uuid(),
  date: z.string(),
  posted_date: z.string().nullable(),
  description: z.string(),
  amount: z.string(),
  currency: z.string(),
  balance: z.string().nullable(),
  source: z.object({ page: z.number(), lines: z.array(z.number()), y: z.number() }).nullable(),
  category: z.object({ id: z.uuid(), name: z.string(), line: z.string().nullable(), kind: z.string() }).nullable(),
  payee: z.string(),
  memo: z.string(),
  tags: z.array(z.string()),
  business_pct: z.number().int(),
  needs_review: z.boolean(),
  has_splits: z.boolean(),
}).meta({ id: "Transaction" });
export type TransactionJson = z.infer<typeof TransactionJson>;

interface Row {
  id: string;
  account_id: string;
  institution: string;
  number_last4: string;
  type: string;
  statement_id: string;
  document_id: string;
  date: string;
  posted_date: string | null;
  description: string;
  amount: string;
  currency: string;
  balance: string | null;
  source: TransactionJson["source"];
  category_id: string | null;
  category_name: string;
  category_line: string | null;
  category_kind: string | null;
  payee: string;
  memo: string;
  tags: string[];
  business_pct: number;
  needs_review: boolean;
  has_splits: boolean;
}

const toJson = (r: Row): TransactionJson => ({
  id: r.id,
  account_id: r.account_id,
  account: { institution: r.institution, number_last4: r.number_last4, type: r.type },
  statement_id: r.statement_id,
  document_id: r.document_id,
  date: r.date,
  posted_date: r.posted_date,
  description: r.description,
  amount: toDecimalString(BigInt(r.amount), 2),
  currency: r.currency,
  balance: r.balance === null ? null : toDecimalString(BigInt(r.balance), 2),
  source: r.source,
  category: r.category_id
    ? { id: r.category_id, name: r.category_name, line: r.category_line, kind: r.category_kind ?? "expense" }
    : null,
  payee: r.payee,
  memo: r.memo,
  tags: r.tags,
  business_pct: r.business_pct,
  needs_review: r.needs_review,
  has_splits: r.has_splits,
});

/** The columns of {@link Row}, over `t` (transactions or transaction_search), `a` (accounts) and `c` (categories). */
const SELECT = (tx: Tx) =>
  tx`t.id, t.account_id, a.institution, a.number_last4, a.type, t.statement_id, t.document_id, t.date::text,
     t.posted_date::text, t.description, t.amount::text, t.currency, t.balance::text, t.source,
     t.category_id, t.category_name, c.line as category_line, c.kind as category_kind, t.payee, t.memo, t.tags,
     t.business_pct, t.needs_review,
     exists (select 1 from transaction_splits s where s.transaction_id = t.id) as has_splits`;

/** A transaction in a list: with the description as HTML, search matches in `<mark>`. */
export const TransactionHit = TransactionJson.extend({
  highlight: z.string().describe("The description, HTML-escaped, with search matches wrapped in <mark>…</mark>"),
}).meta({ id: "TransactionHit" });
export type TransactionHit = z.infer<typeof TransactionHit>;

/** Totals over every transaction the query selects (not only the page). */
export const TransactionTotals = z.object({
  count: z.number().int(),
  inflow: z.string().describe("Sum of the positive amounts"),
  outflow: z.string().describe("Sum of the negative amounts, as a positive number"),
  net: z.string().describe("inflow − outflow"),
  currency: z.string().nullable().describe("The currency of every selected transaction; null when they mix"),
}).meta({ id: "TransactionTotals" });
export type TransactionTotals = z.infer<typeof TransactionTotals>;

/** A page of transactions. */
export const TransactionPage = z.object({
  items: z.array(TransactionHit),
  next_cursor: z.string().nullable(),
  totals: TransactionTotals.nullable().describe("Of every matching row; null when the query said totals=false"),
  fuzzy: z.boolean().describe(
    "The words matched nothing, so these are close matches (misspellings corrected to the words in `suggestion`)",
  ),
  suggestion: z.string().nullable().describe("With fuzzy: the corrected words that were searched"),
}).meta({ id: "TransactionPage" });
export type TransactionPage = z.infer<typeof TransactionPage>;

/**
 * A client's transactions for a query (validate it with {@link parseTransactionQuery}): filters,
 * search, sort, a keyset page and totals; see src/ledger/search/. Sets transaction-local
 * settings in `tx` (custom plans, no JIT, 16 MB work_mem, a 10 s statement timeout); a search that times out is
 * a 422 on `q`, a cursor of another sort or search a 422 on `cursor`.
 */
export async function listTransactions(
  tx: Tx,
  clientId: string,
  query: TransactionQuery,
  opts: SearchOptions = {},
): Promise<TransactionPage> {
  const result = await runSearch(tx, clientId, query, SELECT(tx), opts);
  return {
    items: result.rows.map((r) => ({
      ...toJson(r as unknown as Row),
      highlight: highlight(r.description, result.terms),
    })),
    next_cursor: result.nextCursor,
    totals: result.totals,
    fuzzy: result.fuzzy,
    suggestion: result.suggestion,
  };
}

/** Transactions of one document in statement order (for the document page). */
export async function listDocumentTransactions(tx: Tx, documentId: string, limit = 2000): Promise<TransactionJson[]> {
  const rows = await tx<Row[]>`
    select ${SELECT(tx)}
      from transactions t join accounts a on a.id = t.account_id left join categories c on c.id = t.category_id
     where t.document_id = ${documentId}
     order by t.statement_id, t.line_no
     limit ${limit}`;
  return rows.map(toJson);
}

/** One transaction by id (firm-scoped by row-level security; no assignment check), or undefined. */
export async function getTransaction(tx: Tx, id: string): Promise<TransactionJson | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const [row] = await tx<Row[]>`
    select ${SELECT(tx)}
      from transactions t join accounts a on a.id = t.account_id left join categories c on c.id = t.category_id
     where t.id = ${id}`;
  return row && toJson(row);
}

/** The totals of every transaction a query selects (the list's totals on their own). */
export async function getTransactionTotals(
  tx: Tx,
  clientId: string,
  query: TransactionQuery,
): Promise<TransactionTotals> {
  return await searchTotals(tx, clientId, query);
}
