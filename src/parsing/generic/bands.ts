/**
 * Column bands: the x ranges of a table's columns, from the header's words refined by the values
 * printed under them (money is usually right-aligned: its right edges line up, wherever the
 * header sits), and the assignment of a line's text to those columns.
 */
import { type DecimalSeparator, parseAmount } from "../amounts.ts";
import type { Line } from "../types.ts";
import { type Cell, cellsOf, joinCells, lineHeight, wordsOf } from "./cells.ts";
import type { Column } from "./table.ts";
import { DATE_ROLES, MONEY_ROLES } from "./vocab.ts";
import { parseDateToken } from "../dates.ts";

/** A column with its band [lo, hi) and where its values line up. */
export interface Band extends Column {
  money: boolean;
  lo: number;
  hi: number;
  /** Money: x of the aligned edge of its values, and which edge. */
  anchor: number;
  align: "left" | "right";
}

/** The bands of one table. */
export interface Bands {
  cols: Band[];
  /** Text left of `left` or right of `right` is outside the table. */
  left: number;
  right: number;
  sep: DecimalSeparator;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Distance from a value to a column's header, whichever way the value is aligned. */
function headerDistance(c: Cell, col: Column): number {
  const cc = (c.x + c.xEnd) / 2;
  return Math.min(Math.abs(c.xEnd - col.xEnd), Math.abs(c.x - col.x), Math.abs(cc - (col.x + col.xEnd) / 2));
}

/** Builds the bands of a table from its header columns and the lines printed under it. */
export function buildBands(columns: Column[], data: Line[], sep: DecimalSeparator): Bands {
  const cols = [...columns].sort((a, b) => a.x - b.x);
  const money = cols.map((c) => MONEY_ROLES.includes(c.role));
  const descX = cols.find((c) => c.role === "description")?.x ?? -Infinity;
  const values: Cell[][] = cols.map(() => []);
  let height = 8;
  for (const line of data) {
    height = Math.max(height, Math.min(lineHeight(line), 14));
    for (const cell of cellsOf(line)) {
      if (!parseAmount(cell.text, sep)) continue;
      let best = -1;
      let bestD = Infinity;
      cols.forEach((col, i) => {
        const d = money[i] ? headerDistance(cell, col) : Infinity;
        if (d < bestD) [best, bestD] = [i, d];
      });
      // Money inside a description ("FX 266.89 EUR") is not a value of a column right of it.
      if (best < 0 || (cell.x <= descX && cols[best].x > descX)) continue;
      if (bestD <= Math.max(40, 1.5 * (cell.xEnd - cell.x))) values[best].push(cell);
    }
  }
  const bands: Band[] = cols.map((col, i) => {
    const v = values[i];
    if (!money[i]) return { ...col, money: false, lo: col.x, hi: col.xEnd, anchor: col.x, align: "left" };
    if (v.length === 0) return { ...col, money: true, lo: col.x, hi: col.xEnd, anchor: col.xEnd, align: "right" };
    const ends = v.map((c) => c.xEnd);
    const starts = v.map((c) => c.x);
    const rightAligned = Math.max(...ends) - Math.min(...ends) <= Math.max(...starts) - Math.min(...starts) + 0.5;
    return {
      ...col,
      money: true,
      lo: Math.min(col.x, ...starts),
      hi: Math.max(col.xEnd, ...ends),
      anchor: rightAligned ? median(ends) : median(starts),
      align: rightAligned ? "right" : "left",
    };
  });
  // Boundaries between neighbours: text starts at its header; money sits between its neighbours.
  for (let i = 0; i + 1 < bands.length; i++) {
    const a = bands[i];
    const b = bands[i + 1];
    let boundary: number;
    if (!b.money) boundary = b.x - 2;
    else if (a.money) boundary = a.hi < b.lo ? (a.hi + b.lo) / 2 : (a.xEnd + b.x) / 2;
    else boundary = Math.max(b.lo - 2, a.x + 1);
    a.hi = boundary;
    b.lo = boundary;
  }
  const first = bands[0];
  const last = bands[bands.length - 1];
  const margin = Math.max(10, 1.5 * height);
  const left = first.x - margin;
  const right = last.money ? last.hi + margin : Infinity;
  first.lo = left;
  last.hi = right;
  return { cols: bands, left, right, sep };
}

/** Index of the band containing x, or -1. */
function bandAt(bands: Bands, x: number): number {
  return bands.cols.findIndex((b) => x >= b.lo && x < b.hi);
}

/** The money band whose values line up best with a money cell. */
function nearestMoney(bands: Bands, c: Cell, near: number): number {
  let best = near;
  let bestD = Infinity;
  bands.cols.forEach((b, i) => {
    if (!b.money) return;
    const d = Math.abs((b.align === "right" ? c.xEnd : c.x) - b.anchor);
    if (d < bestD) [best, bestD] = [i, d];
  });
  return best;
}

/** A line's text by column (index into `bands.cols`), plus what lies outside the table. */
export interface Assigned {
  cells: Cell[][];
  outside: Cell[];
}

/** Assigns each piece of a line to a column; an item straddling columns is split at its words. */
export function assign(line: Line, bands: Bands): Assigned {
  const cells: Cell[][] = bands.cols.map(() => []);
  const outside: Cell[] = [];
  for (const cell of cellsOf(line)) {
    if (cell.xEnd <= bands.left || cell.x >= bands.right) {
      outside.push(cell);
      continue;
    }
    const mid = (cell.x + cell.xEnd) / 2;
    const atMid = bandAt(bands, mid);
    if (atMid >= 0 && bands.cols[atMid].money && parseAmount(cell.text, bands.sep)) {
      cells[nearestMoney(bands, cell, atMid)].push(cell);
      continue;
    }
    const a = bandAt(bands, cell.x + 0.5);
    const b = bandAt(bands, cell.xEnd - 0.5);
    if (a === b && a >= 0) {
      cells[a].push(cell);
      continue;
    }
    for (const [col, piece] of splitStraddling(cell, line, bands)) (col >= 0 ? cells[col] : outside).push(piece);
  }
  moveStrayText(cells, bands);
  return { cells, outside };
}

/**
 * Splits an item that spans columns (extraction joined cells whose gap was small): a date at its
 * start goes to the date column, an amount at its end to the money column under it, and the rest
 * by where each word sits.
 */
function splitStraddling(cell: Cell, line: Line, bands: Bands): [number, Cell][] {
  let words = wordsOf({ ...cell, y: line.y, height: 0 });
  const out: [number, Cell][] = [];
  let col = bandAt(bands, words[0].x + 0.5);
  while (col >= 0 && DATE_ROLES.includes(bands.cols[col].role) && words.length > 1) {
    let n = Math.min(5, words.length - 1);
    while (n > 0 && !parseDateToken(words.slice(0, n).map((w) => w.text).join(" "))) n--;
    if (n === 0) break;
    out.push([col, joinCells(words.slice(0, n))]);
    words = words.slice(n);
    const next = col + 1 < bands.cols.length ? col + 1 : -1;
    col = next >= 0 && DATE_ROLES.includes(bands.cols[next].role) ? next : -1;
    if (col < 0) {
      const at = bandAt(bands, words[0].x + 0.5);
      col = at >= 0 && !DATE_ROLES.includes(bands.cols[at].role)
        ? at
        : bands.cols.findIndex((b) => b.role === "description");
      out.push(...splitRest(words, bands, col));
      return out;
    }
  }
  out.push(...splitRest(words, bands, -1));
  return out;
}

/** Words after any leading date: a trailing amount under a money band splits off; the rest by position. */
function splitRest(words: Cell[], bands: Bands, startCol: number): [number, Cell][] {
  const out: [number, Cell][] = [];
  for (let n = Math.min(3, words.length - 1); n >= 1; n--) {
    const tail = joinCells(words.slice(-n));
    const at = bandAt(bands, (tail.x + tail.xEnd) / 2);
    if (at >= 0 && bands.cols[at].money && parseAmount(tail.text, bands.sep)) {
      out.push(...splitRest(words.slice(0, -n), bands, startCol), [nearestMoney(bands, tail, at), tail]);
      return out;
    }
  }
  if (startCol >= 0) return [[startCol, joinCells(words)]];
  let run: Cell[] = [];
  let runCol = -2;
  const flush = () => {
    if (run.length) out.push([runCol, joinCells(run)]);
    run = [];
  };
  for (const w of words) {
    const c = bandAt(bands, (w.x + w.xEnd) / 2);
    if (c !== runCol) flush();
    runCol = c;
    run.push(w);
  }
  flush();
  return out;
}

/**
 * Text in a money column that is not money (a long description running under the amount's
 * header) goes back to the description column on its left.
 */
function moveStrayText(cells: Cell[][], bands: Bands): void {
  bands.cols.forEach((b, i) => {
    if (!b.money) return;
    if (!cells[i].length || parseAmount(textOf(cells[i]), bands.sep)) return;
    const stray = cells[i].filter((c) => !parseAmount(c.text, bands.sep) && !MARK.test(c.text));
    if (!stray.length) return;
    let j = i - 1;
    while (j >= 0 && bands.cols[j].money) j--;
    if (j < 0 || bands.cols[j].role !== "description") return;
    cells[i] = cells[i].filter((c) => !stray.includes(c));
    cells[j].push(...stray);
    cells[j].sort((a, c) => a.x - c.x);
  });
}

/** Pieces printed beside an amount: its currency or sign mark. */
const MARK = /^(?:CR|DR|Cr|Dr|D|C|S|H|-|\+|[$€£]|USD|EUR|GBP)$/;

/** The text of a column's pieces joined by single spaces. */
export const textOf = (cells: Cell[]): string => cells.map((c) => c.text).join(" ").replace(/\s+/g, " ").trim();
