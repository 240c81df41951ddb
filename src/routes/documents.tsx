/**
 * Statements: upload (page with drag-and-drop, and the API), the document list and page with
 * live status, the password step, re-parse, delete, and the transactions API (the page is
 * routes/transactions.tsx).
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { RouteDeps } from "../app.ts";
import { writeAudit } from "../audit/audit.ts";
import { can } from "../auth/permissions.ts";
import { getClient } from "../clients/clients.ts";
import { withFirm } from "../db/tenant.ts";
import { type DocumentRow, getDocument, listDocuments } from "../documents/documents.ts";
import { uploadDocument } from "../documents/upload.ts";
import { DocumentJson, toDocumentJson } from "../documents/views_model.ts";
import { BadRequestError, NotFoundError, PayloadTooLargeError, ValidationError } from "../errors.ts";
import type { AppEnv } from "../http/env.ts";
import { fieldErrors, readInput } from "../http/input.ts";
import { guard } from "../http/policy.ts";
import { isApiRequest, isFragmentRequest } from "../http/represent.ts";
import { auditActor, principalOf } from "../http/request_info.ts";
import {
  listDocumentTransactions,
  listTransactions,
  parseTransactionQuery,
  TransactionPage,
  TransactionQuerySchema,
} from "../ledger/transactions.ts";
import { listParsers } from "../parsing/registry.ts";
import { DocumentPage, type DocumentPageData, DocumentStatusPanel } from "../../views/DocumentPage.tsx";
import { DocumentRow as DocumentRowView, DocumentsPage, DocumentTable } from "../../views/DocumentViews.tsx";
import { Layout } from "../../views/Layout.tsx";

type C = Context<AppEnv>;

const PasswordInput = z.object({ password: z.string().min(1, "Enter the PDF's password").max(1024) });
const ReparseInput = z.object({ parser: z.string().max(60).optional() });

/** Mounts the statement routes. */
export function documentRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql, api } = deps;
  const files = deps.files;
  const maxBytes = deps.config.maxUploadBytes;
  const limitBody = bodyLimit({
    maxSize: maxBytes + 256 * 1024,
    onError: () => {
      throw new PayloadTooLargeError(maxBytes);
    },
  });

  /** The client, scoped to what the principal may see, or 404. */
  const clientOf = (c: C, id: string) =>
    withFirm(sql, principalOf(c).firmId, async (tx) => {
      const client = await getClient(tx, principalOf(c), id);
      if (!client) throw new NotFoundError("No client with that id");
      return { id: client.id, name: client.name };
    });

  /** The document if its client is visible to the principal, or 404. */
  const documentOf = (c: C, id: string) =>
    withFirm(sql, principalOf(c).firmId, async (tx) => {
      const doc = await getDocument(tx, id);
      const client = doc && await getClient(tx, principalOf(c), doc.client_id);
      if (!doc || !client) throw new NotFoundError("No document with that id");
      return { doc, client: { id: client.id, name: client.name } };
    });

  const readUploads = async (c: C): Promise<File[]> => {
    const length = Number(c.req.header("Content-Length") ?? 0);
    if (length > maxBytes + 256 * 1024) throw new PayloadTooLargeError(maxBytes);
    const type = c.req.header("Content-Type") ?? "";
    if (!type.startsWith("multipart/form-data")) {
      throw new BadRequestError('Send the file as multipart/form-data in the field "file"');
    }
    const form = await c.req.parseBody({ all: true });
    const uploads = [form.file].flat().filter((f): f is File => f instanceof File);
    if (!uploads.length) {
      throw new ValidationError("Choose a file to upload", [{ path: "file", message: "missing" }]);
    }
    return uploads;
  };

  const upload = (c: C, file: File, bytes: Uint8Array) =>
    uploadDocument({ sql, files, maxUploadBytes: maxBytes }, principalOf(c), auditActor(c), {
      clientId: c.req.param("id")!,
      filename: file.name,
      bytes,
      idempotencyKey: c.req.header("Idempotency-Key"),
    });

  // API -------------------------------------------------------------------------------------
  api.add({
    method: "post",
    path: "/api/v1/clients/:id/documents",
    summary: "Upload a statement (multipart field `file`: PDF, CSV or OFX/QFX); honours Idempotency-Key",
    tags: ["Documents"],
    responses: {
      201: { description: "Stored and queued for parsing", schema: DocumentJson },
      200: {
        description: "The same file was already uploaded for this client (duplicate: true)",
        schema: DocumentJson,
      },
    },
  });
  app.post("/api/v1/clients/:id/documents", guard("ledger.edit"), limitBody, async (c) => {
    await clientOf(c, c.req.param("id"));
    const [file] = await readUploads(c);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const { document, duplicate } = await upload(c, file, bytes);
    return c.json(toDocumentJson(document, duplicate), duplicate ? 200 : 201);
  });

  api.add({
    method: "get",
    path: "/api/v1/clients/:id/documents",
    summary: "A client's documents, newest first",
    tags: ["Documents"],
    responses: { 200: { description: "Documents", schema: z.object({ items: z.array(DocumentJson) }) } },
  });
  app.get("/api/v1/clients/:id/documents", guard("clients.read"), async (c) => {
    const client = await clientOf(c, c.req.param("id"));
    const docs = await withFirm(sql, principalOf(c).firmId, (tx) => listDocuments(tx, client.id));
    return c.json({ items: docs.map((d) => toDocumentJson(d)) });
  });

  api.add({
    method: "get",
    path: "/api/v1/documents/:id",
    summary: "A document: status, reason, progress, parser, statement summary and transaction count",
    tags: ["Documents"],
    responses: { 200: { description: "The document", schema: DocumentJson } },
  });
  app.get("/api/v1/documents/:id", guard("clients.read"), async (c) => {
    const { doc } = await documentOf(c, c.req.param("id"));
    return c.json(toDocumentJson(doc));
  });

  const submitPassword = async (c: C) => {
    const { doc } = await documentOf(c, c.req.param("id")!);
    const { password } = await readInput(c, PasswordInput);
    if (doc.status !== "needs_password") {
      throw new ValidationError("This document does not need a password", [{
        path: "password",
        message: "not needed",
      }]);
    }
    // The password travels encrypted in the job payload and disappears with the job.
    const passwordEnc = await deps.keyring.encrypt(password, `pdf-password:${doc.id}`);
    await requeue(c, doc, { password_enc: passwordEnc }, "document.password_given");
    return doc;
  };
  api.add({
    method: "post",
    path: "/api/v1/documents/:id/password",
    summary: "Give the password of an encrypted PDF; it is used once and never stored",
    tags: ["Documents"],
    body: PasswordInput,
    responses: { 202: { description: "Queued for parsing with the password", schema: DocumentJson } },
  });
  app.post("/api/v1/documents/:id/password", guard("ledger.edit"), async (c) => {
    const doc = await submitPassword(c);
    return c.json(toDocumentJson(await reload(c, doc.id)), 202);
  });

  const reparse = async (c: C) => {
    const { doc } = await documentOf(c, c.req.param("id")!);
    const { parser } = await readInput(c, ReparseInput);
    if (parser && !listParsers().some((p) => p.id === parser)) {
      const known = listParsers().map((p) => p.id).join(", ");
      throw new ValidationError(`Unknown parser "${parser}"; available: ${known}`, [{
        path: "parser",
        message: known,
      }]);
    }
    await requeue(c, doc, { parser: parser || null }, "document.reparse");
    return doc;
  };
  api.add({
    method: "post",
    path: "/api/v1/documents/:id/reparse",
    summary: 'Parse the document again, optionally forcing a parser ("parse as…")',
    tags: ["Documents"],
    body: ReparseInput,
    responses: { 202: { description: "Queued", schema: DocumentJson } },
  });
  app.post("/api/v1/documents/:id/reparse", guard("ledger.edit"), async (c) => {
    const doc = await reparse(c);
    return c.json(toDocumentJson(await reload(c, doc.id)), 202);
  });

  const remove = async (c: C) => {
    const { doc, client } = await documentOf(c, c.req.param("id")!);
    await withFirm(sql, principalOf(c).firmId, async (tx) => {
      await tx`delete from documents where id = ${doc.id}`;
      await writeAudit(tx, doc.firm_id, auditActor(c), {
        action: "document.delete",
        entityType: "document",
        entityId: doc.id,
        before: { filename: doc.filename, status: doc.status, transaction_count: doc.transaction_count },
      });
    });
    await files.delete(doc.storage_key);
    return client;
  };
  api.add({
    method: "delete",
    path: "/api/v1/documents/:id",
    summary: "Delete a document, its file, statements and transactions",
    tags: ["Documents"],
    responses: { 204: { description: "Deleted" } },
  });
  app.delete("/api/v1/documents/:id", guard("ledger.edit"), async (c) => {
    await remove(c);
    return c.body(null, 204);
  });

  api.add({
    method: "get",
    path: "/api/v1/clients/:id/transactions",
    summary: "A client's transactions: filters, search (q), totals over the whole selection and cursor pages. " +
      "Bad parameters, a cursor from another sort or search, and sort=relevance without words are 422",
    tags: ["Transactions"],
    query: TransactionQuerySchema,
    responses: { 200: { description: "A page of transactions with totals", schema: TransactionPage } },
  });
  app.get("/api/v1/clients/:id/transactions", guard("clients.read"), async (c) => {
    const client = await clientOf(c, c.req.param("id"));
    const q = parseTransactionQuery(c.req.query());
    return c.json(await withFirm(sql, principalOf(c).firmId, (tx) => listTransactions(tx, client.id, q)));
  });

  api.add({
    method: "get",
    path: "/api/v1/parsers",
    summary: 'The statement parsers that can be forced with "parse as…"',
    tags: ["Documents"],
    responses: {
      200: {
        description: "Parsers",
        schema: z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) }),
      },
    },
  });
  app.get(
    "/api/v1/parsers",
    guard("member"),
    (c) => c.json({ items: listParsers().map((p) => ({ id: p.id, name: p.name })) }),
  );

  // Helpers -----------------------------------------------------------------------------------
  async function reload(c: C, id: string): Promise<DocumentRow> {
    return (await withFirm(sql, principalOf(c).firmId, (tx) => getDocument(tx, id)))!;
  }

  async function requeue(c: C, doc: DocumentRow, payload: Record<string, unknown>, action: string) {
    await withFirm(sql, doc.firm_id, async (tx) => {
      await tx`update documents set status = 'queued', reason = null, progress = 0, updated_at = now(),
                forced_parser = ${"parser" in payload ? (payload.parser as string | null) : tx`forced_parser`}
                where id = ${doc.id}`;
      await tx`select requeue_document(${doc.id}::uuid, ${
        tx.json({ document_id: doc.id, ...payload } as never)
      }::json)`;
      await writeAudit(tx, doc.firm_id, auditActor(c), {
        action,
        entityType: "document",
        entityId: doc.id,
        details: "parser" in payload ? { parser: payload.parser } : {},
      });
    });
  }

  // Pages -------------------------------------------------------------------------------------
  const page = async (c: C, clientId: string) => {
    const client = await clientOf(c, clientId);
    const docs = await withFirm(sql, principalOf(c).firmId, (tx) => listDocuments(tx, client.id));
    return { client, docs: docs.map((d) => toDocumentJson(d)) };
  };

  app.get("/clients/:id/documents", guard("clients.read"), async (c) => {
    const { client, docs } = await page(c, c.req.param("id"));
    const body = DocumentsPage({
      c,
      client,
      docs,
      canUpload: can(principalOf(c).role, "ledger.edit"),
      maxMb: Math.round(maxBytes / 1048576),
    });
    return c.html(Layout({ c, title: `${c.var.i18n.t("documents.title")} · ${client.name}`, children: body }));
  });
  app.get("/clients/:id/documents/list", guard("clients.read"), async (c) => {
    const { docs } = await page(c, c.req.param("id"));
    return c.html(DocumentTable({ c, docs }));
  });
  app.post("/clients/:id/documents", guard("ledger.edit"), limitBody, async (c) => {
    await clientOf(c, c.req.param("id"));
    for (const file of await readUploads(c)) await upload(c, file, new Uint8Array(await file.arrayBuffer()));
    return c.redirect(`/clients/${c.req.param("id")}/documents`, 303);
  });

  const loadPage = async (c: C, error?: string): Promise<DocumentPageData> => {
    const { doc, client } = await documentOf(c, c.req.param("id")!);
    const transactions = doc.transaction_count
      ? await withFirm(sql, doc.firm_id, (tx) => listDocumentTransactions(tx, doc.id))
      : [];
    return {
      doc: toDocumentJson(doc),
      client,
      transactions,
      parsers: listParsers().map((p) => ({ id: p.id, name: p.name })),
      canEdit: can(principalOf(c).role, "ledger.edit"),
      error,
    };
  };
  app.get("/documents/:id", guard("clients.read"), async (c) => {
    const data = await loadPage(c);
    return c.html(Layout({ c, title: data.doc.filename, children: DocumentPage({ c, data }) }));
  });
  app.get("/documents/:id/status", guard("clients.read"), async (c) => {
    const data = await loadPage(c);
    // When parsing ends, reload the page so the statement and transactions appear.
    if (data.doc.final && isFragmentRequest(c)) c.header("HX-Refresh", "true");
    return c.html(DocumentStatusPanel({ c, data }));
  });
  app.get("/documents/:id/row", guard("clients.read"), async (c) => {
    const { doc } = await documentOf(c, c.req.param("id"));
    return c.html(DocumentRowView({ c, doc: toDocumentJson(doc) }));
  });
  app.post("/documents/:id/password", guard("ledger.edit"), async (c) => {
    try {
      await submitPassword(c);
      return c.redirect(`/documents/${c.req.param("id")}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError) || isApiRequest(c)) throw error;
      const data = await loadPage(c, fieldErrors(error).password ?? error.message);
      return c.html(Layout({ c, title: data.doc.filename, children: DocumentPage({ c, data }) }), 422);
    }
  });
  app.post("/documents/:id/reparse", guard("ledger.edit"), async (c) => {
    await reparse(c);
    return c.redirect(`/documents/${c.req.param("id")}`, 303);
  });
  app.post("/documents/:id/delete", guard("ledger.edit"), async (c) => {
    const client = await remove(c);
    return c.redirect(`/clients/${client.id}/documents`, 303);
  });

  return app;
}
