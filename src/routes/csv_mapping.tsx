/**
 * The CSV column-mapping step: a preview of a CSV document (columns, sample, suggested
 * mapping, the client's accounts), and saving a mapping — checked against every row of the
 * file — as the client's import profile, which queues the document again. The page is a plain
 * form that works without JavaScript.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { RouteDeps } from "../app.ts";
import { getClient } from "../clients/clients.ts";
import { withFirm } from "../db/tenant.ts";
import {
  checkMapping,
  CsvPreviewJson,
  guessCurrency,
  MappingRequestSchema,
  MappingRowsError,
  parseMappingRequest,
  previewCsvDocument,
  saveMapping,
  sniffDocument,
} from "../documents/csv_import.ts";
import { csvHeaderSignature } from "../documents/csv_profiles.ts";
import { type DocumentRow, getDocument } from "../documents/documents.ts";
import { DocumentJson, toDocumentJson } from "../documents/views_model.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import type { AppEnv } from "../http/env.ts";
import { fieldErrors, readInput } from "../http/input.ts";
import { guard } from "../http/policy.ts";
import { isApiRequest } from "../http/represent.ts";
import { auditActor, principalOf } from "../http/request_info.ts";
import type { CsvMapping } from "../parsing/csv/mod.ts";
import {
  CsvMappingPage,
  type CsvMappingPageData,
  type MappingFormValues,
  mappingFormValues,
} from "../../views/CsvMappingPage.tsx";
import { Layout } from "../../views/Layout.tsx";

type C = Context<AppEnv>;

const ApiBody = z.object({ mapping: z.unknown(), account: z.unknown() });
const FormBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** Form field → the API field it becomes, for inline errors. */
const FIELD_OF: Record<string, string> = {
  "mapping.skipRows": "skip_rows",
  "mapping.hasHeader": "skip_rows",
  "mapping.date": "date",
  "mapping.postedDate": "posted_date",
  "mapping.description": "description",
  "mapping.amount": "amount",
  "mapping.debit": "amount",
  "mapping.credit": "amount",
  "mapping.balance": "balance",
  "mapping.externalId": "external_id",
  "mapping.footerRows": "footer_rows",
  "mapping.dateFormat": "date_format",
  "mapping.decimal": "decimal",
  "account.id": "account_id",
  "account.institution": "institution",
  "account.number_last4": "number_last4",
  "account.type": "type",
  "account.currency": "currency",
};

/** Reads the posted form as field values (repeated fields as lists). */
function formValues(raw: Record<string, string | string[]>): MappingFormValues {
  const one = (name: string) => {
    const v = raw[name];
    return (Array.isArray(v) ? v[0] : v ?? "").trim();
  };
  const description = [raw.description ?? []].flat().filter((v) => v !== "");
  return {
    delimiter: one("delimiter"),
    skip_rows: one("skip_rows"),
    footer_rows: one("footer_rows"),
    has_header: one("has_header") !== "",
    date: one("date"),
    posted_date: one("posted_date"),
    description,
    amount_mode: one("amount_mode") === "split" ? "split" : "amount",
    amount: one("amount"),
    debit: one("debit"),
    credit: one("credit"),
    balance: one("balance"),
    external_id: one("external_id"),
    date_format: one("date_format"),
    decimal: one("decimal"),
    flip_sign: one("flip_sign") !== "",
    account_id: one("account_id") || "new",
    institution: one("institution"),
    number_last4: one("number_last4"),
    type: one("type"),
    currency: one("currency"),
  };
}

/** The API body a form stands for (validated afterwards like any API body). */
function formToRequest(v: MappingFormValues): { mapping: unknown; account: unknown } {
  const int = (s: string) => (s === "" ? undefined : Number(s));
  const split = v.amount_mode === "split";
  const mapping = {
    skipRows: int(v.skip_rows) ?? 0,
    hasHeader: v.has_header,
    delimiter: v.delimiter,
    date: int(v.date),
    postedDate: int(v.posted_date),
    description: v.description.map(Number),
    amount: split ? undefined : int(v.amount),
    debit: split ? int(v.debit) : undefined,
    credit: split ? int(v.credit) : undefined,
    balance: int(v.balance),
    externalId: int(v.external_id),
    footerRows: int(v.footer_rows),
    dateFormat: v.date_format,
    decimal: v.decimal,
    flipSign: v.flip_sign,
  };
  const account = v.account_id !== "new" ? { id: v.account_id } : {
    institution: v.institution,
    number_last4: v.number_last4 || undefined,
    type: v.type,
    currency: v.currency || undefined,
  };
  return { mapping, account };
}

/** Mounts the CSV mapping routes. */
export function csvMappingRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql, api, files } = deps;

  /** The CSV document (if its client is visible to the principal) and its bytes; 404 or 409 otherwise. */
  const csvOf = async (c: C) => {
    const { doc, client } = await withFirm(sql, principalOf(c).firmId, async (tx) => {
      const doc = await getDocument(tx, c.req.param("id")!);
      const client = doc && await getClient(tx, principalOf(c), doc.client_id);
      if (!doc || !client) throw new NotFoundError("No document with that id");
      return { doc, client: { id: client.id, name: client.name } };
    });
    if (doc.kind !== "csv") throw new ConflictError("This document is not a CSV file");
    const bytes = await files.get(doc.storage_key);
    if (!bytes) throw new ConflictError("The stored file is missing; upload the statement again");
    return { doc, client, bytes };
  };

  /** Validates the body, checks the mapping against every row, saves the profile and requeues. */
  const save = async (c: C, doc: DocumentRow, bytes: Uint8Array, body: { mapping?: unknown; account?: unknown }) => {
    const { mapping, account } = parseMappingRequest(body);
    const check = checkMapping(bytes, mapping);
    const sniff = sniffDocument(bytes);
    await withFirm(sql, doc.firm_id, (tx) =>
      saveMapping(tx, auditActor(c), {
        doc,
        signature: csvHeaderSignature(sniff),
        mapping,
        account,
        currency: check.currency ?? guessCurrency(sniff),
      }));
  };

  const reload = async (c: C, id: string) => (await withFirm(sql, principalOf(c).firmId, (tx) => getDocument(tx, id)))!;

  // API -------------------------------------------------------------------------------------
  api.add({
    method: "get",
    path: "/api/v1/documents/:id/csv-preview",
    summary: "A CSV document's columns, first rows and suggested column mapping, with the client's accounts",
    tags: ["Documents"],
    responses: {
      200: { description: "The preview", schema: CsvPreviewJson },
      409: { description: "The document is not a CSV file" },
    },
  });
  app.get("/api/v1/documents/:id/csv-preview", guard("clients.read"), async (c) => {
    const { doc, bytes } = await csvOf(c);
    return c.json(await withFirm(sql, doc.firm_id, (tx) => previewCsvDocument(tx, doc, bytes)));
  });

  api.add({
    method: "post",
    path: "/api/v1/documents/:id/mapping",
    summary: "Save a CSV column mapping for the client (checked against every row) and read the document again",
    tags: ["Documents"],
    body: MappingRequestSchema,
    responses: {
      202: { description: "Saved; the document is queued for parsing", schema: DocumentJson },
      409: { description: "The document is not a CSV file" },
      422: { description: "Invalid mapping or account, or rows that cannot be read (the first 20 are listed)" },
    },
  });
  app.post("/api/v1/documents/:id/mapping", guard("ledger.edit"), async (c) => {
    const body = await readInput(c, ApiBody);
    const { doc, bytes } = await csvOf(c);
    await save(c, doc, bytes, body);
    return c.json(toDocumentJson(await reload(c, doc.id)), 202);
  });

  // Pages -----------------------------------------------------------------------------------
  const render = async (
    c: C,
    found: Awaited<ReturnType<typeof csvOf>>,
    form?: { values: MappingFormValues; error: ValidationError },
  ) => {
    const { doc, client, bytes } = found;
    const preview = await withFirm(sql, doc.firm_id, (tx) => previewCsvDocument(tx, doc, bytes));
    const data: CsvMappingPageData = {
      doc: { id: doc.id, filename: doc.filename, status: doc.status },
      client,
      preview,
      values: form?.values ?? initialValues(preview),
      errors: {},
      rowErrors: [],
      rowErrorCount: 0,
    };
    if (form) {
      const { t } = c.var.i18n;
      const { error, values } = form;
      if (error instanceof MappingRowsError) {
        data.rowErrors = (error.extra.errors as { message: string }[]).map((e) => e.message);
        data.rowErrorCount = error.total;
      } else {
        for (const [path, message] of Object.entries(fieldErrors(error))) {
          const field = FIELD_OF[path] ?? FIELD_OF[path.split(".").slice(0, 2).join(".")];
          if (field) data.errors[field] ??= message;
          else data.error ??= error.message;
        }
        // Nothing chosen: say what to choose, in the user's language.
        if (data.errors.date && values.date === "") data.errors.date = t("documents.mapping.error.date");
        if (data.errors.description && !values.description.length) {
          data.errors.description = t("documents.mapping.error.description");
        }
        const noAmount = values.amount_mode === "split" ? !values.debit && !values.credit : !values.amount;
        if (data.errors.amount && noAmount) data.errors.amount = t("documents.mapping.error.amount");
        if (data.errors.institution && !values.institution) {
          data.errors.institution = t("documents.mapping.error.institution");
        }
        if (data.errors.account_id) data.errors.account_id = t("documents.mapping.error.account");
        if (Object.keys(data.errors).length) data.error ??= t("documents.mapping.error.summary");
      }
    }
    const title = c.var.i18n.t("documents.mapping.title", { file: doc.filename });
    return c.html(Layout({ c, title, children: CsvMappingPage({ c, data }) }), form ? 422 : 200);
  };

  app.get("/documents/:id/mapping", guard("ledger.edit"), async (c) => await render(c, await csvOf(c)));

  app.post("/documents/:id/mapping", guard("ledger.edit"), async (c) => {
    const found = await csvOf(c);
    const values = formValues(await readInput(c, FormBody));
    try {
      await save(c, found.doc, found.bytes, formToRequest(values));
    } catch (error) {
      if (!(error instanceof ValidationError) || isApiRequest(c)) throw error;
      return await render(c, found, { values, error });
    }
    return c.redirect(`/documents/${found.doc.id}`, 303);
  });

  return app;
}

/** The form as first shown: the saved profile when remapping, else the suggestions. */
function initialValues(preview: CsvPreviewJson): MappingFormValues {
  const mapping: CsvMapping = preview.profile?.mapping ?? preview.suggestions;
  const accountId = preview.profile?.account_id;
  const known = accountId && preview.accounts.some((a) => a.id === accountId);
  return mappingFormValues(mapping, {
    account_id: known ? accountId : "new",
    institution: "",
    number_last4: "",
    type: "checking",
    currency: preview.currency ?? "",
  });
}
