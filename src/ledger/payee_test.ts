import { assertEquals } from "../../tests/support/assert.ts";
import { MAX_PAYEE_LENGTH, normalizePayee } from "./payee.ts";

/** Realistic descriptions from US bank and card statements → the payee a bookkeeper would write. */
const CASES: [string, string][] = [
  // Card purchases with processor prefixes, store numbers and a trailing city/state.
  ["POS PURCHASE STARBUCKS STORE 12345 SEATTLE WA", "Starbucks"],
  ["DEBIT CARD PURCHASE XXXXXX1234 BLUE BOTTLE COFFEE OAKLAND CA", "Blue Bottle Coffee"],
  ["SQ *BLUE BOTTLE COFFEE San Francisco CA", "Blue Bottle Coffee"],
  ["POS PURCHASE SQ *BLUE BOTTLE COFFEE #123 OAKLAND CA 03/14 XXXX1234", "Blue Bottle Coffee"],
  ["TST* SHAKE SHACK 1234 NEW YORK NY", "Shake Shack"],
  ["TST*JOE'S PIZZA BROOKLYN NY", "Joe's Pizza"],
  ["PAYPAL *NETFLIX.COM 402-935-7733 CA", "Netflix.com"],
  ["NETFLIX.COM LOS GATOS CA", "Netflix.com"],
  ["CHECKCARD 0315 CHEVRON 0091234 HOUSTON TX 24431065074100000123456", "Chevron"],
  ["PURCHASE AUTHORIZED ON 03/14 SHELL OIL 57444 SAN JOSE CA S384073 CARD 1234", "Shell Oil"],
  ["RECURRING PAYMENT AUTHORIZED ON 03/01 SPOTIFY USA 877-7781161 NY S46306000 CARD 9876", "Spotify USA"],
  ["THE HOME DEPOT #0604 SEATTLE WA", "The Home Depot"],
  ["TARGET T-1234 MINNEAPOLIS MN", "Target"],
  ["WHOLEFDS MKT #10234 AUSTIN TX", "Whole Foods Market"],
  ["COSTCO WHSE #0001 ISSAQUAH WA", "Costco"],
  ["WM SUPERCENTER #5260 BENTONVILLE AR", "Walmart"],
  ["AMZN Mktp US*2K4LX7YT0 Amzn.com/bill WA", "Amazon"],
  ["AMAZON.COM*RT4Y62XK2 AMZN.COM/BILL WA", "Amazon"],
  ["UBER *TRIP HELP.UBER.COM CA", "Uber"],
  ["UBER *EATS 8005928996 CA", "Uber Eats"],
  ["LYFT *RIDE TUE 7PM 855-865-9553 CA", "Lyft"],
  ["DD *DOORDASH CHIPOTLE 855-973-1040 CA", "DoorDash"],
  ["GOOGLE *GSUITE_ACME CC@GOOGLE.COM CA", "Google"],
  ["ADOBE *CREATIVE CLOUD 800-833-6687 CA", "Adobe"],
  ["APPLE.COM/BILL 866-712-7753 CA", "Apple.com"],
  ["MCDONALD'S F12345 CHICAGO IL", "McDonald's"],
  ["TRADER JOE S #552 SAN DIEGO CA", "Trader Joe's"],
  ["7-ELEVEN 34567 DALLAS TX", "7-Eleven"],
  ["CVS/PHARMACY #04512 BOSTON MA", "CVS Pharmacy"],
  ["DELTA AIR LINES ATLANTA CONF# ABC123", "Delta Air Lines"],
  ["UNITED AIRLINES 0162345678901 HOUSTON TX", "United Airlines"],
  ["MARRIOTT HOTELS SALT LAKE CITY UT", "Marriott Hotels"],
  ["BLUE BOTTLE COFFEE CO", "Blue Bottle Coffee"],
  ["24 HOUR FITNESS USA #123 SAN RAMON CA", "24 Hour Fitness USA"],
  // ACH and transfers.
  ["ACH DEBIT COMCAST CABLE 8774 REF# 0012345", "Comcast Cable"],
  ["COMCAST CABLE 800-266-2278 PA", "Comcast Cable"],
  [
    "ORIG CO NAME:GUSTO ORIG ID:9138864001 DESC DATE:250314 CO ENTRY DESCR:NET PAY SEC:PPD TRACE#:091000012345678",
    "Gusto",
  ],
  ["GUSTO DES:NET PAY ID:12345 INDN:JANE DOE CO ID:1234567890 PPD", "Gusto"],
  ["ELECTRONIC PAYMENT STATE FARM INSURANCE WEB ID: 9000313004", "State Farm Insurance"],
  ["ZELLE PAYMENT TO JOHN SMITH CONF# 7FJ2K9", "John Smith"],
  ["Zelle to Smith John on 03/14 Ref # PP0ABC123", "Smith John"],
  ["ONLINE TRANSFER TO SAVINGS XXXXXX5678 REF #IB0ABC123 ON 03/14/25", "Online Transfer to Savings"],
  ["BILL PAY TO PACIFIC GAS AND ELECTRIC", "Pacific Gas and Electric"],
  ["PAYPAL TRANSFER 1023456789", "PayPal Transfer"],
  ["STRIPE TRANSFER ST-A1B2C3D4E5", "Stripe Transfer"],
  // Bank-internal lines.
  ["CHECK 1234", "Check 1234"],
  ["CHECK #001045", "Check 1045"],
  ["ATM WITHDRAWAL 1234 MAIN ST SEATTLE WA", "ATM Withdrawal"],
  ["MONTHLY SERVICE FEE", "Monthly Service Fee"],
  ["INTEREST PAYMENT", "Interest Payment"],
  ["DEPOSIT", "Deposit"],
  ["ACH DEBIT", "ACH Debit"],
  // Mixed-case exports keep their spelling.
  ["Blue Bottle Coffee", "Blue Bottle Coffee"],
  ["iCloud Storage", "iCloud Storage"],
];

Deno.test("normalizePayee: realistic descriptions become clean merchant names", () => {
  const failures: string[] = [];
  for (const [description, expected] of CASES) {
    const actual = normalizePayee(description);
    if (actual !== expected) {
      failures.push(`${JSON.stringify(description)} → ${JSON.stringify(actual)}, want ${expected}`);
    }
  }
  assertEquals(failures, []);
  assertEquals(CASES.length >= 30, true);
});

Deno.test("normalizePayee: empty, whitespace and noise-only descriptions", () => {
  assertEquals(normalizePayee(""), "");
  assertEquals(normalizePayee("   \t "), "");
  assertEquals(normalizePayee("POS PURCHASE"), "POS Purchase");
});

Deno.test("normalizePayee: never longer than the column allows, and deterministic", () => {
  const long = "ACME ".repeat(100);
  const payee = normalizePayee(long);
  assertEquals(payee.length <= MAX_PAYEE_LENGTH, true);
  assertEquals(normalizePayee(long), payee);
  assertEquals(normalizePayee("straße café münchen"), normalizePayee("straße café münchen"));
});
