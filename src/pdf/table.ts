/**
 * Tables: columns fitted to their content within the text width, long cells wrapped, money
 * right-aligned, a header row repeated on every page, rows kept whole, a bold totals row.
 */
import { type Color, COLORS, type Layout } from "./layout.ts";
import type { Typesetter } from "./text.ts";
import { type Line, type Token, tokenize, wrap } from "./wrap.ts";

/** A table to draw. Cells are plain text; rows may be shorter than the header. */
export interface TableSpec {
  header: string[];
  rows: string[][];
  align?: ("left" | "right")[];
  totals?: string[];
  /** Drawn above the repeated header row on each following page, e.g. "Expenses (continued)". */
  continued?: string;
  /**
   * Widths to measure at least (points, padding included), e.g. the widest of several tables
   * with the same columns, so that their columns line up.
   */
  atLeast?: { natural: number[]; min: number[] };
}

/** Font size and padding of a table. */
export interface TableStyle {
  size: number;
  padX: number;
  padY: number;
}

/** The default table style. */
export const TABLE_STYLE: TableStyle = { size: 9, padX: 5, padY: 3 };

const LEADING = 1.3;
/** Longest word a column must fit without breaking it, in ems. */
const MIN_WORD_EMS = 12;

interface Prepared {
  columns: number;
  header: Token[][];
  rows: Token[][][];
  totals?: Token[][];
  align: ("left" | "right")[];
}

function prepare(ts: Typesetter, spec: TableSpec, style: TableStyle): Prepared {
  const columns = Math.max(spec.header.length, spec.totals?.length ?? 0, ...spec.rows.map((r) => r.length), 0);
  const cells = (row: readonly string[], bold: boolean, size: number) =>
    Array.from({ length: columns }, (_, i) => tokenize(ts, [{ text: String(row[i] ?? "") }], size, bold));
  return {
    columns,
    header: spec.header.length ? cells(spec.header, true, style.size * 0.94) : [],
    rows: spec.rows.map((r) => cells(r, false, style.size)),
    totals: spec.totals ? cells(spec.totals, true, style.size) : undefined,
    align: Array.from({ length: columns }, (_, i) => spec.align?.[i] ?? "left"),
  };
}

/** Natural (unwrapped) and minimum widths of each column, padding included. */
export function measureTable(ts: Typesetter, spec: TableSpec, style: TableStyle = TABLE_STYLE) {
  return measure(prepare(ts, spec, style), style);
}

function measure(t: Prepared, style: TableStyle): { natural: number[]; min: number[] } {
  const natural = new Array(t.columns).fill(0);
  const min = new Array(t.columns).fill(0);
  const cap = MIN_WORD_EMS * style.size;
  const all = [...(t.header.length ? [t.header] : []), ...t.rows, ...(t.totals ? [t.totals] : [])];
  for (const row of all) {
    row.forEach((tokens, c) => {
      let line = 0;
      for (const tk of tokens) {
        if (tk.kind === "break") line = 0;
        else line += tk.width;
        if (tk.kind === "word") min[c] = Math.max(min[c], Math.min(tk.width, cap));
        natural[c] = Math.max(natural[c], line);
      }
    });
  }
  const pad = 2 * style.padX;
  return { natural: natural.map((w) => w + pad + 0.5), min: min.map((w) => w + pad + 0.5) };
}

/**
 * Column widths filling `available` points: natural widths with the spare room given to the
 * widest left-aligned (text) column; when they do not fit, each column keeps at least its
 * longest word and the rest is shared in proportion to how much wider it would like to be.
 */
export function fitColumns(natural: number[], min: number[], align: string[], available: number): number[] {
  const sumNatural = natural.reduce((a, b) => a + b, 0);
  if (!natural.length) return [];
  if (sumNatural <= available) {
    // The spare room goes to the widest text column (a description), else is shared.
    let widest = -1;
    natural.forEach((w, i) => {
      if (align[i] !== "right" && (widest < 0 || w > natural[widest])) widest = i;
    });
    const extra = available - sumNatural;
    if (widest < 0) return natural.map((w) => w + extra / natural.length);
    return natural.map((w, i) => i === widest ? w + extra : w);
  }
  const sumMin = min.reduce((a, b) => a + b, 0);
  if (sumMin >= available) return min.map((w) => w * (available / sumMin));
  const spare = available - sumMin;
  const want = sumNatural - sumMin;
  return min.map((w, i) => w + spare * ((natural[i] - w) / want));
}

/** Draws a table at the cursor, breaking pages between rows. */
export function drawTable(layout: Layout, spec: TableSpec, style: TableStyle = TABLE_STYLE): void {
  const ts = layout.ts;
  const t = prepare(ts, spec, style);
  if (!t.columns) return;
  const measured = measure(t, style);
  const natural = measured.natural.map((w, i) => Math.max(w, spec.atLeast?.natural[i] ?? 0));
  const min = measured.min.map((w, i) => Math.max(w, spec.atLeast?.min[i] ?? 0));
  const widths = fitColumns(natural, min, t.align, layout.width);
  const xs = widths.reduce<number[]>((acc, w, i) => [...acc, acc[i] + w], [layout.left]);
  const lh = style.size * LEADING;
  const pageRoom = layout.bottom - layout.geo.top;

  /** A row's cells as lines, in parts no taller than `maxLines` (one part unless it is huge). */
  const laidOut = (row: Token[][], maxLines: number) => {
    const cells: Line[][] = row.map((tokens, c) => wrap(ts, tokens, Math.max(1, widths[c] - 2 * style.padX)));
    const count = Math.max(1, ...cells.map((l) => l.length));
    const parts: { cells: Line[][]; height: number }[] = [];
    for (let from = 0; from < count; from += maxLines) {
      const slice = cells.map((lines) => lines.slice(from, from + maxLines));
      parts.push({ cells: slice, height: Math.max(1, ...slice.map((l) => l.length)) * lh + 2 * style.padY });
    }
    return parts;
  };
  const drawRow = (row: ReturnType<typeof laidOut>[number], color: Color = COLORS.text) => {
    row.cells.forEach((lines, c) => {
      lines.forEach((line, i) => {
        const x = t.align[c] === "right" ? xs[c + 1] - style.padX - line.width : xs[c] + style.padX;
        layout.drawLine(line, x, layout.y + style.padY + i * lh, lh, color);
      });
    });
    layout.y += row.height;
  };
  const header = t.header.length ? laidOut(t.header, Math.floor(pageRoom / 3 / lh))[0] : undefined;
  // Room for a row on a page of its own, under the "continued" line and the header row.
  const maxLines = Math.max(1, Math.floor((pageRoom - (header?.height ?? 0) - 2 * lh - 2 * style.padY - 4) / lh));
  const right = layout.left + layout.width;
  const drawHeader = () => {
    if (!header) return;
    layout.ops.push({
      kind: "rect",
      x: layout.left,
      y: layout.y,
      w: layout.width,
      h: header.height,
      fill: COLORS.headerFill,
    });
    drawRow(header, COLORS.strong);
    layout.ops.push({
      kind: "line",
      x1: layout.left,
      y1: layout.y,
      x2: right,
      y2: layout.y,
      width: 0.75,
      color: COLORS.muted,
    });
  };

  const rows = t.rows.map((r) => laidOut(r, maxLines));
  const totals = t.totals ? laidOut(t.totals, maxLines) : undefined;
  const first = rows[0]?.[0] ?? totals?.[0];
  layout.ensure((header?.height ?? 0) + (first?.height ?? 0));
  drawHeader();
  const continueOnNewPage = () => {
    layout.newPage();
    if (spec.continued) {
      layout.text([{ text: spec.continued, italic: true }], { size: style.size, color: COLORS.muted });
      layout.y += 2;
    }
    drawHeader();
  };
  rows.forEach((parts, i) => {
    // A row taller than a whole page is the only one drawn in parts, each on its own page.
    for (const part of parts) {
      if (part.height > layout.room) continueOnNewPage();
      if (i % 2 === 1) {
        layout.ops.push({
          kind: "rect",
          x: layout.left,
          y: layout.y,
          w: layout.width,
          h: part.height,
          fill: COLORS.zebra,
        });
      }
      drawRow(part);
    }
  });
  if (totals) {
    for (const [k, part] of totals.entries()) {
      if (part.height + 1 > layout.room) continueOnNewPage();
      if (k === 0) {
        layout.ops.push({
          kind: "line",
          x1: layout.left,
          y1: layout.y,
          x2: right,
          y2: layout.y,
          width: 1,
          color: COLORS.strong,
        });
        layout.y += 1;
      }
      drawRow(part);
    }
  } else if (rows.length) {
    layout.ops.push({
      kind: "line",
      x1: layout.left,
      y1: layout.y,
      x2: right,
      y2: layout.y,
      width: 0.5,
      color: COLORS.rule,
    });
  }
}
