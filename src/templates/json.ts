/** Templates in JSON: the API's shapes (also its OpenAPI schemas). */
import { z } from "zod";
import type { I18n, MessageKey } from "../i18n/mod.ts";
import { MODEL_FIELDS } from "./fields.ts";
import { OUTPUT_FORMATS, outputsOf } from "./output.ts";
import { fieldKey } from "./schema.ts";
import type { TemplateSource } from "./service.ts";
import { TEMPLATE_FORMATS } from "./store.ts";

/** A template in lists and details. */
export const TemplateJson = z.object({
  id: z.string().describe('A uuid, or "builtin-…" for the shipped templates'),
  name: z.string(),
  format: z.enum(TEMPLATE_FORMATS),
  builtin: z.boolean().describe("Shipped with LedgerFlow; read-only, can be duplicated"),
  archived: z.boolean(),
  size: z.number().int().describe("Characters of text, or bytes of the DOCX file"),
  updated_at: z.string().nullable(),
  outputs: z.array(z.enum(OUTPUT_FORMATS)).describe("Formats a document from it can be downloaded in"),
}).meta({ id: "DocumentTemplate" });
export type TemplateJson = z.infer<typeof TemplateJson>;

/** A template with its text (text formats; null for DOCX, whose file is at …/file). */
export const TemplateDetail = TemplateJson.extend({ body: z.string().nullable() }).meta({
  id: "DocumentTemplateDetail",
});

/** GET /api/v1/templates. */
export const TemplateList = z.object({ items: z.array(TemplateJson) }).meta({ id: "DocumentTemplateList" });

/** One problem of a template. */
export const TemplateIssueJson = z.object({
  line: z.number().int().describe("Line (text templates) or paragraph (DOCX), from 1"),
  column: z.number().int().describe("Column within the line or paragraph text, from 1"),
  message: z.string(),
  unit: z.enum(["line", "paragraph"]).optional(),
  tag: z.string().optional().describe("The DOCX tag"),
  part: z.string().optional().describe("The DOCX part when not the main document, e.g. word/header1.xml"),
}).meta({ id: "TemplateIssue" });

/** POST /api/v1/templates/check. */
export const TemplateCheck = z.object({
  ok: z.boolean(),
  errors: z.array(TemplateIssueJson),
}).meta({ id: "TemplateCheck" });

/** GET /api/v1/templates/fields. */
export const TemplateFields = z.object({
  fields: z.array(z.object({
    path: z.string().describe('Dotted path; list items marked "[]", e.g. transactions[].amount'),
    tag: z.string().describe("What to write in a tag where the field is used"),
    kind: z.enum(["value", "object", "list"]),
    type: z.string().optional(),
    safe: z.boolean().optional().describe("May be inserted unescaped with {{{…}}}"),
    depth: z.number().int(),
    description: z.string(),
  })),
}).meta({ id: "TemplateFields" });
export type TemplateFields = z.infer<typeof TemplateFields>;

/** Body of POST /api/v1/templates and PATCH /api/v1/templates/:id (JSON; DOCX goes as multipart). */
export const TemplateBody = z.object({
  name: z.string().max(200).optional(),
  format: z.enum(TEMPLATE_FORMATS).optional(),
  body: z.string().max(1_000_000).optional(),
});

/** Body of POST /api/v1/templates/check. */
export const CheckBody = z.object({ format: z.enum(TEMPLATE_FORMATS), body: z.string().max(1_000_000) });

/** A template as JSON. */
export function toTemplateJson(t: TemplateSource): TemplateJson {
  return {
    id: t.id,
    name: t.name,
    format: t.format,
    builtin: t.builtin,
    archived: t.archived,
    size: t.size,
    updated_at: t.updated_at,
    outputs: outputsOf(t.format),
  };
}

/** The field list with descriptions in the member's language. */
export function fieldList(i18n: I18n): TemplateFields {
  return { fields: MODEL_FIELDS.map((f) => ({ ...f, description: i18n.t(fieldKey(f.path) as MessageKey) })) };
}
