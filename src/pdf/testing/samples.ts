/**
 * Sample documents for the PDF tests: a Schedule C worksheet, a twelve-month P&L, a long
 * transaction list and a client letter in Markdown.
 */
import type { ReportDocument, ReportTable } from "../../reports/types.ts";

const EXPENSES: [string, string, string, number][] = [
  ["8", "Advertising", "1240.00", 6],
  ["9", "Car and truck expenses", "3187.45", 21],
  ["10", "Commissions and fees", "420.00", 2],
  ["13", "Depreciation and section 179 expense deduction", "2500.00", 1],
  ["15", "Insurance (other than health)", "1865.20", 12],
  ["17", "Legal and professional services", "2750.00", 4],
  ["18", "Office expense", "912.37", 18],
  ["22", "Supplies", "14872.91", 143],
  ["24b", "Deductible meals", "318.60", 9],
  ["25", "Utilities", "4210.08", 24],
  ["27a", "Other expenses: software subscriptions, bank charges and merchant processing fees", "1288.55", 37],
];

/** A Schedule C worksheet as the reports module produces it. */
export function scheduleCSample(): ReportDocument {
  const columns: ReportTable["columns"] = [
    { key: "line", label: "Line", type: "text" },
    { key: "name", label: "Description", type: "text" },
    { key: "count", label: "Transactions", type: "integer" },
    { key: "total", label: "Amount", type: "money" },
  ];
  const expenseTotal = EXPENSES.reduce((a, e) => a + BigInt(e[2].replace(".", "")), 0n);
  const cents = (n: bigint) =>
    `${n < 0n ? "-" : ""}${(n < 0n ? -n : n) / 100n}.${String((n < 0n ? -n : n) % 100n).padStart(2, "0")}`;
  return {
    report: "schedule-c",
    title: "Schedule C worksheet",
    firmName: "Harbor & Pine Accounting",
    clientName: "Riverside Bakery LLC",
    periodLabel: "Calendar year 2025 (2025-01-01 – 2025-12-31)",
    currency: "USD",
    generatedAt: "2026-12-02T14:05:00Z",
    warnings: [
      "12 transactions ($1,934.17) are uncategorized and not included above.",
      "3 transactions still need review.",
    ],
    tables: [
      {
        title: "Part I · Income",
        columns,
        rows: [
          { line: "1", name: "Gross receipts or sales", count: 412, total: "148213.40" },
          { line: "2", name: "Returns and allowances", count: 7, total: "-1204.00" },
        ],
        totals: { line: null, name: "Gross income", count: 419, total: "147009.40" },
      },
      {
        title: "Part II · Expenses",
        columns,
        rows: EXPENSES.map(([line, name, total, count]) => ({ line, name, count, total })),
        totals: { line: null, name: "Total expenses", count: 277, total: cents(expenseTotal) },
      },
      {
        title: "Net profit",
        columns,
        rows: [{ line: "31", name: "Net profit or (loss)", count: null, total: cents(14700940n - expenseTotal) }],
      },
    ],
  };
}

/** Expected totals of {@link scheduleCSample}, as an English reader sees them. */
export const SCHEDULE_C_TOTALS = { gross: "$147,009.40", expenses: "$33,565.16", net: "113,444.24" };

/** A profit and loss by month: fourteen columns, wide enough to need landscape pages. */
export function profitLossSample(): ReportDocument {
  const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, "0")}`);
  const columns: ReportTable["columns"] = [
    { key: "name", label: "Category", type: "text" },
    ...months.map((m) => ({ key: m, label: m, type: "money" as const })),
    { key: "total", label: "Total", type: "money" },
  ];
  const cats = ["Sales", "Catering income", "Flour and grain", "Dairy", "Packaging", "Rent", "Payroll", "Utilities"];
  const rows = cats.map((name, c) => {
    const row: Record<string, string> = { name };
    let sum = 0n;
    months.forEach((m, i) => {
      const v = BigInt((c + 1) * 104_321 + i * 7_919) * (c < 2 ? 1n : -1n);
      sum += v;
      row[m] = `${v < 0n ? "-" : ""}${(v < 0n ? -v : v) / 100n}.${String((v < 0n ? -v : v) % 100n).padStart(2, "0")}`;
    });
    row.total = `${sum < 0n ? "-" : ""}${(sum < 0n ? -sum : sum) / 100n}.${
      String((sum < 0n ? -sum : sum) % 100n).padStart(2, "0")
    }`;
    return row;
  });
  return {
    ...scheduleCSample(),
    report: "profit-loss",
    title: "Profit and loss by month",
    warnings: [],
    tables: [{ title: "By category", columns, rows }],
  };
}

/** A transaction list of `n` rows with a totals row. */
export function transactionsSample(n: number): ReportDocument {
  const columns: ReportTable["columns"] = [
    { key: "date", label: "Date", type: "date" },
    { key: "payee", label: "Payee", type: "text" },
    { key: "category", label: "Category", type: "text" },
    { key: "amount", label: "Amount", type: "money" },
  ];
  let sum = 0n;
  const rows = Array.from({ length: n }, (_, i) => {
    const cents = BigInt(((i * 7_919) % 50_000) + 1) * (i % 5 === 0 ? 1n : -1n);
    sum += cents;
    return {
      date: `2025-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`,
      payee: `Row ${i + 1} ${i % 9 === 0 ? "Costco Wholesale #1042 Business Center, Seattle WA" : "Local Supplier"}`,
      category: i % 5 === 0 ? "Sales" : "Supplies",
      amount: fmt(cents),
    };
  });
  return {
    ...scheduleCSample(),
    report: "transactions",
    title: "Transactions",
    warnings: [],
    tables: [{
      title: "All transactions",
      columns,
      rows,
      totals: { date: null, payee: "Total", category: null, amount: fmt(sum) },
    }],
  };
}

function fmt(v: bigint): string {
  const a = v < 0n ? -v : v;
  return `${v < 0n ? "-" : ""}${a / 100n}.${String(a % 100n).padStart(2, "0")}`;
}

/** A client letter in Markdown. */
export const LETTER_MARKDOWN = `# Engagement letter

**Riverside Bakery LLC**\\
Attn: Maria Gonzalez, Owner\\
1450 Harbor Avenue, Suite 200\\
Seattle, WA 98101

December 2, 2026

Dear Maria,

Thank you for choosing *Harbor & Pine Accounting* to prepare your 2025 federal income tax return. This letter confirms
the **scope of our work**, what we need from you and our fees.

## Our services

1. Prepare **Schedule C** (Profit or Loss from Business) from your categorized ledger.
2. Reconcile your bank and credit-card statements for January through December 2025.
3. Advise you on estimated tax payments for 2026.

## What we need from you

- All bank and credit-card statements for 2025, including the *Chase Business Checking ••4821* account.
- Receipts for purchases over $75 that are not in the ledger.
- A list of vehicles used for the business, with mileage logs.

| Item | Fee |
|:-----|----:|
| Schedule C preparation | $1,250.00 |
| Statement reconciliation (12 months) | $600.00 |
| Estimated tax planning | $150.00 |
| **Total** | **$2,000.00** |

---

If these terms are acceptable, please sign below and return a copy to us by \`December 15, 2026\`.

Sincerely,

Jordan Lee, CPA\\
Harbor & Pine Accounting
`;
