/**
 * A mapped CSV export as a {@link ParsedStatement}: rows in date order, period from the dates,
 * balances from the running balance column when there is one.
 */
import type { AccountType, ParsedStatement } from "../types.ts";
import { type CsvRow, readCsvRows, toTransactions } from "./apply.ts";
import { add, commonScale, type Decimal, formatDecimal, negate, rescale, sum } from "./decimal.ts";
import { CsvImportError } from "./errors.ts";
import type { CsvMapping } from "./mapping.ts";

/** What the file itself does not say. */
export interface CsvStatementMeta {
  institution?: string | null;
  /** The full account number or its last digits; only the last 4 digits are kept. */
  accountNumber?: string | null;
  accountType?: AccountType;
  /** ISO 4217; defaults to a currency the amounts carry (€, EUR…), else null. */
  currency?: string | null;
  /** Import the readable rows and list the others as warnings, instead of refusing the file. */
  skipInvalidRows?: boolean;
}

/** The last 4 digits of an account number (or its last 4 characters when it has fewer digits). */
export function lastFour(account: string | null | undefined): string | null {
  if (!account) return null;
  const digits = account.replace(/\D/g, "");
  if (digits.length >= 4) return digits.slice(-4);
  const alnum = account.replace(/[^0-9A-Za-z]/g, "");
  return alnum ? alnum.slice(-4) : null;
}

/** How many consecutive pairs satisfy bal[i] = bal[i-1] + sign × amount[i]. */
function agreement(rows: CsvRow[], sign: 1 | -1): number {
  let n = 0;
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1].balance, rows[i].balance];
    if (!a || !b) continue;
    const step = sign === 1 ? rows[i].amount : negate(rows[i].amount);
    const expected = add(a, step), scale = Math.max(expected.scale, b.scale);
    if (rescale(expected, scale).units === rescale(b, scale).units) n++;
  }
  return n;
}

/**
 * Puts rows in chronological order. Exports are oldest-first or newest-first: the running balance
 * decides when there is one, else the dates. For a card, also finds whether the balance column
 * is the amount owed (sign −1) or from the holder's view (sign +1).
 */
function chronological(rows: CsvRow[], card: boolean): { rows: CsvRow[]; sign: 1 | -1; sorted: boolean } {
  const reversed = [...rows].reverse();
  let best = { rows, sign: 1 as 1 | -1, score: -1 };
  for (const order of [rows, reversed]) {
    for (const sign of card ? [1, -1] as const : [1] as const) {
      const score = agreement(order, sign);
      if (score > best.score) best = { rows: order, sign, score };
    }
  }
  if (best.score <= 0) {
    let up = 0, down = 0;
    for (let i = 1; i < rows.length; i++) {
      if (rows[i - 1].date < rows[i].date) up++;
      if (rows[i - 1].date > rows[i].date) down++;
    }
    const order = down > up ? reversed : rows;
    // No evidence of the sign: a card column printed positive is the amount owed.
    const lastBalance = order.findLast((r) => r.balance)?.balance;
    best = { ...best, rows: order, sign: card && lastBalance && lastBalance.units >= 0n ? -1 : 1 };
  }
  const inOrder = best.rows.every((r, i) => i === 0 || best.rows[i - 1].date <= r.date);
  const ordered = inOrder ? best.rows : [...best.rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { rows: ordered, sign: best.sign, sorted: !inOrder };
}

/**
 * Imports a CSV export as a statement (parser "csv"). Institution and account come from `meta`
 * (null otherwise). With a balance column: opening = first balance − the amounts up to it,
 * closing = last balance + any amounts after it, in date order; for a credit card these and the
 * running balances are the amount owed (positive), whichever way the column prints it. Throws {@link CsvImportError}
 * listing the row errors unless `meta.skipInvalidRows`, and when no transaction is left.
 */
export function csvToStatement(
  input: string | Uint8Array,
  mapping: CsvMapping,
  meta: CsvStatementMeta = {},
): ParsedStatement {
  const read = readCsvRows(input, mapping);
  const warnings = [...read.warnings];
  if (read.errors.length) {
    if (!meta.skipInvalidRows) {
      const n = read.errors.length;
      throw new CsvImportError(
        `Cannot import CSV: ${n} row${n === 1 ? "" : "s"} could not be read (${read.errors[0].message})`,
        read.errors,
      );
    }
    warnings.push(...read.errors.map((e) => `${e.message} (skipped)`));
  }
  if (read.rows.length === 0) throw new CsvImportError("Cannot import CSV: no transactions found");

  const type = meta.accountType ?? "other";
  const card = type === "credit_card";
  const chrono = chronological(read.rows, card);
  const { sign, sorted } = chrono;
  let rows = chrono.rows;
  if (sorted) warnings.push("The rows were not in date order; they are sorted by date");

  let opening: string | null = null, closing: string | null = null;
  const first = rows.findIndex((r) => r.balance), last = rows.findLastIndex((r) => r.balance);
  if (first >= 0) {
    const scale = commonScale(rows.flatMap((r) => (r.balance ? [r.amount, r.balance] : [r.amount])));
    const signed = (d: Decimal) => (sign === 1 ? d : negate(d));
    const before = sum(rows.slice(0, first + 1).map((r) => signed(r.amount)), scale);
    const after = sum(rows.slice(last + 1).map((r) => signed(r.amount)), scale);
    let open = add(rows[first].balance!, negate(before)), close = add(rows[last].balance!, after);
    if (card && sign === 1) {
      [open, close] = [negate(open), negate(close)];
      rows = rows.map((r) => ({ ...r, balance: r.balance && negate(r.balance) }));
      warnings.push(
        "The balance column is from the holder's view (negative = owed); balances are shown as the amount owed",
      );
    }
    opening = formatDecimal(open, scale);
    closing = formatDecimal(close, scale);
  }

  const dates = rows.map((r) => r.date).sort();
  return {
    parser: "csv",
    institution: meta.institution ?? null,
    account: { number: lastFour(meta.accountNumber), type, currency: meta.currency ?? read.currency },
    period: { start: dates[0], end: dates[dates.length - 1] },
    balances: { opening, closing },
    transactions: toTransactions(rows),
    warnings,
  };
}
