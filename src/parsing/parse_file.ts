/**
 * From PDF bytes to the result contract: extract (in a child process by default) → choose a
 * parser → parse → verify, with pages, timing and warnings filled in.
 */
import { DocumentError, type ExtractedDocument, type ParsedStatement, type StatementResult } from "./types.ts";
import { extractPdf, isPdf, MESSAGES } from "./extract/pdf.ts";
import { extractInSubprocess, type IsolationOptions } from "./extract/isolated.ts";
import { chooseParser, getParser, listParsers, ParserRegistryError } from "./registry.ts";
import { verifyStatement } from "./verify.ts";

/** Options for {@link parseStatementPdf}. */
export interface ParseFileOptions {
  password?: string;
  /** Force a parser by id (it must be registered). */
  parserId?: string;
  /** Page limit (default 2000). */
  maxPages?: number;
  /** Extract in a child process (default true; false only for trusted files, e.g. tests). */
  isolated?: boolean;
  /** Bounds for the child process. */
  isolation?: IsolationOptions;
}

export const UNVERIFIABLE_WARNING =
  "Not verified: the statement shows neither opening and closing balances nor a running balance";

/**
 * Parses a statement PDF into the result contract. Throws {@link DocumentError} when the file
 * cannot be read (needs_password, unreadable, failed) and {@link ParserRegistryError} for an
 * unknown `parserId`. A statement that parses but does not add up is a result, not an error:
 * see `verification.status`.
 */
export async function parseStatementPdf(bytes: Uint8Array, opts: ParseFileOptions = {}): Promise<StatementResult> {
  const started = performance.now();
  if (opts.parserId !== undefined && !getParser(opts.parserId)) {
    const ids = listParsers().map((p) => p.id).join(", ");
    throw new ParserRegistryError(`Unknown parser "${opts.parserId}"; available: ${ids}`);
  }
  if (!isPdf(bytes)) throw new DocumentError("unreadable", MESSAGES.notPdf);
  const extractOptions = { password: opts.password, maxPages: opts.maxPages };
  const doc = opts.isolated === false
    ? await extractPdf(bytes, extractOptions)
    : await extractInSubprocess(bytes, extractOptions, opts.isolation);
  return parseExtracted(doc, { parserId: opts.parserId, started });
}

/** The parse → verify half of {@link parseStatementPdf}, for an already extracted document. */
export function parseExtracted(
  doc: ExtractedDocument,
  opts: { parserId?: string; started?: number } = {},
): StatementResult {
  const started = opts.started ?? performance.now();
  const parser = chooseParser(doc, opts.parserId);
  let parsed: ParsedStatement;
  try {
    parsed = parser.parse(doc);
  } catch (error) {
    if (error instanceof DocumentError) throw error;
    throw new DocumentError("failed", `Cannot parse statement: ${(error as Error)?.message ?? error}`);
  }
  const verification = verifyStatement(parsed, parsed.account.type);
  const warnings = [...(doc.warnings ?? []), ...parsed.warnings];
  if (verification.status === "unverifiable" && !warnings.includes(UNVERIFIABLE_WARNING)) {
    warnings.push(UNVERIFIABLE_WARNING);
  }
  return {
    parser: parsed.parser || parser.id,
    institution: parsed.institution,
    account: parsed.account,
    period: parsed.period,
    balances: parsed.balances,
    transactions: parsed.transactions,
    verification,
    warnings,
    pages: doc.pages,
    elapsed_ms: Math.round(performance.now() - started),
  };
}
