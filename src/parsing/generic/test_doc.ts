/**
 * Builds {@link ExtractedDocument}s by hand for the generic parser's tests: a page is a list of
 * rows, each row a list of cells placed by left edge (`[x, "text"]`) or right edge (`[x, "text", "r"]`).
 * Text is 4.5 pt per character at 9 pt; rows go down the page 13 pt apart unless a y is given.
 */
import type { ExtractedDocument, Line, TextItem } from "../types.ts";

/** A cell: left x and text, or right x, text and "r" for right-aligned. */
export type CellSpec = [number, string] | [number, string, "r"];

/** A row: its cells, or `{ y, cells }` to place it. */
export type RowSpec = CellSpec[] | { y: number; cells: CellSpec[]; size?: number };

const CHAR = 4.5;

function item(c: CellSpec, y: number, size: number): TextItem {
  const w = c[1].length * CHAR * (size / 9);
  const x = c[2] === "r" ? c[0] - w : c[0];
  return { text: c[1], x, xEnd: x + w, y, height: size };
}

/** A document of `pages` (rows top to bottom); `furniture` rows are the repeated page header. */
export function makeDoc(pages: RowSpec[][], furniture: RowSpec[] = []): ExtractedDocument {
  const lines: Line[] = [];
  const furn: Line[] = [];
  pages.forEach((rows, p) => {
    const build = (spec: RowSpec[], out: Line[], top: number) => {
      let y = top;
      spec.forEach((r, index) => {
        const row = Array.isArray(r) ? { y: y -= 13, cells: r, size: 9 } : r;
        if (!Array.isArray(r)) y = r.y;
        const items = row.cells.map((c) => item(c, row.y, row.size ?? 9)).sort((a, b) => a.x - b.x);
        out.push({ page: p + 1, y: row.y, index, items, text: items.map((i) => i.text).join(" ") });
      });
    };
    build(furniture, furn, 780);
    build(rows, lines, 740);
  });
  return { pages: pages.length, pageWidth: 612, pageHeight: 792, lines, furniture: furn };
}
