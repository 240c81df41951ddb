import { assert, assertEquals, assertMatch } from "../../tests/support/assert.ts";
import { checkPattern, EXPONENTIAL_MESSAGE } from "./regex_safety.ts";
import { Conditions } from "./schema.ts";

const CATASTROPHIC = [
  "(a+)+",
  "(a|a)*",
  "(.*)*",
  "(\\w+\\s?)+$",
  "^(a+)+$",
  "(a*)*b",
  "(a?b?)*c",
  "(a?ba?)+",
  "^(a+a+,)+$",
  "(\\d+\\d+)+",
  "(\\w|\\d)+",
  "(k|K)+",
  "([a-z]+)*",
  "(.*a){1,30}",
  "(\\s*\\S+)*$",
  "(a|b|ab)*c",
  "(?=(a+)+b)",
  "(?:x+x+)+y",
];

const SAFE = [
  "STARBUCKS",
  "^AMZN\\s+MKTP",
  "(\\d+,)+",
  "([a-z]+\\.)+[a-z]+",
  "(foo|bar)+",
  "(a|ab)*c",
  "\\d{3}-\\d{4}",
  ".*a.*b",
  "(ab?)+",
  "^(?:POS|ACH)\\s+(.+)$",
  "([^,]+,)+",
  "(\\w+\\s)+",
  "UBER\\s*(EATS)?",
  "coffee|caf[eé]",
  "\\bSQ \\*",
  "(\\d{1,3},)*\\d{3}",
  "\\p{L}+ \\d+",
];

Deno.test("catastrophic shapes are refused by the static check, each in well under 100 ms", () => {
  for (const pattern of CATASTROPHIC) {
    const started = performance.now();
    assertEquals(checkPattern(pattern), EXPONENTIAL_MESSAGE, pattern);
    assert(performance.now() - started < 100, `${pattern} took ${performance.now() - started} ms`);
  }
  assertEquals(EXPONENTIAL_MESSAGE, "Cannot use this pattern: it can take exponential time (nested repetition)");
});

Deno.test("ordinary patterns pass, in either case mode", () => {
  for (const pattern of SAFE) {
    assertEquals(checkPattern(pattern), undefined, pattern);
    assertEquals(checkPattern(pattern, true), undefined, pattern);
  }
});

Deno.test("length, syntax, flags and huge counts are refused with a reason", () => {
  assertMatch(checkPattern("a".repeat(201))!, /longer than 200 characters/);
  assertMatch(checkPattern("(abc")!, /^Cannot use this pattern: it is not a valid regular expression \(/);
  assertMatch(checkPattern("a{2000}")!, /above 1000/);
  assertMatch(checkPattern("(?i:abc)")!, /inline flags/);
  assertMatch(checkPattern("")!, /empty/);
  // u-mode syntax: a lone brace is an error, not a literal.
  assertMatch(checkPattern("a{")!, /not a valid regular expression/);
});

Deno.test("too complex to check is refused rather than risked, still quickly", () => {
  for (const pattern of ["a?".repeat(66) + "a".repeat(66), ".?".repeat(100)]) {
    const started = performance.now();
    assertMatch(checkPattern(pattern)!, /too complex to check/);
    assert(performance.now() - started < 1000);
  }
});

Deno.test("the condition schema reports the pattern problem on the value", () => {
  const r = Conditions.safeParse({
    match: "any",
    conditions: [{ field: "payee", op: "contains", value: "(a+)+" }, {
      field: "description",
      op: "regex",
      value: "(a+)+",
    }],
  });
  assert(!r.success);
  assertEquals(r.error.issues.map((i) => [i.path.join("."), i.message]), [["conditions.1.value", EXPONENTIAL_MESSAGE]]);
});
