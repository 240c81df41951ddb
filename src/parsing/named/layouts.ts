/**
 * Test fixtures for the named parsers: common US layouts the fixture generator does not make
 * (a daily-balance checking statement with a check-number column, a card whose table starts with
 * the posting date and marks credits "CR", a card in Payments / New Charges sections, a checking
 * statement in sections with a checks grid, a card grouped by cardholder), each as a PDF with the
 * truth a parser must recover. Test support only.
 */
import { makePdf, type PdfPage, type PdfText } from "../extract/test_pdf.ts";
import { cardholderCardFixture } from "./cardholder_card_layout.ts";
import { dec, type LayoutFixture, R, T, tx, usd } from "./fixture_pdf.ts";
import { sectionedCheckingFixture } from "./sectioned_checking_layout.ts";

export type { LayoutFixture, LayoutTruth } from "./fixture_pdf.ts";

/** Daily-balance checking: Date | Check Number | Description | Deposits/Additions | Withdrawals/Subtractions | Ending daily balance. */
export function dailyBalanceFixture(): LayoutFixture {
  const rows: [string, string, string, number][] = [
    ["3/4", "", "Payroll Globex Inc Dir Dep", 245_000],
    ["3/4", "1043", "Check", -20_000],
    ["3/5", "", "Purchase authorized on 03/04 Starbucks Seattle WA S384064115 Card 1234", -525],
    ["3/8", "", "ATM Withdrawal authorized on 03/08 7646 Main St Denver CO", -6_000],
    ["3/8", "1044", "Check", -125_000],
    ["3/12", "", "Online Transfer to Harbor Savings xxxxxx7455 Ref #Ib0Kzq9", -50_000],
    ["3/18", "", "Zelle From John Smith on 03/18 Ref # Bacf1e8a", 50_000],
    ["3/18", "", "Comcast Cable Autopay 240318", -14_500],
    ["3/25", "1045", "Check", -9_999],
    ["3/29", "", "Mobile Deposit Ref Number :415290148", 31_250],
  ];
  const opening = 100_000;
  let bal = opening;
  const balances = rows.map(([, , , c]) => (bal += c));
  const lastOfDay = (i: number) => i === rows.length - 1 || rows[i + 1][0] !== rows[i][0];
  const truthRows = rows.map(([d, n, desc, c], i) => {
    const [m, day] = d.split("/").map(Number);
    const iso = `2024-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    return tx(iso, n ? `${desc} ${n}` : desc, c, lastOfDay(i) ? balances[i] : null);
  });
  const deposits = rows.filter((r) => r[3] > 0).reduce((s, r) => s + r[3], 0);
  const withdrawals = -rows.filter((r) => r[3] < 0).reduce((s, r) => s + r[3], 0);
  const closing = bal;

  const header = (y: number): PdfText[] => [
    T(40, y, "Date"),
    T(72, y, "Check"),
    T(130, y, "Description"),
    R(420, y, "Deposits/"),
    R(492, y, "Withdrawals/"),
    R(570, y, "Ending daily"),
    T(72, y - 9, "Number"),
    R(420, y - 9, "Additions"),
    R(492, y - 9, "Subtractions"),
    R(570, y - 9, "balance"),
  ];
  const top = (n: number): PdfText[] => [
    T(40, 760, "Harbor Fargo Bank", 14),
    T(420, 760, "Everyday Checking", 10),
    T(40, 30, `Harbor Fargo Bank, N.A. Member FDIC`),
    R(570, 30, `Page ${n} of 2`),
  ];
  const page1: PdfText[] = [
    ...top(1),
    T(40, 736, "Account number: 1234567890"),
    T(40, 724, "March 1, 2024 - March 31, 2024"),
    T(40, 700, "JORDAN A. RIVERA"),
    T(40, 690, "4417 MAPLE GROVE LN"),
    T(40, 650, "Transaction history", 11),
    ...header(630),
  ];
  let y = 606;
  page1.push(T(130, y, "Beginning balance on 3/1"), R(570, y, usd(opening)));
  y -= 12;
  const page2: PdfText[] = [...top(2), T(40, 736, "Transaction history (continued)", 11), ...header(716)];
  let page = page1;
  rows.forEach(([d, n, desc, c], i) => {
    if (i === 6) {
      page = page2;
      y = 692;
    }
    page.push(T(40, y, d));
    if (n) page.push(T(72, y, n));
    const words = desc.split(" ");
    const first = words.slice(0, 7).join(" ");
    page.push(T(130, y, first));
    page.push(R(c > 0 ? 420 : 492, y, usd(c)));
    if (lastOfDay(i)) page.push(R(570, y, usd(balances[i])));
    y -= 10;
    if (words.length > 7) {
      page.push(T(130, y, words.slice(7).join(" ")));
      y -= 10;
    }
    y -= 2;
  });
  page2.push(T(130, y, "Ending balance on 3/31"), R(570, y, usd(closing)));
  y -= 14;
  page2.push(T(40, y, "Totals"), R(420, y, `$${usd(deposits)}`), R(492, y, `$${usd(withdrawals)}`));
  return {
    name: "daily_balance_checking",
    parser: "us_daily_balance_checking",
    pdf: makePdf([{ texts: page1 }, { texts: page2 }] as PdfPage[]),
    truth: {
      institution: "Harbor Fargo Bank",
      account: { number: "7890", type: "checking", currency: "USD" },
      period: { start: "2024-03-01", end: "2024-03-31" },
      balances: { opening: dec(opening), closing: dec(closing) },
      totals: { deposits: dec(deposits), withdrawals: dec(withdrawals) },
      transactions: truthRows,
    },
  };
}

/** Card: Post Date | Trans Date | Ref # | Transaction Description | Amount, credits "500.00CR". */
export function postTransCardFixture(): LayoutFixture {
  const payments: [string, string, string, string, number][] = [
    ["02/21", "02/20", "8431", "PAYMENT THANK YOU", 50_000],
    ["03/02", "02/29", "5120", "AMAZON MKTPLACE PMTS RETURN", 2_599],
  ];
  const purchases: [string, string, string, string, number][] = [
    ["02/12", "02/10", "2210", "SPOTIFY USA NEW YORK NY", -1_099],
    ["02/16", "02/15", "7781", "DELTA AIR 0062 ATLANTA GA", -29_946],
    ["02/20", "02/19", "3305", "TRADER JOE'S #552 PORTLAND OR", -8_812],
    ["03/01", "02/28", "9002", "SHELL OIL 5744 DENVER CO", -4_560],
    ["03/05", "03/04", "1188", "UBER *TRIP SAN FRANCISCO CA", -2_745],
  ];
  const opening = 124_577;
  const paid = payments.reduce((s, r) => s + r[4], 0);
  const bought = -purchases.reduce((s, r) => s + r[4], 0);
  const closing = opening - paid + bought;
  const t: PdfText[] = [
    T(40, 760, "Harbor Bancorp Visa", 14),
    T(40, 740, "Account Number 4147 20** **** 1093"),
    T(40, 728, "Statement Period: 02/08/2024 - 03/07/2024"),
    T(350, 700, "Previous Balance"),
    R(570, 700, `$${usd(opening)}`),
    T(350, 688, "Payments"),
    R(570, 688, `- $${usd(paid)}`),
    T(350, 676, "Purchases"),
    R(570, 676, `+ $${usd(bought)}`),
    T(350, 664, "New Balance"),
    R(570, 664, `$${usd(closing)}`),
    T(40, 620, "Transactions", 11),
  ];
  let y = 600;
  t.push(
    T(40, y, "Post"),
    T(80, y, "Trans"),
    T(120, y, "Ref #"),
    T(180, y, "Transaction Description"),
    R(570, y, "Amount"),
  );
  y -= 9;
  t.push(T(40, y, "Date"), T(80, y, "Date"));
  y -= 14;
  const section = (title: string, rows: typeof payments, total: number, credit: boolean) => {
    t.push(T(40, y, title, 9));
    y -= 12;
    for (const [p, d, ref, desc, c] of rows) {
      t.push(
        T(40, y, p),
        T(80, y, d),
        T(120, y, ref),
        T(180, y, desc),
        R(570, y, c > 0 ? `${usd(c)}CR` : `$${usd(c)}`),
      );
      y -= 12;
    }
    t.push(T(180, y, "TOTAL THIS PERIOD"), R(570, y, credit ? `$${usd(total)}CR` : `$${usd(total)}`));
    y -= 18;
  };
  section("Payments and Other Credits", payments, paid, true);
  section("Purchases and Other Debits", purchases, bought, false);
  const iso = (md: string) => `2024-${md.replace("/", "-")}`;
  return {
    name: "post_trans_card",
    parser: null,
    pdf: makePdf([{ texts: t }]),
    truth: {
      institution: "Harbor Bancorp Visa",
      account: { number: "1093", type: "credit_card", currency: "USD" },
      period: { start: "2024-02-08", end: "2024-03-07" },
      balances: { opening: dec(opening), closing: dec(closing) },
      totals: { payments: dec(paid), purchases: dec(bought) },
      transactions: [...payments, ...purchases].map(([p, d, , desc, c]) => tx(iso(d), desc, c, null, iso(p))),
    },
  };
}

/** Card in sections: Payments and Credits, New Charges; "MM/DD/YY*" dates, detail lines, issuer's signs. */
export function sectionedCardFixture(): LayoutFixture {
  const payments: [string, string, number][] = [["02/20/24*", "AUTOPAY PAYMENT - THANK YOU", 100_000]];
  const charges: [string, string, string | null, number][] = [
    ["02/12/24", "DELTA AIR LINES ATLANTA GA", "Ticket 0062123456789 Passenger RIVERA/JORDAN", -120_050],
    ["02/15/24", "LE CAFE PARIS FR", "166.10 Euros 1.0852 Exchange Rate", -18_025],
    ["02/26/24", "WHOLE FOODS MKT AUSTIN TX", null, -6_342],
    ["03/03/24", "NETFLIX.COM LOS GATOS CA", "800-585-7265", -1_549],
  ];
  const opening = 100_000;
  const paid = payments.reduce((s, r) => s + r[2], 0);
  const charged = -charges.reduce((s, r) => s + r[3], 0);
  const closing = opening - paid + charged;
  const t: PdfText[] = [
    T(40, 760, "Harbor Express", 14),
    T(400, 760, "Platinum Card", 10),
    T(40, 740, "Closing Date 03/07/24"),
    T(40, 728, "Account Ending 1-01009"),
    T(360, 740, "New Balance"),
    R(570, 740, `$${usd(closing)}`),
    T(360, 728, "Previous Balance"),
    R(570, 728, `$${usd(opening)}`),
    T(360, 716, "Minimum Payment Due"),
    R(570, 716, "$40.00"),
  ];
  let y = 660;
  t.push(T(40, y, "Payments and Credits", 11));
  y -= 18;
  t.push(T(40, y, "Date"), T(110, y, "Description"), R(570, y, "Amount"));
  y -= 14;
  for (const [d, desc, c] of payments) {
    t.push(T(40, y, d), T(110, y, desc), R(570, y, `-$${usd(c)}`));
    y -= 14;
  }
  t.push(T(40, y, "Total Payments and Credits"), R(570, y, `-$${usd(paid)}`));
  y -= 30;
  t.push(T(40, y, "New Charges", 11));
  y -= 18;
  t.push(T(40, y, "Date"), T(110, y, "Description"), R(570, y, "Amount"));
  y -= 14;
  for (const [d, desc, detail, c] of charges) {
    t.push(T(40, y, d), T(110, y, desc), R(570, y, `$${usd(c)}`));
    y -= 11;
    if (detail) {
      t.push(T(110, y, detail));
      y -= 11;
    }
    y -= 3;
  }
  t.push(T(40, y, "Total New Charges"), R(570, y, `$${usd(charged)}`));
  const iso = (d: string) => `20${d.slice(6, 8)}-${d.slice(0, 2)}-${d.slice(3, 5)}`;
  return {
    name: "sectioned_card",
    parser: null,
    pdf: makePdf([{ texts: t }]),
    truth: {
      institution: "Harbor Express",
      account: { number: "1009", type: "credit_card", currency: "USD" },
      period: { start: null, end: "2024-03-07" },
      balances: { opening: dec(opening), closing: dec(closing) },
      totals: { payments: dec(paid), purchases: dec(charged) },
      transactions: [
        ...payments.map(([d, desc, c]) => tx(iso(d), desc, c)),
        ...charges.map(([d, desc, detail, c]) => tx(iso(d), detail ? `${desc} ${detail}` : desc, c)),
      ],
    },
  };
}

/** All layout fixtures. */
export function layoutFixtures(): LayoutFixture[] {
  return [
    dailyBalanceFixture(),
    postTransCardFixture(),
    sectionedCardFixture(),
    sectionedCheckingFixture(),
    cardholderCardFixture(),
  ];
}
