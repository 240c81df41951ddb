/**
 * US credit card grouped by cardholder: a "Trans Date  Post Date  Reference Number  Description
 * Amount" table, "Transactions for JANE DOE, card ending 1234" … "Total for JANE DOE" groups with
 * Payments and other credits / Purchases and adjustments sections, then account-wide Fees charged
 * and Interest charged; amounts are unsigned and take their direction from the section. The
 * account summary gives the balances and totals (fees include the interest charged); the
 * year-to-date box and the interest charge calculation table are not transactions. Each
 * cardholder's printed total is checked against that cardholder's rows (a warning on mismatch).
 * The generic parser loses the sections' directions across the groups; see compare_test.ts.
 */
import { findAccountNumber, findInstitution } from "../generic/metadata.ts";
import type { ExtractedDocument, Line, ParsedStatement, StatementParser } from "../types.ts";
import { allLines, decimal, hasAll, usDate } from "./common.ts";
import {
  decimalOrNull,
  findLabelled,
  lastMoney,
  printedTotals,
  type SectionKind,
  sectionTitle,
  sectionTransactions,
  walkSections,
} from "./sections.ts";

const KINDS: SectionKind[] = [
  { key: "credits", title: /^payments(,| and)? (other )?credits( and adjustments)?$/i, sign: 1 },
  {
    key: "purchases",
    title: /^(purchases( and (adjustments|other charges))?|cash advances|balance transfers)$/i,
    sign: -1,
  },
  { key: "fees", title: /^fees( charged)?$/i, sign: -1 },
  { key: "interest", title: /^interest charged?$/i, sign: -1 },
];

const COLUMNS: [string, RegExp][] = [
  ["date", /^trans(action)?\.? date$/i],
  ["posted", /^post(ing)?\.? date$/i],
  ["ref", /^ref(erence)?\.?( number| no\.?| #)?$/i],
  ["description", /^description$/i],
  ["amount", /^amount$/i],
];

const HOLDER = /^transactions for (.+?),? card ending (?:in )?(\d{4})(\s*\(continued\))?$/i;
const HOLDER_TOTAL = /^total for (.+)$/i;
const PERIOD =
  /(?:opening\/closing date|statement period|billing (?:period|cycle))\s*:?\s*(\d{1,2}\/\d{1,2}\/\d{2,4})\s*(?:-|–|to|through)\s*(\d{1,2}\/\d{1,2}\/\d{2,4})/i;

interface Holder {
  name: string;
  from: number;
  total: bigint | null;
  to: number;
}

function parse(doc: ExtractedDocument): ParsedStatement {
  const lines = allLines(doc);
  const text = lines.map((l) => l.text).join("\n");
  const period = PERIOD.exec(text);
  const end = period ? usDate(period[2], null) : null;
  const start = period ? usDate(period[1], null) : null;
  const holders: Holder[] = [];
  const walk = walkSections(doc.lines, {
    kinds: KINDS,
    columns: COLUMNS,
    periodEnd: end,
    hook: (line: Line, s) => {
      const title = HOLDER.exec(line.text.trim());
      if (title) {
        if (!title[3]) {
          holders.push({ name: title[1], from: s.rows.length, total: null, to: -1 });
          s.section = null;
        }
        s.current = null;
        return true;
      }
      const total = HOLDER_TOTAL.exec(line.items[0]?.text.trim() ?? "");
      const open = holders.at(-1);
      if (total && open && open.to < 0 && total[1].trim().toUpperCase() === open.name.toUpperCase()) {
        [open.total, open.to] = [lastMoney(line.items), s.rows.length];
        [s.section, s.current] = [null, null];
        return true;
      }
      return false;
    },
  });
  const { amounts, transactions, warnings } = sectionTransactions(walk, KINDS);
  for (const h of holders) {
    const net = -amounts.slice(h.from, h.to < 0 ? undefined : h.to).reduce((a, b) => a + b, 0n);
    if (h.total !== null && h.total !== net) {
      warnings.push(`The total for ${h.name} is ${decimal(h.total)} but the rows add up to ${decimal(net)}`);
    }
  }

  // The account summary: what is owed before and after, and the period's totals by kind.
  const intro = walk.intro;
  const value = (label: RegExp) => {
    const v = findLabelled(intro, label);
    return v === null ? null : v < 0n ? -v : v;
  };
  const add = (
    ...vs: (bigint | null)[]
  ) => (vs.every((v) => v === null) ? null : vs.reduce((a, v) => a! + (v ?? 0n), 0n));
  const opening = findLabelled(intro, /^previous (statement )?balance$/i);
  const closing = findLabelled(intro, /^new balance$/i);
  const payments = add(value(/^payments(,| and)? (other )?credits$/i), value(/^payments$/i), value(/^other credits$/i));
  const purchases = add(
    value(/^purchases( and (adjustments|other charges))?$/i),
    value(/^cash advances$/i),
    value(/^balance transfers$/i),
  );
  const fees = add(value(/^fees charged$/i), value(/^interest charged$/i));
  return {
    parser: cardholderCard.id,
    institution: findInstitution(doc.lines, doc.furniture, doc.pageHeight),
    account: { number: findAccountNumber(lines), type: "credit_card", currency: "USD" },
    period: { start, end },
    balances: { opening: decimalOrNull(opening), closing: decimalOrNull(closing) },
    transactions,
    warnings,
    totals: printedTotals({ payments, purchases, fees }),
  };
}

/** The parser. */
export const cardholderCard: StatementParser = {
  id: "us_card_cardholders",
  name: "US credit card by cardholder: Trans/Post Date, Reference Number, sections, unsigned amounts",
  detect: (doc) =>
    hasAll(doc, [/^trans(action)?\.? date post(ing)?\.? date\b.*\bdescription\b.*\bamount$/i, HOLDER]) &&
      doc.lines.some((l) => sectionTitle(l, KINDS) !== null)
      ? 0.9
      : 0,
  parse,
};
