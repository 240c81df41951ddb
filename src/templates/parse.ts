/**
 * The Mustache-style template language, parsed into a tree: `{{name}}` and dotted names,
 * `{{{raw}}}` and `{{&raw}}`, sections `{{#list}}…{{/list}}`, inverted sections
 * `{{^flag}}…{{/flag}}`, comments `{{! … }}` and `{{.}}` for the current item. Partials and
 * delimiter changes are refused: a template can only read the data it is given. Lines that
 * hold nothing but a section, inverted, closing or comment tag disappear from the output, as the
 * Mustache spec says. Every problem is reported with its line and column; parsing goes on after
 * a problem so that one pass lists them all.
 */
import { LineIndex, MAX_ISSUES, type TemplateIssue } from "./errors.ts";

/** Where a tag starts in the source. */
export interface Position {
  line: number;
  column: number;
}

/** A node of a parsed template. */
export type TemplateNode =
  | { type: "text"; text: string }
  | { type: "var"; name: string; raw: boolean; pos: Position }
  | { type: "section"; name: string; inverted: boolean; pos: Position; children: TemplateNode[] };

/** Limits that keep templates small and shallow. */
export const LIMITS = {
  /** Characters of template source. */
  source: 200_000,
  /** Sections inside sections. */
  depth: 8,
  /** Tags of all kinds. */
  tags: 10_000,
} as const;

const NAME = /^(?:\.|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/;

interface Tag {
  kind: "var" | "raw" | "open" | "inverted" | "close" | "comment";
  name: string;
  start: number;
  end: number;
}

/** Parses `source`; `nodes` is usable only when `errors` is empty. */
export function parseTemplate(source: string): { nodes: TemplateNode[]; errors: TemplateIssue[] } {
  const lines = new LineIndex(source);
  const errors: TemplateIssue[] = [];
  const fail = (offset: number, message: string) => {
    if (errors.length < MAX_ISSUES) errors.push({ ...lines.at(offset), message });
  };
  if (source.length > LIMITS.source) {
    fail(LIMITS.source, `the template is longer than ${LIMITS.source} characters`);
    return { nodes: [], errors };
  }
  const tags = scanTags(source, fail);
  const texts = textBetween(source, tags);
  const root: TemplateNode[] = [];
  const stack: { node: Extract<TemplateNode, { type: "section" }>; start: number }[] = [];
  const children = () => stack.length ? stack[stack.length - 1].node.children : root;
  const pushText = (text: string) => {
    if (text) children().push({ type: "text", text });
  };
  tags.forEach((tag, i) => {
    pushText(texts[i]);
    const pos = lines.at(tag.start);
    if (tag.kind === "var" || tag.kind === "raw") {
      children().push({ type: "var", name: tag.name, raw: tag.kind === "raw", pos });
    } else if (tag.kind === "open" || tag.kind === "inverted") {
      if (stack.length >= LIMITS.depth) fail(tag.start, `sections are nested deeper than ${LIMITS.depth} levels`);
      const node = { type: "section" as const, name: tag.name, inverted: tag.kind === "inverted", pos, children: [] };
      children().push(node);
      stack.push({ node, start: tag.start });
    } else if (tag.kind === "close") {
      const open = stack[stack.length - 1];
      if (!open) {
        fail(tag.start, `{{/${tag.name}}} closes no open section`);
      } else if (open.node.name !== tag.name) {
        const at = `line ${open.node.pos.line}, column ${open.node.pos.column}`;
        fail(tag.start, `{{/${tag.name}}} does not match the open section "${open.node.name}" (opened at ${at})`);
        // Recover: close the matching section further down the stack, else the open one.
        const index = stack.findLastIndex((s) => s.node.name === tag.name);
        stack.length = index >= 0 ? index : stack.length - 1;
      } else {
        stack.pop();
      }
    }
  });
  pushText(texts[tags.length]);
  for (const open of stack) {
    const sigil = open.node.inverted ? "^" : "#";
    fail(open.start, `section {{${sigil}${open.node.name}}} is never closed; add {{/${open.node.name}}}`);
  }
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { nodes: errors.length ? [] : root, errors };
}

/** Finds every tag, reporting malformed ones. */
function scanTags(source: string, fail: (offset: number, message: string) => void): Tag[] {
  const tags: Tag[] = [];
  let at = 0;
  while (true) {
    const start = source.indexOf("{{", at);
    if (start < 0) break;
    if (tags.length >= LIMITS.tags) {
      fail(start, `the template has more than ${LIMITS.tags} tags`);
      break;
    }
    const triple = source.startsWith("{{{", start);
    const closer = triple ? "}}}" : "}}";
    const close = source.indexOf(closer, start + closer.length);
    const nextOpen = source.indexOf("{{", start + 2 + (triple ? 1 : 0));
    if (close < 0 || (nextOpen >= 0 && nextOpen < close && !source.startsWith("{{!", start))) {
      fail(start, `tag "${snippet(source, start)}" is not closed with ${closer}`);
      at = start + 2;
      continue;
    }
    const end = close + closer.length;
    const inner = source.slice(start + (triple ? 3 : 2), close);
    at = end;
    if (triple) {
      pushTag(tags, "raw", inner, start, end, fail);
      continue;
    }
    const sigil = inner.trimStart()[0] ?? "";
    const rest = inner.trimStart().slice(1);
    if (sigil === "!") tags.push({ kind: "comment", name: "", start, end });
    else if (sigil === "#") pushTag(tags, "open", rest, start, end, fail);
    else if (sigil === "^") pushTag(tags, "inverted", rest, start, end, fail);
    else if (sigil === "/") pushTag(tags, "close", rest, start, end, fail);
    else if (sigil === "&") pushTag(tags, "raw", rest, start, end, fail);
    else if (sigil === ">") fail(start, "partials ({{> name}}) are not supported; a template cannot include files");
    else if (sigil === "=") fail(start, "changing the delimiters ({{=<% %>=}}) is not supported");
    else if (sigil === "{") fail(start, `tag "${snippet(source, start)}" is not closed with }}}`);
    else pushTag(tags, "var", inner, start, end, fail);
  }
  return tags;
}

function pushTag(
  tags: Tag[],
  kind: Tag["kind"],
  inner: string,
  start: number,
  end: number,
  fail: (offset: number, message: string) => void,
) {
  const name = inner.trim();
  if (!name) return fail(start, "empty tag: put a field name between the braces, e.g. {{client.name}}");
  if (!NAME.test(name)) {
    return fail(start, `"${name.slice(0, 60)}" is not a field name; use letters, digits, _ and dots, e.g. client.name`);
  }
  if (name === "." && kind !== "var" && kind !== "raw") {
    return fail(start, "a section needs a field name, not {{.}}");
  }
  tags.push({ kind, name, start, end });
}

/** The text before each tag and after the last one, with standalone tag lines removed. */
function textBetween(source: string, tags: Tag[]): string[] {
  const cuts = tags.map((tag) => ({ from: tag.start, to: tag.end }));
  tags.forEach((tag, i) => {
    if (tag.kind === "var" || tag.kind === "raw") return;
    const lineStart = source.lastIndexOf("\n", tag.start - 1) + 1;
    let lineEnd = source.indexOf("\n", tag.end);
    if (lineEnd < 0) lineEnd = source.length;
    const before = source.slice(lineStart, tag.start);
    const after = source.slice(tag.end, lineEnd).replace(/\r$/, "");
    if (/^[ \t]*$/.test(before) && /^[ \t]*$/.test(after)) {
      cuts[i] = { from: lineStart, to: Math.min(source.length, lineEnd + 1) };
    }
  });
  const texts: string[] = [];
  let at = 0;
  for (const cut of cuts) {
    texts.push(source.slice(at, Math.max(at, cut.from)));
    at = Math.max(at, cut.to);
  }
  texts.push(source.slice(at));
  return texts;
}

function snippet(source: string, start: number): string {
  const line = source.slice(start, start + 31).split(/\r?\n/)[0];
  return line.length > 30 ? `${line.slice(0, 30)}…` : line;
}
