/**
 * A rendered template in each output it can have: its own format (md, txt, html or docx), an
 * HTML preview (Markdown through markdown-it with raw HTML off, text in <pre>, DOCX paragraphs),
 * with file names and content types for downloads.
 */
import { BadRequestError } from "../errors.ts";
import { markdownIt } from "../pdf/markdown.ts";
import { docxParagraphs, renderDocx } from "./docx.ts";
import { compileTemplate, renderCompiled, type TemplateData } from "./engine.ts";
import { MODEL_SCHEMA } from "./fields.ts";
import { escapeHtml } from "./render.ts";
import type { TemplateSource } from "./service.ts";
import type { TemplateFormat } from "./store.ts";

/** What a document can be downloaded as. */
export const OUTPUT_FORMATS = ["md", "txt", "html", "docx", "pdf"] as const;
/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = typeof OUTPUT_FORMATS[number];

/** Content types of downloads. */
export const CONTENT_TYPES: Record<OutputFormat, string> = {
  md: "text/markdown; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  html: "text/html; charset=utf-8",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
};

/** The outputs a template of `format` offers: its own format and PDF (and HTML for Markdown). */
export function outputsOf(format: TemplateFormat): OutputFormat[] {
  if (format === "md") return ["md", "html", "pdf"];
  return [format, "pdf"];
}

/** Throws a 400 unless the template can be generated as `format`. */
export function checkOutput(template: TemplateSource, format: string): OutputFormat {
  const allowed = outputsOf(template.format);
  if (!(allowed as string[]).includes(format)) {
    throw new BadRequestError(
      `Cannot generate "${template.name}" as ${format.slice(0, 20)}: a ${template.format} template can be ` +
        `generated as ${allowed.join(", ")}`,
    );
  }
  return format as OutputFormat;
}

/** A template rendered over data, before it is turned into an output. */
export type Rendered =
  | { format: "md" | "txt" | "html"; text: string }
  | { format: "docx"; bytes: Uint8Array };

/** Renders the template (throws a TemplateError with positions when it has problems). */
export function renderSource(template: TemplateSource, data: TemplateData): Rendered {
  if (template.format === "docx") {
    return { format: "docx", bytes: renderDocx(template.content ?? new Uint8Array(), MODEL_SCHEMA, data) };
  }
  const compiled = compileTemplate(template.body ?? "", template.format, MODEL_SCHEMA);
  return { format: template.format, text: renderCompiled(compiled, data) };
}

/** Markdown to HTML, raw HTML in the source shown as text. */
export function markdownToHtml(md: string): string {
  return markdownIt.render(md);
}

const PREVIEW_STYLE = `body{font-family:system-ui,sans-serif;line-height:1.5;margin:2rem;max-width:46rem;color:#1f2933}
table{border-collapse:collapse}th,td{border-bottom:1px solid #d9e2ec;padding:.3rem .6rem;text-align:left}
pre{white-space:pre-wrap;font-family:ui-monospace,monospace}`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<style>${PREVIEW_STYLE}</style></head><body>${body}</body></html>`;
}

/** The rendered document as one HTML page (preview, and the HTML download of Markdown). */
export function previewHtml(rendered: Rendered, title: string): string {
  if (rendered.format !== "docx") {
    if (rendered.format === "html") return rendered.text;
    if (rendered.format === "md") return page(title, markdownToHtml(rendered.text));
    return page(title, `<pre>${escapeHtml(rendered.text)}</pre>`);
  }
  return page(title, docxParagraphs(rendered.bytes).map((p) => `<p>${escapeHtml(p) || "&#160;"}</p>`).join("\n"));
}

/** The rendered document as text (PDF input), by the kind of text it is. */
export function textOf(rendered: Rendered): { kind: "md" | "txt" | "html"; text: string } {
  if (rendered.format === "docx") return { kind: "txt", text: docxParagraphs(rendered.bytes).join("\n") };
  return { kind: rendered.format, text: rendered.text };
}

/** The download of a non-PDF output. */
export function fileOf(rendered: Rendered, format: Exclude<OutputFormat, "pdf">, title: string): Uint8Array {
  if (rendered.format === "docx") return rendered.bytes;
  const text = format === "html" ? previewHtml(rendered, title) : rendered.text;
  return new TextEncoder().encode(text);
}

/** "year-end-summary-letter-riverside-bakery-llc-2025.md" */
export function fileName(parts: string[], format: OutputFormat): string {
  const slug = parts.map((p) =>
    p.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
  ).filter(Boolean).join("-").slice(0, 120);
  return `${slug || "document"}.${format}`;
}
