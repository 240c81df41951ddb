/**
 * Statement verification: does what was parsed add up to what the statement prints?
 * Checks (exact bigint cents, never floats):
 * - `balance_equation`: bank opening + Σamounts = closing; card opening − Σamounts = closing
 *   (a card's balance is what is owed, and amounts are from the holder's view);
 * - `running_balance`: each printed balance = previous + amount (card: previous − amount);
 *   statements listing the newest row first are recognised;
 * - `printed_totals`: printed deposits/payments = Σ money in, withdrawals/purchases (+ fees when
 *   printed separately) = Σ money out;
 * - `dates_in_period`: every row dated within the period ± 3 days (a card row passes when either
 *   its transaction or its posting date does).
 * A check that cannot run (no balances, no totals, no period) is left out of `checks`.
 */
import type {
  AccountType,
  ParsedStatement,
  StatementResult,
  StatementTransaction,
  VerificationCheck,
} from "./types.ts";
import { fromCents, toCentsOrNull } from "./money.ts";

export type Verification = StatementResult["verification"];

/** Days a transaction may fall outside the statement period. */
export const PERIOD_TOLERANCE_DAYS = 3;
/** At most this many failing rows are listed per check. */
const MAX_ROWS = 10;

const isCard = (type: AccountType) => type === "credit_card";

/** Verifies a parsed statement. `accountType` defaults to the statement's own. */
export function verifyStatement(
  parsed: ParsedStatement,
  accountType: AccountType = parsed.account.type,
): Verification {
  const card = isCard(accountType);
  const amounts = parsed.transactions.map((t) => toCentsOrNull(t.amount));
  const badAmounts = indexesWhere(amounts, (a) => a === null);
  const checks: VerificationCheck[] = [];
  const push = (c: VerificationCheck | null) => c && checks.push(c);
  push(balanceEquation(parsed, amounts as bigint[], badAmounts, card));
  push(runningBalance(parsed.transactions, amounts, toCentsOrNull(parsed.balances.opening), card));
  push(printedTotals(parsed, amounts, badAmounts));
  push(datesInPeriod(parsed));
  const core = checks.some((c) => c.name === "balance_equation" || c.name === "running_balance");
  const status = checks.some((c) => !c.ok) ? "failed" : core ? "passed" : "unverifiable";
  return { status, checks };
}

function indexesWhere<T>(list: T[], pred: (v: T) => boolean): number[] {
  const out: number[] = [];
  list.forEach((v, i) => pred(v) && out.push(i));
  return out;
}

function notDecimal(name: string, rows: number[]): VerificationCheck {
  return {
    name,
    ok: false,
    detail: `${rows.length} amount(s) are not decimal numbers (first: row ${rows[0]})`,
    rows: rows.slice(0, MAX_ROWS),
  };
}

function balanceEquation(
  parsed: ParsedStatement,
  amounts: bigint[],
  badAmounts: number[],
  card: boolean,
): VerificationCheck | null {
  const opening = toCentsOrNull(parsed.balances.opening);
  const closing = toCentsOrNull(parsed.balances.closing);
  if (opening === null || closing === null) return null;
  if (badAmounts.length) return notDecimal("balance_equation", badAmounts);
  const sum = amounts.reduce((a, b) => a + b, 0n);
  const expected = card ? opening - sum : opening + sum;
  const n = amounts.length;
  const formula = card
    ? `opening ${fromCents(opening)} − Σ ${n} amount(s) ${fromCents(sum)} = ${fromCents(expected)}`
    : `opening ${fromCents(opening)} + Σ ${n} amount(s) ${fromCents(sum)} = ${fromCents(expected)}`;
  if (expected === closing) return { name: "balance_equation", ok: true, detail: `${formula} = closing` };
  return {
    name: "balance_equation",
    ok: false,
    detail: `${formula}, but the closing balance is ${fromCents(closing)} (off by ${fromCents(closing - expected)})`,
  };
}

interface RunResult {
  compared: number;
  failures: number[];
}

/** Walks rows in chronological `order`, comparing each printed balance with the running one. */
function walk(
  rows: StatementTransaction[],
  amounts: (bigint | null)[],
  opening: bigint | null,
  card: boolean,
  order: number[],
): RunResult {
  let prev: bigint | null = opening;
  let compared = 0;
  const failures: number[] = [];
  for (const i of order) {
    const amount = amounts[i];
    const printed = toCentsOrNull(rows[i].balance);
    const expected = prev === null || amount === null ? null : card ? prev - amount : prev + amount;
    if (printed !== null) {
      if (expected !== null) {
        compared++;
        if (expected !== printed) failures.push(i);
      }
      prev = printed;
    } else {
      prev = expected;
    }
  }
  return { compared, failures };
}

function runningBalance(
  rows: StatementTransaction[],
  amounts: (bigint | null)[],
  opening: bigint | null,
  card: boolean,
): VerificationCheck | null {
  if (!rows.some((r) => toCentsOrNull(r.balance) !== null)) return null;
  const forward = rows.map((_, i) => i);
  const ahead = walk(rows, amounts, opening, card, forward);
  if (ahead.compared === 0) return null;
  if (ahead.failures.length === 0) {
    return { name: "running_balance", ok: true, detail: `${ahead.compared} printed balance(s) agree` };
  }
  // Newest first? Then the opening balance comes before the last row.
  const back = walk(rows, amounts, opening, card, forward.slice().reverse());
  if (back.compared > 0 && back.failures.length === 0) {
    return {
      name: "running_balance",
      ok: true,
      detail: `${back.compared} printed balance(s) agree (rows are listed newest first)`,
    };
  }
  const failures = ahead.failures;
  return {
    name: "running_balance",
    ok: false,
    detail: `${failures.length} of ${ahead.compared} printed balance(s) disagree with the running balance` +
      ` (first: row ${failures[0]})`,
    rows: failures.slice(0, MAX_ROWS),
  };
}

function printedTotals(
  parsed: ParsedStatement,
  amounts: (bigint | null)[],
  badAmounts: number[],
): VerificationCheck | null {
  const t = parsed.totals;
  if (!t) return null;
  const moneyIn = [t.deposits, t.payments].filter((v): v is string => v !== undefined);
  const moneyOut = [t.withdrawals, t.purchases].filter((v): v is string => v !== undefined);
  if (!moneyIn.length && !moneyOut.length) return null;
  if (badAmounts.length) return notDecimal("printed_totals", badAmounts);
  let sumIn = 0n;
  let sumOut = 0n;
  for (const a of amounts as bigint[]) {
    if (a > 0n) sumIn += a;
    else sumOut -= a;
  }
  const problems: string[] = [];
  const parts: string[] = [];
  const total = (values: string[]) => {
    let s = 0n;
    for (const v of values) {
      const c = toCentsOrNull(v);
      if (c === null) return null;
      s += c < 0n ? -c : c;
    }
    return s;
  };
  if (moneyIn.length) {
    const printed = total(moneyIn);
    const label = t.deposits !== undefined ? "deposits" : "payments";
    if (printed === null) problems.push(`the printed ${label} total is not a decimal number`);
    else if (printed !== sumIn) {
      problems.push(`printed ${label} ${fromCents(printed)} ≠ Σ money in ${fromCents(sumIn)}`);
    } else parts.push(`${label} ${fromCents(printed)}`);
  }
  if (moneyOut.length) {
    const label = t.withdrawals !== undefined ? "withdrawals" : "purchases";
    const withFees = t.fees !== undefined ? [...moneyOut, t.fees] : moneyOut;
    const printed = total(withFees);
    const what = t.fees !== undefined ? `${label} + fees` : label;
    if (printed === null) problems.push(`the printed ${what} total is not a decimal number`);
    else if (printed !== sumOut) {
      problems.push(`printed ${what} ${fromCents(printed)} ≠ Σ money out ${fromCents(sumOut)}`);
    } else parts.push(`${what} ${fromCents(printed)}`);
  }
  if (problems.length) return { name: "printed_totals", ok: false, detail: problems.join("; ") };
  return { name: "printed_totals", ok: true, detail: `printed totals agree: ${parts.join(", ")}` };
}

const DAY_MS = 86_400_000;

/** Days since the epoch for a valid YYYY-MM-DD, else null. */
export function dayNumber(date: string | null | undefined): number | null {
  if (!date) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

function datesInPeriod(parsed: ParsedStatement): VerificationCheck | null {
  const start = dayNumber(parsed.period.start);
  const end = dayNumber(parsed.period.end);
  if (start === null || end === null || parsed.transactions.length === 0) return null;
  const lo = start - PERIOD_TOLERANCE_DAYS;
  const hi = end + PERIOD_TOLERANCE_DAYS;
  const inside = (d: number | null) => d !== null && d >= lo && d <= hi;
  const outside = indexesWhere(
    parsed.transactions,
    (t) => !inside(dayNumber(t.date)) && !inside(dayNumber(t.posted_date)),
  );
  const period = `${parsed.period.start} to ${parsed.period.end}`;
  if (!outside.length) {
    return { name: "dates_in_period", ok: true, detail: `all ${parsed.transactions.length} dates within ${period}` };
  }
  const first = parsed.transactions[outside[0]];
  return {
    name: "dates_in_period",
    ok: false,
    detail: `${outside.length} row(s) dated outside ${period} ± ${PERIOD_TOLERANCE_DAYS} days` +
      ` (first: row ${outside[0]}, ${first.date})`,
    rows: outside.slice(0, MAX_ROWS),
  };
}
