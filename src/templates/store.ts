/**
 * Stored templates (document_templates, migration 00010): one SQL statement per function,
 * the firm-scoped transaction first; "not found" is `undefined`.
 */
import { isUuid } from "../auth/principal.ts";
import type { Tx } from "../db/tenant.ts";

/** Formats a template can have. */
export const TEMPLATE_FORMATS = ["md", "txt", "html", "docx"] as const;
/** One of {@link TEMPLATE_FORMATS}. */
export type TemplateFormat = typeof TEMPLATE_FORMATS[number];

/** A stored template without its DOCX file. */
export interface TemplateSummary {
  id: string;
  name: string;
  format: TemplateFormat;
  /** Characters of text (text formats) or bytes of the file (DOCX). */
  size: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
}

/** A stored template with its text or file. */
export interface TemplateRow extends TemplateSummary {
  firm_id: string;
  body: string | null;
  content: Uint8Array | null;
}

/** What a template is made of. */
export interface TemplateInput {
  name: string;
  format: TemplateFormat;
  /** Text of md/txt/html templates. */
  body?: string | null;
  /** File of DOCX templates. */
  content?: Uint8Array | null;
}

const SUMMARY = (tx: Tx) =>
  tx`id, name, format, coalesce(length(body), octet_length(content), 0)::int as size, created_by, created_at,
     updated_at, archived_at`;

/** The firm's templates by name (archived ones only when asked). */
export async function listTemplates(tx: Tx, opts: { archived?: boolean } = {}): Promise<TemplateSummary[]> {
  return await tx<TemplateSummary[]>`
    select ${SUMMARY(tx)} from document_templates
     where ${opts.archived ? tx`archived_at is not null` : tx`archived_at is null`}
     order by lower(name), id
     limit 500`;
}

/** One stored template with its text or file, or undefined. */
export async function getTemplate(tx: Tx, id: string, opts: { forUpdate?: boolean } = {}) {
  if (!isUuid(id)) return undefined;
  const [row] = await tx<TemplateRow[]>`
    select ${SUMMARY(tx)}, firm_id, body, content from document_templates
     where id = ${id} ${opts.forUpdate ? tx`for update` : tx``}`;
  return row ? { ...row, content: row.content ? new Uint8Array(row.content) : null } : undefined;
}

/** Inserts a template. */
export async function insertTemplate(
  tx: Tx,
  firmId: string,
  input: TemplateInput,
  createdBy: string | null,
): Promise<TemplateSummary> {
  const [row] = await tx<TemplateSummary[]>`
    insert into document_templates (firm_id, name, format, body, content, created_by)
    values (${firmId}, ${input.name}, ${input.format}, ${input.body ?? null}, ${input.content ?? null}, ${createdBy})
    returning ${SUMMARY(tx)}`;
  return row;
}

/** Replaces a template's name, format and text or file. */
export async function updateTemplate(tx: Tx, id: string, input: TemplateInput): Promise<TemplateSummary> {
  const [row] = await tx<TemplateSummary[]>`
    update document_templates
       set name = ${input.name}, format = ${input.format}, body = ${input.body ?? null},
           content = ${input.content ?? null}, updated_at = now()
     where id = ${id}
    returning ${SUMMARY(tx)}`;
  return row;
}

/** Archives a template (it stays for the audit trail). */
export async function archiveTemplate(tx: Tx, id: string): Promise<TemplateSummary> {
  const [row] = await tx<TemplateSummary[]>`
    update document_templates set archived_at = now(), updated_at = now()
     where id = ${id} and archived_at is null
    returning ${SUMMARY(tx)}`;
  return row;
}
