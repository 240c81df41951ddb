/**
 * US checking in sections, as large banks print it: an account summary (Beginning balance,
 * Deposits and other additions, Withdrawals and other subtractions, Checks, Service fees, Ending
 * balance), then a section each for deposits, withdrawals (printed with a minus), checks (a grid
 * of Date / Check # / Amount triples, "*" marking a gap in the numbers) and service fees, each
 * closed by its "Total …" line, and a "Daily ledger balances" grid. Signs come from the sections;
 * the ledger balances are not transactions but are checked against them (a warning on mismatch).
 * The generic parser reads the list sections but not the grids; see compare_test.ts.
 */
import { findAccountNumber, findInstitution } from "../generic/metadata.ts";
import type { ExtractedDocument, Line, ParsedStatement, StatementParser } from "../types.ts";
import { allLines, hasAll, longDate, usDate } from "./common.ts";
import {
  decimalOrNull,
  findLabelled,
  gridGroups,
  lastMoney,
  printedTotals,
  type SectionKind,
  sectionTitle,
  sectionTransactions,
  walkSections,
  type WalkState,
} from "./sections.ts";

const KINDS: SectionKind[] = [
  { key: "deposits", title: /^deposits and other (additions|credits)$/i, sign: 1 },
  {
    key: "withdrawals",
    title: /^(withdrawals and other (subtractions|debits)|atm and debit card subtractions|other subtractions)$/i,
    sign: -1,
  },
  { key: "checks", title: /^checks( paid)?$/i, sign: -1 },
  { key: "fees", title: /^service (fees|charges)$/i, sign: -1 },
  { key: "ledger", title: /^daily (ledger )?balances$/i, sign: 0 },
];

const COLUMNS: [string, RegExp][] = [
  ["date", /^date( posted)?$/i],
  ["description", /description$/i],
  ["amount", /^amount( \(\$\))?$/i],
];

const PERIOD = /([A-Z][a-z]+\.? \d{1,2}, \d{4})\s+(?:to|through|-|–)\s+([A-Z][a-z]+\.? \d{1,2}, \d{4})/;

/** The grids of the Checks and Daily ledger balances sections, read by the walk's hook. */
interface Grids {
  checkStarts: number[] | null;
  ledgerStarts: number[] | null;
  ledger: { date: string; balance: bigint }[];
}

function gridHook(grids: Grids, end: string | null) {
  return (line: Line, s: WalkState): boolean => {
    const key = s.section?.key;
    if (key !== "checks" && key !== "ledger") return false;
    const texts = line.items.map((i) => i.text.trim());
    const dates = line.items.filter((i) => /^date$/i.test(i.text.trim())).map((i) => i.x);
    if (key === "checks" && dates.length && texts.some((t) => /^check\b|^number$|^no\.?$/i.test(t))) {
      grids.checkStarts = dates;
      return true;
    }
    if (key === "ledger" && dates.length && texts.some((t) => /^balance/i.test(t))) {
      grids.ledgerStarts = dates;
      return true;
    }
    const starts = key === "checks" ? grids.checkStarts : grids.ledgerStarts;
    if (!starts || !usDate(texts[0], end)) return false;
    for (const group of gridGroups(line, starts)) {
      const date = usDate(group[0].text, end);
      const amount = lastMoney(group);
      if (!date || amount === null) continue;
      if (key === "ledger") {
        grids.ledger.push({ date, balance: amount });
        continue;
      }
      const number = group.slice(1).map((i) => i.text.trim()).find((t) => /^\d+\*?$/.test(t));
      s.rows.push({
        section: "checks",
        instance: s.instance,
        date,
        posted: null,
        description: number ? `Check ${number.replace("*", "")}` : "Check",
        printed: amount,
        ref: null,
        source: { page: line.page, lines: [line.index], y: line.y },
      });
    }
    return true;
  };
}

function parse(doc: ExtractedDocument): ParsedStatement {
  const lines = allLines(doc);
  const text = lines.map((l) => l.text).join("\n");
  const period = PERIOD.exec(text);
  const start = period ? longDate(period[1]) : null;
  const end = period ? longDate(period[2]) : null;
  const grids: Grids = { checkStarts: null, ledgerStarts: null, ledger: [] };
  const walk = walkSections(doc.lines, { kinds: KINDS, columns: COLUMNS, periodEnd: end, hook: gridHook(grids, end) });
  const intro = walk.intro;
  const opening = findLabelled(intro, /^beginning balance\b/i);
  const closing = findLabelled(intro, /^ending balance\b/i);
  const { amounts, transactions, warnings } = sectionTransactions(walk, KINDS);
  warnings.push(...ledgerWarnings(grids.ledger, opening, walk.rows.map((r, i) => [r.date, amounts[i]])));

  // Section totals, else the summary box; checks are money out beside the other subtractions.
  const printed = (key: string, label: RegExp) => {
    const t = walk.totals.get(key) ?? findLabelled(intro, label);
    return t === null ? null : t < 0n ? -t : t;
  };
  const deposits = printed("deposits", /^deposits and other (additions|credits)$/i);
  const withdrawals = printed("withdrawals", /^withdrawals and other (subtractions|debits)$/i);
  const checks = printed("checks", /^checks( paid)?$/i);
  const fees = printed("fees", /^service (fees|charges)$/i);
  const out = withdrawals === null && checks === null ? null : (withdrawals ?? 0n) + (checks ?? 0n);
  return {
    parser: sectionedChecking.id,
    institution: findInstitution(doc.lines, doc.furniture, doc.pageHeight),
    account: {
      number: findAccountNumber(lines),
      type: /\bsavings\b/i.test(intro.map((l) => l.text).join("\n")) ? "savings" : "checking",
      currency: "USD",
    },
    period: { start, end },
    balances: { opening: decimalOrNull(opening), closing: decimalOrNull(closing) },
    transactions,
    warnings,
    totals: printedTotals({ deposits, withdrawals: out, fees }),
  };
}

/** Each daily ledger balance against opening + the day's and earlier transactions. */
function ledgerWarnings(
  ledger: { date: string; balance: bigint }[],
  opening: bigint | null,
  rows: [string, bigint][],
): string[] {
  if (opening === null || !ledger.length) return [];
  const wrong = ledger.filter((l) => {
    const sum = rows.filter(([d]) => d <= l.date).reduce((a, [, v]) => a + v, 0n);
    return opening + sum !== l.balance;
  });
  if (!wrong.length) return [];
  const first = wrong[0];
  return [`${wrong.length} daily ledger balance(s) disagree with the transactions (first: ${first.date})`];
}

/** True when a line of the document is the title of a section (one item of text, no money). */
const hasTitle = (doc: ExtractedDocument, key: string) => doc.lines.some((l) => sectionTitle(l, KINDS)?.key === key);

/** The parser. */
export const sectionedChecking: StatementParser = {
  id: "us_sectioned_checking",
  name: "US checking in sections: deposits, withdrawals, checks grid, service fees, daily ledger balances",
  detect: (doc) =>
    hasTitle(doc, "deposits") && hasTitle(doc, "withdrawals") &&
      hasAll(doc, [/^beginning balance on\b/i, /^total (deposits|withdrawals) and other\b/i])
      ? 0.9
      : 0,
  parse,
};
