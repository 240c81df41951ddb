/**
 * Transactions as the review queue shows them: with their account, category and every
 * document they were seen in. One query for any number of ids.
 */
import type { Tx } from "../db/tenant.ts";
import { toDecimalString } from "../i18n/mod.ts";
import type { ReviewAccount, ReviewTransaction } from "./schema.ts";

/** The columns of an account the queue names it by. */
export interface AccountNameParts {
  name: string;
  institution: string;
  number_last4: string;
  type: string;
}

/** "Chase …4821": the account's name, or institution, type and last four digits. */
export function accountName(a: AccountNameParts): string {
  if (a.name.trim()) return a.name.trim();
  const parts = [a.institution.trim(), a.type.replace("_", " "), a.number_last4 && `…${a.number_last4}`];
  return parts.filter(Boolean).join(" ");
}

/** An account row as {@link ReviewAccount}. */
export function toReviewAccount(a: AccountNameParts & { id: string }): ReviewAccount {
  return {
    id: a.id,
    name: accountName(a),
    institution: a.institution,
    number_last4: a.number_last4,
    type: a.type,
  };
}

interface Row {
  id: string;
  date: string;
  description: string;
  amount: string;
  currency: string;
  document_id: string;
  created_at: Date;
  account_id: string;
  account_name: string;
  institution: string;
  number_last4: string;
  type: string;
  category_id: string | null;
  category_name: string | null;
  category_kind: string | null;
  sources: { document_id: string; filename: string }[];
}

/** The transactions with these ids (of the current firm), by id. */
export async function loadReviewTransactions(tx: Tx, ids: string[]): Promise<Map<string, ReviewTransaction>> {
  if (!ids.length) return new Map();
  const rows = await tx<Row[]>`
    select t.id, t.date::text as date, t.description, t.amount::text as amount, t.currency, t.document_id,
           t.created_at, a.id as account_id, a.name as account_name, a.institution, a.number_last4, a.type,
           t.category_id, k.name as category_name, k.kind as category_kind,
           coalesce((select json_agg(json_build_object('document_id', d.id, 'filename', d.filename)
                                     order by s.created_at, d.filename)
                       from transaction_sources s join documents d on d.id = s.document_id
                      where s.transaction_id = t.id), '[]'::json) as sources
      from transactions t
      join accounts a on a.id = t.account_id
      left join categories k on k.id = t.category_id
     where t.id = any(${ids}::uuid[])`;
  return new Map(rows.map((r) => [r.id, toReviewTransaction(r)]));
}

function toReviewTransaction(r: Row): ReviewTransaction {
  return {
    id: r.id,
    date: r.date,
    description: r.description,
    amount: toDecimalString(BigInt(r.amount), 2),
    currency: r.currency,
    account: toReviewAccount({
      id: r.account_id,
      name: r.account_name,
      institution: r.institution,
      number_last4: r.number_last4,
      type: r.type,
    }),
    category: r.category_id ? { id: r.category_id, name: r.category_name ?? "", kind: r.category_kind ?? "" } : null,
    document_id: r.document_id,
    imported_at: r.created_at.toISOString(),
    sources: r.sources,
  };
}
