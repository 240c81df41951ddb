import { assert, assertEquals } from "../../../tests/support/assert.ts";
import { parseDatePart, parseMoney, parseSearchQuery } from "./query.ts";

Deno.test("free text keeps websearch syntax; the last plain word becomes the prefix", () => {
  assertEquals(parseSearchQuery("blue bott"), {
    text: "blue bott",
    websearch: "blue",
    prefix: "bott",
    plainWords: ["blue", "bott"],
    operators: [],
  });
  const q = parseSearchQuery('  "blue bottle"   OR  starbucks -oakland  ');
  assertEquals(q.text, '"blue bottle" OR starbucks -oakland');
  assertEquals(q.prefix, null, "an excluded word is not a prefix");
  assertEquals(q.websearch, q.text);
  assertEquals(q.plainWords, null);
  assertEquals(parseSearchQuery("coffee or tea").prefix, null, "a word after OR keeps OR's meaning");
  assertEquals(parseSearchQuery('"blue bott').prefix, null, "inside an unclosed phrase");
  assertEquals(parseSearchQuery("starb").websearch, "");
  assertEquals(parseSearchQuery("").text, "");
});

Deno.test("amount operators: comparisons, exact, ranges; unsigned values compare the size", () => {
  const ops = (q: string) => parseSearchQuery(q).operators;
  assertEquals(ops("amount:>100"), [{ kind: "amount", op: ">", value: 10000n, signed: false }]);
  assertEquals(ops("amount:>=12.5"), [{ kind: "amount", op: ">=", value: 1250n, signed: false }]);
  assertEquals(ops("amount:<1,250.00"), [{ kind: "amount", op: "<", value: 125000n, signed: false }]);
  assertEquals(ops("amount:<=$20"), [{ kind: "amount", op: "<=", value: 2000n, signed: false }]);
  assertEquals(ops("amount:-25.00"), [{ kind: "amount", op: "=", value: -2500n, signed: true }]);
  assertEquals(ops("amount:+25"), [{ kind: "amount", op: "=", value: 2500n, signed: true }]);
  assertEquals(ops("AMOUNT:10..50"), [{ kind: "amount_range", min: 1000n, max: 5000n, signed: false }]);
  assertEquals(ops("amount:-50..-10.5"), [{ kind: "amount_range", min: -5000n, max: -1050n, signed: true }]);
  assertEquals(ops("amount:50..10"), [{ kind: "amount_range", min: 1000n, max: 5000n, signed: false }]);
  for (const bad of ["amount:>abc", "amount:", "amount:1.234", "amount:10...20", "amount:>>5", "amount:1e5"]) {
    const parsed = parseSearchQuery(bad);
    assertEquals(parsed.operators, [], bad);
    assertEquals(parsed.text, bad, `${bad} stays text`);
  }
});

Deno.test("date operators: month, day, ranges of months or days, open ends", () => {
  const ops = (q: string) => parseSearchQuery(q).operators;
  assertEquals(ops("date:2025-03"), [{ kind: "date", from: "2025-03-01", to: "2025-03-31" }]);
  assertEquals(ops("date:2024-02"), [{ kind: "date", from: "2024-02-01", to: "2024-02-29" }]);
  assertEquals(ops("date:2025-03-14"), [{ kind: "date", from: "2025-03-14", to: "2025-03-14" }]);
  assertEquals(ops("date:2025-01..2025-03"), [{ kind: "date", from: "2025-01-01", to: "2025-03-31" }]);
  assertEquals(ops("date:2025-01-15..2025-02"), [{ kind: "date", from: "2025-01-15", to: "2025-02-28" }]);
  assertEquals(ops("date:2025-03..2025-01"), [{ kind: "date", from: "2025-01-01", to: "2025-03-31" }]);
  assertEquals(ops("date:2025-03.."), [{ kind: "date", from: "2025-03-01", to: null }]);
  assertEquals(ops("date:..2025-03"), [{ kind: "date", from: null, to: "2025-03-31" }]);
  assertEquals(ops("date:2024"), [{ kind: "date", from: "2024-01-01", to: "2024-12-31" }]);
  assertEquals(ops("date:2023..2024-06"), [{ kind: "date", from: "2023-01-01", to: "2024-06-30" }]);
  for (
    const bad of ["date:2025-13", "date:2025-02-30", "date:..", "date:march", "date:2025-1", "date:25", "date:1899"]
  ) {
    assertEquals(parseSearchQuery(bad).operators, [], bad);
  }
  assertEquals(parseDatePart("2023-02-29"), null);
});

Deno.test("category, account, is and tag operators; quoted values; unknown operators are text", () => {
  const q = parseSearchQuery(
    'coffee category:"Office expense" account:4821 account:"Business card" is:uncategorized is:REVIEW is:split ' +
      "tag:Reimbursable foo:bar is:nothing category:18 coffee:",
  );
  assertEquals(q.operators, [
    { kind: "category", value: "Office expense" },
    { kind: "account", value: "4821" },
    { kind: "account", value: "Business card" },
    { kind: "is", value: "uncategorized" },
    { kind: "is", value: "review" },
    { kind: "is", value: "split" },
    { kind: "tag", value: "reimbursable" },
    { kind: "category", value: "18" },
  ]);
  assertEquals(q.text, "coffee foo:bar is:nothing coffee:");
  assertEquals(parseSearchQuery('category:"Office').operators, [{ kind: "category", value: "Office" }]);
  assertEquals(parseSearchQuery('category:""').operators, []);
});

Deno.test("hostile input never throws and yields only data", () => {
  const hostile = [
    "'; drop table x; --",
    '"unbalanced',
    'a"b"c"',
    "amount:>abc",
    "\\\\ \\' \\",
    "&|!:*()",
    "!!!(((",
    "x".repeat(10_000),
    "a ".repeat(5_000),
    "\u0000\u0001 null\u0000byte",
    "category:'; select 1; --",
    "<script>alert(1)</script>",
  ];
  for (const h of hostile) {
    const q = parseSearchQuery(h);
    assert(typeof q.text === "string" && typeof q.websearch === "string");
    assert(!q.text.includes("\u0000"), "control characters are removed");
  }
  assertEquals(parseSearchQuery("category:'; select 1; --").operators, [{ kind: "category", value: "';" }]);
  const many = parseSearchQuery("account:1 ".repeat(50));
  assertEquals(many.operators.length, 20, "at most 20 operators; the rest is text");
});

Deno.test("money parsing", () => {
  assertEquals(parseMoney("0.5"), { value: 50n, signed: false });
  assertEquals(parseMoney("-1,000"), { value: -100000n, signed: true });
  assertEquals(parseMoney("1,00"), null);
  assertEquals(parseMoney("99999999999999"), null, "more than 13 digits is not money");
});
