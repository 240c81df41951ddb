/**
 * parse_document: enqueued by the AFTER INSERT trigger on documents (and by re-parse and the
 * password step). Reads the encrypted file and writes statements and transactions in one
 * transaction. Deterministic failures end in a document state; others retry with backoff,
 * and the last attempt marks the document failed.
 */
import { z } from "zod";
import { parseKeyRing } from "../src/crypto/keyring.ts";
import { withFirm } from "../src/db/tenant.ts";
import { setDocumentStatus } from "../src/documents/documents.ts";
import { processDocument } from "../src/documents/process.ts";
import { createFileStore } from "../src/storage/file_store.ts";
import { defineTask } from "../src/worker/define_task.ts";

export const parseDocumentPayload = z.object({
  document_id: z.uuid(),
  /** A PDF password, encrypted with the key ring (bound to the document); used once. */
  password_enc: z.string().optional(),
  /** "Parse as…": a parser id, or null for automatic. */
  parser: z.string().nullable().optional(),
});

export default defineTask(parseDocumentPayload, async (payload, { sql, logger, config }, helpers) => {
  const keyring = parseKeyRing(config.encryptionKeys);
  const files = createFileStore(config.dataDir, keyring);
  const password = payload.password_enc
    ? await keyring.decryptText(payload.password_enc, `pdf-password:${payload.document_id}`)
    : undefined;
  try {
    const state = await processDocument({ sql, files, keyring, logger }, payload.document_id, {
      password,
      parserId: payload.parser,
    });
    logger.info("document processed", { document_id: payload.document_id, state });
  } catch (error) {
    const last = helpers.job.attempts >= helpers.job.max_attempts;
    const [{ firm_id: firmId }] = await sql<{ firm_id: string | null }[]>`
      select document_firm_id(${payload.document_id}) as firm_id`;
    if (firmId) {
      await withFirm(sql, firmId, (tx) =>
        setDocumentStatus(tx, payload.document_id, last ? "failed" : "queued", {
          reason: last
            ? "An unexpected error stopped parsing; it has been logged. Try re-parsing, or contact your administrator"
            : `Retrying after an error (attempt ${helpers.job.attempts} of ${helpers.job.max_attempts})`,
          progress: last ? 100 : 0,
        }));
    }
    throw error;
  }
});
