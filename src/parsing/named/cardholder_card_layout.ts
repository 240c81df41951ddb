/**
 * Layout fixture: a credit card statement whose transactions are grouped by cardholder
 * ("Transactions for JANE DOE, card ending 1234" … "Total for JANE DOE"), each in sections
 * (Payments and other credits, Purchases and adjustments) with unsigned amounts, then account-wide
 * Fees charged and Interest charged, a year-to-date box and an interest charge calculation table.
 * Test support only.
 */
import { makePdf, type PdfText } from "../extract/test_pdf.ts";
import type { StatementTransaction } from "../types.ts";
import { dec, isoUs, type LayoutFixture, R, T, tx, usd } from "./fixture_pdf.ts";

/** Trans date, post date, reference, description (detail lines after "|"), cents (holder's view). */
type Row = [string, string, string, string, number];

const JANE_CREDITS: Row[] = [
  ["02/20", "02/20", "F4829301HJ0XKCM7Q", "AUTOPAY PAYMENT - THANK YOU", 100_000],
  ["03/01", "03/02", "24431064060100018239", "AMAZON.COM RETURN AMZN.COM/BILL WA", 2_599],
];
const JANE_PURCHASES: Row[] = [
  ["02/10", "02/12", "24692164041000712239012", "SPOTIFY USA 877-778-1161 NY", -1_099],
  [
    "02/14",
    "02/15",
    "24164074045001023391108",
    "LE CAFE DE FLORE PARIS FR|166.10 EUR x 1.08518 EXCHANGE RATE",
    -18_025,
  ],
  ["02/19", "02/20", "24445004050200377421556", "TRADER JOE'S #552 PORTLAND OR", -8_812],
  ["03/04", "03/05", "24013394064000183304621", "DELTA AIR LINES ATLANTA GA", -42_960],
];
const JOHN_CREDITS: Row[] = [["02/27", "02/28", "74798264059000229114806", "REI #71 BELLEVUE WA REFUND", 6_450]];
const JOHN_PURCHASES: Row[] = [
  ["02/09", "02/11", "24055234040000881902336", "SHELL OIL 57444 BELLEVUE WA", -4_560],
  ["02/13", "02/14", "24493984044000019283745", "COSTCO WHSE #0110 KIRKLAND WA", -21_744],
  ["02/22", "02/23", "24801974053000318827164", "UBER *TRIP HELP.UBER.COM CA", -2_745],
  ["02/25", "02/26", "24692164056000772019384", "REI #71 BELLEVUE WA", -12_900],
  ["03/02", "03/04", "24137464062000910033725", "PCC COMMUNITY MARKETS SEATTLE WA", -6_318],
];
const FEES: Row[] = [["02/14", "02/15", "", "FOREIGN TRANSACTION FEE", -541]];
const INTEREST: Row[] = [["03/07", "03/07", "", "INTEREST CHARGE ON PURCHASES", -2_571]];
const OPENING = 124_577;

const sum = (rows: Row[]) => rows.reduce((s, r) => s + r[4], 0);

/** The cardholder card fixture (two pages). */
export function cardholderCardFixture(): LayoutFixture {
  const credits = sum([...JANE_CREDITS, ...JOHN_CREDITS]);
  const purchases = -sum([...JANE_PURCHASES, ...JOHN_PURCHASES]);
  const fees = -sum(FEES);
  const interest = -sum(INTEREST);
  const closing = OPENING - credits + purchases + fees + interest;
  const foot = (n: number): PdfText[] => [
    T(40, 30, "Cascade Bank, N.A. Customer Service 1-800-555-0166"),
    R(570, 30, `Page ${n} of 2`),
  ];
  const p1: PdfText[] = [
    T(40, 760, "Cascade Bank", 14),
    T(360, 760, "Cascade Rewards Visa Signature", 10),
    T(40, 740, "Account Number: XXXX XXXX XXXX 1234"),
    T(40, 728, "Opening/Closing Date 02/08/24 - 03/07/24"),
    T(40, 700, "JANE DOE"),
    T(40, 690, "1820 WESTLAKE AVE N APT 402"),
    T(40, 680, "SEATTLE, WA 98109"),
    T(40, 640, "Account Summary", 10),
    ...foot(1),
  ];
  const summary: [string, string][] = [
    ["Previous Balance", `$${usd(OPENING)}`],
    ["Payments and Other Credits", `-$${usd(credits)}`],
    ["Purchases and Adjustments", `+$${usd(purchases)}`],
    ["Cash Advances", "+$0.00"],
    ["Balance Transfers", "+$0.00"],
    ["Fees Charged", `+$${usd(fees)}`],
    ["Interest Charged", `+$${usd(interest)}`],
    ["New Balance", `$${usd(closing)}`],
  ];
  summary.forEach(([l, v], i) => p1.push(T(40, 626 - 11 * i, l), R(280, 626 - 11 * i, v)));
  const payment: [string, string][] = [
    ["Payment Due Date", "04/04/24"],
    ["Minimum Payment Due", "$40.00"],
    ["Credit Limit", "$8,000.00"],
    ["Available Credit", `$${usd(800_000 - closing)}`],
  ];
  p1.push(T(340, 640, "Payment Information", 10));
  payment.forEach(([l, v], i) => p1.push(T(340, 626 - 11 * i, l), R(570, 626 - 11 * i, v)));
  p1.push(
    T(340, 570, "Late Payment Warning: If we do not receive your minimum payment by"),
    T(340, 560, "the date listed above, you may have to pay a late fee of up to $40.00."),
  );

  const p2: PdfText[] = [T(40, 760, "JANE DOE | Account ending 1234 | 02/08/24 - 03/07/24"), ...foot(2)];
  let page = p1;
  let y = 520;
  const header = () => {
    page.push(T(40, y, "Trans Date"), T(88, y, "Post Date"), T(136, y, "Reference Number"));
    page.push(T(250, y, "Description"), R(570, y, "Amount"));
    y -= 14;
  };
  const title = (text: string, size = 9) => {
    page.push(T(40, y, text, size));
    y -= 13;
  };
  const rows = (list: Row[]) => {
    for (const [d, p, ref, desc, c] of list) {
      const [first, ...detail] = desc.split("|");
      page.push(T(40, y, d), T(88, y, p), T(250, y, first), R(570, y, usd(c)));
      if (ref) page.push(T(136, y, ref));
      for (const line of detail) page.push(T(250, y -= 9, line));
      y -= 11;
    }
  };
  title("Transactions", 11);
  header();
  const holder = (name: string, last4: string, credit: Row[], bought: Row[], breakAfter = -1) => {
    title(`Transactions for ${name}, card ending ${last4}`);
    if (credit.length) {
      title("Payments and other credits");
      rows(credit);
    }
    title("Purchases and adjustments");
    if (breakAfter >= 0) {
      rows(bought.slice(0, breakAfter));
      page = p2;
      y = 736;
      title("Transactions (continued)", 11);
      header();
      title(`Transactions for ${name}, card ending ${last4} (continued)`);
      rows(bought.slice(breakAfter));
    } else rows(bought);
    const net = -sum([...credit, ...bought]);
    page.push(T(40, y, `Total for ${name}`), R(570, y, `${net < 0 ? "-" : ""}$${usd(net)}`));
    y -= 20;
  };
  holder("JANE DOE", "1234", JANE_CREDITS, JANE_PURCHASES);
  holder("JOHN DOE", "5678", JOHN_CREDITS, JOHN_PURCHASES, 3);
  title("Fees charged");
  rows(FEES);
  page.push(T(40, y, "Total fees charged for this period"), R(570, y, `$${usd(fees)}`));
  y -= 20;
  title("Interest charged");
  rows(INTEREST);
  page.push(T(40, y, "Total interest charged for this period"), R(570, y, `$${usd(interest)}`));
  y -= 26;
  title("2024 Totals Year-to-Date", 10);
  page.push(T(40, y, "Total fees charged in 2024"), R(300, y, `$${usd(fees + 9_500)}`));
  page.push(T(40, y -= 11, "Total interest charged in 2024"), R(300, y, `$${usd(interest + 2_206)}`));
  y -= 26;
  title("Interest Charge Calculation", 10);
  page.push(T(40, y, "Your Annual Percentage Rate (APR) is the annual interest rate on your account."));
  y -= 16;
  page.push(T(40, y, "Type of Balance"), T(200, y, "Annual Percentage"), R(440, y, "Balance Subject"));
  page.push(R(570, y, "Interest"));
  y -= 9;
  page.push(T(200, y, "Rate (APR)"), R(440, y, "to Interest Rate"), R(570, y, "Charge"));
  y -= 13;
  const rates: [string, string, number, number][] = [
    ["Purchases", "24.99% (v)", 125_134, interest],
    ["Cash Advances", "29.99% (v)", 0, 0],
    ["Balance Transfers", "24.99% (v)", 0, 0],
  ];
  for (const [type, apr, subject, charge] of rates) {
    page.push(T(40, y, type), T(200, y, apr), R(440, y, `$${usd(subject)}`), R(570, y, `$${usd(charge)}`));
    y -= 11;
  }
  page.push(T(40, y - 4, "(v) = Variable Rate"));

  const truth = (list: Row[]): StatementTransaction[] =>
    list.map(([d, p, , desc, c]) => tx(isoUs(d), desc.replace("|", " "), c, null, isoUs(p)));
  return {
    name: "cardholder_card",
    parser: "us_card_cardholders",
    pdf: makePdf([{ texts: p1 }, { texts: p2 }]),
    truth: {
      institution: "Cascade Bank",
      account: { number: "1234", type: "credit_card", currency: "USD" },
      period: { start: "2024-02-08", end: "2024-03-07" },
      balances: { opening: dec(OPENING), closing: dec(closing) },
      // Interest is a charge like the fees; both are money out beside the purchases.
      totals: { payments: dec(credits), purchases: dec(purchases), fees: dec(fees + interest) },
      transactions: [
        ...truth([...JANE_CREDITS, ...JANE_PURCHASES, ...JOHN_CREDITS, ...JOHN_PURCHASES]),
        ...truth([...FEES, ...INTEREST]),
      ],
    },
  };
}
