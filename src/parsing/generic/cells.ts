/** Pieces of a line with positions: items (cells) and the words inside them. */
import type { Line, TextItem } from "../types.ts";

/** A piece of text on a line with its horizontal extent. */
export interface Cell {
  text: string;
  x: number;
  xEnd: number;
}

/** The words of an item, with x positions estimated from character offsets. */
export function wordsOf(item: TextItem): Cell[] {
  const len = item.text.length || 1;
  const cw = (item.xEnd - item.x) / len;
  const out: Cell[] = [];
  for (const m of item.text.matchAll(/\S+/g)) {
    const x = item.x + m.index! * cw;
    out.push({ text: m[0], x, xEnd: x + m[0].length * cw });
  }
  return out;
}

/** A run of words joined back into one cell. */
export function joinCells(words: Cell[]): Cell {
  return { text: words.map((w) => w.text).join(" "), x: words[0].x, xEnd: words[words.length - 1].xEnd };
}

/** The items of a line as cells, sorted by x. */
export function cellsOf(line: Line): Cell[] {
  return line.items.map((i) => ({ text: i.text, x: i.x, xEnd: i.xEnd })).sort((a, b) => a.x - b.x);
}

/** Font height of a line (the tallest item). */
export function lineHeight(line: Line): number {
  return Math.max(1, ...line.items.map((i) => i.height || 0));
}

/** How much two ranges overlap (negative: the gap between them). */
export function overlap(a: { x: number; xEnd: number }, b: { x: number; xEnd: number }): number {
  return Math.min(a.xEnd, b.xEnd) - Math.max(a.x, b.x);
}
