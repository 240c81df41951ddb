/**
 * Turns a document's bytes into statements according to its kind: PDF (extracted in a child
 * process, then parsed and verified), OFX/QFX (every statement in the file), or CSV (with the
 * client's saved import profile for that header, or a request to map the columns first).
 */
import type { Tx } from "../db/tenant.ts";
import { withFirm } from "../db/tenant.ts";
import { extractInSubprocess } from "../parsing/extract/isolated.ts";
import { parseExtracted } from "../parsing/parse_file.ts";
import { parseOfx } from "../parsing/ofx/mod.ts";
import { ofxToStatement } from "../parsing/ofx/to_statement.ts";
import { DocumentError, type ParsedStatement, type StatementResult } from "../parsing/types.ts";
import { verifyStatement } from "../parsing/verify.ts";
import { csvToStatement, sniffCsv, validateMapping } from "../parsing/csv/mod.ts";
import type { AccountType } from "../parsing/types.ts";
import { csvHeaderSignature } from "./csv_profiles.ts";
import type { DocumentRow } from "./documents.ts";
import type { ProcessDeps } from "./process.ts";

/** What reading produced. */
export type StatementRead =
  | { kind: "statements"; results: StatementResult[]; fullAccountNumbers?: (string | null)[] }
  | { kind: "needs_mapping"; reason: string };

/** Options for {@link readStatements}. */
export interface ReadOptions {
  password?: string;
  parserId?: string;
  /** Called when extraction is done and parsing starts (progress). */
  onParsing?: () => Promise<void>;
}

/** Adds verification and timing to a parsed statement. */
export function finish(parsed: ParsedStatement, started: number, pages = 0): StatementResult {
  const { totals: _totals, ...rest } = parsed;
  return {
    ...rest,
    verification: verifyStatement(parsed),
    pages,
    elapsed_ms: Math.round(performance.now() - started),
  };
}

/** Reads the statements of one document. */
export async function readStatements(
  deps: ProcessDeps,
  doc: DocumentRow,
  bytes: Uint8Array,
  opts: ReadOptions,
): Promise<StatementRead> {
  const started = performance.now();
  if (doc.kind === "pdf") {
    const extracted = await extractInSubprocess(bytes, { password: opts.password });
    await opts.onParsing?.();
    return { kind: "statements", results: [parseExtracted(extracted, { parserId: opts.parserId, started })] };
  }
  if (doc.kind === "ofx") {
    await opts.onParsing?.();
    const statements = parseOfx(bytes);
    return {
      kind: "statements",
      results: statements.map((s) => finish(ofxToStatement(s), started)),
      fullAccountNumbers: statements.map((s) => s.accountId || null),
    };
  }
  const profile = await withFirm(deps.sql, doc.firm_id, (tx) => findProfile(tx, doc.client_id, bytes));
  if (!profile) {
    return {
      kind: "needs_mapping",
      reason: "Tell LedgerFlow which columns hold the date, description and amount; the mapping is saved for next time",
    };
  }
  await opts.onParsing?.();
  const parsed = csvToStatement(bytes, validateMapping(profile.mapping), profile.meta);
  if (!parsed.transactions.length) {
    throw new DocumentError("unreadable", "No transactions were found with the saved column mapping");
  }
  return { kind: "statements", results: [finish(parsed, started)] };
}

/** The client's import profile for this CSV's header, if one was saved. */
async function findProfile(tx: Tx, clientId: string, bytes: Uint8Array) {
  const signature = csvHeaderSignature(sniffCsv(bytes));
  const [row] = await tx<
    {
      mapping: unknown;
      institution: string | null;
      number_last4: string | null;
      type: string | null;
      currency: string | null;
    }[]
  >`
    select p.mapping, a.institution, a.number_last4, a.type, a.currency
      from import_profiles p left join accounts a on a.id = p.account_id
     where p.client_id = ${clientId} and p.header_signature = ${signature}`;
  if (!row) return undefined;
  return {
    mapping: row.mapping,
    meta: {
      institution: row.institution || null,
      accountNumber: row.number_last4 || null,
      accountType: (row.type ?? undefined) as AccountType | undefined,
      // The account's currency: the parser's account upsert would otherwise reset it to USD.
      currency: row.currency,
    },
  };
}
