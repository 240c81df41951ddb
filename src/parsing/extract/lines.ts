/**
 * Turns positioned text runs into visual lines: items on one baseline become a {@link Line},
 * runs closer than about a space are merged into one {@link TextItem} (so "ACH DEPOSIT" stays
 * whole while column gaps stay separate), and repeated page headers/footers are set aside.
 * Pure functions, no PDF library: easy to test and shared by every extractor.
 */
import type { Line, TextItem } from "../types.ts";

/** A text run as the PDF library reports it (user space, origin bottom-left). */
export interface RawItem {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Font size in user space. */
  size: number;
  /** The font is monospaced (its space is as wide as any glyph). */
  monospace?: boolean;
}

/** Gap (in font sizes) under which two runs on a line are one item: a bit more than a space. */
const MERGE_GAP = 0.4;
const MERGE_GAP_MONOSPACE = 0.75;
/** Runs of this many spaces inside one run are a column gap, not a word gap. */
const COLUMN_SPACES = /\s{3,}/;

const round = (n: number) => Math.round(n * 100) / 100;

/** Drops blank runs and trims spaces at the ends of a run, moving its edges accordingly. */
function clean(item: RawItem): RawItem | null {
  // deno-lint-ignore no-control-regex -- control characters in PDF text are layout, not content
  const text = item.text.replace(/[\u0000-\u001f\u00a0\u2000-\u200b\u202f\u3000]/g, " ");
  const trimmed = text.trim();
  if (!trimmed) return null;
  const charWidth = text.length ? item.width / text.length : 0;
  const lead = text.length - text.trimStart().length;
  const trail = text.length - text.trimEnd().length;
  return {
    ...item,
    text: trimmed,
    x: item.x + lead * charWidth,
    width: Math.max(0, item.width - (lead + trail) * charWidth),
  };
}

/** Overprinted runs (fake bold draws the same text twice, slightly shifted) are kept once. */
function isDuplicate(a: RawItem, b: RawItem): boolean {
  const tol = 0.25 * Math.max(a.size, b.size, 1);
  return a.text === b.text && Math.abs(a.x - b.x) < tol && Math.abs(a.y - b.y) < tol;
}

/** Splits a run on wide runs of spaces (layouts that align columns with spaces). */
function splitColumns(item: TextItem): TextItem[] {
  if (!COLUMN_SPACES.test(item.text)) return [item];
  const charWidth = (item.xEnd - item.x) / item.text.length;
  const out: TextItem[] = [];
  const re = /\S+(?:\s{1,2}\S+)*/g;
  for (const m of item.text.matchAll(re)) {
    const x = item.x + m.index * charWidth;
    out.push({ ...item, text: m[0], x: round(x), xEnd: round(x + m[0].length * charWidth) });
  }
  return out;
}

/** Merges the runs of one visual line (sorted by x) into items. */
function mergeRuns(runs: RawItem[]): TextItem[] {
  type Run = TextItem & { monospace: boolean };
  const items: Run[] = [];
  let cur: Run | null = null;
  for (const r of runs) {
    const xEnd = r.x + r.width;
    if (cur) {
      const size = Math.max(cur.height, r.size);
      const gap = r.x - cur.xEnd;
      const limit = (cur.monospace || r.monospace ? MERGE_GAP_MONOSPACE : MERGE_GAP) * size;
      if (gap < limit) {
        const space = gap > 0.1 * size ? " " : "";
        cur.text += space + r.text;
        cur.xEnd = Math.max(cur.xEnd, xEnd);
        cur.height = size;
        continue;
      }
      items.push(cur);
    }
    cur = { text: r.text, x: r.x, xEnd, y: r.y, height: r.size, monospace: !!r.monospace };
  }
  if (cur) items.push(cur);
  return items.flatMap(({ monospace: _, ...item }) =>
    splitColumns({ ...item, x: round(item.x), xEnd: round(item.xEnd), y: round(item.y), height: round(item.height) })
  );
}

/**
 * Groups one page's runs into lines, top to bottom. Runs join a line when their baselines are
 * within a third of the font size (at least 1 pt), so columns drawn on one baseline are one line.
 */
export function buildPageLines(raw: RawItem[], page: number): Line[] {
  const runs: RawItem[] = [];
  for (const r of raw) {
    const c = clean(r);
    if (c && !runs.some((o) => isDuplicate(o, c))) runs.push(c);
  }
  runs.sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: RawItem[][] = [];
  let group: RawItem[] = [];
  let groupY = 0;
  let groupSize = 0;
  for (const r of runs) {
    const tol = Math.max(1, 0.35 * Math.min(groupSize || r.size, r.size));
    if (group.length && groupY - r.y <= tol) {
      group.push(r);
      continue;
    }
    if (group.length) groups.push(group);
    group = [r];
    groupY = r.y;
    groupSize = r.size;
  }
  if (group.length) groups.push(group);
  return groups.map((g, index) => {
    g.sort((a, b) => a.x - b.x);
    const items = mergeRuns(g);
    // The baseline shared by most of the text: the y of the widest run.
    const main = g.reduce((a, b) => (b.width > a.width ? b : a));
    return { page, y: round(main.y), index, items, text: items.map((i) => i.text).join(" ") };
  });
}

/** The text of a line with digits masked, so "Page 2 of 5" and "Page 3 of 5" compare equal. */
function furnitureKey(line: Line): string {
  return line.text.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ").trim();
}

/** Column header words (en, de, es, fr); a header row has two or more, one naming the date or the description. */
const HEADER_WORDS = new RegExp(
  "(?<!\\p{L})(" +
    [
      "date|posted|posting|trans|description|details|transactions?|amount|balance|debits?|credits?|withdrawals?",
      "deposits?|payments?|charges?|reference|ref|check|no",
      "datum|valuta|wert|buchungstag|buchungstext|verwendungszweck|betrag|saldo|soll|haben|umsatz",
      "fecha|concepto|descripción|importe|cargo|abono|débito|crédito|movimiento",
      "libellé|opération|montant|débit|crédit|solde|valeur",
    ].join("|") +
    ")(?!\\p{L})",
  "giu",
);
const KEY_WORDS = new Set([
  "date",
  "description",
  "details",
  "datum",
  "buchungstag",
  "buchungstext",
  "verwendungszweck",
  "fecha",
  "concepto",
  "descripción",
  "libellé",
  "opération",
]);

/**
 * A table's column header ("Date  Description  Amount  Balance") repeats on every page at the
 * same place, like furniture, but the parser needs it to find each page's table: keep it.
 */
export function looksLikeTableHeader(line: Line): boolean {
  if (line.items.length < 2) return false;
  const words = new Set(Array.from(line.text.toLowerCase().matchAll(HEADER_WORDS), (m) => m[1]));
  return words.size >= 2 && [...words].some((w) => KEY_WORDS.has(w));
}

/** Options for {@link removeFurniture}. */
export interface FurnitureOptions {
  /** Page height per page (1-based index - 1), for the top/bottom bands. */
  pageHeights: number[];
  /** Page bottom per page (usually 0). */
  pageBottoms?: number[];
  /** Fraction of the page height at the top and bottom where furniture can be (default 0.12). */
  band?: number;
  /** Fraction of pages a line must repeat on (default 0.6). */
  minShare?: number;
}

/**
 * Splits lines into content and furniture: a line is furniture when it lies in the top or bottom
 * band of its page and the same text (digits masked) appears at about the same height on at least
 * 60% of the pages (and at least two). Table header rows are never furniture. Lines keep their
 * page order; `index` is renumbered within each page for content and for furniture separately.
 */
export function removeFurniture(pages: Line[][], opts: FurnitureOptions): { lines: Line[]; furniture: Line[] } {
  const band = opts.band ?? 0.12;
  const minShare = opts.minShare ?? 0.6;
  const all = pages.flat();
  if (pages.length < 2) return { lines: renumber(all), furniture: [] };
  const needed = Math.max(2, Math.ceil(minShare * pages.length));
  const inBand = (l: Line) => {
    const h = opts.pageHeights[l.page - 1] ?? opts.pageHeights[0];
    const bottom = opts.pageBottoms?.[l.page - 1] ?? 0;
    return l.y >= bottom + h * (1 - band) || l.y <= bottom + h * band;
  };
  const candidates = new Map<string, Line[]>();
  for (const l of all) {
    if (!inBand(l) || looksLikeTableHeader(l)) continue;
    const key = furnitureKey(l);
    const list = candidates.get(key) ?? [];
    list.push(l);
    candidates.set(key, list);
  }
  const furnitureSet = new Set<Line>();
  for (const list of candidates.values()) {
    if (list.length < needed) continue;
    for (const l of list) {
      const tol = Math.max(6, 1.5 * (l.items[0]?.height ?? 10));
      const pagesAtY = new Set(list.filter((o) => Math.abs(o.y - l.y) <= tol).map((o) => o.page));
      if (pagesAtY.size >= needed) furnitureSet.add(l);
    }
  }
  return {
    lines: renumber(all.filter((l) => !furnitureSet.has(l))),
    furniture: renumber(all.filter((l) => furnitureSet.has(l))),
  };
}

function renumber(lines: Line[]): Line[] {
  let page = 0;
  let index = 0;
  return lines.map((l) => {
    if (l.page !== page) {
      page = l.page;
      index = 0;
    }
    return { ...l, index: index++ };
  });
}
