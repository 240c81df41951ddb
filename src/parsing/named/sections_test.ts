import { assertEquals } from "../../../tests/support/assert.ts";
import { makeDoc } from "../generic/test_doc.ts";
import { money, type SectionKind, signedAmounts, walkSections } from "./sections.ts";

const KINDS: SectionKind[] = [
  { key: "in", title: /^deposits$/i, sign: 1 },
  { key: "out", title: /^withdrawals$/i, sign: -1 },
];
const COLUMNS: [string, RegExp][] = [["date", /^date$/i], ["description", /^description$/i], [
  "amount",
  /^amount$/i,
]];

Deno.test("money needs cents: counts, rates and dates are not money", () => {
  assertEquals(
    ["5", "24.99%", "03/04", "$1,251.34", "+$25.71", "-$1,090.49", "12.00CR"].map(money),
    [null, null, null, 125_134n, 2_571n, -109_049n, 1_200n],
  );
});

Deno.test("sections: wrapped descriptions join, a total closes the section, later dated lines are strays", () => {
  const doc = makeDoc([[
    [[40, "Deposits"]],
    [[40, "Date"], [100, "Description"], [570, "Amount", "r"]],
    [[40, "03/01/24"], [100, "PAYROLL GLOBEX"], [570, "2,450.00", "r"]],
    [[100, "PPD ID 1234"]],
    [[40, "Total deposits"], [570, "$2,450.00", "r"]],
    [[40, "03/02/24"], [100, "NOT IN A SECTION"], [570, "9.99", "r"]],
    [[40, "Withdrawals"]],
    [[40, "Date"], [100, "Description"], [570, "Amount", "r"]],
    [[40, "03/03/24"], [100, "ATM WITHDRAWAL"], [570, "-200.00", "r"]],
    [[40, "Total withdrawals"], [570, "-$200.00", "r"]],
  ]]);
  const walk = walkSections(doc.lines, { kinds: KINDS, columns: COLUMNS, periodEnd: "2024-03-31" });
  assertEquals(
    walk.rows.map((r) => [r.section, r.date, r.description, r.printed]),
    [["in", "2024-03-01", "PAYROLL GLOBEX PPD ID 1234", 245_000n], ["out", "2024-03-03", "ATM WITHDRAWAL", -20_000n]],
  );
  assertEquals([...walk.totals], [["in", 245_000n], ["out", 20_000n]]);
  assertEquals(walk.strays.map((l) => l.text), ["03/02/24 NOT IN A SECTION 9.99"]);
  assertEquals(signedAmounts(walk.rows, KINDS), [245_000n, -20_000n]);
});

Deno.test("signed amounts: the section's direction, reversed for a row printed unlike the rest", () => {
  const row = (section: string, instance: number, printed: bigint) => ({
    section,
    instance,
    date: "2024-03-01",
    posted: null,
    description: "",
    printed,
    ref: null,
    source: { page: 1, lines: [0], y: 0 },
  });
  const rows = [
    // Deposits printed unsigned, one reversal with a minus.
    row("in", 1, 10_000n),
    row("in", 1, 5_000n),
    row("in", 1, -5_000n),
    // Withdrawals all printed with a minus.
    row("out", 2, -1_000n),
    row("out", 2, -2_000n),
    // Card-style charges printed unsigned, one credit adjustment with a minus.
    row("out", 3, 3_000n),
    row("out", 3, 4_000n),
    row("out", 3, -500n),
  ];
  assertEquals(signedAmounts(rows, KINDS), [10_000n, 5_000n, -5_000n, -1_000n, -2_000n, -3_000n, -4_000n, 500n]);
});
