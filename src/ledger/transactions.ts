/** Transactions of a client, newest first, with keyset (cursor) pagination. */
import { z } from "zod";
import type { Tx } from "../db/tenant.ts";
import { ValidationError } from "../errors.ts";
import { toDecimalString } from "../i18n/mod.ts";

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

/** A page of transactions. */
export const TransactionPage = z.object({ items: z.array(TransactionJson), next_cursor: z.string().nullable() })
  .meta({ id: "TransactionPage" });

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

const SELECT = (tx: Tx) =>
  tx`t.id, t.account_id, a.institution, a.number_last4, a.type, t.statement_id, t.document_id, t.date::text,
     t.posted_date::text, t.description, t.amount::text, t.currency, t.balance::text, t.source,
     t.category_id, t.category_name, c.line as category_line, c.kind as category_kind, t.payee, t.memo, t.tags,
     t.business_pct, t.needs_review,
     exists (select 1 from transaction_splits s where s.transaction_id = t.id) as has_splits`;

const encodeCursor = (date: string, id: string) => btoa(JSON.stringify([date, id])).replace(/=+$/, "");

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(atob(cursor));
    if (Array.isArray(value) && /^\d{4}-\d{2}-\d{2}$/.test(value[0]) && z.uuid().safeParse(value[1]).success) {
      return value as [string, string];
    }
  } catch { /* fall through */ }
  throw new ValidationError("The cursor is not valid; start again without it", [{
    path: "cursor",
    message: "invalid",
  }]);
}

/** Options for {@link listTransactions}. */
export interface TransactionQuery {
  limit: number;
  cursor?: string;
  documentId?: string;
}

/** A client's transactions, newest first. */
export async function listTransactions(
  tx: Tx,
  clientId: string,
  q: TransactionQuery,
): Promise<{ items: TransactionJson[]; next_cursor: string | null }> {
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const rows = await tx<Row[]>`
    select ${SELECT(tx)}
      from transactions t join accounts a on a.id = t.account_id left join categories c on c.id = t.category_id
     where t.client_id = ${clientId}
       ${q.documentId ? tx`and t.document_id = ${q.documentId}` : tx``}
       ${after ? tx`and (t.date, t.id) < (${after[0]}::date, ${after[1]}::uuid)` : tx``}
     order by t.date desc, t.id desc
     limit ${q.limit + 1}`;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toJson),
    next_cursor: rows.length > q.limit && last ? encodeCursor(last.date, last.id) : null,
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
