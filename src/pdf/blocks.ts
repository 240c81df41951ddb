/**
 * Documents made of blocks (letters, notes, generated client documents): headings, paragraphs
 * with bold/italic/code runs, lists, tables, rules and page breaks, on US Letter pages with a
 * running header and "Page N of M" footer.
 */
import { loadFaces } from "./fonts.ts";
import { footerChrome, pdfLabels, safeLocale } from "./labels.ts";
import { COLORS, Layout, LETTER } from "./layout.ts";
import { renderPdf } from "./render.ts";
import { drawTable, SMALLEST_TABLE_STYLE, tableFits, type TableSpec, type TableStyle, tableStyleAt } from "./table.ts";
import { cleanText, Typesetter } from "./text.ts";
import type { Block, PdfOptions, Run } from "./types.ts";

const BODY = 10.5;
const HEADINGS = {
  1: { size: 16, before: 16, after: 6 },
  2: { size: 13.5, before: 14, after: 5 },
  3: { size: 11.5, before: 12, after: 4 },
  4: { size: 10.5, before: 10, after: 3 },
} as const;

/** Draws the document title at the top of the first page. */
export function drawTitle(layout: Layout, title: string): void {
  const text = cleanText(title).replace(/\s+/g, " ").trim();
  if (!text) return;
  layout.text([{ text }], { size: 20, leading: 1.2, bold: true, color: COLORS.text });
  layout.y += 6;
}

/** Draws one block at the cursor. */
export function drawBlock(layout: Layout, block: Block): void {
  switch (block.type) {
    case "heading": {
      const h = HEADINGS[block.level] ?? HEADINGS[4];
      layout.space(h.before);
      // Keep the heading with the first lines after it.
      const lines = layout.lines(block.runs, h.size, layout.width, true);
      layout.ensure(lines.length * h.size * 1.25 + 3 * BODY * 1.45);
      layout.text(block.runs, { size: h.size, leading: 1.25, bold: true });
      layout.y += h.after;
      break;
    }
    case "paragraph":
      layout.text(block.runs, { size: BODY, leading: 1.45 });
      layout.y += BODY * 0.7;
      break;
    case "list":
      drawList(layout, block);
      break;
    case "table": {
      layout.space(4);
      const spec = {
        header: block.header ?? [],
        rows: block.rows ?? [],
        align: block.align,
        foot: block.foot,
        spans: block.spans,
      };
      drawTable(layout, spec, tableStyle(layout, spec));
      layout.y += BODY;
      break;
    }
    case "rule":
      layout.space(4);
      layout.ensure(12);
      layout.rule();
      layout.y += 12;
      break;
    case "pagebreak":
      if (!layout.atTop) layout.newPage();
      break;
  }
}

/** The largest type size (9 pt down to 7 pt) at which every column keeps its longest word. */
function tableStyle(layout: Layout, spec: TableSpec): TableStyle {
  for (const size of [9, 8.5, 8, 7.5]) {
    const style = tableStyleAt(size);
    if (tableFits(layout.ts, spec, style, layout.width)) return style;
  }
  return SMALLEST_TABLE_STYLE;
}

function drawList(layout: Layout, block: Extract<Block, { type: "list" }>): void {
  const depth = Math.max(0, Math.min(6, block.depth ?? 0));
  const indent = depth * 18;
  const start = Number.isFinite(block.start) ? Math.trunc(block.start!) : 1;
  const markerWidth = block.ordered
    ? Math.max(14, layout.ts.width(`${start + block.items.length - 1}.`, "sans", BODY) + 5)
    : 14;
  const lh = BODY * 1.45;
  block.items.forEach((runs, i) => {
    const marker = block.ordered ? `${start + i}.` : ["•", "◦", "▪"][depth % 3];
    const lines = layout.lines(runs, BODY, layout.width - indent - markerWidth);
    lines.forEach((line, j) => {
      layout.ensure(lh);
      if (j === 0) {
        const m = layout.ts.pieces(marker, "regular", BODY);
        const w = m.reduce((a, p) => a + p.width, 0);
        const x = block.ordered ? layout.left + indent + markerWidth - 5 - w : layout.left + indent + 3;
        layout.drawLine(m, x, layout.y, lh, COLORS.text);
      }
      layout.drawLine(line, layout.left + indent + markerWidth, layout.y, lh, COLORS.text);
      layout.y += lh;
    });
    layout.y += 2;
  });
  layout.y += BODY * 0.5;
}

/** A document of blocks. */
export interface BlocksDocument {
  title: string;
  /** Running header on every page (default: the title). */
  header?: string;
  blocks: Block[];
}

/** Options of {@link renderBlocksPdf}. */
export interface BlocksOptions extends PdfOptions {
  /** Draw the title at the top of the first page (default true). */
  showTitle?: boolean;
}

/** Renders blocks as a PDF. Never throws on odd text; an empty document is one page. */
export async function renderBlocksPdf(doc: BlocksDocument, opts: BlocksOptions = {}): Promise<Uint8Array> {
  const locale = safeLocale(opts.locale);
  const labels = pdfLabels(locale, opts.labels);
  const layout = new Layout(new Typesetter(await loadFaces()), LETTER);
  if (opts.showTitle !== false) drawTitle(layout, doc.title ?? "");
  for (const block of doc.blocks ?? []) {
    const clean = sanitizeBlock(block);
    if (clean) drawBlock(layout, clean);
  }
  return await renderPdf(layout, {
    title: doc.title ?? "",
    header: doc.header ?? doc.title ?? "",
    author: opts.author,
    ...footerChrome(locale, labels, opts.generatedAt),
  });
}

/** A row of cells as strings (anything else becomes an empty row). */
function cellsOf(row: unknown): string[] {
  return Array.isArray(row) ? row.map((c) => String(c ?? "")) : [];
}

/** Guards against malformed blocks from callers (missing arrays, non-string text). */
function sanitizeBlock(block: Block): Block | undefined {
  const runs = (r: unknown): Run[] => Array.isArray(r) ? r.map((x) => ({ ...x, text: String(x?.text ?? "") })) : [];
  switch (block?.type) {
    case "heading":
      return { type: "heading", level: [1, 2, 3, 4].includes(block.level) ? block.level : 4, runs: runs(block.runs) };
    case "paragraph":
      return { type: "paragraph", runs: runs(block.runs) };
    case "list":
      return { ...block, items: Array.isArray(block.items) ? block.items.map(runs) : [] };
    case "table":
      return {
        type: "table",
        header: Array.isArray(block.header) ? block.header.map((c) => String(c ?? "")) : [],
        rows: Array.isArray(block.rows) ? block.rows.map(cellsOf) : [],
        align: block.align,
        foot: Array.isArray(block.foot) ? block.foot.map(cellsOf) : undefined,
        spans: block.spans && typeof block.spans === "object" ? block.spans : undefined,
      };
    case "rule":
    case "pagebreak":
      return block;
    default:
      return undefined;
  }
}
