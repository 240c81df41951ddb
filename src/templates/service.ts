/**
 * Templates as members use them: the built-in ones and the firm's own under one shape,
 * checking a template before it is saved (text: syntax and fields; DOCX: the file itself, then
 * its tags), and creating, changing, duplicating and archiving with an audit row in the same
 * transaction.
 */
import type { AuditActor } from "../audit/audit.ts";
import { writeAudit } from "../audit/audit.ts";
import type { Tx } from "../db/tenant.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import type { I18n } from "../i18n/mod.ts";
import { BUILTIN_TEMPLATES, getBuiltinTemplate, isBuiltinId } from "./builtin/index.ts";
import { checkDocxTemplate } from "./docx.ts";
import { checkTemplate } from "./engine.ts";
import { TemplateError, type TemplateIssue } from "./errors.ts";
import { MODEL_SCHEMA } from "./fields.ts";
import { LIMITS } from "./parse.ts";
import {
  archiveTemplate,
  getTemplate,
  insertTemplate,
  listTemplates,
  TEMPLATE_FORMATS,
  type TemplateFormat,
  type TemplateInput,
  type TemplateSummary,
  updateTemplate,
} from "./store.ts";
import { checkDocx } from "./zip_check.ts";

/** A template ready to use, built-in or the firm's own. */
export interface TemplateSource {
  id: string;
  name: string;
  format: TemplateFormat;
  builtin: boolean;
  archived: boolean;
  body: string | null;
  content: Uint8Array | null;
  size: number;
  updated_at: string | null;
}

/** Who changes templates. */
export interface Editor {
  firmId: string;
  userId: string;
  actor: AuditActor;
}

const NOT_FOUND = "No template with that id";

function fromRow(row: TemplateSummary & { body?: string | null; content?: Uint8Array | null }): TemplateSource {
  return {
    id: row.id,
    name: row.name,
    format: row.format,
    builtin: false,
    archived: row.archived_at !== null,
    body: row.body ?? null,
    content: row.content ?? null,
    size: row.size,
    updated_at: row.updated_at.toISOString(),
  };
}

function builtins(i18n: I18n): TemplateSource[] {
  return BUILTIN_TEMPLATES.map((t) => ({
    id: t.id,
    name: i18n.t(t.nameKey),
    format: t.format,
    builtin: true,
    archived: false,
    body: t.body,
    content: null,
    size: t.body.length,
    updated_at: null,
  }));
}

/** The built-in templates, then the firm's own (without their text or file). */
export async function listAllTemplates(tx: Tx, i18n: I18n, opts: { archived?: boolean } = {}) {
  const own = (await listTemplates(tx, opts)).map(fromRow);
  return opts.archived ? own : [...builtins(i18n), ...own];
}

/** A template by id with its text or file, or undefined. */
export async function loadTemplate(tx: Tx, id: string, i18n: I18n): Promise<TemplateSource | undefined> {
  if (isBuiltinId(id)) return builtins(i18n).find((t) => t.id === id);
  const row = await getTemplate(tx, id);
  return row && fromRow(row);
}

/** Every problem of a template's text or file (an empty list when it can be used). */
export async function checkTemplateInput(input: Omit<TemplateInput, "name">): Promise<TemplateIssue[]> {
  if (input.format === "docx") {
    if (!input.content) throw invalid("file", "a DOCX template needs its .docx file");
    await checkDocx(input.content);
    return checkDocxTemplate(input.content, MODEL_SCHEMA);
  }
  if (input.body === undefined || input.body === null) throw invalid("body", "write the template's text");
  if (input.body.length > LIMITS.source) {
    throw invalid("body", `the template is longer than ${LIMITS.source} characters`);
  }
  return checkTemplate(input.body, MODEL_SCHEMA);
}

const invalid = (path: string, message: string) =>
  new ValidationError(`Cannot save the template: ${message}`, [{ path, message }]);

/** Validates name and format, then the template itself; throws a 422 naming what is wrong. */
async function validated(input: TemplateInput): Promise<TemplateInput> {
  const name = input.name.trim();
  if (!name) throw invalid("name", "give the template a name");
  if (name.length > 120) throw invalid("name", "a name has at most 120 characters");
  if (!(TEMPLATE_FORMATS as readonly string[]).includes(input.format)) {
    throw invalid("format", `the format must be one of ${TEMPLATE_FORMATS.join(", ")}`);
  }
  const issues = await checkTemplateInput(input);
  if (issues.length) throw new TemplateError(issues);
  return input.format === "docx"
    ? { name, format: "docx", content: input.content, body: null }
    : { name, format: input.format, body: input.body, content: null };
}

async function fingerprint(input: TemplateInput): Promise<string> {
  const bytes = input.content ?? new TextEncoder().encode(input.body ?? "");
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function audited(input: TemplateInput) {
  const size = input.content?.length ?? input.body?.length ?? 0;
  return { name: input.name, format: input.format, size, sha256: await fingerprint(input) };
}

/** Creates a firm template. */
export async function createTemplate(tx: Tx, editor: Editor, input: TemplateInput): Promise<TemplateSource> {
  const clean = await validated(input);
  const row = await insertTemplate(tx, editor.firmId, clean, editor.userId);
  await writeAudit(tx, editor.firmId, editor.actor, {
    action: "template.create",
    entityType: "template",
    entityId: row.id,
    after: await audited(clean),
  });
  return { ...fromRow(row), body: clean.body ?? null, content: clean.content ?? null };
}

/** The firm's own template, for a change: not found, built-in or archived ones cannot be changed. */
async function ownTemplate(tx: Tx, id: string) {
  if (isBuiltinId(id)) {
    if (getBuiltinTemplate(id)) throw new ConflictError("Built-in templates cannot be changed; duplicate it first");
    throw new NotFoundError(NOT_FOUND);
  }
  const row = await getTemplate(tx, id, { forUpdate: true });
  if (!row) throw new NotFoundError(NOT_FOUND);
  if (row.archived_at) throw new ConflictError("The template is archived and cannot be changed");
  return row;
}

/**
 * Replaces a firm template's name and text or file. What is not given is kept: the name, the
 * format, the text while the format stays the same, and a DOCX's file.
 */
export async function saveTemplate(
  tx: Tx,
  editor: Editor,
  id: string,
  input: Partial<TemplateInput>,
): Promise<TemplateSource> {
  const before = await ownTemplate(tx, id);
  const format = input.format ?? before.format;
  const body = input.body ?? (format === before.format ? before.body : undefined);
  const content = format === "docx" ? input.content ?? (before.format === "docx" ? before.content : null) : null;
  const clean = await validated({ name: input.name ?? before.name, format, body, content });
  const row = await updateTemplate(tx, id, clean);
  await writeAudit(tx, editor.firmId, editor.actor, {
    action: "template.update",
    entityType: "template",
    entityId: id,
    before: await audited(before),
    after: await audited(clean),
  });
  return { ...fromRow(row), body: clean.body ?? null, content: clean.content ?? null };
}

/** Copies a built-in or firm template into a new firm template. */
export async function duplicateTemplate(tx: Tx, editor: Editor, id: string, i18n: I18n): Promise<TemplateSource> {
  const source = await loadTemplate(tx, id, i18n);
  if (!source) throw new NotFoundError(NOT_FOUND);
  const name = i18n.t("templates.copy_of", { name: source.name }).slice(0, 120);
  const copy = await createTemplate(tx, editor, {
    name,
    format: source.format,
    body: source.body,
    content: source.content,
  });
  return copy;
}

/** Archives a firm template. */
export async function archiveOwnTemplate(tx: Tx, editor: Editor, id: string): Promise<TemplateSource> {
  const before = await ownTemplate(tx, id);
  const row = await archiveTemplate(tx, id);
  await writeAudit(tx, editor.firmId, editor.actor, {
    action: "template.archive",
    entityType: "template",
    entityId: id,
    before: { archived: false, name: before.name },
    after: { archived: true, name: before.name },
  });
  return fromRow(row);
}
