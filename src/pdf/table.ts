/**
 * Tables: columns fitted to their content within the text width, long cells wrapped, cells
 * spanning columns, money right-aligned, a header row repeated on every page, rows kept whole,
 * bold totals rows under a rule.
 */
import { type Color, COLORS, type Layout } from "./layout.ts";
import type { Typesetter } from "./text.ts";
import { type Line, type Token, tokenize, wrap } from "./wrap.ts";

/** How many columns each cell of a row spans (default 1 each). */
export type Spans = number[] | undefined;

/** A table to draw. Cells are plain text; rows may be shorter than the header. */
export interface TableSpec {
  header: string[];
  rows: string[][];
  align?: ("left" | "right")[];
  /** Bold rows under a rule: totals. */
  foot?: string[][];
  /** Column spans of the cells of the header, the rows and the foot rows. */
  spans?: { header?: Spans; rows?: Spans[]; foot?: Spans[] };
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
const MAX_SPAN = 100;

interface Cell {
  tokens: Token[];
  col: number;
  span: number;
}

interface Prepared {
  columns: number;
  header: Cell[];
  rows: Cell[][];
  foot: Cell[][];
  align: ("left" | "right")[];
}

function prepare(ts: Typesetter, spec: TableSpec, style: TableStyle): Prepared {
  const row = (texts: readonly string[], spans: Spans, bold: boolean, size: number): Cell[] => {
    let col = 0;
    return (texts ?? []).map((text, i) => {
      const span = Math.max(1, Math.min(MAX_SPAN, Math.trunc(Number(spans?.[i] ?? 1)) || 1));
      const cell = { tokens: tokenize(ts, [{ text: String(text ?? "") }], size, bold), col, span };
      col += span;
      return cell;
    });
  };
  const header = row(spec.header ?? [], spec.spans?.header, true, style.size * 0.94);
  const rows = (spec.rows ?? []).map((r, i) => row(r, spec.spans?.rows?.[i], false, style.size));
  const foot = (spec.foot ?? []).map((r, i) => row(r, spec.spans?.foot?.[i], true, style.size));
  const width = (cells: Cell[]) => cells.reduce((a, c) => a + c.span, 0);
  const columns = Math.max(width(header), ...rows.map(width), ...foot.map(width), 0);
  return { columns, header, rows, foot, align: Array.from({ length: columns }, (_, i) => spec.align?.[i] ?? "left") };
}

/** Natural (unwrapped) and minimum widths of each column, padding included. */
export function measureTable(
  ts: Typesetter,
  spec: TableSpec,
  style: TableStyle = TABLE_STYLE,
): { natural: number[]; min: number[] } {
  return measure(prepare(ts, spec, style), style);
}

function measure(t: Prepared, style: TableStyle): { natural: number[]; min: number[] } {
  const natural = new Array(t.columns).fill(0);
  const min = new Array(t.columns).fill(0);
  const cap = MIN_WORD_EMS * style.size;
  const pad = 2 * style.padX + 0.5;
  const sizeOf = (cell: Cell) => {
    let line = 0, widest = 0, word = 0;
    for (const tk of cell.tokens) {
      line = tk.kind === "break" ? 0 : line + tk.width;
      if (tk.kind === "word") word = Math.max(word, Math.min(tk.width, cap));
      widest = Math.max(widest, line);
    }
    return { natural: widest + pad, min: word + pad };
  };
  const all = [t.header, ...t.rows, ...t.foot];
  for (const cell of all.flat()) {
    if (cell.span !== 1) continue;
    const s = sizeOf(cell);
    natural[cell.col] = Math.max(natural[cell.col], s.natural);
    min[cell.col] = Math.max(min[cell.col], s.min);
  }
  // A spanning cell wider than its columns widens the widest of them.
  for (const cell of all.flat()) {
    if (cell.span === 1) continue;
    const s = sizeOf(cell);
    const cols = Array.from({ length: cell.span }, (_, k) => cell.col + k);
    const target = cols.reduce((a, c) => natural[c] > natural[a] ? c : a, cols[0]);
    for (const [list, need] of [[natural, s.natural], [min, s.min]] as const) {
      const have = cols.reduce((a, c) => a + list[c], 0);
      if (need > have) list[target] += need - have;
    }
  }
  return { natural, min };
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

/** One page's worth of a row: the lines of each cell and the height. */
interface Part {
  cells: { cell: Cell; lines: Line[] }[];
  height: number;
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
  const xs = [layout.left];
  for (const w of widths) xs.push(xs[xs.length - 1] + w);
  const lh = style.size * LEADING;
  const pageRoom = layout.bottom - layout.geo.top;
  const left = layout.left;
  const right = layout.left + layout.width;

  /** A row's cells as lines, in parts of at most `maxLines` lines (one part unless it is huge). */
  const laidOut = (row: Cell[], maxLines: number): Part[] => {
    const cells = row.map((cell) => ({
      cell,
      lines: wrap(ts, cell.tokens, Math.max(1, xs[cell.col + cell.span] - xs[cell.col] - 2 * style.padX)),
    }));
    const count = Math.max(1, ...cells.map((c) => c.lines.length));
    const parts: Part[] = [];
    for (let from = 0; from < count; from += maxLines) {
      const slice = cells.map((c) => ({ cell: c.cell, lines: c.lines.slice(from, from + maxLines) }));
      parts.push({ cells: slice, height: Math.max(1, ...slice.map((c) => c.lines.length)) * lh + 2 * style.padY });
    }
    return parts;
  };
  const drawPart = (part: Part, color: Color = COLORS.text) => {
    for (const { cell, lines } of part.cells) {
      lines.forEach((line, i) => {
        const x = t.align[cell.col] === "right"
          ? xs[cell.col + cell.span] - style.padX - line.width
          : xs[cell.col] + style.padX;
        layout.drawLine(line, x, layout.y + style.padY + i * lh, lh, color);
      });
    }
    layout.y += part.height;
  };
  const rule = (width: number, color: Color) =>
    layout.ops.push({ kind: "line", x1: left, y1: layout.y, x2: right, y2: layout.y, width, color });
  const fill = (height: number, color: Color) =>
    layout.ops.push({ kind: "rect", x: left, y: layout.y, w: layout.width, h: height, fill: color });

  const header = t.header.length ? laidOut(t.header, Math.max(1, Math.floor(pageRoom / 3 / lh)))[0] : undefined;
  // Room for a row on a page of its own, under the "continued" line and the header row.
  const maxLines = Math.max(1, Math.floor((pageRoom - (header?.height ?? 0) - 2 * lh - 2 * style.padY - 4) / lh));
  const drawHeader = () => {
    if (!header) return;
    fill(header.height, COLORS.headerFill);
    drawPart(header, COLORS.strong);
    rule(0.75, COLORS.muted);
  };
  const continueOnNewPage = () => {
    layout.newPage();
    if (spec.continued) {
      layout.text([{ text: spec.continued, italic: true }], { size: style.size, color: COLORS.muted });
      layout.y += 2;
    }
    drawHeader();
  };

  const rows = t.rows.map((r) => laidOut(r, maxLines));
  const foot = t.foot.map((r) => laidOut(r, maxLines));
  const first = rows[0]?.[0] ?? foot[0]?.[0];
  layout.ensure((header?.height ?? 0) + (first?.height ?? 0));
  drawHeader();
  rows.forEach((parts, i) => {
    // A row taller than a whole page is the only one drawn in parts, each on its own page.
    for (const part of parts) {
      if (part.height > layout.room) continueOnNewPage();
      if (i % 2 === 1) fill(part.height, COLORS.zebra);
      drawPart(part);
    }
  });
  foot.forEach((parts, i) => {
    for (const [k, part] of parts.entries()) {
      if (part.height + 1 > layout.room) continueOnNewPage();
      if (i === 0 && k === 0) {
        rule(1, COLORS.strong);
        layout.y += 1;
      }
      drawPart(part);
    }
  });
  if (!foot.length && rows.length) rule(0.5, COLORS.rule);
}
