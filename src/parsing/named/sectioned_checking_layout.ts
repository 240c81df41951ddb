/**
 * Layout fixture: a checking statement in sections, as large US banks print it — an account
 * summary box, then "Deposits and other additions", "Withdrawals and other subtractions" (amounts
 * with a minus), "Checks" as a grid of Date / Check # / Amount triples ("*" marks a gap in the
 * check numbers), "Service fees" and a "Daily ledger balances" grid, each section with its total.
 * Test support only.
 */
import { makePdf, type PdfText } from "../extract/test_pdf.ts";
import type { StatementTransaction } from "../types.ts";
import { dec, isoUs, type LayoutFixture, R, T, tx, usd } from "./fixture_pdf.ts";

type Row = [string, string, number];

const DEPOSITS: Row[] = [
  ["03/01/24", "PAYROLL GLOBEX INC DES:PAYROLL ID:XXXXX56780 INDN:RIVERA,JORDAN CO ID:XXXXX41234 PPD", 245_000],
  ["03/08/24", "Zelle payment from JOHN SMITH Conf# fx8k2mpq1", 30_000],
  ["03/15/24", "PAYROLL GLOBEX INC DES:PAYROLL ID:XXXXX56781 INDN:RIVERA,JORDAN CO ID:XXXXX41234 PPD", 245_000],
  ["03/20/24", "Online Banking transfer from SAV 7455 Confirmation# 2840193356", 60_000],
  ["03/27/24", "LAKESHORE MOBILE 03/27 XXXXX84221 DEPOSIT *MOBILE WA", 32_000],
];
const WITHDRAWALS: Row[] = [
  ["03/04/24", "CHECKCARD 0302 STARBUCKS STORE 04112 SEATTLE WA 24431064062100159317853", -525],
  ["03/05/24", "PUGET SOUND ENERGY DES:ONLINE PMT ID:4410082 INDN:JORDAN RIVERA CO ID:9102039922 WEB", -18_240],
  ["03/06/24", "CHECKCARD 0305 SAFEWAY #1553 BELLEVUE WA", -9_618],
  ["03/11/24", "Online Banking payment to CRD 1093 Confirmation# 4102938475", -100_000],
  ["03/12/24", "ATM WITHDRAWAL 03/12 2208 BELLEVUE SQUARE BELLEVUE WA", -20_000],
  ["03/14/24", "COMCAST CABLE DES:AUTOPAY ID:8499101 INDN:RIVERA JORDAN CO ID:0000112233 PPD", -14_500],
  ["03/18/24", "CHECKCARD 0316 SHELL OIL 57444 BELLEVUE WA", -4_872],
  ["03/21/24", "Zelle payment to ANNA LEE Conf# mq2v7c", -7_500],
  ["03/25/24", "GEICO DES:AUTO PAY ID:99881 INDN:JORDAN RIVERA CO ID:0512000044 PPD", -16_231],
  ["03/28/24", "PURCHASE 0327 AMAZON MKTPLACE PMTS AMZN.COM/BILL WA", -149_791],
];
/** Date, check number as printed ("1046*": a gap before it), amount. */
const CHECKS: Row[] = [
  ["03/04/24", "1043", -20_000],
  ["03/12/24", "1046*", -125_000],
  ["03/19/24", "1047", -3_500],
  ["03/22/24", "1048", -6_000],
  ["03/26/24", "1050*", -4_000],
];
const FEES: Row[] = [["03/29/24", "Monthly Maintenance Fee", -1_200]];
const OPENING = 421_055;

const sum = (rows: Row[]) => rows.reduce((s, r) => s + r[2], 0);
const signed = (cents: number) => `${cents < 0 ? "-" : ""}${usd(cents)}`;

/** Words of `text` in lines of at most `max` characters. */
function wrap(text: string, max: number): string[] {
  const out: string[] = [];
  for (const w of text.split(" ")) {
    if (out.length && `${out.at(-1)} ${w}`.length <= max) out[out.length - 1] += ` ${w}`;
    else out.push(w);
  }
  return out;
}

/** The sectioned checking fixture (two pages). */
export function sectionedCheckingFixture(): LayoutFixture {
  const deposits = sum(DEPOSITS);
  const withdrawals = sum(WITHDRAWALS);
  const checks = sum(CHECKS);
  const fees = sum(FEES);
  const closing = OPENING + deposits + withdrawals + checks + fees;
  const period = "March 1, 2024 to March 31, 2024";
  const foot = (n: number): PdfText[] => [
    T(40, 30, "Lakeshore National Bank, N.A. Member FDIC. Equal Housing Lender"),
    R(570, 30, `Page ${n} of 2`),
  ];
  const p1: PdfText[] = [
    T(40, 760, "Lakeshore National Bank", 14),
    T(40, 746, "P.O. Box 15284 Wilmington, DE 19850"),
    T(40, 716, "JORDAN A. RIVERA"),
    T(40, 706, "4417 MAPLE GROVE LN"),
    T(40, 696, "BELLEVUE, WA 98004"),
    T(380, 716, "Customer service information"),
    T(380, 706, "1.800.555.0123"),
    T(380, 696, "lakeshorebank.example"),
    T(40, 664, "Your Advantage Plus Banking", 11),
    T(40, 652, `for ${period}`),
    T(380, 652, "Account number: 3010 4478 9921"),
    T(40, 630, "Account summary", 10),
    ...foot(1),
  ];
  const summary: [string, string][] = [
    ["Beginning balance on March 1, 2024", `$${usd(OPENING)}`],
    ["Deposits and other additions", signed(deposits)],
    ["Withdrawals and other subtractions", signed(withdrawals)],
    ["Checks", signed(checks)],
    ["Service fees", signed(fees)],
    ["Ending balance on March 31, 2024", `$${usd(closing)}`],
  ];
  summary.forEach(([label, value], i) => p1.push(T(40, 616 - 11 * i, label), R(300, 616 - 11 * i, value)));
  const counts = [
    `# of deposits/credits: ${DEPOSITS.length}`,
    `# of withdrawals/debits: ${WITHDRAWALS.length + CHECKS.length + FEES.length}`,
    "# of days in cycle: 31",
    "Average ledger balance: $4,862.10",
  ];
  counts.forEach((c, i) => p1.push(T(340, 616 - 11 * i, c)));

  const p2: PdfText[] = [
    T(40, 760, `JORDAN A. RIVERA | Account # 3010 4478 9921 | ${period}`),
    ...foot(2),
  ];
  let page = p1;
  let y = 530;
  const newPage = () => {
    page = p2;
    y = 736;
  };
  const header = (desc: string) => {
    page.push(T(40, y, "Date"), T(100, y, desc), R(570, y, "Amount"));
    y -= 13;
  };
  const section = (title: string, rows: Row[], total: string, breakAt = -1) => {
    page.push(T(40, y, title, 10));
    y -= 16;
    header("Description");
    rows.forEach(([d, desc, c], i) => {
      if (i === breakAt) {
        page.push(T(40, y - 4, "continued on the next page"));
        newPage();
        page.push(T(40, y, `${title} - continued`, 10));
        y -= 16;
        header("Description");
      }
      const parts = wrap(desc, 70);
      page.push(T(40, y, d), T(100, y, parts[0]), R(570, y, c < 0 ? signed(c) : usd(c)));
      for (const part of parts.slice(1)) page.push(T(100, y -= 9, part));
      y -= 12;
    });
    page.push(T(40, y, total), R(570, y, `${rows[0][2] < 0 ? "-" : ""}$${usd(sum(rows))}`));
    y -= 26;
  };
  section("Deposits and other additions", DEPOSITS, "Total deposits and other additions");
  section("Withdrawals and other subtractions", WITHDRAWALS, "Total withdrawals and other subtractions", 8);

  // Checks: three Date / Check # / Amount triples per line.
  const triple = [40, 220, 400];
  page.push(T(40, y, "Checks", 10));
  y -= 16;
  for (const x of triple) page.push(T(x, y, "Date"), T(x + 52, y, "Check #"), R(x + 160, y, "Amount"));
  y -= 13;
  for (let i = 0; i < CHECKS.length; i += 3) {
    CHECKS.slice(i, i + 3).forEach(([d, n, c], k) => {
      const x = triple[k];
      page.push(T(x, y, d), T(x + 52, y, n), R(x + 160, y, signed(c)));
    });
    y -= 12;
  }
  page.push(T(40, y, "Total checks"), R(570, y, `-$${usd(-checks)}`));
  page.push(T(40, y -= 11, "Total # of checks"), R(570, y, String(CHECKS.length)));
  page.push(T(40, y -= 11, "* There is a gap in sequential check numbers"));
  y -= 26;

  page.push(T(40, y, "Service fees", 10));
  y -= 16;
  header("Transaction description");
  for (const [d, desc, c] of FEES) {
    page.push(T(40, y, d), T(100, y, desc), R(570, y, signed(c)));
    y -= 12;
  }
  page.push(T(40, y, "Total service fees"), R(570, y, `-$${usd(-fees)}`));
  page.push(T(40, y -= 11, "Note your Ending Balance already reflects the subtraction of Service Fees."));
  y -= 26;

  // Daily ledger balances: Date / Balance ($) pairs, three per line.
  const all: Row[] = [...DEPOSITS, ...WITHDRAWALS, ...CHECKS, ...FEES];
  const days = [...new Set(all.map((r) => r[0]))].sort();
  let bal = OPENING;
  const ledger = days.map((d) => [d.slice(0, 5), bal += sum(all.filter((r) => r[0] === d))] as const);
  page.push(T(40, y, "Daily ledger balances", 10));
  y -= 16;
  for (const x of triple) page.push(T(x, y, "Date"), R(x + 130, y, "Balance ($)"));
  y -= 13;
  for (let i = 0; i < ledger.length; i += 3) {
    ledger.slice(i, i + 3).forEach(([d, b], k) => page.push(T(triple[k], y, d), R(triple[k] + 130, y, usd(b))));
    y -= 12;
  }

  const rows: StatementTransaction[] = [
    ...[...DEPOSITS, ...WITHDRAWALS].map(([d, desc, c]) => tx(isoUs(d), desc, c)),
    ...CHECKS.map(([d, n, c]) => tx(isoUs(d), `Check ${n.replace("*", "")}`, c)),
    ...FEES.map(([d, desc, c]) => tx(isoUs(d), desc, c)),
  ];
  return {
    name: "sectioned_checking",
    parser: "us_sectioned_checking",
    pdf: makePdf([{ texts: p1 }, { texts: p2 }]),
    truth: {
      institution: "Lakeshore National Bank",
      account: { number: "9921", type: "checking", currency: "USD" },
      period: { start: "2024-03-01", end: "2024-03-31" },
      balances: { opening: dec(OPENING), closing: dec(closing) },
      // Checks are money out like the other subtractions; service fees are printed on their own.
      totals: { deposits: dec(deposits), withdrawals: dec(-withdrawals - checks), fees: dec(-fees) },
      transactions: rows,
    },
  };
}
