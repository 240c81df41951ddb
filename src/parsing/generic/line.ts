/** One line of a table read by column: its dates, description, money and any text at the margin. */
import { type Amount, parseAmount } from "../amounts.ts";
import { type DateToken, parseDateToken } from "../dates.ts";
import type { Line } from "../types.ts";
import { assign, type Bands, textOf } from "./bands.ts";
import { IN_SECTION, NEGATIVE_BALANCE, norm, OUT_SECTION } from "./vocab.ts";

/** A table line by column. */
export interface LineRead {
  date: DateToken | null;
  posted: DateToken | null;
  desc: string;
  /** Non-date text in a date column (a section title or a label starting at the margin). */
  left: string;
  money: Record<"amount" | "debit" | "credit" | "balance", Amount | null>;
  empty: boolean;
}

export function readLine(line: Line, bands: Bands, dc: { date: number; posted: number | null }): LineRead {
  const { cells } = assign(line, bands);
  const r: LineRead = {
    date: null,
    posted: null,
    desc: "",
    left: "",
    money: { amount: null, debit: null, credit: null, balance: null },
    empty: cells.every((c) => c.length === 0),
  };
  const desc: string[] = [];
  bands.cols.forEach((col, i) => {
    const text = textOf(cells[i]);
    if (!text) return;
    if (i === dc.date || i === dc.posted) {
      const tok = parseDateToken(text.replace(/\s*[*†‡]+$/, ""));
      if (tok && i === dc.date) r.date = tok;
      else if (tok) r.posted = tok;
      else r.left = r.left ? `${r.left} ${text}` : text;
    } else if (col.role === "description") desc.push(text);
    else if (col.money) {
      const key = col.role as keyof LineRead["money"];
      const a = parseAmount(text, bands.sep) ?? parseAmount(cells[i][cells[i].length - 1].text, bands.sep);
      if (a && !r.money[key]) r.money[key] = a;
    } else if (col.role !== "other") r.left = r.left ? `${r.left} ${text}` : text;
  });
  r.desc = desc.join(" ");
  return r;
}

export const hasFlow = (r: LineRead) => !!(r.money.amount || r.money.debit || r.money.credit);

export function sectionSign(text: string): -1 | 0 | 1 {
  const t = norm(text);
  const out = OUT_SECTION.test(t);
  const inn = IN_SECTION.test(t);
  return out === inn ? 0 : out ? -1 : 1;
}

/**
 * True when entries print their amount on their last line: a dated line without money is
 * followed by text lines and then an undated line with the money.
 */
export function amountOnLastLine(reads: LineRead[]): boolean {
  for (let i = 0; i < reads.length; i++) {
    if (!reads[i].date || hasFlow(reads[i]) || !reads[i].desc) continue;
    let j = i + 1;
    while (j < reads.length && !reads[j].date && !hasFlow(reads[j]) && reads[j].desc && !reads[j].left) j++;
    if (j < reads.length && !reads[j].date && hasFlow(reads[j])) return true;
  }
  return false;
}

/** A balance whose label says it is negative ("SOLDE DEBITEUR") gets a minus. */
export function signedByWords(label: string, value: Amount | null): Amount | null {
  if (!value || value.mark || !NEGATIVE_BALANCE.test(norm(label))) return value;
  return { ...value, mark: "minus" };
}

/** The direction a title just above a header gives its table ("Withdrawals", "Deposits and additions"). */
export function sectionAbove(lines: Line[], first: number): -1 | 0 | 1 {
  for (let i = first - 1; i >= Math.max(0, first - 2); i--) {
    const l = lines[i];
    if (l.page !== lines[first].page) break;
    const s = sectionSign(l.text);
    if (s) return s;
  }
  return 0;
}
