/**
 * Markdown as blocks, with markdown-it's parser (CommonMark and GFM tables; raw HTML is left as
 * text). A paragraph reading `\pagebreak` or `\newpage` is a page break.
 */
import MarkdownIt from "markdown-it";
import { numericColumn } from "./html.ts";
import type { Block, Run } from "./types.ts";

type Token = ReturnType<InstanceType<typeof MarkdownIt>["parse"]>[number];

/**
 * The Markdown parser of documents (raw HTML is left as text). The template previews render
 * with it too, so that a PDF reads like its preview.
 */
export const markdownIt = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Inline tokens to styled runs. Link targets follow their text in parentheses. */
export function inlineRuns(children: Token[] | null, italic = false): Run[] {
  const runs: Run[] = [];
  let bold = 0;
  let em = italic ? 1 : 0;
  const links: { href: string; at: number }[] = [];
  const push = (text: string, code = false) => {
    if (!text) return;
    const run: Run = { text };
    if (bold) run.bold = true;
    if (em) run.italic = true;
    if (code) run.code = true;
    runs.push(run);
  };
  for (const t of children ?? []) {
    switch (t.type) {
      case "text":
        push(t.content);
        break;
      case "code_inline":
        push(t.content, true);
        break;
      case "softbreak":
        push(" ");
        break;
      case "hardbreak":
        push("\n");
        break;
      case "strong_open":
        bold++;
        break;
      case "strong_close":
        bold = Math.max(0, bold - 1);
        break;
      case "em_open":
        em++;
        break;
      case "em_close":
        em = Math.max(0, em - 1);
        break;
      case "link_open":
        links.push({ href: String(t.attrGet("href") ?? ""), at: runs.length });
        break;
      case "link_close": {
        const link = links.pop();
        const text = runs.slice(link?.at ?? runs.length).map((r) => r.text).join("");
        if (link && /^(https?:|mailto:)/i.test(link.href) && link.href.replace(/^mailto:/i, "") !== text) {
          push(` (${link.href.replace(/^mailto:/i, "")})`);
        }
        break;
      }
      case "image":
        push(t.content || String(t.attrGet("alt") ?? ""));
        break;
      default:
        if (t.content && !t.type.endsWith("_open") && !t.type.endsWith("_close")) push(t.content);
    }
  }
  return runs;
}

interface OpenList {
  ordered: boolean;
  depth: number;
  start: number;
  items: Run[][];
}

/** Converts Markdown to blocks. */
export function markdownToBlocks(markdown: string): Block[] {
  const tokens = markdownIt.parse(String(markdown ?? ""), {});
  const blocks: Block[] = [];
  const lists: OpenList[] = [];
  let quote = 0;
  let table: {
    header: string[];
    rows: string[][];
    align: ("left" | "right" | undefined)[];
    row?: string[];
    head: boolean;
    bold: boolean[];
    rowBold?: boolean;
  } | null = null;
  let heading = 0;

  const flushList = (list: OpenList) => {
    if (!list.items.length) return;
    blocks.push({ type: "list", ordered: list.ordered, items: list.items, depth: list.depth, start: list.start });
    list.start += list.items.length;
    list.items = [];
  };
  const addToItem = (runs: Run[]) => {
    const list = lists[lists.length - 1];
    const item = list.items[list.items.length - 1];
    if (!item) {
      // Text after a nested list, in the same item: its own paragraph.
      if (runs.length) blocks.push({ type: "paragraph", runs });
      return;
    }
    if (item.length && runs.length) item.push({ text: "\n" });
    item.push(...runs);
  };
  const addBlockRuns = (runs: Run[]) => {
    if (lists.length) addToItem(runs);
    else if (runs.length) blocks.push({ type: "paragraph", runs });
  };

  for (const t of tokens) {
    switch (t.type) {
      case "heading_open":
        heading = Math.min(4, Math.max(1, Number(t.tag.slice(1)) || 1));
        break;
      case "heading_close":
        heading = 0;
        break;
      case "blockquote_open":
        quote++;
        break;
      case "blockquote_close":
        quote = Math.max(0, quote - 1);
        break;
      case "bullet_list_open":
      case "ordered_list_open": {
        const parent = lists[lists.length - 1];
        if (parent) flushList(parent);
        const start = Number(t.attrGet("start") ?? 1) || 1;
        lists.push({ ordered: t.type === "ordered_list_open", depth: lists.length, start, items: [] });
        break;
      }
      case "bullet_list_close":
      case "ordered_list_close":
        flushList(lists.pop()!);
        break;
      case "list_item_open":
        lists[lists.length - 1].items.push([]);
        break;
      case "table_open":
        table = { header: [], rows: [], align: [], head: false, bold: [] };
        break;
      case "thead_open":
        if (table) table.head = true;
        break;
      case "thead_close":
        if (table) table.head = false;
        break;
      case "tr_open":
        if (table) {
          table.row = [];
          table.rowBold = true;
        }
        break;
      case "tr_close":
        if (table?.row) {
          if (table.head) table.header = table.row;
          else {
            table.rows.push(table.row);
            table.bold.push(!!table.rowBold && table.row.some((c) => c));
          }
          table.row = undefined;
        }
        break;
      case "th_open":
      case "td_open":
        if (table?.head) {
          const style = String(t.attrGet("style") ?? "");
          table.align.push(/text-align:\s*right/.test(style) ? "right" : /text-align/.test(style) ? "left" : undefined);
        }
        break;
      case "table_close":
        if (table) {
          // A last row in bold throughout ("| **Total** | **$2,000.00** |") is the totals row.
          const total = table.rows.length > 1 && table.bold[table.bold.length - 1] ? table.rows.pop() : undefined;
          const rows = table.rows;
          // Columns without a stated alignment are right-aligned when they hold numbers.
          const align = table.align.map((a, i) => a ?? (numericColumn(rows.map((r) => r[i])) ? "right" : "left"));
          const block: Block = { type: "table", header: table.header, rows, align };
          if (total) block.foot = [total];
          blocks.push(block);
        }
        table = null;
        break;
      case "hr":
        blocks.push({ type: "rule" });
        break;
      case "fence":
      case "code_block":
        addBlockRuns([{ text: t.content.replace(/\n$/, ""), code: true }]);
        break;
      case "inline": {
        if (table?.row) {
          const runs = inlineRuns(t.children);
          const text = runs.map((r) => r.text).join("").replace(/\s+/g, " ").trim();
          if (text && !runs.every((r) => r.bold || !r.text.trim())) table.rowBold = false;
          table.row.push(text);
        } else if (heading) {
          blocks.push({ type: "heading", level: heading as 1 | 2 | 3 | 4, runs: inlineRuns(t.children) });
        } else if (!lists.length && /^\\(pagebreak|newpage)$/.test(t.content.trim())) {
          blocks.push({ type: "pagebreak" });
        } else {
          addBlockRuns(inlineRuns(t.children, quote > 0));
        }
        break;
      }
    }
  }
  while (lists.length) flushList(lists.pop()!);
  return blocks;
}
