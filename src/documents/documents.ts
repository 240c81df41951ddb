/** Document rows: query functions (transaction first; "not found" is undefined). */
import type { Tx } from "../db/tenant.ts";
import { isUuid } from "../auth/principal.ts";

/** Processing states, in order of a normal run. */
export const DOCUMENT_STATES = [
  "received",
  "queued",
  "extracting",
  "parsing",
  "parsed",
  "needs_review",
  "needs_password",
  "needs_mapping",
  "unreadable",
  "failed",
] as const;
export type DocumentState = typeof DOCUMENT_STATES[number];

/** States after which nothing happens until a person acts. */
export const FINAL_STATES: ReadonlySet<DocumentState> = new Set([
  "parsed",
  "needs_review",
  "needs_password",
  "needs_mapping",
  "unreadable",
  "failed",
]);

/** A document row. */
export interface DocumentRow {
  id: string;
  firm_id: string;
  client_id: string;
  filename: string;
  kind: "pdf" | "csv" | "ofx";
  size_bytes: number;
  sha256: string;
  storage_key: string;
  status: DocumentState;
  reason: string | null;
  progress: number;
  parser: string | null;
  forced_parser: string | null;
  result: Record<string, unknown> | null;
  uploaded_by: string | null;
  idempotency_key: string | null;
  created_at: Date;
  updated_at: Date;
  parsed_at: Date | null;
  transaction_count: number;
}

const COLUMNS = (tx: Tx) =>
  tx`d.id, d.firm_id, d.client_id, d.filename, d.kind, d.size_bytes::int as size_bytes, d.sha256, d.storage_key,
     d.status, d.reason, d.progress, d.parser, d.forced_parser, d.result, d.uploaded_by, d.idempotency_key,
     d.created_at, d.updated_at, d.parsed_at,
     (select count(*)::int from transactions t where t.document_id = d.id) as transaction_count`;

/** A document by id (in the current firm), or undefined. */
export async function getDocument(tx: Tx, id: string): Promise<DocumentRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx<DocumentRow[]>`select ${COLUMNS(tx)} from documents d where d.id = ${id}`;
  return row;
}

/** The client's document with this content hash, if any. */
export async function findDocumentBySha(tx: Tx, clientId: string, sha256: string): Promise<DocumentRow | undefined> {
  const [row] = await tx<DocumentRow[]>`
    select ${COLUMNS(tx)} from documents d where d.client_id = ${clientId} and d.sha256 = ${sha256}`;
  return row;
}

/** The firm's document created with this Idempotency-Key, if any. */
export async function findDocumentByIdempotencyKey(tx: Tx, key: string): Promise<DocumentRow | undefined> {
  const [row] = await tx<DocumentRow[]>`select ${COLUMNS(tx)} from documents d where d.idempotency_key = ${key}`;
  return row;
}

/** A client's documents, newest first. */
export async function listDocuments(tx: Tx, clientId: string, limit = 200): Promise<DocumentRow[]> {
  return await tx<DocumentRow[]>`
    select ${COLUMNS(tx)} from documents d where d.client_id = ${clientId}
     order by d.created_at desc limit ${limit}`;
}

/** Fields of a new document. */
export interface NewDocument {
  id: string;
  firmId: string;
  clientId: string;
  filename: string;
  kind: "pdf" | "csv" | "ofx";
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string | null;
  idempotencyKey: string | null;
}

/** Inserts a document; its trigger queues the parse job in the same transaction. */
export async function insertDocument(tx: Tx, d: NewDocument): Promise<void> {
  await tx`
    insert into documents (id, firm_id, client_id, filename, kind, size_bytes, sha256, storage_key, uploaded_by,
                           idempotency_key)
    values (${d.id}, ${d.firmId}, ${d.clientId}, ${d.filename}, ${d.kind}, ${d.sizeBytes}, ${d.sha256},
            ${d.storageKey}, ${d.uploadedBy}, ${d.idempotencyKey})`;
}

/** Moves a document to a state (with an optional reason and progress). */
export async function setDocumentStatus(
  tx: Tx,
  id: string,
  status: DocumentState,
  opts: { reason?: string | null; progress?: number } = {},
): Promise<void> {
  await tx`
    update documents set status = ${status}, reason = ${opts.reason ?? null},
           progress = coalesce(${opts.progress ?? null}, progress), updated_at = now()
     where id = ${id}`;
}

/** Deletes a document and (by cascade) its statements and transactions. */
export async function deleteDocumentRow(tx: Tx, id: string): Promise<DocumentRow | undefined> {
  const doc = await getDocument(tx, id);
  if (!doc) return undefined;
  await tx`delete from documents where id = ${id}`;
  return doc;
}
