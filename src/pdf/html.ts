/**
 * HTML as blocks, with htmlparser2: headings, paragraphs and divs, line breaks, bold/italic/code,
 * lists, tables, rules and CSS page breaks. Other elements give their text; scripts, styles and
 * other non-content elements are dropped.
 */
import { parseDocument } from "htmlparser2";
import type { Block, Run } from "./types.ts";

/** The parts of a parsed node the converter reads. */
interface Node {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: Node[];
}

const DROP = new Set([
  "script",
  "style",
  "template",
  "head",
  "title",
  "noscript",
  "iframe",
  "object",
  "embed",
  "svg",
  "math",
  "canvas",
  "audio",
  "video",
  "select",
  "button",
  "input",
  "textarea",
  "meta",
  "link",
  "base",
]);
const BLOCK = new Set([
  "p",
  "div",
  "section",
  "article",
  "header",
  "footer",
  "main",
  "aside",
  "nav",
  "address",
  "figure",
  "figcaption",
  "blockquote",
  "dl",
  "dt",
  "dd",
  "form",
  "fieldset",
  "legend",
  "center",
  "details",
  "summary",
  "body",
  "html",
]);
const BOLD = new Set(["strong", "b", "th"]);
const ITALIC = new Set(["em", "i", "cite", "var", "dfn", "blockquote"]);
const CODE = new Set(["code", "kbd", "samp", "tt"]);

interface Style {
  bold: boolean;
  italic: boolean;
  code: boolean;
  pre: boolean;
}

interface ListState {
  ordered: boolean;
  depth: number;
  start: number;
  items: Run[][];
}

/** Plain text of a node, whitespace collapsed. */
function textOf(node: Node): string {
  if (node.type === "text") return node.data ?? "";
  if (node.type === "comment" || node.type === "directive" || DROP.has(node.name ?? "")) return "";
  if (node.name === "br") return " ";
  if (node.name === "img") return node.attribs?.alt ?? "";
  return (node.children ?? []).map(textOf).join("");
}

function pageBreak(node: Node, side: "before" | "after"): boolean {
  const style = (node.attribs?.style ?? "").toLowerCase().replace(/\s+/g, "");
  const cls = ` ${node.attribs?.class ?? ""} `.toLowerCase();
  if (side === "before" && /(page-break-before:always|break-before:page)/.test(style)) return true;
  if (side === "after" && (/(page-break-after:always|break-after:page)/.test(style) || /\s(page-?break)\s/.test(cls))) {
    return true;
  }
  return false;
}

/** Converts HTML to blocks. */
export function htmlToBlocks(html: string): Block[] {
  const doc = parseDocument(String(html ?? ""), { decodeEntities: true }) as unknown as Node;
  const blocks: Block[] = [];
  const lists: ListState[] = [];
  let para: Run[] = [];

  /** Where inline content goes: the open list item, else the paragraph. */
  const sink = (): Run[] => {
    const list = lists[lists.length - 1];
    return list?.items[list.items.length - 1] ?? para;
  };
  const trimRuns = (runs: Run[]): Run[] => {
    const out = runs.filter((r) => r.text);
    while (out.length && !out[0].code && !out[0].text.trim()) out.shift();
    while (out.length && !out[out.length - 1].code && !out[out.length - 1].text.trim()) out.pop();
    if (out.length && !out[0].code) out[0] = { ...out[0], text: out[0].text.replace(/^[ \n]+/, "") };
    const last = out.length - 1;
    if (last >= 0 && !out[last].code) out[last] = { ...out[last], text: out[last].text.replace(/[ \n]+$/, "") };
    return out;
  };
  const flush = () => {
    const runs = trimRuns(para);
    para = [];
    if (runs.length) blocks.push({ type: "paragraph", runs });
  };
  const flushList = (list: ListState) => {
    const items = list.items.map(trimRuns);
    if (items.length) {
      blocks.push({ type: "list", ordered: list.ordered, items, depth: list.depth, start: list.start });
    }
    list.start += list.items.length;
    list.items = [];
  };
  const separate = () => {
    // A block element inside a list item: a line break within the item.
    const target = sink();
    if (target !== para && target.some((r) => r.text.trim()) && target[target.length - 1]?.text !== "\n") {
      target.push({ text: "\n" });
    } else if (target === para) flush();
  };

  const walk = (node: Node, style: Style): void => {
    if (node.type === "text") {
      const data = node.data ?? "";
      const text = style.pre ? data : data.replace(/[ \t\n\r\f]+/g, " ");
      if (text) {
        const run: Run = { text };
        if (style.bold) run.bold = true;
        if (style.italic) run.italic = true;
        if (style.code) run.code = true;
        sink().push(run);
      }
      return;
    }
    if (node.type === "cdata") return (node.children ?? []).forEach((c) => walk(c, style));
    if (node.type !== "tag" && node.type !== "root") return;
    const name = (node.name ?? "").toLowerCase();
    if (DROP.has(name)) return;
    if (pageBreak(node, "before")) {
      flush();
      blocks.push({ type: "pagebreak" });
    }
    const children = node.children ?? [];
    const inner: Style = {
      bold: style.bold || BOLD.has(name),
      italic: style.italic || ITALIC.has(name),
      code: style.code || CODE.has(name) || name === "pre",
      pre: style.pre || name === "pre",
    };
    if (/^h[1-6]$/.test(name)) {
      flush();
      const runs = trimRuns(collect(children, inner));
      if (runs.length) blocks.push({ type: "heading", level: Math.min(4, Number(name[1])) as 1 | 2 | 3 | 4, runs });
    } else if (name === "br") {
      sink().push({ text: "\n" });
    } else if (name === "hr") {
      flush();
      blocks.push({ type: "rule" });
    } else if (name === "img") {
      const alt = node.attribs?.alt?.trim();
      if (alt) sink().push({ text: alt });
    } else if (name === "ul" || name === "ol") {
      const parent = lists[lists.length - 1];
      if (parent) flushList(parent);
      else flush();
      const start = Number.parseInt(node.attribs?.start ?? "1", 10);
      const list: ListState = {
        ordered: name === "ol",
        depth: lists.length,
        start: Number.isFinite(start) ? start : 1,
        items: [],
      };
      lists.push(list);
      children.forEach((c) => walk(c, inner));
      lists.pop();
      flushList(list);
    } else if (name === "li" && lists.length) {
      lists[lists.length - 1].items.push([]);
      children.forEach((c) => walk(c, inner));
    } else if (name === "table") {
      flush();
      const table = tableOf(node);
      if (table) blocks.push(table);
    } else if (name === "a") {
      const target = sink();
      const at = target.length;
      children.forEach((c) => walk(c, inner));
      const href = (node.attribs?.href ?? "").trim();
      const text = target.slice(at).map((r) => r.text).join("").trim();
      const shown = href.replace(/^mailto:/i, "");
      if (/^(https?:|mailto:)/i.test(href) && shown !== text) target.push({ text: ` (${shown})` });
    } else if (BLOCK.has(name) || name === "pre" || name === "li") {
      separate();
      children.forEach((c) => walk(c, inner));
      separate();
    } else {
      children.forEach((c) => walk(c, inner));
    }
    if (pageBreak(node, "after")) {
      flush();
      blocks.push({ type: "pagebreak" });
    }
  };

  /** Inline content of children as runs (for headings). */
  const collect = (children: Node[], style: Style): Run[] => {
    const saved = para;
    const savedLists = lists.splice(0);
    para = [];
    children.forEach((c) => walk(c, style));
    const runs = para;
    para = saved;
    lists.push(...savedLists);
    return runs;
  };

  walk(doc, { bold: false, italic: false, code: false, pre: false });
  flush();
  return blocks;
}

/** A table element as a table block: header from <th> rows (or <thead>), cells as text. */
function tableOf(table: Node): Block | undefined {
  interface Row {
    cells: string[];
    spans: number[];
    head: boolean;
    foot: boolean;
    align: ("left" | "right" | undefined)[];
  }
  const rows: Row[] = [];
  const visit = (node: Node, inHead: boolean, inFoot = false) => {
    for (const child of node.children ?? []) {
      const name = child.name?.toLowerCase();
      if (name === "tr") {
        const cells = (child.children ?? []).filter((c) => c.name === "td" || c.name === "th");
        const align: Row["align"] = [];
        const spans = cells.map((c) => {
          const span = Math.max(1, Math.min(100, Number.parseInt(c.attribs?.colspan ?? "1", 10) || 1));
          align.push(alignOf(c), ...new Array(span - 1).fill(undefined));
          return span;
        });
        rows.push({
          cells: cells.map((c) => textOf(c).replace(/\s+/g, " ").trim()),
          spans,
          head: inHead || (!inFoot && cells.length > 0 && cells.every((c) => c.name === "th")),
          foot: inFoot,
          align,
        });
      } else if (name === "thead") visit(child, true);
      else if (name === "tbody") visit(child, false);
      else if (name === "tfoot") visit(child, false, true);
    }
  };
  visit(table, false);
  if (!rows.length) return undefined;
  const headerRow = rows[0].head ? rows.shift()! : undefined;
  const body = rows.filter((r) => !r.foot);
  const foot = rows.filter((r) => r.foot);
  const columns = Math.max(0, ...[headerRow, ...rows].map((r) => r ? r.spans.reduce((a, b) => a + b, 0) : 0));
  const align = Array.from({ length: columns }, (_, i) => {
    const stated = headerRow?.align[i] ?? body.find((r) => r.align[i])?.align[i];
    return stated ??
      (numericColumn(body.filter((r) => r.spans.every((s) => s === 1)).map((r) => r.cells[i])) ? "right" : "left");
  });
  const block: Block = { type: "table", header: headerRow?.cells ?? [], rows: body.map((r) => r.cells), align };
  if (foot.length) block.foot = foot.map((r) => r.cells);
  const spansOf = (list: Row[]) => list.some((r) => r.spans.some((s) => s > 1)) ? list.map((r) => r.spans) : undefined;
  const spans = { header: headerRow ? spansOf([headerRow])?.[0] : undefined, rows: spansOf(body), foot: spansOf(foot) };
  if (spans.header || spans.rows || spans.foot) block.spans = spans;
  return block;
}

/** A cell's stated alignment (align attribute, text-align style, or a "num"/"amount" class). */
function alignOf(cell: Node): "left" | "right" | undefined {
  const style = (cell.attribs?.style ?? "").toLowerCase();
  const align = cell.attribs?.align?.toLowerCase() ?? /text-align:\s*(left|right)/.exec(style)?.[1];
  if (align === "right" || align === "left") return align;
  if (/\b(num|number|numeric|amount|money|right)\b/i.test(cell.attribs?.class ?? "")) return "right";
  return undefined;
}

const NUMERIC = /^[-+−(]?\s*[$€£¥]?\s*[-−]?\d[\d.,\u00a0\u202f ]*\)?\s*(%|[A-Z]{3}|[$€£¥])?$/;

/** Whether a column's cells (some may be empty) are all numbers or amounts. */
export function numericColumn(cells: (string | undefined)[]): boolean {
  const filled = cells.filter((c): c is string => !!c && !!c.trim());
  return filled.length > 0 && filled.every((c) => NUMERIC.test(c.trim()));
}
