/**
 * A client's ledger written straight into the database (as the owner, past row-level
 * security) for report, export and template tests: an account with a statement and its
 * document, then transactions with categories, business use, review flags and splits.
 */
import type { Sql } from "../../src/db/client.ts";

/** Where seeded transactions go. */
export interface SeededAccount {
  firmId: string;
  clientId: string;
  accountId: string;
  statementId: string;
  documentId: string;
}

let counter = 0;

/** One transaction to seed; amounts in cents (negative is money out). */
export interface SeedTransaction {
  date: string;
  description: string;
  cents: number;
  payee?: string;
  /** A category name of the firm's chart. */
  category?: string;
  businessPct?: number;
  needsReview?: boolean;
  /** Parts (category name, cents) that add up to `cents`. */
  splits?: [string | null, number][];
  currency?: string;
}

/** Creates a client of the firm (no assignments). */
export async function seedClient(sql: Sql, firmId: string, name = "Riverside Bakery LLC", fiscalYearStart = 1) {
  const [row] = await sql<{ id: string }[]>`
    insert into clients (firm_id, name, fiscal_year_start) values (${firmId}, ${name}, ${fiscalYearStart}) returning id`;
  return row.id;
}

/** Creates an account with one statement (and its parsed document) covering `from`–`to`. */
export async function seedAccount(
  sql: Sql,
  firmId: string,
  clientId: string,
  opts: { from: string; to: string; type?: string; last4?: string; institution?: string; currency?: string } = {
    from: "2025-01-01",
    to: "2025-12-31",
  },
): Promise<SeededAccount> {
  const n = ++counter;
  const last4 = opts.last4 ?? String(1000 + (n % 9000));
  const institution = opts.institution ?? "Harbor Bank";
  const [account] = await sql<{ id: string }[]>`
    insert into accounts (firm_id, client_id, institution, number_last4, type, currency)
    values (${firmId}, ${clientId}, ${institution}, ${last4}, ${opts.type ?? "checking"}, ${opts.currency ?? "USD"})
    returning id`;
  const statementId = await seedStatement(sql, { firmId, clientId, accountId: account.id }, opts.from, opts.to);
  const [{ document_id }] = await sql<
    { document_id: string }[]
  >`select document_id from statements where id = ${statementId}`;
  return { firmId, clientId, accountId: account.id, statementId, documentId: document_id };
}

/** Adds a statement (and its document) for `from`–`to` to an account. */
export async function seedStatement(
  sql: Sql,
  a: Pick<SeededAccount, "firmId" | "clientId" | "accountId">,
  from: string,
  to: string,
): Promise<string> {
  const sha = crypto.randomUUID().replaceAll("-", "").padEnd(64, "0");
  const [doc] = await sql<{ id: string }[]>`
    insert into documents (firm_id, client_id, filename, kind, size_bytes, sha256, storage_key, status)
    values (${a.firmId}, ${a.clientId}, ${`statement-${from}.pdf`}, 'pdf', 1000, ${sha}, ${`${a.firmId}/${sha}`}, 'parsed')
    returning id`;
  const [st] = await sql<{ id: string }[]>`
    insert into statements (firm_id, client_id, account_id, document_id, period_start, period_end, currency,
                            verification_status, opening_balance, closing_balance)
    values (${a.firmId}, ${a.clientId}, ${a.accountId}, ${doc.id}, ${from}, ${to}, 'USD', 'passed', 100000, 150000)
    returning id`;
  return st.id;
}

/** The id of a category of the firm's chart, by name. */
export async function categoryId(sql: Sql, firmId: string, name: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    select id from categories where firm_id = ${firmId} and lower(name) = lower(${name}) and archived_at is null`;
  if (!row) throw new Error(`No category named ${name}`);
  return row.id;
}

/** Inserts transactions into the account; returns their ids in order. */
export async function seedTransactions(sql: Sql, a: SeededAccount, list: SeedTransaction[]): Promise<string[]> {
  const ids: string[] = [];
  const categories = new Map<string, string>();
  const cat = async (name: string | null | undefined) => {
    if (!name) return null;
    if (!categories.has(name)) categories.set(name, await categoryId(sql, a.firmId, name));
    return categories.get(name)!;
  };
  for (const x of list) {
    const n = ++counter;
    const [row] = await sql<{ id: string }[]>`
      insert into transactions (firm_id, client_id, account_id, statement_id, document_id, date, description, amount,
                                currency, fingerprint, line_no, payee, category_id, business_pct, needs_review)
      values (${a.firmId}, ${a.clientId}, ${a.accountId}, ${a.statementId}, ${a.documentId}, ${x.date},
              ${x.description}, ${x.cents}, ${x.currency ?? "USD"}, ${`seed-${n}-${crypto.randomUUID()}`}, ${n},
              ${x.payee ?? ""}, ${await cat(x.category)}, ${x.businessPct ?? 100}, ${x.needsReview ?? false})
      returning id`;
    if (x.splits) {
      await sql.begin(async (tx) => {
        let position = 0;
        for (const [name, cents] of x.splits!) {
          await tx`
            insert into transaction_splits (firm_id, transaction_id, category_id, amount, position)
            values (${a.firmId}, ${row.id}, ${await cat(name)}, ${cents}, ${position++})`;
        }
      });
    }
    ids.push(row.id);
  }
  return ids;
}
