/**
 * What a person sends to create, change or check a template: a name, a format and either the
 * text or a file. An uploaded file's type comes from its bytes (a ZIP is a DOCX) and then its
 * extension; text files must be UTF-8.
 */
import { BadRequestError, UnsupportedMediaTypeError } from "../errors.ts";
import { TEMPLATE_FORMATS, type TemplateFormat } from "./store.ts";
import { looksLikeZip } from "./zip_check.ts";

/** Template fields from a form or JSON body; `format` undefined means "keep" or "infer". */
export interface SubmittedTemplate {
  name?: string;
  format?: TemplateFormat;
  body?: string;
  content?: Uint8Array;
}

const EXTENSIONS: Record<string, TemplateFormat> = {
  md: "md",
  markdown: "md",
  txt: "txt",
  text: "txt",
  html: "html",
  htm: "html",
  docx: "docx",
};

/** A format parameter, or undefined when blank; 400 for anything else. */
export function parseFormat(value: unknown): TemplateFormat | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string" && (TEMPLATE_FORMATS as readonly string[]).includes(value)) {
    return value as TemplateFormat;
  }
  throw new BadRequestError(`Cannot read the template: format must be one of ${TEMPLATE_FORMATS.join(", ")}`);
}

/** Reads form fields (strings, and a `file`) into template fields. */
export async function readTemplateForm(form: Record<string, unknown>): Promise<SubmittedTemplate> {
  const text = (key: string) => typeof form[key] === "string" ? (form[key] as string) : undefined;
  const fields: SubmittedTemplate = {
    name: text("name"),
    format: parseFormat(text("format")),
    body: text("body")?.replace(/\r\n/g, "\n"),
  };
  const file = form.file;
  if (file instanceof File && file.size > 0) Object.assign(fields, await fromFile(file, fields.format));
  return fields;
}

/** An uploaded file as a DOCX's content or a text template's body. */
async function fromFile(
  file: File,
  given: TemplateFormat | undefined,
): Promise<Pick<SubmittedTemplate, "format" | "body" | "content">> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const extension = file.name.toLowerCase().split(".").pop() ?? "";
  if (looksLikeZip(bytes) || extension === "docx") return { format: "docx", content: bytes };
  const format = EXTENSIONS[extension] ?? (given && given !== "docx" ? given : undefined);
  if (!format) {
    throw new UnsupportedMediaTypeError(
      `Cannot use "${file.name.slice(0, 80)}" as a template: upload a .md, .txt, .html or .docx file`,
    );
  }
  try {
    const body = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
    return { format, body };
  } catch {
    throw new UnsupportedMediaTypeError(`Cannot use "${file.name.slice(0, 80)}" as a template: it is not UTF-8 text`);
  }
}
