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
/** The style of last resort, when no size keeps every column's longest word (long words then break). */
export const SMALLEST_TABLE_STYLE: TableStyle = { ...TABLE_STYLE, size: 7, padX: 3 };

/** The table style at a type size: tighter padding below 8 pt. */
export function tableStyleAt(size: number): TableStyle {
  return { ...TABLE_STYLE, size, padX: size < 8 ? 3.5 : TABLE_STYLE.padX };
}

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

/** Whether every column of the table keeps its longest word within `width` points. */
export function tableFits(ts: Typesetter, spec: TableSpec, style: TableStyle, width: number): boolean {
  return measureTable(ts, spec, style).min.reduce((a, b) => a + b, 0) <= width;
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

  /** A row's cells as lines. */
  const laidOut = (row: Cell[]): Part => {
    const cells = row.map((cell) => ({
      cell,
      lines: wrap(ts, cell.tokens, Math.max(1, xs[cell.col + cell.span] - xs[cell.col] - 2 * style.padX)),
    }));
    return { cells, height: heightOf(cells) };
  };
  const heightOf = (cells: Part["cells"]) => Math.max(1, ...cells.map((c) => c.lines.length)) * lh + 2 * style.padY;
  /** The first `n` lines of a row, and the rest. */
  const split = (part: Part, n: number): [Part, Part] => {
    const head = part.cells.map((c) => ({ cell: c.cell, lines: c.lines.slice(0, n) }));
    const tail = part.cells.map((c) => ({ cell: c.cell, lines: c.lines.slice(n) }));
    return [{ cells: head, height: heightOf(head) }, { cells: tail, height: heightOf(tail) }];
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

  const header = t.header.length ? split(laidOut(t.header), Math.max(1, Math.floor(pageRoom / 3 / lh)))[0] : undefined;
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

  const rows = t.rows.map(laidOut);
  const foot = t.foot.map(laidOut);
  const first = rows[0] ?? foot[0];
  layout.ensure((header?.height ?? 0) + Math.min(first?.height ?? 0, 3 * lh));
  drawHeader();
  const capacity = maxLines * lh + 2 * style.padY; // the tallest row a fresh page holds
  const paint = (part: Part, zebra: boolean, before?: () => void) => {
    before?.();
    if (zebra) fill(part.height, COLORS.zebra);
    drawPart(part);
  };
  /**
   * Draws a row whole, on the next page when it does not fit here. Only a row taller than a
   * page is split: it fills this page and goes on under the repeated header.
   */
  const drawRow = (row: Part, zebra: boolean, before?: () => void) => {
    let rest = row;
    while (rest.height > capacity && rest.height > layout.room) {
      const fits = Math.floor((layout.room - 2 * style.padY - 1) / lh);
      if (fits < Math.min(2, maxLines)) {
        continueOnNewPage();
        continue;
      }
      const [now, later] = split(rest, fits);
      paint(now, zebra, before);
      before = undefined;
      rest = later;
      continueOnNewPage();
    }
    if (rest.height + (before ? 1 : 0) > layout.room) continueOnNewPage();
    paint(rest, zebra, before);
  };
  rows.forEach((row, i) => drawRow(row, i % 2 === 1));
  foot.forEach((row, i) =>
    drawRow(
      row,
      false,
      i === 0
        ? () => {
          rule(1, COLORS.strong);
          layout.y += 1;
        }
        : undefined,
    )
  );
  if (!foot.length && rows.length) rule(0.5, COLORS.rule);
}
