/**
 * Renders a parsed template over plain data: names resolve through the section stack as in
 * Mustache, only own properties are read (no prototype, no functions are ever called), values
 * are escaped for the output format, and output size and work are bounded so that a template
 * cannot make the server spin or run out of memory.
 */
import { TemplateError } from "./errors.ts";
import type { Position, TemplateNode } from "./parse.ts";

/** Output formats of text templates. */
export type TextFormat = "md" | "txt" | "html";

/** Bounds of one render. */
export const RENDER_LIMITS = {
  /** Characters of output. */
  output: 5_000_000,
  /** Nodes visited (every text, tag and loop iteration counts one). */
  steps: 2_000_000,
} as const;

/** Data a template reads: JSON-like values only. */
export type TemplateData = string | number | boolean | null | undefined | TemplateData[] | {
  [key: string]: TemplateData;
};

/** `&`, `<`, `>`, `"` and `'` as entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Escapes what would change Markdown formatting: emphasis, code, links, images, raw HTML,
 * tables, entities, and block markers (headings, lists, quotes) where the value starts a line.
 * Line breaks become spaces, so a value cannot start new blocks.
 */
export function escapeMarkdown(text: string, atLineStart: boolean): string {
  let out = text.replace(/\r?\n|\r/g, " ").replace(/[\\`*_[\]<>|~]/g, "\\$&").replace(/&(?=#?\w+;)/g, "\\&");
  if (atLineStart) {
    out = out.replace(/^(\s*)([#+\-=>])/, "$1\\$2").replace(/^(\s*\d+)([.)])/, "$1\\$2");
  }
  return out;
}

const ESCAPES: Record<TextFormat, (text: string, atLineStart: boolean) => string> = {
  html: escapeHtml,
  md: escapeMarkdown,
  txt: (text) => text,
};

function truthy(value: TemplateData): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== null && value !== undefined && value !== false && value !== "" && value !== 0;
}

function isRecord(value: TemplateData): value is Record<string, TemplateData> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lookup(name: string, stack: TemplateData[]): TemplateData {
  if (name === ".") return stack[stack.length - 1];
  const [head, ...rest] = name.split(".");
  let value: TemplateData = undefined;
  for (let i = stack.length - 1; i >= 0; i--) {
    const scope = stack[i];
    if (isRecord(scope) && Object.hasOwn(scope, head)) {
      value = scope[head];
      break;
    }
  }
  for (const part of rest) {
    if (!isRecord(value) || !Object.hasOwn(value, part)) return undefined;
    value = value[part];
  }
  return value;
}

function text(value: TemplateData): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "";
}

/**
 * Renders `nodes` (validated against the schema the data follows) for `format`. Throws a
 * {@link TemplateError} at the tag where the output or work limit is reached.
 */
export function renderNodes(nodes: TemplateNode[], data: TemplateData, format: TextFormat): string {
  const escape = ESCAPES[format];
  const parts: string[] = [];
  let size = 0;
  let steps = 0;
  const limit = (pos: Position | undefined, message: string): never => {
    throw new TemplateError([{ line: pos?.line ?? 1, column: pos?.column ?? 1, message }]);
  };
  const emit = (piece: string, pos?: Position) => {
    if (!piece) return;
    size += piece.length;
    if (size > RENDER_LIMITS.output) {
      limit(pos, `the output would be longer than ${RENDER_LIMITS.output} characters`);
    }
    parts.push(piece);
  };
  const atLineStart = () => {
    for (let i = parts.length - 1; i >= 0; i--) {
      const trimmed = parts[i].replace(/[ \t]+$/, "");
      if (trimmed) return trimmed.endsWith("\n");
    }
    return true;
  };
  const walk = (list: TemplateNode[], stack: TemplateData[]) => {
    for (const node of list) {
      if (++steps > RENDER_LIMITS.steps) {
        limit("pos" in node ? node.pos : undefined, "the template does too much work (too many loop iterations)");
      }
      if (node.type === "text") {
        emit(node.text);
      } else if (node.type === "var") {
        const value = text(lookup(node.name, stack));
        emit(node.raw ? value : escape(value, format === "md" && atLineStart()), node.pos);
      } else {
        const value = lookup(node.name, stack);
        if (node.inverted) {
          if (!truthy(value)) walk(node.children, stack);
        } else if (Array.isArray(value)) {
          for (const item of value) walk(node.children, [...stack, item]);
        } else if (truthy(value)) {
          walk(node.children, [...stack, value]);
        }
      }
    }
  };
  walk(nodes, [data]);
  return parts.join("");
}
