/**
 * An {@link OfxStatement} as a {@link ParsedStatement}.
 *
 * Balance convention. OFX signs everything from the account holder's view: TRNAMT is negative for
 * money out (a card purchase) and positive for money in (a card payment), and BALAMT is the
 * holder's balance — for a credit card the amount owed is a negative BALAMT. The contract
 * (types.ts) prints a card's balances as the amount owed, positive. So:
 * - bank:  closing = BALAMT;   opening = closing − Σ TRNAMT
 * - card:  closing = −BALAMT;  opening = closing + Σ TRNAMT  (owed before = owed after + purchases…)
 * Transaction amounts are copied unchanged in both cases. OFX carries no opening balance; the
 * derived one is reported in the warnings. A card whose BALAMT is positive (a credit in the
 * holder's favour in OFX terms, or an issuer that prints the amount owed positive) gets a warning.
 */
import { commonScale, type Decimal, formatDecimal, negate, parsePlainDecimal, sum } from "../csv/decimal.ts";
import type { AccountType, ParsedStatement, StatementTransaction } from "../types.ts";
import { type OfxStatement, type OfxTransaction, parseOfx } from "./parse.ts";

const TYPES: Record<string, AccountType> = {
  CHECKING: "checking",
  SAVINGS: "savings",
  MONEYMRKT: "savings",
  CREDITCARD: "credit_card",
};

const fold = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

/** NAME, plus MEMO when the memo adds something: not empty, not already in the name; a memo that contains the name replaces it. */
export function describe(t: OfxTransaction): string {
  const name = t.name?.trim() ?? "", memo = t.memo?.trim() ?? "";
  let text: string;
  if (!memo || fold(name).includes(fold(memo))) text = name;
  else if (!name || fold(memo).includes(fold(name))) text = memo;
  else text = `${name} ${memo}`;
  if (!text && t.checkNum) text = `Check ${t.checkNum}`;
  return text || t.type;
}

function dec(s: string): Decimal {
  const d = parsePlainDecimal(s);
  if (!d) throw new Error(`Not a decimal: ${s}`);
  return d;
}

/** Converts one OFX statement (parser "ofx"); see the module comment for the balance convention. */
export function ofxToStatement(stmt: OfxStatement): ParsedStatement {
  const warnings = [...stmt.warnings];
  const card = stmt.kind === "creditcard";
  // Oldest first by posting date; the sort is stable, so same-day rows keep the file's order.
  const txs = [...stmt.transactions].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const amounts = txs.map((t) => dec(t.amount));
  const ledger = stmt.ledgerBalance ? dec(stmt.ledgerBalance.amount) : null;
  const scale = commonScale(ledger ? [...amounts, ledger] : amounts);

  let opening: string | null = null, closing: string | null = null;
  if (ledger) {
    const total = sum(amounts, scale);
    const close = card ? negate(ledger) : ledger;
    const open = card ? sum([close, total], scale) : sum([close, negate(total)], scale);
    closing = formatDecimal(close, scale);
    opening = formatDecimal(open, scale);
    warnings.push("OFX has no opening balance: it is derived from the ledger balance and the transactions");
    if (card && ledger.units > 0n) {
      warnings.push(
        `The card's ledger balance is positive (${
          stmt.ledgerBalance!.amount
        }): in OFX that is a credit in the holder's favour, so the amount owed is ${closing}`,
      );
    }
    const asof = stmt.ledgerBalance!.date;
    const lastPosted = txs.at(-1)?.date;
    if (asof && lastPosted && asof < lastPosted) {
      warnings.push(
        `The ledger balance is as of ${asof} but transactions run to ${lastPosted}; the balances may be off`,
      );
    }
  }

  const transactions = txs.map((t, i): StatementTransaction => ({
    date: t.userDate ?? t.date,
    posted_date: t.userDate ? t.date : null,
    description: describe(t),
    amount: formatDecimal(amounts[i], scale),
    balance: null,
    external_id: t.fitid,
  }));

  return {
    parser: "ofx",
    institution: stmt.institution,
    account: { number: stmt.accountLast4, type: TYPES[stmt.accountType] ?? "other", currency: stmt.currency },
    period: stmt.period,
    balances: { opening, closing },
    transactions,
    warnings,
  };
}

/** Parses an OFX/QFX file straight to statements, one per account. */
export function ofxToStatements(input: string | Uint8Array): ParsedStatement[] {
  return parseOfx(input).map(ofxToStatement);
}
