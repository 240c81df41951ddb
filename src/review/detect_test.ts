import { assert, assertEquals } from "../../tests/support/assert.ts";
import { mentionsLast4, pickPairs, scoreDuplicate, scoreTransfer, transferHint } from "./detect.ts";
import { monthsBetween } from "./coverage.ts";

Deno.test("transfer hints are found word-aligned and case-insensitively", () => {
  assertEquals(transferHint("Online Transfer to SAV xxxxxx9932"), "ONLINE TRANSFER");
  assertEquals(transferHint("XFER FROM CHK 4821"), "XFER");
  assertEquals(transferHint("TRANSFER TO SAVINGS"), "TRANSFER");
  assertEquals(transferHint("PAYMENT - THANK YOU"), "PAYMENT THANK YOU");
  assertEquals(transferHint("STARBUCKS STORE 1234"), null);
  assertEquals(transferHint("AUTO SAVINGS PLAN"), null, "“TO SAV” must start a word");
});

Deno.test("an account's last four digits count only as a number of their own", () => {
  assert(mentionsLast4("TO SAV XXXXXX9932", "9932"));
  assert(mentionsLast4("ACCT ...9932 ONLINE", "9932"));
  assert(!mentionsLast4("REF 199321", "9932"));
  assert(!mentionsLast4("ANYTHING", ""));
});

Deno.test("transfer scores rise with hints on both sides, named accounts and fewer days", () => {
  const plain = scoreTransfer({ description: "RENT", last4: "4821" }, { description: "DEPOSIT", last4: "9932" }, 3);
  const hinted = scoreTransfer(
    { description: "ONLINE TRANSFER TO SAV XXXXXX9932", last4: "4821" },
    { description: "ONLINE TRANSFER FROM CHK XXXXXX4821", last4: "9932" },
    1,
  );
  const oneSided = scoreTransfer(
    { description: "RENT MARCH", last4: "4821" },
    { description: "ONLINE TRANSFER FROM CHK XXXXXX4821", last4: "9932" },
    0,
  );
  assertEquals(plain.score, 0.45);
  assertEquals(hinted.score, 0.95);
  assert(oneSided.score < hinted.score, "a hint on one side only does not beat a real pair");
  assertEquals(
    hinted.reason,
    "Equal and opposite amounts, 1 day apart; the description says “ONLINE TRANSFER”; mentions account …9932; " +
      "mentions account …4821",
  );
});

Deno.test("duplicate scores and reasons", () => {
  const same = scoreDuplicate({
    similarity: 0.3,
    sameText: true,
    samePayee: false,
    days: 0,
    files: ["a.pdf", "b.csv"],
  });
  assertEquals(same, {
    score: 1,
    reason: "Same account and amount, same day, the same description; in a.pdf and b.csv",
  });
  const alike = scoreDuplicate({ similarity: 0.72, sameText: false, samePayee: false, days: 1, files: ["a", "b"] });
  assertEquals(alike.score, 0.62);
  assertEquals(alike.reason, "Same account and amount, 1 day apart, descriptions 72% alike; in a and b");
});

Deno.test("pairs are picked best first, each transaction at most once", () => {
  const picked = pickPairs([
    { a: "rent", b: "savings", score: 0.7, days: 0, reason: "", date: "2025-03-06" },
    { a: "transfer", b: "savings", score: 0.95, days: 1, reason: "", date: "2025-03-05" },
    { a: "transfer", b: "other", score: 0.5, days: 2, reason: "", date: "2025-03-05" },
    { a: "rent", b: "other", score: 0.5, days: 3, reason: "", date: "2025-03-06" },
  ]);
  assertEquals(picked.map((p) => `${p.a}-${p.b}`), ["transfer-savings", "rent-other"]);
});

Deno.test("months between two months, across years", () => {
  assertEquals(monthsBetween("2024-11", "2025-02"), ["2024-11", "2024-12", "2025-01", "2025-02"]);
  assertEquals(monthsBetween("2025-03", "2025-03"), ["2025-03"]);
  assertEquals(monthsBetween("2025-04", "2025-03"), []);
});
