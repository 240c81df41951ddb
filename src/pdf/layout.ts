/**
 * The page model: US Letter pages of drawing operations, a cursor that moves down the page and
 * breaks to a new page, and drawing of wrapped text. Pages are drawn into a PDF only at the
 * end ({@link ./render.ts}), when the page count is known for "Page N of M".
 */
import type { FontKey } from "./fonts.ts";
import type { Piece, Typesetter } from "./text.ts";
import { type Line, tokenize, wrap } from "./wrap.ts";
import type { Run } from "./types.ts";

/** An RGB colour, components 0–1. */
export type Color = readonly [number, number, number];

/** A drawing operation; coordinates in points from the top-left corner of the page. */
export type Op =
  | { kind: "text"; x: number; y: number; size: number; font: FontKey; text: string; color: Color }
  | { kind: "line"; x1: number; y1: number; x2: number; y2: number; width: number; color: Color }
  | { kind: "rect"; x: number; y: number; w: number; h: number; fill?: Color; stroke?: Color };

/** Page size and margins in points. */
export interface Geometry {
  width: number;
  height: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** US Letter, portrait: 8.5 × 11 in, ¾ in side margins, room for the running header and footer. */
export const LETTER: Geometry = { width: 612, height: 792, top: 72, bottom: 66, left: 54, right: 54 };
/** US Letter, landscape. */
export const LETTER_LANDSCAPE: Geometry = { ...LETTER, width: 792, height: 612 };

/** The palette. */
export const COLORS = {
  text: [0.11, 0.13, 0.16],
  muted: [0.42, 0.45, 0.5],
  rule: [0.78, 0.8, 0.83],
  strong: [0.2, 0.22, 0.26],
  headerFill: [0.93, 0.94, 0.96],
  zebra: [0.972, 0.976, 0.982],
  warnFill: [1, 0.968, 0.88],
  warnStroke: [0.9, 0.72, 0.3],
  warnText: [0.42, 0.27, 0.02],
} as const satisfies Record<string, Color>;

/** Text options of {@link Layout.text}. */
export interface TextOptions {
  size: number;
  /** Line height as a multiple of the size. */
  leading?: number;
  bold?: boolean;
  color?: Color;
  /** Left indent from the margin, in points. */
  indent?: number;
  /** Width to wrap to (default: the rest of the line). */
  width?: number;
}

/** Lays out pages of operations. */
export class Layout {
  readonly pages: Op[][] = [];
  /** Distance of the cursor from the top of the page. */
  y = 0;

  constructor(readonly ts: Typesetter, readonly geo: Geometry) {
    this.newPage();
  }

  /** The current page's operations. */
  get ops(): Op[] {
    return this.pages[this.pages.length - 1];
  }
  get left(): number {
    return this.geo.left;
  }
  get width(): number {
    return this.geo.width - this.geo.left - this.geo.right;
  }
  get bottom(): number {
    return this.geo.height - this.geo.bottom;
  }
  /** Room left on the page. */
  get room(): number {
    return this.bottom - this.y;
  }
  /** Whether nothing has been laid out on this page yet. */
  get atTop(): boolean {
    return this.y <= this.geo.top;
  }

  /** Starts a new page. */
  newPage(): void {
    this.pages.push([]);
    this.y = this.geo.top;
  }

  /** Starts a new page unless `height` fits; true when it broke the page. */
  ensure(height: number): boolean {
    if (height <= this.room || this.atTop) return false;
    this.newPage();
    return true;
  }

  /** Moves the cursor down, except at the top of a page. */
  space(points: number): void {
    if (!this.atTop) this.y = Math.min(this.y + points, this.bottom);
  }

  /** Wraps runs to lines. */
  lines(runs: Run[], size: number, width: number, bold = false): Line[] {
    return wrap(this.ts, tokenize(this.ts, runs, size, bold), width);
  }

  /** Draws one line whose top is at `top`. */
  drawLine(line: Line | Piece[], x: number, top: number, lineHeight: number, color: Color): void {
    const pieces = Array.isArray(line) ? line : line.pieces;
    const size = pieces.reduce((m, p) => Math.max(m, p.size), 0);
    const baseline = top + (lineHeight - size) / 2 + size * 0.8;
    let cx = x;
    for (const p of pieces) {
      if (p.text.trim()) {
        this.ops.push({ kind: "text", x: cx, y: baseline, size: p.size, font: p.font, text: p.text, color });
      }
      cx += p.width;
    }
  }

  /** Wrapped text from the cursor, breaking pages between lines. Returns the lines drawn. */
  text(runs: Run[], opts: TextOptions): Line[] {
    const indent = opts.indent ?? 0;
    const lh = opts.size * (opts.leading ?? 1.4);
    const lines = this.lines(runs, opts.size, opts.width ?? this.width - indent, opts.bold);
    for (const line of lines) {
      this.ensure(lh);
      this.drawLine(line, this.left + indent, this.y, lh, opts.color ?? COLORS.text);
      this.y += lh;
    }
    return lines;
  }

  /** A horizontal rule across the text width at the cursor. */
  rule(color: Color = COLORS.rule, width = 0.75): void {
    this.ops.push({ kind: "line", x1: this.left, y1: this.y, x2: this.left + this.width, y2: this.y, width, color });
  }
}
