/**
 * Settles the sign of every row from the account holder's point of view (money out negative):
 * debit/credit columns and DR/CR marks say it outright; a signed column is read by the
 * statement's convention (a bank prints money out negative; a card issuer prints purchases
 * positive), chosen by the opening/closing balances and the running balance when they tell;
 * an unsigned column is settled by the running balance, then section titles, then the account type.
 */
import { type Amount, isNegativeMark } from "../amounts.ts";
import type { RawRow } from "./rows.ts";

/** A printed balance as a signed value: for a card the amount owed (CR = a credit balance, negative). */
export function balanceValue(a: Amount, card: boolean): bigint {
  if (a.mark === "CR") return card ? -a.minor : a.minor;
  if (a.mark === "DR") return card ? a.minor : -a.minor;
  return isNegativeMark(a.mark) ? -a.minor : a.minor;
}

/** What {@link settleSigns} needs besides the rows. */
export interface SignContext {
  card: boolean;
  /** Opening and closing balances as signed values (a card: owed), when known. */
  opening: bigint | null;
  closing: bigint | null;
}

type Sign = -1 | 1;

const magnitude = (r: RawRow): bigint => (r.amount ?? r.debit ?? r.credit)!.minor;

/** Signs fixed by the row itself: columns and DR/CR marks. */
function definite(r: RawRow): bigint | null {
  if (r.debit || r.credit) return (r.credit?.minor ?? 0n) - (r.debit?.minor ?? 0n);
  const m = r.amount?.mark;
  if (m === "DR") return -r.amount!.minor;
  if (m === "CR") return r.amount!.minor;
  return null;
}

/**
 * Holder-view amounts (minor units) for `rows`, plus warnings. Rows keep their order.
 */
export function settleSigns(rows: RawRow[], ctx: SignContext): { amounts: bigint[]; warnings: string[] } {
  const warnings: string[] = [];
  const out: (bigint | null)[] = rows.map(definite);
  const orient = ctx.card ? -1n : 1n;
  const balances = rows.map((r) => (r.balance ? balanceValue(r.balance, ctx.card) : null));
  const marked = rows.filter((r) => r.amount && (isNegativeMark(r.amount.mark) || r.amount.mark === "plus"));
  const hasCr = rows.some((r) => r.amount?.mark === "CR");
  const signedColumn = marked.length > 0;

  // A signed column: "holder" (negative = money out) or "issuer" (negative = money in).
  if (signedColumn) {
    const pick = (issuer: boolean) =>
      rows.map((r, i) => {
        if (out[i] !== null) return out[i]!;
        const neg = isNegativeMark(r.amount!.mark);
        return (neg !== issuer ? -1n : 1n) * r.amount!.minor;
      });
    const holder = pick(false);
    const issuer = pick(true);
    const score = (xs: bigint[]) => fitsEnds(xs, ctx, orient) * 1000 + fitsRunning(xs, balances, ctx.opening, orient);
    const sh = score(holder);
    const si = score(issuer);
    // Nothing tells: a bank prints the holder's view; a card the issuer's, unless most amounts are
    // negative (most card rows are purchases, so then negative means a purchase).
    const negatives = rows.filter((r) => r.amount && isNegativeMark(r.amount.mark)).length;
    const plain = rows.filter((r) => r.amount && !r.amount.mark).length;
    const useIssuer = si === sh ? hasCr || (ctx.card && negatives <= plain) : si > sh;
    const chosen = useIssuer ? issuer : holder;
    return { amounts: chosen, warnings };
  }

  // An unsigned column: the running balance, then sections, then the account type.
  solveWithBalances(rows, out, balances, ctx.opening, orient);
  let assumed = 0;
  rows.forEach((r, i) => {
    if (out[i] !== null) return;
    const sign: Sign = r.section ? r.section : ctx.card || hasCr ? -1 : (assumed++, 1);
    out[i] = BigInt(sign) * magnitude(r);
  });
  if (assumed > 0) warnings.push(`Assumed ${assumed} unsigned amount(s) are money in`);
  return { amounts: out as bigint[], warnings };
}

/** 1 when opening + sum = closing (orientation applied), else 0. */
function fitsEnds(xs: bigint[], ctx: SignContext, orient: bigint): number {
  if (ctx.opening === null || ctx.closing === null) return 0;
  const sum = xs.reduce((a, b) => a + b, 0n);
  return ctx.opening + orient * sum === ctx.closing ? 1 : 0;
}

/** How many rows the running balance confirms. */
function fitsRunning(xs: bigint[], balances: (bigint | null)[], opening: bigint | null, orient: bigint): number {
  let prev = opening;
  let acc = 0n;
  let n = 0;
  xs.forEach((x, i) => {
    acc += x;
    const b = balances[i];
    if (b === null) return;
    if (prev !== null && prev + orient * acc === b) n++;
    prev = b;
    acc = 0n;
  });
  return n;
}

/**
 * Fills unknown signs from the running balance: between two printed balances the rows' amounts
 * must add up to the difference; when exactly one choice of signs does, it is the answer.
 */
function solveWithBalances(
  rows: RawRow[],
  out: (bigint | null)[],
  balances: (bigint | null)[],
  opening: bigint | null,
  orient: bigint,
): void {
  let prev = opening;
  let start = 0;
  balances.forEach((b, i) => {
    if (b === null) return;
    if (prev !== null) {
      const group = rows.slice(start, i + 1).map((_, k) => start + k);
      const unknown = group.filter((j) => out[j] === null);
      const known = group.reduce((a, j) => a + (out[j] ?? 0n), 0n);
      const target = (b - prev) * orient - known;
      if (unknown.length > 0 && unknown.length <= 12) {
        const mags = unknown.map((j) => magnitude(rows[j]));
        let found: number | null = null;
        let count = 0;
        for (let mask = 0; mask < 1 << mags.length && count < 2; mask++) {
          const sum = mags.reduce((a, m, k) => a + (mask & (1 << k) ? m : -m), 0n);
          if (sum === target) [found, count] = [mask, count + 1];
        }
        if (count === 1) unknown.forEach((j, k) => (out[j] = found! & (1 << k) ? mags[k] : -mags[k]));
      }
    }
    prev = b;
    start = i + 1;
  });
}
