/**
 * What an export reads: the rows a transaction-list query selects (through a server-side
 * cursor, a batch at a time, ordered by date then id), the client's accounts, the firm's
 * category chart and, per account, how many rows there are and their date range.
 */
import type { Tx } from "../db/tenant.ts";
import type { Selection } from "../ledger/search/sql.ts";
import { whereClause } from "../ledger/search/sql.ts";
import type { AccountSpan, ExportAccount, ExportCategory, ExportRow } from "./types.ts";

/** Rows per cursor fetch. */
export const EXPORT_BATCH = 1000;

/** The selected rows (of one account, when given) in batches; the cursor closes when iteration stops. */
export function exportRows(
  tx: Tx,
  sel: Selection,
  accountId?: string,
  batch = EXPORT_BATCH,
): AsyncIterable<ExportRow[]> {
  return tx<ExportRow[]>`
    select t.id, t.account_id, t.date::text as date, t.posted_date::text as posted_date, t.description, t.payee,
           t.memo, t.tags, t.amount::text as amount, t.currency, t.balance::text as balance, t.business_pct,
           t.needs_review, t.category_id, t.category_name, c.line as category_line, c.kind as category_kind,
           d.filename as document,
           coalesce((select json_agg(json_build_object('category_id', s.category_id, 'category_name', k.name,
                                                       'line', k.line, 'kind', k.kind, 'amount', s.amount::text,
                                                       'memo', s.memo) order by s.position, s.id)
                       from transaction_splits s left join categories k on k.id = s.category_id
                      where s.transaction_id = t.id), '[]'::json) as splits
      from transaction_search t
      left join categories c on c.id = t.category_id
      left join documents d on d.id = t.document_id
     where ${whereClause(tx, sel)} and ${accountId ? tx`t.account_id = ${accountId}` : tx`true`}
     order by t.date, t.id`.cursor(batch) as AsyncIterable<ExportRow[]>;
}

/**
 * Per account with selected rows: the count and date range, and the latest statement closing
 * balance up to the last date. Accounts in a stable order (institution, name, number, id).
 */
export async function accountSpans(tx: Tx, sel: Selection): Promise<AccountSpan[]> {
  return await tx<AccountSpan[]>`
    with s as (
      select t.account_id, count(*)::int as count, min(t.date) as first, max(t.date) as last
        from transaction_search t where ${whereClause(tx, sel)} group by t.account_id
    )
    select s.account_id, s.count, s.first::text as first, s.last::text as last,
           (select json_build_object('amount', st.closing_balance::text, 'date', st.period_end::text)
              from statements st
             where st.account_id = s.account_id and st.closing_balance is not null and st.period_end <= s.last
             order by st.period_end desc limit 1) as closing
      from s join accounts a on a.id = s.account_id
     order by a.institution, a.name, a.number_last4, a.id`;
}

/** Every account of the client. */
export async function listExportAccounts(tx: Tx, clientId: string): Promise<ExportAccount[]> {
  return await tx<ExportAccount[]>`
    select id, institution, name, type, number_last4, currency from accounts where client_id = ${clientId}
     order by institution, name, number_last4, id`;
}

/** The firm's category chart, archived categories included, parents before their children. */
export async function listExportCategories(tx: Tx): Promise<ExportCategory[]> {
  return await tx<ExportCategory[]>`
    select id, name, line, kind, parent_id from categories order by position, parent_id nulls first, lower(name), id`;
}
