/** The JSON shape of a document (API) and the helpers pages share. */
import { z } from "zod";
import type { DocumentRow } from "./documents.ts";
import { DOCUMENT_STATES, FINAL_STATES } from "./documents.ts";

/** The statement part of a parsed document (the result contract without its transactions). */
export const StatementSummary = z.object({
  parser: z.string(),
  institution: z.string().nullable(),
  account: z.object({ number: z.string().nullable(), type: z.string(), currency: z.string().nullable() }),
  period: z.object({ start: z.string().nullable(), end: z.string().nullable() }),
  balances: z.object({ opening: z.string().nullable(), closing: z.string().nullable() }),
  verification: z.object({
    status: z.enum(["passed", "failed", "unverifiable"]),
    checks: z.array(z.object({
      name: z.string(),
      ok: z.boolean(),
      detail: z.string(),
      rows: z.array(z.number().int()).optional(),
    })),
  }),
  warnings: z.array(z.string()),
  pages: z.number().int(),
  elapsed_ms: z.number(),
}).meta({ id: "StatementSummary" });

/** A document as the API returns it. */
export const DocumentJson = z.object({
  id: z.uuid(),
  client_id: z.uuid(),
  filename: z.string(),
  kind: z.enum(["pdf", "csv", "ofx"]),
  size_bytes: z.number().int(),
  sha256: z.string(),
  status: z.enum(DOCUMENT_STATES),
  final: z.boolean(),
  reason: z.string().nullable(),
  progress: z.number().int(),
  parser: z.string().nullable(),
  statement: StatementSummary.nullable(),
  statements: z.array(StatementSummary),
  transaction_count: z.number().int(),
  duplicate: z.boolean().optional(),
  created_at: z.string(),
  updated_at: z.string(),
}).meta({ id: "Document" });
export type DocumentJson = z.infer<typeof DocumentJson>;

/** Converts a row; `result.statements` holds one summary per statement in the file. */
export function toDocumentJson(row: DocumentRow, duplicate?: boolean): DocumentJson {
  const statements = (row.result?.statements ?? []) as DocumentJson["statements"];
  return {
    id: row.id,
    client_id: row.client_id,
    filename: row.filename,
    kind: row.kind,
    size_bytes: row.size_bytes,
    sha256: row.sha256,
    status: row.status,
    final: FINAL_STATES.has(row.status),
    reason: row.reason,
    progress: row.progress,
    parser: row.parser,
    statement: statements[0] ?? null,
    statements,
    transaction_count: row.transaction_count,
    ...(duplicate === undefined ? {} : { duplicate }),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
