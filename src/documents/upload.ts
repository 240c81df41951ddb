/**
 * Upload: size and type checks (by content, not by name), SHA-256 per client to catch the same
 * file twice, Idempotency-Key for retried requests, the encrypted file written, and the
 * document row inserted (its trigger queues the parse job) with an audit row — one transaction.
 */
import type { AuditActor } from "../audit/audit.ts";
import { writeAudit } from "../audit/audit.ts";
import type { Principal } from "../auth/principal.ts";
import { getClient } from "../clients/clients.ts";
import type { Sql } from "../db/client.ts";
import { withFirm } from "../db/tenant.ts";
import { NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "../errors.ts";
import { detectFileType } from "../parsing/detect_type.ts";
import type { FileStore } from "../storage/file_store.ts";
import {
  type DocumentRow,
  findDocumentByIdempotencyKey,
  findDocumentBySha,
  getDocument,
  insertDocument,
} from "./documents.ts";

/** What an upload needs. */
export interface UploadDeps {
  sql: Sql;
  files: FileStore;
  maxUploadBytes: number;
}

/** One uploaded file. */
export interface UploadInput {
  clientId: string;
  filename: string;
  bytes: Uint8Array;
  idempotencyKey?: string | null;
}

/** The stored document and whether it was already there. */
export interface UploadResult {
  document: DocumentRow;
  /** The same content was uploaded for this client before: nothing new was stored. */
  duplicate: boolean;
}

/** A safe display name: no directories, no control characters, at most 255 characters. */
export function cleanFilename(name: string): string {
  // deno-lint-ignore no-control-regex
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return (base || "statement").slice(0, 255);
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Stores an uploaded statement for a client the principal may work on. */
export async function uploadDocument(
  deps: UploadDeps,
  principal: Principal,
  actor: AuditActor,
  input: UploadInput,
): Promise<UploadResult> {
  if (input.bytes.length > deps.maxUploadBytes) throw new PayloadTooLargeError(deps.maxUploadBytes);
  if (input.bytes.length === 0) throw new ValidationError("The file is empty", [{ path: "file", message: "empty" }]);
  const kind = detectFileType(input.bytes);
  if (kind === "unknown") {
    throw new UnsupportedMediaTypeError(
      "Unsupported file: LedgerFlow reads PDF statements, CSV exports and OFX/QFX files",
    );
  }
  const sha256 = await sha256Hex(input.bytes);
  const filename = cleanFilename(input.filename);
  const key = input.idempotencyKey?.trim() || null;
  if (key && key.length > 200) {
    throw new ValidationError("Idempotency-Key is too long", [{ path: "Idempotency-Key", message: "at most 200" }]);
  }
  return await withFirm(deps.sql, principal.firmId, async (tx) => {
    const client = await getClient(tx, principal, input.clientId);
    if (!client) throw new NotFoundError("No client with that id");
    if (key) {
      const earlier = await findDocumentByIdempotencyKey(tx, key);
      if (earlier) {
        if (earlier.sha256 !== sha256 || earlier.client_id !== client.id) {
          throw new ValidationError("This Idempotency-Key was already used for a different upload", [
            { path: "Idempotency-Key", message: "reused with different content" },
          ]);
        }
        return { document: earlier, duplicate: false };
      }
    }
    const existing = await findDocumentBySha(tx, client.id, sha256);
    if (existing) return { document: existing, duplicate: true };
    const id = crypto.randomUUID();
    const storageKey = `${principal.firmId}/${id}`;
    await deps.files.put(storageKey, input.bytes);
    try {
      await insertDocument(tx, {
        id,
        firmId: principal.firmId,
        clientId: client.id,
        filename,
        kind,
        sizeBytes: input.bytes.length,
        sha256,
        storageKey,
        uploadedBy: principal.userId,
        idempotencyKey: key,
      });
      await writeAudit(tx, principal.firmId, actor, {
        action: "document.upload",
        entityType: "document",
        entityId: id,
        after: { client_id: client.id, filename, kind, size_bytes: input.bytes.length, sha256 },
      });
    } catch (error) {
      await deps.files.delete(storageKey);
      throw error;
    }
    return { document: (await getDocument(tx, id))!, duplicate: false };
  });
}
