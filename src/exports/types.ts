/**
 * What every transaction export writer reads: the rows (in batches, from a database cursor),
 * the client's accounts and the firm's category chart, and the translated column headers.
 * A writer is an async generator of text or bytes, so it produces the next piece only when
 * the reader of the HTTP response asks for it.
 */

/** One part of a split transaction; `amount` in minor units (text), signed like the transaction. */
export interface ExportSplit {
  category_id: string | null;
  category_name: string | null;
  line: string | null;
  kind: string | null;
  amount: string;
  memo: string;
}

/** One transaction as the writers see it; money in integer minor units (text), dates "YYYY-MM-DD". */
export interface ExportRow {
  id: string;
  account_id: string;
  date: string;
  posted_date: string | null;
  description: string;
  payee: string;
  memo: string;
  tags: string[];
  amount: string;
  currency: string;
  /** Running balance after the transaction (minor units, as the statement printed it), or null. */
  balance: string | null;
  business_pct: number;
  needs_review: boolean;
  category_id: string | null;
  category_name: string;
  category_line: string | null;
  category_kind: string | null;
  /** File name of the statement the transaction came from. */
  document: string | null;
  splits: ExportSplit[];
}

/** An account of the client. */
export interface ExportAccount {
  id: string;
  institution: string;
  name: string;
  type: "checking" | "savings" | "credit_card" | "other";
  number_last4: string;
  currency: string;
}

/** A category of the firm's chart (archived ones too: old transactions may still use them). */
export interface ExportCategory {
  id: string;
  name: string;
  line: string | null;
  kind: string;
  parent_id: string | null;
}

/** Per account with selected rows: how many and their date range. */
export interface AccountSpan {
  account_id: string;
  count: number;
  first: string;
  last: string;
  /** The latest statement closing balance on or before `last` (minor units, as printed), or null. */
  closing: { amount: string; date: string } | null;
}

/** Translated column headers and words of the CSV and XLSX files. */
export type ExportLabels = Record<
  | "sheet"
  | "date"
  | "posted_date"
  | "account"
  | "description"
  | "payee"
  | "category"
  | "line"
  | "memo"
  | "tags"
  | "amount"
  | "currency"
  | "business_pct"
  | "needs_review"
  | "splits"
  | "document"
  | "id"
  | "yes"
  | "no"
  | "uncategorized",
  string
>;

/** Everything a writer needs. */
export interface ExportContext {
  clientName: string;
  /** Every account of the client, by id. */
  accounts: Map<string, ExportAccount>;
  /** Accounts that have selected rows, in file order, with their spans. */
  spans: AccountSpan[];
  categories: ExportCategory[];
  labels: ExportLabels;
  generatedAt: Date;
  /**
   * The selected rows in batches, ordered by date then id: all of them, or one account's.
   * Each call starts a new pass (a new cursor).
   */
  rows(accountId?: string): AsyncIterable<ExportRow[]>;
}

/** A format's writer: text or bytes, produced as the reader pulls. */
export type ExportWriter = (ctx: ExportContext) => AsyncIterable<string | Uint8Array>;
