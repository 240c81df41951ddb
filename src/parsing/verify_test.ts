import { assertEquals } from "../../tests/support/assert.ts";
import type { ParsedStatement, StatementTransaction } from "./types.ts";
import { verifyStatement } from "./verify.ts";

const tx = (date: string, amount: string, balance: string | null = null, posted: string | null = null) =>
  ({ date, posted_date: posted, description: "x", amount, balance }) as StatementTransaction;

function statement(over: Partial<ParsedStatement> = {}): ParsedStatement {
  return {
    parser: "test",
    institution: null,
    account: { number: null, type: "checking", currency: "USD" },
    period: { start: "2024-03-01", end: "2024-03-31" },
    balances: { opening: "100.00", closing: "150.10" },
    transactions: [tx("2024-03-02", "100.10", "200.10"), tx("2024-03-05", "-50.00", "150.10")],
    warnings: [],
    ...over,
  };
}

const byName = (v: ReturnType<typeof verifyStatement>) => Object.fromEntries(v.checks.map((c) => [c.name, c]));

Deno.test("verifyStatement passes a bank statement that adds up", () => {
  const v = verifyStatement(statement(), "checking");
  assertEquals(v.status, "passed");
  assertEquals(v.checks.map((c) => [c.name, c.ok]), [
    ["balance_equation", true],
    ["running_balance", true],
    ["dates_in_period", true],
  ]);
  assertEquals(byName(v).balance_equation.detail, "opening 100.00 + Σ 2 amount(s) 50.10 = 150.10 = closing");
});

Deno.test("balance_equation uses exact cents (0.1 + 0.2 is 0.3)", () => {
  const s = statement({
    balances: { opening: "0.00", closing: "0.30" },
    transactions: [tx("2024-03-02", "0.10"), tx("2024-03-03", "0.20")],
  });
  assertEquals(verifyStatement(s, "checking").status, "passed");
  const off = verifyStatement({ ...s, balances: { opening: "0.00", closing: "0.31" } }, "checking");
  assertEquals(off.status, "failed");
  assertEquals(
    byName(off).balance_equation.detail,
    "opening 0.00 + Σ 2 amount(s) 0.30 = 0.30, but the closing balance is 0.31 (off by 0.01)",
  );
});

Deno.test("verifyStatement: a card's balance is what is owed (opening − Σ amounts)", () => {
  const s = statement({
    account: { number: null, type: "credit_card", currency: "USD" },
    balances: { opening: "500.00", closing: "545.50" },
    transactions: [
      tx("2024-03-02", "-120.00", "620.00"), // purchase
      tx("2024-03-03", "100.00", "520.00"), // payment
      tx("2024-03-04", "-25.50", "545.50"),
    ],
  });
  const v = verifyStatement(s, "credit_card");
  assertEquals(v.status, "passed");
  // The same numbers read as a bank account do not add up.
  assertEquals(verifyStatement(s, "checking").status, "failed");
  // The account type defaults to the statement's own.
  assertEquals(verifyStatement(s).status, "passed");
});

Deno.test("running_balance lists the first rows that disagree", () => {
  const s = statement({
    balances: { opening: "100.00", closing: null },
    transactions: [
      tx("2024-03-02", "10.00", "110.00"),
      tx("2024-03-03", "10.00", "121.00"), // wrong
      tx("2024-03-04", "10.00", "131.00"), // right from the printed 121.00
      tx("2024-03-05", "-1.00", "100.00"), // wrong
    ],
  });
  const v = verifyStatement(s, "checking");
  assertEquals(v.status, "failed");
  const rb = byName(v).running_balance;
  assertEquals([rb.ok, rb.rows], [false, [1, 3]]);
  assertEquals(rb.detail, "2 of 4 printed balance(s) disagree with the running balance (first: row 1)");
});

Deno.test("running_balance carries through rows without a printed balance and needs no opening", () => {
  const s = statement({
    balances: { opening: null, closing: null },
    transactions: [
      tx("2024-03-02", "10.00", "110.00"),
      tx("2024-03-02", "-5.00"),
      tx("2024-03-02", "-5.00", "100.00"), // balance printed once per day
    ],
  });
  const v = verifyStatement(s, "checking");
  assertEquals(v.status, "passed");
  assertEquals(byName(v).running_balance.detail, "1 printed balance(s) agree");
});

Deno.test("running_balance recognises rows listed newest first", () => {
  const s = statement({
    transactions: [tx("2024-03-05", "-50.00", "150.10"), tx("2024-03-02", "100.10", "200.10")],
  });
  const v = verifyStatement(s, "checking");
  assertEquals(v.status, "passed");
  assertEquals(byName(v).running_balance.detail, "2 printed balance(s) agree (rows are listed newest first)");
});

Deno.test("printed_totals compares deposits and withdrawals (with separate fees)", () => {
  const transactions = [tx("2024-03-02", "100.10"), tx("2024-03-03", "-40.00"), tx("2024-03-04", "-10.00")];
  const ok = statement({ transactions, totals: { deposits: "100.10", withdrawals: "40.00", fees: "10.00" } });
  assertEquals(byName(verifyStatement(ok, "checking")).printed_totals, {
    name: "printed_totals",
    ok: true,
    detail: "printed totals agree: deposits 100.10, withdrawals + fees 50.00",
  });
  const bad = statement({ transactions, totals: { deposits: "100.00", withdrawals: "50.00" } });
  const v = verifyStatement(bad, "checking");
  assertEquals(v.status, "failed");
  assertEquals(byName(v).printed_totals.detail, "printed deposits 100.00 ≠ Σ money in 100.10");
  const card = statement({
    account: { number: null, type: "credit_card", currency: "USD" },
    balances: { opening: "0.00", closing: "-50.10" },
    transactions,
    totals: { payments: "100.10", purchases: "40.00", fees: "10.00" },
  });
  assertEquals(verifyStatement(card).status, "passed");
});

Deno.test("dates_in_period allows 3 days either side; a card row passes on its posting date", () => {
  const s = statement({
    balances: { opening: null, closing: null },
    transactions: [
      tx("2024-02-27", "1.00"), // 3 days early: fine
      tx("2024-02-26", "1.00"), // 4 days early
      tx("2024-04-04", "1.00"), // 4 days late
      tx("2024-02-20", "1.00", null, "2024-03-01"), // posted in the period
      tx("2024-02-30", "1.00"), // not a date
    ],
  });
  const v = verifyStatement(s, "checking");
  const d = byName(v).dates_in_period;
  assertEquals([v.status, d.ok, d.rows], ["failed", false, [1, 2, 4]]);
  assertEquals(d.detail, "3 row(s) dated outside 2024-03-01 to 2024-03-31 ± 3 days (first: row 1, 2024-02-26)");
});

Deno.test("verifyStatement is unverifiable without balances, and says which checks could not run", () => {
  const s = statement({
    balances: { opening: null, closing: "10.00" },
    transactions: [tx("2024-03-02", "10.00")],
  });
  const v = verifyStatement(s, "checking");
  assertEquals(v.status, "unverifiable");
  assertEquals(v.checks.map((c) => c.name), ["dates_in_period"]);
  const nothing = verifyStatement(statement({
    balances: { opening: null, closing: null },
    period: { start: null, end: null },
    transactions: [tx("2024-03-02", "10.00")],
  }));
  assertEquals(nothing, { status: "unverifiable", checks: [] });
});

Deno.test("verifyStatement: a statement without transactions must keep its balance", () => {
  const same = statement({ balances: { opening: "5.00", closing: "5.00" }, transactions: [] });
  assertEquals(verifyStatement(same).status, "passed");
  const moved = statement({ balances: { opening: "5.00", closing: "6.00" }, transactions: [] });
  assertEquals(verifyStatement(moved).status, "failed");
});

Deno.test("verifyStatement fails rows whose amount is not a decimal", () => {
  const s = statement({ transactions: [tx("2024-03-02", "1,000.00", "1100.00")] });
  const v = verifyStatement(s);
  assertEquals(v.status, "failed");
  assertEquals(byName(v).balance_equation.rows, [0]);
});
