/**
 * Reports as PDFs: title, client and period, a warnings box, then each table with right-aligned
 * amounts and a bold totals row. Wide reports (twelve months of P&L) turn the page to landscape
 * and shrink the type before they would wrap numbers.
 */
import type { ReportDocument, ReportTable } from "../reports/types.ts";
import { drawTitle } from "./blocks.ts";
import { loadFaces } from "./fonts.ts";
import { CellFormatter } from "./format.ts";
import { fill, footerChrome, pdfLabels, safeLocale } from "./labels.ts";
import { COLORS, type Geometry, Layout, LETTER, LETTER_LANDSCAPE } from "./layout.ts";
import { renderPdf } from "./render.ts";
import {
  drawTable,
  measureTable,
  SMALLEST_TABLE_STYLE,
  tableFits,
  type TableSpec,
  type TableStyle,
  tableStyleAt,
} from "./table.ts";
import { cleanText, Typesetter } from "./text.ts";
import type { PdfOptions } from "./types.ts";

/** Options of {@link renderReportPdf}. */
export interface ReportPdfOptions extends PdfOptions {
  locale: string;
}

/** Renders a report document as a PDF. */
export async function renderReportPdf(doc: ReportDocument, opts: ReportPdfOptions): Promise<Uint8Array> {
  const locale = safeLocale(opts.locale);
  const labels = pdfLabels(locale, opts.labels);
  const ts = new Typesetter(await loadFaces());
  const cells = new CellFormatter(locale, doc.currency || "USD");
  const tables = (doc.tables ?? []).map((table) => ({ table, spec: tableSpec(table, cells) }));
  const { geo, style } = choosePage(ts, tables.map((t) => t.spec));
  alignColumns(ts, tables, style);
  const layout = new Layout(ts, geo);

  drawTitle(layout, doc.title);
  const sub = [doc.clientName, doc.periodLabel].map((s) => cleanText(s ?? "").trim()).filter(Boolean);
  if (sub.length) layout.text([{ text: sub.join(" · "), bold: true }], { size: 11, color: COLORS.strong });
  if (doc.currency) {
    layout.text([{ text: fill(labels.currency, { currency: doc.currency }) }], { size: 9, color: COLORS.muted });
  }
  layout.y += 10;
  if (doc.warnings?.length) drawWarnings(layout, labels.warnings, doc.warnings);

  for (const { table, spec } of tables) {
    layout.space(10);
    const title = cleanText(table.title ?? "").trim();
    if (title) {
      layout.ensure(13 * 1.3 + 40);
      layout.text([{ text: title }], { size: 12.5, leading: 1.3, bold: true });
      layout.y += 3;
    }
    if (!table.rows?.length && !table.totals) {
      layout.text([{ text: labels.noRows, italic: true }], { size: 9.5, color: COLORS.muted });
      continue;
    }
    drawTable(layout, { ...spec, continued: title ? fill(labels.continued, { title }) : undefined }, style);
  }

  const firm = cleanText(doc.firmName ?? "").trim();
  return await renderPdf(layout, {
    title: [doc.title, doc.clientName, doc.periodLabel].filter(Boolean).join(" · "),
    header: [firm, doc.clientName, doc.periodLabel].map((s) => cleanText(s ?? "").trim()).filter(Boolean).join(" · "),
    author: opts.author ?? firm,
    ...footerChrome(locale, labels, doc.generatedAt),
  });
}

/** A report table as text cells; money columns right-aligned, totals with the currency symbol. */
export function tableSpec(table: ReportTable, cells: CellFormatter): TableSpec {
  const columns = table.columns ?? [];
  return {
    header: columns.map((c) => String(c.label ?? "")),
    rows: (table.rows ?? []).map((row) => columns.map((c) => cells.format(row?.[c.key], c.type))),
    foot: table.totals ? [columns.map((c) => cells.format(table.totals![c.key], c.type, true))] : undefined,
    align: columns.map((c) => c.type === "money" || c.type === "integer" || c.type === "percent" ? "right" : "left"),
  };
}

/** Tables with the same columns (Part I and Part II) share their column widths. */
function alignColumns(ts: Typesetter, tables: { table: ReportTable; spec: TableSpec }[], style: TableStyle): void {
  const groups = new Map<string, TableSpec[]>();
  for (const { table, spec } of tables) {
    const key = JSON.stringify((table.columns ?? []).map((c) => [c.key, c.type]));
    groups.set(key, [...(groups.get(key) ?? []), spec]);
  }
  for (const specs of groups.values()) {
    if (specs.length < 2) continue;
    const sizes = specs.map((spec) => measureTable(ts, spec, style));
    const widest = (pick: "natural" | "min") => sizes[0][pick].map((_, i) => Math.max(...sizes.map((m) => m[pick][i])));
    const atLeast = { natural: widest("natural"), min: widest("min") };
    for (const spec of specs) spec.atLeast = atLeast;
  }
}

const SIZES = [9, 8.5, 8, 7.5, 7];

/**
 * Portrait at the largest type size where every column keeps its longest word; else landscape
 * likewise; else landscape at the smallest size (long words then break).
 */
function choosePage(ts: Typesetter, specs: TableSpec[]): { geo: Geometry; style: TableStyle } {
  const fits = (geo: Geometry, style: TableStyle) =>
    specs.every((spec) => tableFits(ts, spec, style, geo.width - geo.left - geo.right));
  for (const geo of [LETTER, LETTER_LANDSCAPE]) {
    for (const size of SIZES.slice(0, geo === LETTER ? 3 : SIZES.length)) {
      const style = tableStyleAt(size);
      if (fits(geo, style)) return { geo, style };
    }
  }
  return { geo: LETTER_LANDSCAPE, style: SMALLEST_TABLE_STYLE };
}

/** The warnings box: a tinted panel with a heading and one bullet per warning. */
function drawWarnings(layout: Layout, heading: string, warnings: string[]): void {
  const pad = 9;
  const size = 9.5;
  const lh = size * 1.4;
  const width = layout.width - 2 * pad;
  const items = warnings.map((w) => layout.lines([{ text: String(w ?? "") }], size, width - 12));
  let start = layout.ops.length;
  let top = layout.y;
  layout.y += pad;
  const close = () => {
    const h = layout.y + pad - top;
    layout.ops.splice(start, 0, {
      kind: "rect",
      x: layout.left,
      y: top,
      w: layout.width,
      h,
      fill: COLORS.warnFill,
      stroke: COLORS.warnStroke,
    });
    layout.y += pad;
  };
  const line = (draw: () => void) => {
    if (layout.y + lh + pad > layout.bottom) {
      close();
      layout.newPage();
      start = layout.ops.length;
      top = layout.y;
      layout.y += pad;
    }
    draw();
    layout.y += lh;
  };
  const headLines = layout.lines([{ text: heading }], size, width, true);
  for (const l of headLines) line(() => layout.drawLine(l, layout.left + pad, layout.y, lh, COLORS.warnText));
  for (const lines of items) {
    lines.forEach((l, i) =>
      line(() => {
        if (i === 0) {
          layout.drawLine(layout.ts.pieces("•", "regular", size), layout.left + pad + 1, layout.y, lh, COLORS.warnText);
        }
        layout.drawLine(l, layout.left + pad + 12, layout.y, lh, COLORS.warnText);
      })
    );
  }
  close();
  layout.y += 4;
}
