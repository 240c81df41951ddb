import { assertEquals } from "../../../tests/support/assert.ts";
import { type Amount, formatMinor, parseAmount } from "../amounts.ts";
import type { RawRow } from "./rows.ts";
import { balanceValue, settleSigns } from "./signs.ts";

const amt = (t: string): Amount => parseAmount(t, ".")!;
const row = (
  money: Partial<Record<"amount" | "debit" | "credit" | "balance", string>>,
  section: -1 | 0 | 1 = 0,
): RawRow => ({
  page: 1,
  lines: [0],
  y: 0,
  date: null,
  posted: null,
  description: "x",
  amount: money.amount ? amt(money.amount) : null,
  debit: money.debit ? amt(money.debit) : null,
  credit: money.credit ? amt(money.credit) : null,
  balance: money.balance ? amt(money.balance) : null,
  section,
  inherited: false,
});
const settle = (rows: RawRow[], card = false, opening: bigint | null = null, closing: bigint | null = null) =>
  settleSigns(rows, { card, opening, closing }).amounts.map((m) => formatMinor(m));

Deno.test("columns and DR/CR marks decide outright", () => {
  assertEquals(
    settle([row({ debit: "5.00" }), row({ credit: "7.00" }), row({ amount: "1.00 DR" }), row({ amount: "2.00 CR" })]),
    [
      "-5.00",
      "7.00",
      "-1.00",
      "2.00",
    ],
  );
});

Deno.test("a signed bank column is read as printed", () => {
  assertEquals(settle([row({ amount: "-5.00" }), row({ amount: "7.00" }), row({ amount: "(3.00)" })]), [
    "-5.00",
    "7.00",
    "-3.00",
  ]);
});

Deno.test("a card prints purchases plain and credits with CR or minus (issuer convention)", () => {
  assertEquals(settle([row({ amount: "50.00" }), row({ amount: "20.00 CR" })], true), ["-50.00", "20.00"]);
  assertEquals(settle([row({ amount: "50.00" }), row({ amount: "12.00" }), row({ amount: "-20.00" })], true), [
    "-50.00",
    "-12.00",
    "20.00",
  ]);
});

Deno.test("a card printed from the holder's view is recognised by its balances", () => {
  // Owed 100 → 130: purchases 50 (printed -50.00) and a payment 20 (printed 20.00).
  assertEquals(settle([row({ amount: "-50.00" }), row({ amount: "20.00" })], true, 10000n, 13000n), [
    "-50.00",
    "20.00",
  ]);
});

Deno.test("unsigned amounts are settled by the running balance, even when it is printed once a day", () => {
  const rows = [
    row({ amount: "100.00", balance: "1,100.00" }),
    row({ amount: "30.00" }),
    row({ amount: "5.00", balance: "1,065.00" }),
  ];
  assertEquals(settle(rows, false, 100000n), ["100.00", "-30.00", "-5.00"]);
});

Deno.test("unsigned amounts without a balance follow their section, then the account type", () => {
  assertEquals(settle([row({ amount: "10.00" }, -1), row({ amount: "20.00" }, 1)]), ["-10.00", "20.00"]);
  const r = settleSigns([row({ amount: "10.00" })], { card: false, opening: null, closing: null });
  assertEquals(r.warnings.length, 1);
  assertEquals(settle([row({ amount: "10.00" })], true), ["-10.00"]);
});

Deno.test("balanceValue: a card's CR balance is a credit (negative owed), a bank's CR is positive", () => {
  assertEquals(balanceValue(amt("20.00 CR"), true), -2000n);
  assertEquals(balanceValue(amt("20.00 CR"), false), 2000n);
  assertEquals(balanceValue(amt("20.00 DR"), false), -2000n);
  assertEquals(balanceValue(amt("20.00-"), false), -2000n);
});
