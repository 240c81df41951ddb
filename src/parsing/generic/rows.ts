/**
 * Reads the rows of every transaction table: one row per dated line with money, wrapped
 * description lines joined to it, opening/closing balance rows read and skipped, the table ended
 * by its totals or closing balance and resumed after a page break or at the next header.
 */
import type { Amount, DecimalSeparator } from "../amounts.ts";
import type { DateToken } from "../dates.ts";
import type { Line } from "../types.ts";
import { buildBands } from "./bands.ts";
import { lineHeight } from "./cells.ts";
import {
  amountOnLastLine,
  hasFlow,
  type LineRead,
  readLine,
  sectionAbove,
  sectionSign,
  signedByWords,
} from "./line.ts";
import { dateColumns, findHeaders } from "./table.ts";
import {
  CARRY_LABELS,
  CLOSING_LABELS,
  DATED_BALANCE_LABELS,
  norm,
  OPENING_LABELS,
  startsWithLabel,
  TOTAL_LABELS,
} from "./vocab.ts";

/** A transaction as read, before dates and signs are settled. */
export interface RawRow {
  page: number;
  lines: number[];
  y: number;
  date: DateToken | null;
  posted: DateToken | null;
  description: string;
  amount: Amount | null;
  debit: Amount | null;
  credit: Amount | null;
  balance: Amount | null;
  /** Money direction the section title says: -1 out, 1 in, 0 unknown. */
  section: -1 | 0 | 1;
  /** The row printed no date; it took the one above. */
  inherited: boolean;
}

/** All tables of a document, read. */
export interface TableRead {
  rows: RawRow[];
  /** Balance rows inside the table ("Beginning balance", "Ending balance"). */
  opening: Amount | null;
  closing: Amount | null;
  /** A totals row under debit/credit columns. */
  totalsRow: { debit: Amount | null; credit: Amount | null } | null;
  /** Lines that belong to tables (headers, rows, balance and total rows). */
  tableLines: Set<Line>;
  /** Total rows that end a table section ("Total payments and credits"), for printed totals. */
  totalLines: Line[];
  hasPosted: boolean;
  hasBalance: boolean;
  /** Roles of the money columns seen, e.g. "debit", "credit", "amount". */
  moneyRoles: Set<string>;
  headers: number;
}

/** Reads every table of the document with the document's decimal separator. */
export function readTables(lines: Line[], sep: DecimalSeparator): TableRead {
  const out: TableRead = {
    rows: [],
    opening: null,
    closing: null,
    totalsRow: null,
    tableLines: new Set(),
    totalLines: [],
    hasPosted: false,
    hasBalance: false,
    moneyRoles: new Set(),
    headers: 0,
  };
  /** A "Total(s)" row with values under the debit and credit columns. */
  const totalsRow = (label: string, r: LineRead, line: Line) => {
    if (out.totalsRow || !(r.money.debit || r.money.credit)) return;
    if (!/^(total|totals|summe|totales|totaux)\b/.test(norm(label))) return;
    out.totalsRow = { debit: r.money.debit, credit: r.money.credit };
    out.tableLines.add(line);
  };
  const headers = findHeaders(lines);
  out.headers = headers.length;
  headers.forEach((header, h) => {
    const end = h + 1 < headers.length ? headers[h + 1].first : lines.length;
    const data = lines.slice(header.last + 1, end);
    const bands = buildBands(header.columns, data, sep);
    const dc = dateColumns(bands.cols);
    if (dc.posted !== null) out.hasPosted = true;
    for (const c of bands.cols) {
      if (c.money) out.moneyRoles.add(c.role);
      if (c.role === "balance") out.hasBalance = true;
    }
    for (let i = header.first; i <= header.last; i++) out.tableLines.add(lines[i]);
    let section = sectionAbove(lines, header.first);
    let state: "in" | "carry" | "total" | "ended" = "in";
    let endedPage = 0;
    let current: RawRow | null = null;
    let last: Line | null = null;
    let groupDate: DateToken | null = null;
    const segmentRows = new Set<RawRow>();
    const reads = data.map((line) => readLine(line, bands, dc));
    const amountLast = amountOnLastLine(reads);
    data.forEach((line, li) => {
      const r = reads[li];
      if (r.empty) return;
      if (state === "carry" && line.page !== endedPage) state = "in";
      if (state === "total" && r.date && hasFlow(r) && r.desc) state = "in";
      if (state !== "in") {
        if (!r.date) totalsRow(`${r.left} ${r.desc}`, r, line);
        return;
      }
      const label = r.desc || r.left;
      const both = `${r.left} ${r.desc}`;
      const value = signedByWords(both, r.money.balance ?? r.money.amount ?? r.money.credit ?? r.money.debit);
      if (!r.date && !hasFlow(r) && startsWithLabel(both, DATED_BALANCE_LABELS)) {
        // "Kontostand am 31.12.", "SOLDE CREDITEUR AU 31.12.": before the rows it opens, after them it closes.
        const opens = !out.rows.some((row) => segmentRows.has(row));
        if (opens && value && !out.opening && out.rows.length === 0) out.opening = value;
        if (!opens && value) out.closing = value;
        out.tableLines.add(line);
        current = null;
        if (!opens) state = "ended";
        return;
      }
      if (startsWithLabel(label, OPENING_LABELS) || startsWithLabel(r.left + " " + r.desc, OPENING_LABELS)) {
        if (value && !out.opening && out.rows.length === 0) out.opening = value;
        out.tableLines.add(line);
        current = null;
        return;
      }
      if (
        startsWithLabel(label, CLOSING_LABELS) || (!r.date && startsWithLabel(r.left + " " + r.desc, CLOSING_LABELS))
      ) {
        if (value) out.closing = value;
        out.tableLines.add(line);
        state = "ended";
        current = null;
        return;
      }
      if (!r.date) {
        const all = `${r.left} ${r.desc}`;
        if (startsWithLabel(all, TOTAL_LABELS)) {
          totalsRow(all, r, line);
          out.tableLines.add(line);
          out.totalLines.push(line);
          [state, endedPage, current] = ["total", line.page, null];
          return;
        }
        if (
          startsWithLabel(all, CARRY_LABELS) || /^\(?(continued|suite|fortsetzung|continuacion)\)?$/.test(norm(all))
        ) {
          [state, endedPage, current] = ["carry", line.page, null];
          return;
        }
      }
      const close = current && last && last.page === line.page && last.y - line.y <= 2.2 * lineHeight(line);
      if (r.date) {
        current = {
          page: line.page,
          lines: [line.index],
          y: line.y,
          date: r.date,
          posted: r.posted,
          description: r.desc,
          amount: r.money.amount,
          debit: r.money.debit,
          credit: r.money.credit,
          balance: r.money.balance,
          section,
          inherited: false,
        };
        if (!r.desc && !hasFlow(r)) {
          groupDate = r.date;
          current = null;
          return;
        }
        out.rows.push(current);
        segmentRows.add(current);
      } else if (hasFlow(r) && current && close && !current.amount && !current.debit && !current.credit) {
        Object.assign(current, { amount: r.money.amount, debit: r.money.debit, credit: r.money.credit });
        current.balance ??= r.money.balance;
        if (r.desc) current.description = `${current.description} ${r.desc}`.trim();
        current.lines.push(line.index);
      } else if (hasFlow(r) && r.desc && !r.left && (groupDate || out.rows.length)) {
        const prev = out.rows.at(-1);
        current = {
          page: line.page,
          lines: [line.index],
          y: line.y,
          date: groupDate ?? prev!.date,
          posted: prev?.posted ?? null,
          description: r.desc,
          amount: r.money.amount,
          debit: r.money.debit,
          credit: r.money.credit,
          balance: r.money.balance,
          section,
          inherited: true,
        };
        out.rows.push(current);
        segmentRows.add(current);
      } else if (!hasFlow(r) && !r.money.balance && r.desc && !r.left && current && close) {
        if (amountLast && (current.amount || current.debit || current.credit)) {
          // Amount on the last line of each entry: a text line after a complete row starts the next one.
          current = { ...current, lines: [line.index], y: line.y, description: r.desc, inherited: true };
          Object.assign(current, { amount: null, debit: null, credit: null, balance: null });
          out.rows.push(current);
          segmentRows.add(current);
        } else {
          current.description = `${current.description} ${r.desc}`.trim();
          current.lines.push(line.index);
        }
      } else {
        // A title starting at the margin ("Payments and credits", "Transactions") sets the direction.
        if (!hasFlow(r) && r.left) section = sectionSign(`${r.left} ${r.desc}`);
        current = null;
        return;
      }
      out.tableLines.add(line);
      last = line;
    });
  });
  out.rows = out.rows.filter((r) => r.amount || r.debit || r.credit);
  return out;
}
