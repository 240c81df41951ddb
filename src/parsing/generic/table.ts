/**
 * Finds transaction table headers by their words ("Date  Description  Withdrawals  Deposits
 * Balance", "Buchungstag  Verwendungszweck  Betrag", "Date opé.  Libellé  Débit  Crédit") — on one
 * line or split over two ("Posting / Date") — and turns them into columns with x ranges.
 */
import type { Line } from "../types.ts";
import { type Cell, cellsOf, lineHeight, overlap, wordsOf } from "./cells.ts";
import {
  DATE_ROLES,
  HEADER_FILLERS,
  HEADER_PHRASES,
  MAX_PHRASE_WORDS,
  MONEY_ROLES,
  normWords,
  type Role,
} from "./vocab.ts";

/** A column of a transaction table: its role, header words and header x range. */
export interface Column {
  role: Role;
  label: string;
  x: number;
  xEnd: number;
}

/** A header row: the line(s) it spans (indexes into the document's lines) and its columns, left to right. */
export interface Header {
  first: number;
  last: number;
  columns: Column[];
}

interface Evaluation {
  columns: Column[];
  unknown: number;
  total: number;
}

/** Matches header phrases in a cell's words, longest first; a cell may hold several columns. */
function matchCell(cell: Cell & { words: Cell[] }): Evaluation {
  const subs: Cell[] = [];
  for (const w of cell.words) for (const s of normWords(w.text)) subs.push({ text: s, x: w.x, xEnd: w.xEnd });
  const columns: Column[] = [];
  let unknown = 0;
  let total = 0;
  let i = 0;
  while (i < subs.length) {
    let found = false;
    for (let n = Math.min(MAX_PHRASE_WORDS, subs.length - i); n >= 1; n--) {
      const phrase = subs.slice(i, i + n).map((s) => s.text).join(" ");
      const role = HEADER_PHRASES.get(phrase);
      if (!role) continue;
      const label = phrase;
      columns.push({ role, label, x: subs[i].x, xEnd: subs[i + n - 1].xEnd });
      total += n;
      i += n;
      found = true;
      break;
    }
    if (found) continue;
    if (!HEADER_FILLERS.has(subs[i].text)) {
      unknown++;
      total++;
    }
    i++;
  }
  // One column with other words in its cell ("Payment type and details"): the column is the whole cell.
  const real = columns.filter((c) => c.role !== "other");
  if (real.length === 1 && columns.length + unknown > 1) {
    return { columns: [{ ...real[0], x: cell.x, xEnd: cell.xEnd }], unknown, total };
  }
  return { columns, unknown, total };
}

type WordCell = Cell & { words: Cell[] };

function wordCells(line: Line): WordCell[] {
  return cellsOf(line).map((c) => ({ ...c, words: wordsOf({ ...c, y: 0, height: 0 }) }));
}

/** Stacks the cells of two header lines that sit above each other ("Posting" over "Date"). */
function stack(upper: WordCell[], lower: WordCell[]): WordCell[] | null {
  const out = lower.map((c) => ({ ...c, words: [...c.words], top: [] as Cell[] }));
  const alone: WordCell[] = [];
  for (const u of upper) {
    let best: (typeof out)[number] | null = null;
    let bestOv = -Infinity;
    // A title spanning several columns is not half of a header.
    if (out.filter((l) => overlap(u, l) > 0).length > 1) return null;
    for (const l of out) {
      const ov = overlap(u, l);
      const tol = -0.5 * Math.min(u.xEnd - u.x, l.xEnd - l.x);
      if (ov > tol && ov > bestOv) {
        best = l;
        bestOv = ov;
      }
    }
    if (best) best.top.push(...u.words);
    else alone.push(u);
  }
  const merged = out.map(({ top, ...c }) => {
    const words = [...top, ...c.words];
    return {
      text: words.map((w) => w.text).join(" "),
      x: Math.min(...words.map((w) => w.x)),
      xEnd: Math.max(...words.map((w) => w.xEnd)),
      words,
    };
  });
  return [...merged, ...alone].sort((a, b) => a.x - b.x);
}

/** Drops cells with numbers at either end of a header line (a text block beside the table: "Call 1-800-…"). */
function trimNumbered(cells: WordCell[]): WordCell[] {
  let a = 0;
  let b = cells.length;
  while (a < b && /\d{2}/.test(cells[a].text)) a++;
  while (b > a && /\d{2}/.test(cells[b - 1].text)) b--;
  return cells.slice(a, b);
}

function evaluate(cells: WordCell[] | null): Evaluation | null {
  if (!cells || cells.some((c) => /\d{2}/.test(c.text))) return null;
  const columns: Column[] = [];
  let unknown = 0;
  let total = 0;
  for (const c of cells) {
    const e = matchCell(c);
    columns.push(...e.columns);
    unknown += e.unknown;
    total += e.total;
  }
  columns.sort((a, b) => a.x - b.x);
  return { columns, unknown, total };
}

/** True when the columns make a transaction table: a date, a description and money. */
export function isTable(columns: Column[]): boolean {
  const roles = new Set(columns.map((c) => c.role));
  const hasDate = DATE_ROLES.some((r) => roles.has(r));
  const hasMoney = ["amount", "debit", "credit"].some((r) => roles.has(r as Role));
  return hasDate && roles.has("description") && hasMoney;
}

function valid(e: Evaluation | null): e is Evaluation {
  return !!e && isTable(e.columns) && e.unknown * 3 <= e.total && e.columns.length <= 12;
}

/** The header starting at `lines[i]` (one line, or two stacked lines), or null. */
export function headerAt(lines: Line[], i: number): Header | null {
  const line = lines[i];
  if (!line || line.items.length === 0 || line.text.length > 200) return null;
  const raw = wordCells(line);
  const cells = trimNumbered(raw);
  if (cells.length === 0) return null;
  const single = evaluate(cells);
  const next = lines[i + 1];
  let pair: Evaluation | null = null;
  if (next && next.page === line.page && cells.length === raw.length && line.y - next.y <= 1.6 * lineHeight(line)) {
    pair = evaluate(stack(cells, wordCells(next)));
    // Both halves must read as header words.
    if (pair && (!single || single.total === 0 || single.unknown * 2 > single.total)) pair = null;
  }
  if (valid(pair) && (!valid(single) || pair.columns.length >= single.columns.length)) {
    return { first: i, last: i + 1, columns: pair.columns };
  }
  if (valid(single)) return { first: i, last: i, columns: single.columns };
  return null;
}

/** Every header in the document, in order (a two-line header is reported once). */
export function findHeaders(lines: Line[]): Header[] {
  const out: Header[] = [];
  for (let i = 0; i < lines.length; i++) {
    const h = headerAt(lines, i);
    if (!h) continue;
    out.push(h);
    i = h.last;
  }
  return out;
}

/** Money columns of a header, left to right. */
export const moneyColumns = (cols: Column[]): Column[] => cols.filter((c) => MONEY_ROLES.includes(c.role));

/**
 * Which date column is the transaction date and which the posting date: a header that says so
 * wins ("Post Date", "Buchungstag" is posting; "Trans Date", "Date opé." is the transaction);
 * otherwise the first is the transaction date and the second the posting date.
 */
export function dateColumns(cols: Column[]): { date: number; posted: number | null } {
  const idx = cols.map((c, i) => (DATE_ROLES.includes(c.role) ? i : -1)).filter((i) => i >= 0);
  if (idx.length === 0) return { date: -1, posted: null };
  if (idx.length === 1) return { date: idx[0], posted: null };
  const tx = idx.find((i) => cols[i].role === "txdate");
  const post = idx.find((i) => cols[i].role === "postdate");
  if (tx !== undefined) return { date: tx, posted: post ?? idx.find((i) => i !== tx)! };
  if (post !== undefined) return { date: idx.find((i) => i !== post)!, posted: post };
  return { date: idx[0], posted: idx[1] };
}
