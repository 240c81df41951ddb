/**
 * Writes a parsed statement into the ledger: the account (matched by institution, last four
 * digits and type; the full number encrypted when known), the statement with its
 * verification, and its transactions. Runs inside the caller's transaction so a document's
 * rows are replaced atomically. Overlapping statements of one account never duplicate a
 * transaction: each has a fingerprint that is unique per account.
 */
import type { KeyRing } from "../crypto/keyring.ts";
import type { Tx } from "../db/tenant.ts";
import { normalizePayee } from "../ledger/payee.ts";
import { toCents } from "../parsing/money.ts";
import type { StatementResult, StatementTransaction } from "../parsing/types.ts";
import type { DocumentRow } from "./documents.ts";

/** What saving one statement did. */
export interface SavedStatement {
  statementId: string;
  accountId: string;
  inserted: number;
  /** Transactions already in the ledger from an overlapping statement. */
  alreadyImported: number;
}

/** Removes everything a document produced before (re-parse). */
export async function clearDocumentRows(tx: Tx, documentId: string): Promise<void> {
  await tx`delete from transaction_sources where document_id = ${documentId}`;
  await tx`delete from statements where document_id = ${documentId}`;
}

/** Normalizes a description for fingerprints: case, spacing and punctuation do not matter. */
export function normalizeDescription(text: string): string {
  return text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, " ").trim();
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Fingerprints: the external id when the bank gives one, else date|amount|description|occurrence. */
export async function fingerprints(
  transactions: (StatementTransaction & { external_id?: string })[],
): Promise<string[]> {
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (const t of transactions) {
    if (t.external_id) {
      out.push(`fitid:${t.external_id}`);
      continue;
    }
    const base = `${t.date}|${toCents(t.amount)}|${normalizeDescription(t.description)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    out.push(await sha256Hex(`${base}|${n}`));
  }
  return out;
}

/** Saves one statement of a document. */
export async function saveStatement(
  tx: Tx,
  doc: Pick<DocumentRow, "id" | "firm_id" | "client_id">,
  result: StatementResult,
  opts: { keyring: KeyRing; fullAccountNumber?: string | null },
): Promise<SavedStatement> {
  const currency = result.account.currency ?? "USD";
  const last4 = (result.account.number ?? "").replace(/\D/g, "").slice(-4);
  const institution = (result.institution ?? "").trim().slice(0, 200);
  const [account] = await tx<{ id: string; number_enc: string | null }[]>`
    insert into accounts (firm_id, client_id, institution, number_last4, type, currency, name)
    values (${doc.firm_id}, ${doc.client_id}, ${institution}, ${last4}, ${result.account.type}, ${currency},
            ${[institution, last4 && `…${last4}`].filter(Boolean).join(" ")})
    on conflict (client_id, institution, number_last4, type) do update set currency = excluded.currency
    returning id, number_enc`;
  if (opts.fullAccountNumber && !account.number_enc) {
    const enc = await opts.keyring.encrypt(opts.fullAccountNumber, `account-number:${account.id}`);
    await tx`update accounts set number_enc = ${enc} where id = ${account.id}`;
  }
  const [statement] = await tx<{ id: string }[]>`
    insert into statements (firm_id, client_id, account_id, document_id, period_start, period_end, opening_balance,
                            closing_balance, currency, verification_status, verification)
    values (${doc.firm_id}, ${doc.client_id}, ${account.id}, ${doc.id}, ${result.period.start},
            ${result.period.end}, ${cents(result.balances.opening)}, ${cents(result.balances.closing)}, ${currency},
            ${result.verification.status}, ${tx.json(result.verification as never)})
    returning id`;
  const prints = await fingerprints(result.transactions);
  let inserted = 0;
  for (let start = 0; start < result.transactions.length; start += 1000) {
    const rows = result.transactions.slice(start, start + 1000).map((t, i) => ({
      firm_id: doc.firm_id,
      client_id: doc.client_id,
      account_id: account.id,
      statement_id: statement.id,
      document_id: doc.id,
      date: t.date,
      posted_date: t.posted_date,
      description: t.description.slice(0, 1000),
      payee: normalizePayee(t.description),
      amount: toCents(t.amount).toString(),
      currency,
      balance: cents(t.balance),
      external_id: (t as { external_id?: string }).external_id ?? null,
      fingerprint: prints[start + i],
      source: t.source ? tx.json(t.source as never) : null,
      line_no: start + i + 1,
    }));
    const done = await tx`
      insert into transactions ${tx(rows)} on conflict (account_id, fingerprint) do nothing returning 1`;
    inserted += done.length;
  }
  // Every transaction of this statement — new, or already in the ledger from an overlapping
  // statement — records this document as a source.
  if (prints.length) {
    await tx`
      insert into transaction_sources (transaction_id, firm_id, document_id, statement_id, line_no)
      select t.id, t.firm_id, ${doc.id}, ${statement.id}, x.line_no
        from unnest(${prints}::text[], ${prints.map((_, i) => i + 1)}::int[]) as x(fingerprint, line_no)
        join transactions t on t.account_id = ${account.id} and t.fingerprint = x.fingerprint
      on conflict do nothing`;
  }
  return {
    statementId: statement.id,
    accountId: account.id,
    inserted,
    alreadyImported: result.transactions.length - inserted,
  };
}

function cents(value: string | null): string | null {
  return value === null ? null : toCents(value).toString();
}
