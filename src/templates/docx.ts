/**
 * DOCX templates through docxtemplater: `{client.name}`, `{#transactions}…{/transactions}`,
 * `{^has_gaps}…{/has_gaps}` over the same data model and schema as text templates. Tags are
 * checked against the schema before rendering (unknown fields, groups used as values, …), and
 * docxtemplater's own errors are mapped from its text offsets to "paragraph N, column M" of the
 * part they are in. Files must pass zip_check.ts first.
 */
import Docxtemplater from "docxtemplater";
import PizZip from "pizzip";
import { UnsupportedMediaTypeError } from "../errors.ts";
import { MAX_ISSUES, TemplateError, type TemplateIssue } from "./errors.ts";
import type { TemplateNode } from "./parse.ts";
import { renderNodes, type TemplateData } from "./render.ts";
import type { Field } from "./schema.ts";
import { validateTemplate } from "./validate.ts";

const MAIN = "word/document.xml";
const TEXT_OR_PARAGRAPH = /<w:p(?=[\s>/])|<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g;

/** Length of XML text once entities are decoded (what a person sees in Word). */
const visibleLength = (raw: string) => raw.replace(/&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, "x").length;

interface Segment {
  /** Offset of this run's raw text in the part's full text. */
  start: number;
  raw: string;
  paragraph: number;
  /** Raw text of the paragraph before this run. */
  before: string;
}

/** Maps docxtemplater's offsets (into the raw text of a part's `<w:t>` runs) to paragraph and column. */
export class ParagraphIndex {
  readonly #segments: Segment[] = [];
  constructor(xml: string) {
    let paragraph = 0;
    let before = "";
    let offset = 0;
    for (const m of xml.matchAll(TEXT_OR_PARAGRAPH)) {
      if (m[1] === undefined) {
        paragraph++;
        before = "";
        continue;
      }
      this.#segments.push({ start: offset, raw: m[1], paragraph: Math.max(paragraph, 1), before });
      before += m[1];
      offset += m[1].length;
    }
  }
  /** Paragraph (1-based) and column (1-based, counted in visible characters) of a raw text offset. */
  at(offset: number): { line: number; column: number } {
    const s = this.#segments.findLast((seg) => seg.start <= offset) ?? this.#segments[0];
    if (!s) return { line: 1, column: 1 };
    const within = s.raw.slice(0, Math.max(0, offset - s.start));
    return { line: s.paragraph, column: visibleLength(s.before) + visibleLength(within) + 1 };
  }
}

interface Part {
  type: string;
  value: string;
  offset: number;
  module?: string;
  inverted?: boolean;
  subparsed?: Part[];
}

/** Dotted names resolved in one scope, own properties only (docxtemplater walks the scopes outward). */
function parser(tag: string) {
  const path = tag.trim() === "." ? [] : tag.trim().split(".");
  return {
    get(scope: TemplateData): TemplateData {
      let value = scope;
      for (const part of path) {
        if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) {
          return undefined;
        }
        value = value[part];
      }
      return value;
    },
  };
}

/** Builds (compiles) the docxtemplater document, mapping compile errors to positions. */
function compile(bytes: Uint8Array): { doc: Docxtemplater; zip: PizZip } {
  let zip: PizZip;
  try {
    zip = new PizZip(bytes);
  } catch {
    throw new UnsupportedMediaTypeError("Cannot use the file as a DOCX template: it cannot be unpacked");
  }
  try {
    const doc = new Docxtemplater(zip, {
      paragraphLoop: true,
      linebreaks: true,
      parser,
      nullGetter: () => "",
      errorLogging: false,
    });
    return { doc, zip };
  } catch (error) {
    throw new TemplateError(mapLibraryErrors(zip, error));
  }
}

/** docxtemplater's (multi) error → issues with paragraph and column. */
function mapLibraryErrors(zip: PizZip, error: unknown): TemplateIssue[] {
  const e = error as { message?: string; properties?: { errors?: unknown[] } };
  const list = (e.properties?.errors ?? [error]) as {
    message?: string;
    properties?: { explanation?: string; offset?: number; file?: string; xtag?: string };
  }[];
  const indexes = new Map<string, ParagraphIndex>();
  const issues = list.slice(0, MAX_ISSUES).map((item) => {
    const p = item.properties ?? {};
    const file = p.file ?? MAIN;
    let index = indexes.get(file);
    if (!index) indexes.set(file, index = new ParagraphIndex(zip.file(file)?.asText() ?? ""));
    const pos = index.at(p.offset ?? 0);
    return {
      ...pos,
      message: lowerFirst(p.explanation ?? item.message ?? "the template cannot be read"),
      unit: "paragraph" as const,
      ...(p.xtag ? { tag: p.xtag } : {}),
      ...(file !== MAIN ? { part: file } : {}),
    };
  });
  return issues.length ? issues : [{ line: 1, column: 1, message: "the template cannot be read", unit: "paragraph" }];
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** The tags of every templated part as template nodes, and problems with tags we do not support. */
function tagTree(doc: Docxtemplater, zip: PizZip) {
  const compiled = (doc as unknown as { compiled: Record<string, { postparsed: Part[] }> }).compiled;
  const parts: { file: string; nodes: TemplateNode[]; tags: Map<string, string> }[] = [];
  const unsupported: TemplateIssue[] = [];
  for (const [file, xt] of Object.entries(compiled)) {
    const index = new ParagraphIndex(zip.file(file)?.asText() ?? "");
    const tags = new Map<string, string>();
    const where = (part: Part) => {
      const pos = index.at(part.offset);
      tags.set(`${pos.line}:${pos.column}`, part.value);
      return pos;
    };
    const convert = (list: Part[]): TemplateNode[] =>
      list.filter((p) => p.type === "placeholder").flatMap((p): TemplateNode[] => {
        const pos = where(p);
        if (p.module === "loop") {
          return [{
            type: "section",
            name: p.value.trim(),
            inverted: !!p.inverted,
            pos,
            children: convert(p.subparsed ?? []),
          }];
        }
        if (p.module) {
          const what = p.module === "rawxml" ? `raw XML tags ({@${p.value}})` : `tag "${p.value}"`;
          unsupported.push({ ...pos, message: `${what} are not supported`, unit: "paragraph", tag: p.value });
          return [];
        }
        return [{ type: "var", name: p.value.trim(), raw: false, pos }];
      });
    parts.push({ file, nodes: convert(xt.postparsed), tags });
  }
  return { parts, unsupported };
}

/** The problems of a DOCX template; when there are none, the compiled document and its tags. */
interface Inspected {
  issues: TemplateIssue[];
  compiled?: { doc: Docxtemplater; zip: PizZip; parts: ReturnType<typeof tagTree>["parts"] };
}

/** Compiles a DOCX template once and checks its tags against the schema. */
function inspect(bytes: Uint8Array, schema: Field): Inspected {
  let compiled;
  try {
    compiled = compile(bytes);
  } catch (error) {
    if (error instanceof TemplateError) return { issues: error.issues };
    throw error;
  }
  const { parts, unsupported } = tagTree(compiled.doc, compiled.zip);
  const issues: TemplateIssue[] = [...unsupported];
  for (const part of parts) {
    for (const issue of validateTemplate(part.nodes, schema, { open: "{", close: "}" })) {
      const tag = part.tags.get(`${issue.line}:${issue.column}`);
      issues.push({
        ...issue,
        unit: "paragraph",
        ...(tag ? { tag } : {}),
        ...(part.file !== MAIN ? { part: part.file } : {}),
      });
    }
  }
  if (!issues.length) return { issues: [], compiled: { ...compiled, parts } };
  return {
    issues: issues.sort((a, b) => (a.part ?? "").localeCompare(b.part ?? "") || a.line - b.line || a.column - b.column)
      .slice(0, MAX_ISSUES),
  };
}

/** Every problem of a DOCX template against the schema (empty when it is fine). */
export function checkDocxTemplate(bytes: Uint8Array, schema: Field): TemplateIssue[] {
  return inspect(bytes, schema).issues;
}

/** Renders a DOCX template; throws a {@link TemplateError} when the template has problems. */
export function renderDocx(bytes: Uint8Array, schema: Field, data: TemplateData): Uint8Array {
  const { issues, compiled } = inspect(bytes, schema);
  if (!compiled) throw new TemplateError(issues);
  const { doc, zip, parts } = compiled;
  // A dry run over the same tags and data bounds the work and output before Word XML is built.
  for (const part of parts) {
    try {
      renderNodes(part.nodes, data, "txt");
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      throw new TemplateError(error.issues.map((i) => ({ ...i, unit: "paragraph" as const })));
    }
  }
  try {
    doc.render(data as object);
  } catch (error) {
    throw new TemplateError(mapLibraryErrors(zip, error));
  }
  return doc.getZip().generate({ type: "uint8array", compression: "DEFLATE" });
}

/** The paragraphs of a DOCX's main document as plain text (previews and PDFs of DOCX output). */
export function docxParagraphs(bytes: Uint8Array): string[] {
  const xml = new PizZip(bytes).file(MAIN)?.asText() ?? "";
  const body = xml.replace(/<w:tab\/>/g, "<w:t>\t</w:t>").replace(/<w:br\/>/g, "<w:t>\n</w:t>");
  const out: string[] = [];
  for (const m of body.matchAll(TEXT_OR_PARAGRAPH)) {
    if (m[1] === undefined) out.push("");
    else if (out.length) out[out.length - 1] += m[1];
    else out.push(m[1]);
  }
  return out.map(decodeEntities);
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, name: string) => {
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
    if (named[name.toLowerCase()]) return named[name.toLowerCase()];
    const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
}
