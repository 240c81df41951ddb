/**
 * Statements printed in sections: a title ("Deposits and other additions", "Purchases and
 * adjustments") over a "Date … Description … Amount" header, rows with wrapped descriptions, and
 * a "Total …" line that closes the section. The section gives each row its direction; a row whose
 * printed sign differs from the rest of its section goes the other way (a reversal, a credit
 * adjustment). Grids and group titles are left to the caller through a hook.
 */
import type { Line, PrintedTotals, SourceRef, StatementTransaction, TextItem } from "../types.ts";
import { cells, type Column, decimal, headerColumns, usDate, usMoney } from "./common.ts";

/** A kind of section: how its title reads and which way its money goes. */
export interface SectionKind {
  key: string;
  /** Matched against the whole title line, without a trailing "- continued" / "(continued)". */
  title: RegExp;
  /** 1 money in, -1 money out; 0 for sections without transactions (left to the hook). */
  sign: 1 | -1 | 0;
}

/** A transaction as read from a section. */
export interface SectionRow {
  section: string;
  /** Which printing of the section it came from (a section continued on the next page is the same one). */
  instance: number;
  date: string;
  posted: string | null;
  description: string;
  /** As printed, signed by its mark (minor units). */
  printed: bigint;
  ref: string | null;
  source: SourceRef;
}

/** The walk's state, open to the hook. */
export interface WalkState {
  section: SectionKind | null;
  cols: Column[] | null;
  current: SectionRow | null;
  rows: SectionRow[];
  /** Σ of the printed "Total …" lines per section key (magnitudes). */
  totals: Map<string, bigint>;
  /** Dated lines with money that belong to no known section. */
  strays: Line[];
  /** Lines above the first section title or table header (summary boxes, account details). */
  intro: Line[];
  instance: number;
}

/** How to read one statement's sections. */
export interface WalkOptions {
  kinds: SectionKind[];
  /** Header words by column kind: date (required), posted, ref, description, amount. */
  columns: [string, RegExp][];
  periodEnd: string | null;
  /** Handles a line itself (grids, group titles) and returns true, else false. */
  hook?: (line: Line, state: WalkState) => boolean;
}

const CONTINUED = /\s*(?:[-–—]\s*continued|\(continued\))\s*$/i;
const CENTS = /\d\.\d{2}(?!\d)/;

/** Money with cents ("1,234.56", "-$5.00", "+$25.71"); a count, a rate or a date is not. */
export function money(text: string | undefined): bigint | null {
  return text && CENTS.test(text) && !/%/.test(text) ? usMoney(text) : null;
}

/** The last item of a line that is money, or null. */
export function lastMoney(items: TextItem[]): bigint | null {
  for (let i = items.length - 1; i >= 0; i--) {
    const m = money(items[i].text);
    if (m !== null) return m;
  }
  return null;
}

const abs = (v: bigint) => (v < 0n ? -v : v);

/** The section kind a title line names, or null (a title is one item of text, no money). */
export function sectionTitle(line: Line, kinds: SectionKind[]): SectionKind | null {
  if (line.items.length !== 1 || money(line.text) !== null) return null;
  const text = line.text.replace(CONTINUED, "").trim();
  return kinds.find((k) => k.title.test(text)) ?? null;
}

/** True when the title line says it continues a section begun on an earlier page. */
export const isContinued = (line: Line): boolean => CONTINUED.test(line.text);

/** The money after the item matching `label` on a line ("Beginning balance on March 1  $4,210.55"). */
export function labelValue(line: Line, label: RegExp): bigint | null {
  const i = line.items.findIndex((it) => label.test(it.text.trim()));
  if (i < 0) return null;
  for (const it of line.items.slice(i + 1)) {
    const m = money(it.text);
    if (m !== null) return m;
    if (/[a-z]{2}/i.test(it.text)) return null;
  }
  return null;
}

/** The first labelled value among `lines`, or null. */
export function findLabelled(lines: Line[], label: RegExp): bigint | null {
  for (const l of lines) {
    const v = labelValue(l, label);
    if (v !== null) return v;
  }
  return null;
}

function isHeader(line: Line, columns: [string, RegExp][]): Column[] | null {
  const cols = headerColumns(line, columns);
  const has = (k: string) => cols.some((c) => c.kind === k);
  return has("date") && has("description") && has("amount") ? cols : null;
}

/** Walks the document's lines section by section. */
export function walkSections(lines: Line[], opts: WalkOptions): WalkState {
  const s: WalkState = {
    section: null,
    cols: null,
    current: null,
    rows: [],
    totals: new Map(),
    strays: [],
    intro: [],
    instance: 0,
  };
  let seen = false;
  for (const [i, line] of lines.entries()) {
    const prev = lines[i - 1];
    if (opts.hook?.(line, s)) continue;
    const title = sectionTitle(line, opts.kinds);
    if (title) {
      if (!(isContinued(line) && s.section?.key === title.key)) s.instance++;
      [s.section, s.current, seen] = [title, null, true];
      continue;
    }
    const header = isHeader(line, opts.columns);
    if (header) {
      [s.cols, s.current, seen] = [header, null, true];
      continue;
    }
    if (!seen) {
      s.intro.push(line);
      continue;
    }
    const c = s.cols ? cells(line, s.cols) : {};
    const date = usDate(c.date, opts.periodEnd);
    const amount = money(c.amount);
    if (s.section && s.section.sign !== 0 && /^total\b/i.test(line.items[0]?.text ?? "") && !date) {
      const total = lastMoney(line.items);
      if (total !== null) s.totals.set(s.section.key, (s.totals.get(s.section.key) ?? 0n) + abs(total));
      [s.section, s.current] = [null, null];
      continue;
    }
    if (!s.section || !s.cols || s.section.sign === 0) {
      if (date && amount !== null) s.strays.push(line);
      continue;
    }
    if (date && amount !== null) {
      s.current = {
        section: s.section.key,
        instance: s.instance,
        date,
        posted: usDate(c.posted, opts.periodEnd),
        description: c.description ?? "",
        printed: amount,
        ref: c.ref ?? null,
        source: { page: line.page, lines: [line.index], y: line.y },
      };
      s.rows.push(s.current);
      continue;
    }
    const desc = s.cols.find((col) => col.kind === "description")!;
    const close = prev && prev.page === line.page && prev.y - line.y <= 2 * (line.items[0]?.height || 8);
    if (s.current && close && !date && amount === null && line.items[0].x >= desc.x - 2) {
      s.current.description = `${s.current.description} ${line.text}`.trim();
      s.current.source.lines.push(line.index);
      continue;
    }
    s.current = null;
  }
  return s;
}

/**
 * Holder-view amounts of the rows: the section's direction, except that a row printed with the
 * other sign than most rows of its section goes the other way.
 */
export function signedAmounts(rows: SectionRow[], kinds: SectionKind[]): bigint[] {
  const negatives = new Map<number, number>();
  const counts = new Map<number, number>();
  for (const r of rows) {
    counts.set(r.instance, (counts.get(r.instance) ?? 0) + 1);
    if (r.printed < 0n) negatives.set(r.instance, (negatives.get(r.instance) ?? 0) + 1);
  }
  return rows.map((r) => {
    const sign = BigInt(kinds.find((k) => k.key === r.section)?.sign ?? 1);
    const mostlyNegative = 2 * (negatives.get(r.instance) ?? 0) > counts.get(r.instance)!;
    const usual = r.printed < 0n === mostlyNegative;
    return (usual ? sign : -sign) * abs(r.printed);
  });
}

/**
 * The walk's rows as transactions: amounts signed by {@link signedAmounts}, a printed reference
 * number as external_id, and a warning when dated lines fell outside the known sections.
 */
export function sectionTransactions(
  walk: WalkState,
  kinds: SectionKind[],
): { amounts: bigint[]; transactions: StatementTransaction[]; warnings: string[] } {
  const amounts = signedAmounts(walk.rows, kinds);
  const transactions = walk.rows.map((r, i): StatementTransaction => ({
    date: r.date,
    posted_date: r.posted,
    description: r.description,
    amount: decimal(amounts[i]),
    balance: null,
    ...(r.ref ? { external_id: r.ref } : {}),
    source: r.source,
  }));
  const strays = walk.strays.length;
  return {
    amounts,
    transactions,
    warnings: strays ? [`Skipped ${strays} dated line(s) outside the known sections`] : [],
  };
}

/** Minor units as a contract decimal, or null. */
export const decimalOrNull = (v: bigint | null): string | null => (v === null ? null : decimal(v));

/** Printed totals as contract decimals, those not printed left out. */
export function printedTotals(values: { [K in keyof PrintedTotals]: bigint | null }): PrintedTotals {
  return Object.fromEntries(
    Object.entries(values).flatMap(([k, v]) => (typeof v === "bigint" ? [[k, decimal(v)]] : [])),
  );
}

/** Items of a grid line grouped by the x where each group's header starts ("Date  Check #  Amount" repeated). */
export function gridGroups(line: Line, starts: number[]): TextItem[][] {
  const groups: TextItem[][] = starts.map(() => []);
  for (const it of line.items) {
    let g = 0;
    while (g + 1 < starts.length && it.x >= starts[g + 1] - 4) g++;
    groups[g].push(it);
  }
  return groups.filter((g) => g.length > 0);
}
