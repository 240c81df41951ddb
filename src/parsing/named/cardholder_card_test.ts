import { assert, assertEquals } from "../../../tests/support/assert.ts";
import { extractPdf } from "../extract/pdf.ts";
import { verifyStatement } from "../verify.ts";
import { cardholderCard } from "./cardholder_card.ts";
import { cardholderCardFixture } from "./cardholder_card_layout.ts";
import { postTransCardFixture, sectionedCardFixture } from "./layouts.ts";
import { sectionedCheckingFixture } from "./sectioned_checking_layout.ts";

const fixtureDoc = () => extractPdf(cardholderCardFixture().pdf);

Deno.test("cardholder card: claims its layout only", async () => {
  assertEquals(cardholderCard.detect(await fixtureDoc()), 0.9);
  for (const f of [postTransCardFixture(), sectionedCardFixture(), sectionedCheckingFixture()]) {
    assertEquals([f.name, cardholderCard.detect(await extractPdf(f.pdf))], [f.name, 0]);
  }
});

Deno.test("cardholder card: both cardholders' rows, reference numbers kept, the rate table left out", async () => {
  const parsed = cardholderCard.parse(await fixtureDoc());
  assertEquals(parsed.transactions.length, 14);
  const payment = parsed.transactions[0];
  assertEquals([payment.description, payment.amount, payment.external_id], [
    "AUTOPAY PAYMENT - THANK YOU",
    "1000.00",
    "F4829301HJ0XKCM7Q",
  ]);
  const refund = parsed.transactions.find((t) => t.description === "REI #71 BELLEVUE WA REFUND");
  assertEquals(refund?.amount, "64.50");
  const interest = parsed.transactions.at(-1)!;
  assertEquals([interest.description, interest.amount, interest.external_id], [
    "INTEREST CHARGE ON PURCHASES",
    "-25.71",
    undefined,
  ]);
  assertEquals(parsed.warnings, []);
  assertEquals(verifyStatement(parsed).status, "passed");
});

Deno.test("cardholder card: a cardholder total that disagrees with the rows is a warning", async () => {
  const doc = await fixtureDoc();
  const line = doc.lines.find((l) => l.text.startsWith("Total for JOHN DOE"));
  assert(line, "John's total line");
  line.items[1].text = "$400.00";
  assertEquals(cardholderCard.parse(doc).warnings, [
    "The total for JOHN DOE is 400.00 but the rows add up to 418.17",
  ]);
});
