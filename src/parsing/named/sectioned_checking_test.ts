import { assert, assertEquals } from "../../../tests/support/assert.ts";
import { extractPdf } from "../extract/pdf.ts";
import { verifyStatement } from "../verify.ts";
import { cardholderCardFixture } from "./cardholder_card_layout.ts";
import { dailyBalanceFixture } from "./layouts.ts";
import { sectionedChecking } from "./sectioned_checking.ts";
import { sectionedCheckingFixture } from "./sectioned_checking_layout.ts";

const fixtureDoc = () => extractPdf(sectionedCheckingFixture().pdf);

Deno.test("sectioned checking: claims its layout only", async () => {
  assertEquals(sectionedChecking.detect(await fixtureDoc()), 0.9);
  assertEquals(sectionedChecking.detect(await extractPdf(dailyBalanceFixture().pdf)), 0);
  assertEquals(sectionedChecking.detect(await extractPdf(cardholderCardFixture().pdf)), 0);
});

Deno.test("sectioned checking: checks come from the grid, the daily ledger balances are not rows", async () => {
  const parsed = sectionedChecking.parse(await fixtureDoc());
  const checks = parsed.transactions.filter((t) => t.description.startsWith("Check"));
  assertEquals(checks.map((t) => [t.date, t.description, t.amount]), [
    ["2024-03-04", "Check 1043", "-200.00"],
    ["2024-03-12", "Check 1046", "-1250.00"],
    ["2024-03-19", "Check 1047", "-35.00"],
    ["2024-03-22", "Check 1048", "-60.00"],
    ["2024-03-26", "Check 1050", "-40.00"],
  ]);
  assertEquals(parsed.transactions.length, 21);
  assertEquals(parsed.transactions.at(-1)?.description, "Monthly Maintenance Fee");
  assertEquals(parsed.warnings, []);
  assertEquals(verifyStatement(parsed).status, "passed");
});

Deno.test("sectioned checking: a daily ledger balance that disagrees with the rows is a warning", async () => {
  const doc = await fixtureDoc();
  const line = doc.lines.find((l) => l.items[0]?.text === "03/12");
  assert(line, "the ledger line of 03/12");
  line.items[1].text = "4,000.00";
  const parsed = sectionedChecking.parse(doc);
  assertEquals(parsed.warnings, ["1 daily ledger balance(s) disagree with the transactions (first: 2024-03-12)"]);
  assertEquals(parsed.transactions.length, 21);
});

Deno.test("sectioned checking: a section without its total falls back to the summary box", async () => {
  const doc = await fixtureDoc();
  doc.lines = doc.lines.filter((l) => !/^Total deposits/.test(l.text));
  const parsed = sectionedChecking.parse(doc);
  assertEquals(parsed.totals?.deposits, "6120.00");
  assertEquals(verifyStatement(parsed).status, "passed");
});
