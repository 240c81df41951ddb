/**
 * US checking with "Deposits/Additions", "Withdrawals/Subtractions" and "Ending daily balance"
 * columns (a balance only on the last row of each day), an optional check-number column, and
 * "Beginning balance on 3/1" / "Ending balance on 3/31" / "Totals" rows inside the table.
 * The generic parser reads the rows but drops the check numbers (their own column); see compare_test.ts.
 */
import { findAccountNumber, findInstitution } from "../generic/metadata.ts";
import type { ExtractedDocument, ParsedStatement, StatementParser, StatementTransaction } from "../types.ts";
import { allLines, cells, type Column, decimal, hasAll, headerColumns, longDate, usDate, usMoney } from "./common.ts";

const KINDS: [string, RegExp][] = [
  ["date", /^date$/i],
  ["check", /^check$|^(check\s*)?(number|no\.?)$/i],
  ["description", /^description$/i],
  ["credit", /^deposits\s*\/?/i],
  ["debit", /^withdrawals\s*\/?/i],
  ["balance", /^ending daily/i],
];

function parse(doc: ExtractedDocument): ParsedStatement {
  const lines = allLines(doc);
  const text = lines.map((l) => l.text).join("\n");
  // Words above the first table (descriptions such as "Transfer to Savings" do not count).
  const firstHeader = doc.lines.findIndex((l) => /ending daily/i.test(l.text));
  const intro = doc.lines.slice(0, Math.max(0, firstHeader)).map((l) => l.text).join("\n");
  const period = /([A-Z][a-z]+ \d{1,2}, \d{4})\s*[-–]\s*([A-Z][a-z]+ \d{1,2}, \d{4})/.exec(text);
  const start = period ? longDate(period[1]) : null;
  const end = period ? longDate(period[2]) : null;
  const result: ParsedStatement = {
    parser: dailyBalanceChecking.id,
    institution: findInstitution(doc.lines, doc.furniture, doc.pageHeight),
    account: {
      number: findAccountNumber(lines),
      type: /savings/i.test(intro) ? "savings" : "checking",
      currency: "USD",
    },
    period: { start, end },
    balances: { opening: null, closing: null },
    transactions: [],
    warnings: [],
  };
  let cols: Column[] | null = null;
  let current: StatementTransaction | null = null;
  for (const line of doc.lines) {
    if (/^date\b/i.test(line.text) && /ending daily/i.test(line.text)) {
      cols = headerColumns(line, KINDS);
      current = null;
      continue;
    }
    if (!cols) continue;
    const c = cells(line, cols);
    const money = (k: string) => usMoney(c[k]);
    if (/^beginning balance/i.test(line.text)) result.balances.opening = decimalOrNull(money("balance"));
    else if (/^ending balance/i.test(line.text)) {
      result.balances.closing = decimalOrNull(money("balance"));
      current = null;
    } else if (/^totals?\b/i.test(line.text)) {
      const deposits = decimalOrNull(money("credit"));
      const withdrawals = decimalOrNull(money("debit"));
      result.totals = {
        ...(deposits !== null ? { deposits } : {}),
        ...(withdrawals !== null ? { withdrawals } : {}),
      };
      cols = null;
    } else if (usDate(c.date, end)) {
      const credit = money("credit");
      const debit = money("debit");
      const amount = credit !== null ? credit : debit !== null ? -debit : null;
      if (amount === null) continue; // the second line of the header, or a stray date
      const description = [c.description, c.check].filter(Boolean).join(" ");
      current = {
        date: usDate(c.date, end)!,
        posted_date: null,
        description,
        amount: decimal(amount),
        balance: decimalOrNull(money("balance")),
        source: { page: line.page, lines: [line.index], y: line.y },
      };
      result.transactions.push(current);
    } else if (current && c.description && Object.keys(c).length === 1 && current.source?.page === line.page) {
      current.description += ` ${c.description}`;
      current.source.lines.push(line.index);
    }
  }
  return result;
}

const decimalOrNull = (v: bigint | null) => (v === null ? null : decimal(v < 0n ? -v : v));

/** The parser. */
export const dailyBalanceChecking: StatementParser = {
  id: "us_daily_balance_checking",
  name: "US checking: Deposits/Additions, Withdrawals/Subtractions, Ending daily balance",
  detect: (doc) => (hasAll(doc, [/ending daily/i, /withdrawals\s*\//i, /deposits\s*\//i]) ? 0.9 : 0),
  parse,
};
