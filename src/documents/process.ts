/**
 * Processing one document — what the parse_document job does: read the encrypted file, turn
 * it into statements (PDF, CSV or OFX), and write them with the document's new state in one
 * transaction. Running it twice gives the same rows (the document's rows are replaced).
 */
import { writeAudit } from "../audit/audit.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import type { Sql } from "../db/client.ts";
import { withFirm } from "../db/tenant.ts";
import type { Logger } from "../logger.ts";
import { DocumentError, type StatementResult } from "../parsing/types.ts";
import type { FileStore } from "../storage/file_store.ts";
import { type DocumentRow, type DocumentState, getDocument, setDocumentStatus } from "./documents.ts";
import { clearDocumentRows, saveStatement } from "./persist.ts";
import { readStatements, type StatementRead } from "./read_statements.ts";

/** What processing needs. */
export interface ProcessDeps {
  sql: Sql;
  files: FileStore;
  keyring: KeyRing;
  logger: Logger;
}

/** Options of one run. */
export interface ProcessOptions {
  /** One-time password for an encrypted PDF (never stored). */
  password?: string;
  /** Force a parser ("parse as…"); undefined uses the document's forced parser, if any. */
  parserId?: string | null;
}

const SYSTEM = { type: "system" as const, id: "parse_document", label: "statement parser" };

/** Processes a document; returns its final state (or undefined when it no longer exists). */
export async function processDocument(
  deps: ProcessDeps,
  documentId: string,
  opts: ProcessOptions = {},
): Promise<DocumentState | undefined> {
  const [{ firm_id: firmId }] = await deps.sql<{ firm_id: string | null }[]>`
    select document_firm_id(${documentId}) as firm_id`;
  if (!firmId) return undefined;
  const doc = await withFirm(deps.sql, firmId, async (tx) => {
    const row = await getDocument(tx, documentId);
    if (row) await setDocumentStatus(tx, row.id, "extracting", { progress: 10 });
    return row;
  });
  if (!doc) return undefined;
  try {
    const bytes = await deps.files.get(doc.storage_key);
    if (!bytes) throw new DocumentError("failed", "The stored file is missing; upload the statement again");
    const parserId = opts.parserId === undefined ? doc.forced_parser ?? undefined : opts.parserId ?? undefined;
    const read = await readStatements(deps, doc, bytes, {
      password: opts.password,
      parserId,
      onParsing: () => withFirm(deps.sql, firmId, (tx) => setDocumentStatus(tx, doc.id, "parsing", { progress: 60 })),
    });
    return await save(deps, doc, read);
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    await withFirm(deps.sql, firmId, async (tx) => {
      await setDocumentStatus(tx, doc.id, error.state, { reason: error.message, progress: 100 });
      await writeAudit(tx, firmId, SYSTEM, {
        action: "document.process",
        entityType: "document",
        entityId: doc.id,
        after: { status: error.state, reason: error.message },
      });
    });
    return error.state;
  }
}

/** The state a parsed document ends in, and why. */
export function outcome(
  doc: Pick<DocumentRow, "kind">,
  results: StatementResult[],
): { state: DocumentState; reason: string | null } {
  const failed = results.flatMap((r) => r.verification.checks.filter((c) => !c.ok));
  if (failed.length) {
    return { state: "needs_review", reason: `Does not reconcile: ${failed.map((c) => c.detail).join("; ")}` };
  }
  if (doc.kind === "pdf" && results.some((r) => r.verification.status === "unverifiable")) {
    return {
      state: "needs_review",
      reason: "Could not reconcile: no opening and closing balances or running balance were found",
    };
  }
  if (
    doc.kind === "pdf" && results.every((r) => r.transactions.length === 0) && results.every((r) => !r.balances.opening)
  ) {
    return { state: "needs_review", reason: "No transaction table was found in this statement" };
  }
  return { state: "parsed", reason: null };
}

async function save(deps: ProcessDeps, doc: DocumentRow, read: StatementRead): Promise<DocumentState> {
  if (read.kind === "needs_mapping") {
    await withFirm(
      deps.sql,
      doc.firm_id,
      (tx) => setDocumentStatus(tx, doc.id, "needs_mapping", { reason: read.reason, progress: 100 }),
    );
    return "needs_mapping";
  }
  const { state, reason } = outcome(doc, read.results);
  return await withFirm(deps.sql, doc.firm_id, async (tx) => {
    await tx`select id from documents where id = ${doc.id} for update`;
    await setDocumentStatus(tx, doc.id, "parsing", { progress: 90 });
    await clearDocumentRows(tx, doc.id);
    let inserted = 0;
    let already = 0;
    for (const [i, result] of read.results.entries()) {
      const saved = await saveStatement(tx, doc, result, {
        keyring: deps.keyring,
        fullAccountNumber: read.fullAccountNumbers?.[i] ?? null,
      });
      inserted += saved.inserted;
      already += saved.alreadyImported;
      if (saved.alreadyImported) {
        result.warnings.push(
          `${saved.alreadyImported} transaction(s) were already imported from an overlapping statement`,
        );
      }
    }
    const statements = read.results.map(({ transactions: _t, ...summary }) => summary);
    await tx`
      update documents set status = ${state}, reason = ${reason}, progress = 100, parser = ${
      read.results[0]?.parser ?? null
    },
             result = ${tx.json({ statements } as never)}, parsed_at = now(), updated_at = now()
       where id = ${doc.id}`;
    await writeAudit(tx, doc.firm_id, SYSTEM, {
      action: "document.process",
      entityType: "document",
      entityId: doc.id,
      after: { status: state, parser: read.results[0]?.parser ?? null, transactions: inserted },
      details: already ? { already_imported: already } : undefined,
    });
    // Rules run on the saved transactions once this commits (the apply_rules job).
    await tx`select enqueue_apply_rules(${doc.id})`;
    // Transfers and duplicates are looked for across the client's ledger (the detect_links job).
    await tx`select enqueue_detect_links(${doc.client_id})`;
    return state;
  });
}
