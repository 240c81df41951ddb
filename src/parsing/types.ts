/**
 * The statement parsing contract. Extraction turns a PDF into positioned lines; a parser
 * turns lines into a {@link StatementResult}; verification fills in `verification`.
 * The result is stored, returned by the API and printed by `deno task parse`.
 */

/** One run of text on a page, in PDF user space (origin bottom-left; y grows upwards). */
export interface TextItem {
  text: string;
  x: number;
  /** Right edge: x + width. */
  xEnd: number;
  y: number;
  height: number;
}

/** A visual line: items sharing a baseline, left to right, with its page and position. */
export interface Line {
  /** 1-based page number. */
  page: number;
  /** Baseline y on the page (PDF user space). */
  y: number;
  /** Index of the line within its page, top to bottom, after header/footer removal. */
  index: number;
  items: TextItem[];
  /** Items joined with single spaces (column gaps are in `items`, not here). */
  text: string;
}

/** What extraction produces. */
export interface ExtractedDocument {
  pages: number;
  /** Page size of the first page (points). */
  pageWidth: number;
  pageHeight: number;
  /** Lines in reading order across pages, repeated headers and footers removed. */
  lines: Line[];
  /** Lines removed as repeated page headers/footers (kept for metadata such as the institution). */
  furniture: Line[];
  /** Problems that did not stop extraction (e.g. pages without text); copied into the result's warnings. */
  warnings?: string[];
}

/** Account types in the contract. */
export type AccountType = "checking" | "savings" | "credit_card" | "other";

/** Where a transaction was read from (for the UI; not part of the printed contract). */
export interface SourceRef {
  page: number;
  /** Line indexes within the page (a wrapped description spans several). */
  lines: number[];
  y: number;
}

/** One transaction. Amounts are decimal strings from the account holder's point of view. */
export interface StatementTransaction {
  /** YYYY-MM-DD */
  date: string;
  posted_date: string | null;
  description: string;
  /** Money out negative, money in positive; e.g. "-12.50". */
  amount: string;
  /** Running balance as printed, or null. */
  balance: string | null;
  /** The institution's own id for the transaction (OFX FITID, a CSV reference column), for de-duplication. */
  external_id?: string;
  source?: SourceRef;
}

/** One verification check. */
export interface VerificationCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** Indexes into `transactions` involved in a failure. */
  rows?: number[];
}

/** The result contract. */
export interface StatementResult {
  parser: string;
  institution: string | null;
  account: { number: string | null; type: AccountType; currency: string | null };
  period: { start: string | null; end: string | null };
  /** As printed on the statement (for a card: the amount owed). */
  balances: { opening: string | null; closing: string | null };
  transactions: StatementTransaction[];
  verification: { status: "passed" | "failed" | "unverifiable"; checks: VerificationCheck[] };
  warnings: string[];
  pages: number;
  elapsed_ms: number;
}

/** Totals printed on the statement, used by verification when present (decimal strings, positive). */
export interface PrintedTotals {
  deposits?: string;
  withdrawals?: string;
  payments?: string;
  purchases?: string;
  fees?: string;
}

/** What a parser returns before verification and timing are added. */
export type ParsedStatement = Omit<StatementResult, "verification" | "elapsed_ms" | "pages"> & {
  totals?: PrintedTotals;
};

/** A statement parser. `detect` returns a confidence from 0 (not mine) to 1 (certainly mine). */
export interface StatementParser {
  id: string;
  name: string;
  detect(doc: ExtractedDocument): number;
  parse(doc: ExtractedDocument): ParsedStatement;
}

/** A document that cannot be parsed, with the state it should end in and a reason a user can act on. */
export class DocumentError extends Error {
  constructor(
    readonly state: "needs_password" | "unreadable" | "failed",
    message: string,
  ) {
    super(message);
    this.name = "DocumentError";
  }
}
