import { assert, assertEquals } from "../../tests/support/assert.ts";
import { budgetedMatcher, RegexRunner, runRegexTasks } from "./regex_budget.ts";

Deno.test("patterns run in a child process; one that runs past its budget is killed and the next still runs", async () => {
  const evil = "a".repeat(32) + "!";
  const started = performance.now();
  const out = await runRegexTasks([
    { key: "ok", source: "^star", flags: "iu", texts: ["STARBUCKS", "UBER"] },
    // Bypasses the static check on purpose: this one would run for minutes.
    { key: "slow", source: "^(a+)+$", flags: "u", texts: [evil] },
    { key: "after", source: "uber", flags: "iu", texts: ["STARBUCKS", "UBER"] },
  ], { budgetMs: 200 });
  const took = performance.now() - started;
  assertEquals([...out.get("ok")!.matched], [0]);
  assertEquals(out.get("slow")!.timedOut, true);
  assertEquals(out.get("slow")!.matched.size, 0);
  assertEquals([...out.get("after")!.matched], [1]);
  assert(took < 5000, `took ${took} ms`);
});

Deno.test("a budgeted matcher answers from precomputed results", async () => {
  const { matcher, skipped } = await budgetedMatcher(
    [{ value: "^amzn" }, { value: "Coffee", case_sensitive: true }],
    ["AMZN MKTP", "Blue Coffee", "blue coffee", "AMZN MKTP"],
  );
  assertEquals(skipped, []);
  assert(matcher("^amzn", false, "AMZN MKTP"));
  assert(!matcher("^amzn", true, "AMZN MKTP"), "not computed with these flags");
  assert(matcher("Coffee", true, "Blue Coffee"));
  assert(!matcher("Coffee", true, "blue coffee"));
  assert(!matcher("^amzn", false, "a text that was not given"));
});

Deno.test("a runner keeps one process across calls and does not retry a pattern that ran out of time", async () => {
  const runner = new RegexRunner({ budgetMs: 150 });
  try {
    const evil = { key: "slow", source: "^(a+)+$", flags: "u", texts: ["a".repeat(32) + "!"] };
    const first = await runner.run([evil, { key: "ok", source: "b", flags: "u", texts: ["abc"] }]);
    assertEquals([first.get("slow")!.timedOut, [...first.get("ok")!.matched]], [true, [0]]);
    const started = performance.now();
    const second = await runner.run([evil, { key: "ok", source: "b", flags: "u", texts: ["xyz", "b"] }]);
    assert(performance.now() - started < 150, "the slow pattern is skipped, not run again");
    assertEquals([second.get("slow")!.timedOut, [...second.get("ok")!.matched]], [true, [1]]);
  } finally {
    await runner.close();
  }
});
