/** Layouts modelled on US bank and card statements, built by hand (not by the fixture generator). */
import { assertEquals } from "../../../tests/support/assert.ts";
import { genericParser } from "./mod.ts";
import { makeDoc } from "./test_doc.ts";

const brief = (doc: ReturnType<typeof makeDoc>) => {
  const r = genericParser.parse(doc);
  return { ...r, rows: r.transactions.map((t) => [t.date, t.description, t.amount, t.balance, t.posted_date]) };
};

Deno.test("sections with unsigned amounts: deposits in, withdrawals out (Chase-like)", () => {
  const doc = makeDoc([[
    [[40, "December 15, 2024 through January 14, 2025"]],
    [[40, "Primary Account: 000000123456789"]],
    [[40, "CHECKING SUMMARY"]],
    [[40, "Beginning Balance"], [400, "$1,000.00", "r"]],
    [[40, "Deposits and Additions"], [300, "2", "r"], [400, "2,500.00", "r"]],
    [[40, "Electronic Withdrawals"], [300, "3", "r"], [400, "-320.50", "r"]],
    [[40, "Ending Balance"], [300, "5", "r"], [400, "$3,179.50", "r"]],
    [[40, "DEPOSITS AND ADDITIONS"]],
    [[40, "DATE"], [90, "DESCRIPTION"], [560, "AMOUNT", "r"]],
    [[40, "12/31"], [90, "Payroll Direct Dep ACME"], [560, "$2,000.00", "r"]],
    [[40, "01/03"], [90, "Zelle From John"], [560, "500.00", "r"]],
    [[40, "Total Deposits and Additions"], [560, "$2,500.00", "r"]],
    [[40, "ELECTRONIC WITHDRAWALS"]],
    [[40, "DATE"], [90, "DESCRIPTION"], [560, "AMOUNT", "r"]],
    [[40, "12/20"], [90, "Card Purchase 12/19 Amazon.com"], [560, "$20.50", "r"]],
    [[40, "01/02"], [90, "Comcast Payment"], [560, "100.00", "r"]],
    [[40, "01/10"], [90, "Chase Credit Card Payment"], [560, "200.00", "r"]],
    [[40, "Total Electronic Withdrawals"], [560, "$320.50", "r"]],
    [[40, "DAILY ENDING BALANCE"]],
    [[40, "12/20"], [100, "979.50", "r"], [140, "12/31"], [220, "2,979.50", "r"]],
  ]], [[[40, "JPMorgan Chase Bank, N.A."]]]);
  const r = brief(doc);
  assertEquals(r.rows, [
    ["2024-12-31", "Payroll Direct Dep ACME", "2000.00", null, null],
    ["2025-01-03", "Zelle From John", "500.00", null, null],
    ["2024-12-20", "Card Purchase 12/19 Amazon.com", "-20.50", null, null],
    ["2025-01-02", "Comcast Payment", "-100.00", null, null],
    ["2025-01-10", "Chase Credit Card Payment", "-200.00", null, null],
  ]);
  assertEquals(r.institution, "JPMorgan Chase Bank, N.A.");
  assertEquals(r.account, { number: "6789", type: "checking", currency: "USD" });
  assertEquals(r.period, { start: "2024-12-15", end: "2025-01-14" });
  assertEquals(r.balances, { opening: "1000.00", closing: "3179.50" });
  assertEquals(r.totals, { deposits: "2500.00" });
});

Deno.test("two-line header, check numbers and a daily balance (Wells Fargo-like)", () => {
  const doc = makeDoc([[
    [[40, "Wells Fargo Everyday Checking"]],
    [[40, "Account number: 1234567890"], [300, "January 1, 2025 - January 31, 2025"]],
    [[40, "Beginning balance on 1/1"], [300, "$500.00", "r"]],
    [[40, "Ending balance on 1/31"], [300, "$1,155.00", "r"]],
    [[40, "Transaction history"]],
    { y: 600, cells: [[75, "Check"], [380, "Deposits/", "r"], [460, "Withdrawals/", "r"], [540, "Ending daily", "r"]] },
    {
      y: 590,
      cells: [[40, "Date"], [75, "Number"], [130, "Description"], [380, "Additions", "r"], [460, "Subtractions", "r"], [
        540,
        "balance",
        "r",
      ]],
    },
    { y: 577, cells: [[40, "1/3"], [130, "Payroll ACME Corp"], [380, "1,000.00", "r"]] },
    {
      y: 564,
      cells: [[40, "1/3"], [130, "Purchase authorized on 01/02 Safeway"], [460, "45.00", "r"], [540, "1,455.00", "r"]],
    },
    { y: 551, cells: [[40, "1/9"], [75, "1001"], [130, "Check"], [460, "300.00", "r"], [540, "1,155.00", "r"]] },
    { y: 538, cells: [[40, "Ending balance on 1/31"], [540, "1,155.00", "r"]] },
    { y: 525, cells: [[40, "Totals"], [380, "$1,000.00", "r"], [460, "$345.00", "r"]] },
  ]]);
  const r = brief(doc);
  assertEquals(r.rows, [
    ["2025-01-03", "Payroll ACME Corp", "1000.00", null, null],
    ["2025-01-03", "Purchase authorized on 01/02 Safeway", "-45.00", "1455.00", null],
    ["2025-01-09", "Check", "-300.00", "1155.00", null],
  ]);
  assertEquals(r.account, { number: "7890", type: "checking", currency: "USD" });
  assertEquals(r.balances, { opening: "500.00", closing: "1155.00" });
  assertEquals(r.period, { start: "2025-01-01", end: "2025-01-31" });
});

Deno.test("card with wrapped descriptions and signed credits (Amex-like)", () => {
  const doc = makeDoc([[
    [[40, "Platinum Card"], [400, "Closing Date 01/14/25"]],
    [[40, "Account Ending 1-01005"]],
    [[40, "Previous Balance"], [300, "$1,000.00", "r"]],
    [[40, "Payments/Credits"], [300, "-$500.00", "r"]],
    [[40, "New Charges"], [300, "+$250.00", "r"]],
    [[40, "New Balance"], [300, "$750.00", "r"]],
    [[40, "Minimum Payment Due"], [300, "$35.00", "r"]],
    [[40, "Opening/Closing Date 12/15/24 - 01/14/25"]],
    [[40, "Date"], [100, "Description"], [560, "Amount", "r"]],
    [[40, "12/16/24"], [100, "MOBILE PAYMENT - THANK YOU"], [560, "-$500.00", "r"]],
    [[40, "12/20/24"], [100, "WHOLE FOODS MARKET"], [560, "$150.00", "r"]],
    [[100, "AUSTIN TX"]],
    [[40, "01/05/25"], [100, "DELTA AIR LINES"], [560, "$100.00", "r"]],
    [[100, "ATLANTA GA"]],
    [[100, "PASSENGER TICKET"]],
    [[40, "Total New Charges"], [560, "$250.00", "r"]],
    [[40, "Important Notices"]],
    [[100, "Your card is accepted at millions of places"]],
  ]], [[[40, "American Express"]]]);
  const r = brief(doc);
  assertEquals(r.rows, [
    ["2024-12-16", "MOBILE PAYMENT - THANK YOU", "500.00", null, null],
    ["2024-12-20", "WHOLE FOODS MARKET AUSTIN TX", "-150.00", null, null],
    ["2025-01-05", "DELTA AIR LINES ATLANTA GA PASSENGER TICKET", "-100.00", null, null],
  ]);
  assertEquals(r.institution, "American Express");
  assertEquals(r.account, { number: "1005", type: "credit_card", currency: "USD" });
  assertEquals(r.balances, { opening: "1000.00", closing: "750.00" });
  assertEquals(r.totals, { payments: "500.00", purchases: "250.00" });
});

Deno.test("a table that goes on over a page break without a header, beside a text block", () => {
  const doc = makeDoc([
    [
      [[40, "Statement Period 03/01/2025 to 03/31/2025"]],
      [[40, "Date"], [90, "Description"], [340, "Amount", "r"], [420, "Balance", "r"], [450, "Need help?"]],
      [[40, "03/02"], [90, "Opening deposit"], [340, "100.00", "r"], [420, "100.00", "r"], [
        450,
        "Call 1-800-555-0100",
      ]],
      [[40, "03/04"], [90, "Coffee"], [340, "-4.50", "r"], [420, "95.50", "r"], [450, "or visit a branch."]],
    ],
    [
      [[40, "Page 2"]],
      [[40, "03/07"], [90, "Refund"], [340, "10.00", "r"], [420, "105.50", "r"]],
      [[40, "03/09"], [90, "Rent"], [340, "-1,000.00", "r"], [420, "-894.50", "r"]],
      [[40, "Ending balance"], [420, "-894.50", "r"]],
      [[40, "03/10"], [90, "Not a transaction"], [340, "1.00", "r"]],
    ],
  ]);
  const r = brief(doc);
  assertEquals(r.rows.map((x) => x.slice(0, 4)), [
    ["2025-03-02", "Opening deposit", "100.00", "100.00"],
    ["2025-03-04", "Coffee", "-4.50", "95.50"],
    ["2025-03-07", "Refund", "10.00", "105.50"],
    ["2025-03-09", "Rent", "-1000.00", "-894.50"],
  ]);
  assertEquals(r.balances.closing, "-894.50");
  assertEquals(genericParser.detect(doc), 0.3);
});

Deno.test("unsigned amounts settled by the running balance, dates printed once per day", () => {
  const doc = makeDoc([[
    [[40, "Savings Account Statement"]],
    [[40, "Period: 01 Jan 2025 to 31 Jan 2025"]],
    [[40, "Date"], [100, "Details"], [380, "Amount", "r"], [480, "Balance", "r"]],
    [[40, "01 Jan"], [100, "Balance brought forward"], [480, "1,000.00", "r"]],
    [[40, "03 Jan"], [100, "Salary"], [380, "2,000.00", "r"], [480, "3,000.00", "r"]],
    [[100, "Grocer"], [380, "50.00", "r"], [480, "2,950.00", "r"]],
    [[40, "05 Jan"], [100, "Rent"], [380, "900.00", "r"]],
    [[100, "Interest"], [380, "1.25", "r"], [480, "2,051.25", "r"]],
    [[40, "Balance carried forward"], [480, "2,051.25", "r"]],
  ]]);
  const r = brief(doc);
  assertEquals(r.rows.map((x) => x.slice(0, 3)), [
    ["2025-01-03", "Salary", "2000.00"],
    ["2025-01-03", "Grocer", "-50.00"],
    ["2025-01-05", "Rent", "-900.00"],
    ["2025-01-05", "Interest", "1.25"],
  ]);
  assertEquals(r.account.type, "savings");
  assertEquals(r.balances, { opening: "1000.00", closing: "2051.25" });
});

Deno.test("amounts on the last line of each entry, one date per day (HSBC UK-like)", () => {
  const doc = makeDoc([[
    [[40, "HSBC UK Bank plc"]],
    [[40, "Your Statement"], [300, "1 January to 31 January 2025"]],
    [[40, "Sortcode 40-12-34"], [200, "Account Number 12345678"]],
    [[40, "Date"], [90, "Payment type and details"], [380, "Paid out", "r"], [460, "Paid in", "r"], [
      540,
      "Balance",
      "r",
    ]],
    [[40, "01 Jan 25"], [90, "BALANCE BROUGHT FORWARD"], [540, "500.00", "r"]],
    [[40, "03 Jan 25"], [90, "VIS TESCO STORES 1234"], [380, "12.34", "r"]],
    [[90, "DD COUNCIL TAX"]],
    [[90, "REF 12345"], [380, "80.00", "r"], [540, "407.66", "r"]],
    [[40, "06 Jan 25"], [90, "CR ACME LTD"]],
    [[90, "SALARY"], [460, "1,000.00", "r"], [540, "1,407.66", "r"]],
    [[40, "31 Jan 25"], [90, "BALANCE CARRIED FORWARD"], [540, "1,407.66", "r"]],
  ]]);
  const r = brief(doc);
  assertEquals(r.rows.map((x) => x.slice(0, 4)), [
    ["2025-01-03", "VIS TESCO STORES 1234", "-12.34", null],
    ["2025-01-03", "DD COUNCIL TAX REF 12345", "-80.00", "407.66"],
    ["2025-01-06", "CR ACME LTD SALARY", "1000.00", "1407.66"],
  ]);
  assertEquals(r.account, { number: "5678", type: "checking", currency: "GBP" });
  assertEquals(r.balances, { opening: "500.00", closing: "1407.66" });
  assertEquals(r.period, { start: "2025-01-01", end: "2025-01-31" });
});

Deno.test("card sections inside one table set the direction of unsigned amounts (Capital One-like)", () => {
  const doc = makeDoc([[
    [[40, "Capital One"], [300, "Dec 15, 2024 - Jan 14, 2025"]],
    [[40, "Visa Signature Card ending in 4321"]],
    [[40, "Payment Due Date"], [300, "Feb 8, 2025"]],
    [[40, "Trans Date"], [90, "Post Date"], [150, "Description"], [560, "Amount", "r"]],
    [[40, "JANE DOE #4321: Payments, Credits and Adjustments"]],
    [[40, "Dec 20"], [90, "Dec 21"], [150, "CAPITAL ONE MOBILE PYMT"], [560, "$300.00", "r"]],
    [[40, "JANE DOE #4321: Transactions"]],
    [[40, "Dec 28"], [90, "Dec 29"], [150, "NETFLIX.COM"], [560, "$15.49", "r"]],
    [[40, "Jan 2"], [90, "Jan 3"], [150, "SHELL OIL 57444"], [560, "$42.10", "r"]],
  ]]);
  const r = brief(doc);
  assertEquals(r.rows, [
    ["2024-12-20", "CAPITAL ONE MOBILE PYMT", "300.00", null, "2024-12-21"],
    ["2024-12-28", "NETFLIX.COM", "-15.49", null, "2024-12-29"],
    ["2025-01-02", "SHELL OIL 57444", "-42.10", null, "2025-01-03"],
  ]);
  assertEquals(r.account, { number: "4321", type: "credit_card", currency: "USD" });
  assertEquals(r.period, { start: "2024-12-15", end: "2025-01-14" });
});
