import { assert, assertEquals } from "../../tests/support/assert.ts";
import { applyRules, conditionsMatch, type EngineRule, type RuleTransaction, toMinorUnits } from "./engine.ts";
import type { Action, Condition, ConditionGroup } from "./schema.ts";

const MEALS = "00000000-0000-4000-8000-000000000001";
const TRAVEL = "00000000-0000-4000-8000-000000000002";
const TRANSFER = "00000000-0000-4000-8000-000000000003";
const CHECKING = "00000000-0000-4000-8000-0000000000aa";
const CARD = "00000000-0000-4000-8000-0000000000bb";

function txn(over: Partial<RuleTransaction> = {}): RuleTransaction {
  return {
    id: "t1",
    description: "STARBUCKS STORE 1234 SEATTLE WA",
    payee: "",
    amount: -575n,
    account_id: CHECKING,
    date: "2025-03-14",
    category_id: null,
    tags: [],
    business_pct: 100,
    needs_review: false,
    edited_fields: [],
    ...over,
  };
}

let n = 0;
function rule(conditions: ConditionGroup | Condition, actions: Action[], over: Partial<EngineRule> = {}): EngineRule {
  n++;
  return {
    id: `r${n}`,
    position: n * 10,
    enabled: true,
    stop_processing: false,
    overwrite_human_edits: false,
    conditions: "match" in conditions ? conditions : { match: "all", conditions: [conditions] },
    actions,
    ...over,
  };
}

const starbucks: Condition = { field: "description", op: "contains", value: "starbucks" };
const meals: Action = { type: "set_category", category_id: MEALS };
const travel: Action = { type: "set_category", category_id: TRAVEL };

Deno.test("a matching rule applies its actions; a non-matching one does nothing", () => {
  const r = rule(starbucks, [meals, { type: "set_payee", payee: "Starbucks" }]);
  const out = applyRules([r], txn());
  assertEquals(out.changes, { category_id: MEALS, payee: "Starbucks" });
  assertEquals(out.matchedRuleIds, [r.id]);
  assertEquals(out.ruleId, r.id);
  const none = applyRules([r], txn({ description: "UBER TRIP" }));
  assertEquals(none, { changes: {}, matchedRuleIds: [], ruleId: null });
});

Deno.test("rules run in position order and later rules override earlier ones", () => {
  const first = rule(starbucks, [meals], { position: 10 });
  const second = rule(starbucks, [travel], { position: 20 });
  assertEquals(applyRules([second, first], txn()).changes, { category_id: TRAVEL });
  assertEquals(applyRules([second, first], txn()).ruleId, second.id);
  // Swapping the positions swaps the winner.
  const swapped = applyRules([{ ...first, position: 30 }, second], txn());
  assertEquals(swapped.changes, { category_id: MEALS });
  assertEquals(swapped.matchedRuleIds, [second.id, first.id]);
});

Deno.test("stop_processing ends the run; disabled rules are skipped", () => {
  const first = rule(starbucks, [meals], { position: 10, stop_processing: true });
  const second = rule(starbucks, [travel, { type: "flag_review" }], { position: 20 });
  const out = applyRules([first, second], txn());
  assertEquals(out.changes, { category_id: MEALS });
  assertEquals(out.matchedRuleIds, [first.id]);
  // A stop rule that does not match does not stop anything.
  const notMatching = {
    ...first,
    conditions: { match: "all" as const, conditions: [{ ...starbucks, value: "uber" }] },
  };
  assertEquals(applyRules([notMatching, second], txn()).changes, { category_id: TRAVEL, needs_review: true });
  assertEquals(applyRules([{ ...first, enabled: false }, second], txn()).changes.category_id, TRAVEL);
});

Deno.test("fields edited by hand are protected unless the rule overwrites human edits", () => {
  const r = rule(starbucks, [meals, { type: "set_payee", payee: "Starbucks" }, { type: "add_tags", tags: ["coffee"] }]);
  const edited = txn({ category_id: TRAVEL, payee: "Mine", tags: ["x"], edited_fields: ["category_id", "tags"] });
  assertEquals(applyRules([r], edited).changes, { payee: "Starbucks" });
  // The editing API may record the category as "category".
  assertEquals(applyRules([r], { ...edited, edited_fields: ["category"] }).changes.category_id, undefined);
  const overwrite = applyRules([{ ...r, overwrite_human_edits: true }], edited);
  assertEquals(overwrite.changes, { category_id: MEALS, payee: "Starbucks", tags: ["x", "coffee"] });
});

Deno.test("add_tags merges without duplicates (any case); business % and review flag", () => {
  const r = rule(starbucks, [
    { type: "add_tags", tags: ["Coffee", "meals", "client-x"] },
    { type: "set_business_pct", pct: 50 },
    { type: "flag_review" },
  ]);
  const out = applyRules([r], txn({ tags: ["coffee", "q1"] }));
  assertEquals(out.changes, { tags: ["coffee", "q1", "meals", "client-x"], business_pct: 50, needs_review: true });
});

Deno.test("mark_transfer sets the Transfer category when the firm has one", () => {
  const r = rule({ field: "description", op: "starts_with", value: "online transfer" }, [{ type: "mark_transfer" }]);
  const t = txn({ description: "ONLINE TRANSFER TO SAVINGS 4455" });
  assertEquals(applyRules([r], t, { transferCategoryId: TRANSFER }).changes, { category_id: TRANSFER });
  assertEquals(applyRules([r], t).changes, {});
});

Deno.test("all/any groups nest", () => {
  const g: ConditionGroup = {
    match: "all",
    conditions: [
      { field: "amount", op: "sign", value: "out" },
      {
        match: "any",
        conditions: [
          starbucks,
          {
            match: "all",
            conditions: [{ field: "description", op: "contains", value: "cafe" }, {
              field: "account",
              account_id: CARD,
            }],
          },
        ],
      },
    ],
  };
  const subject = (o: Partial<RuleTransaction>) => ({ ...txn(), ...o });
  assert(conditionsMatch(g, subject({})));
  assert(!conditionsMatch(g, subject({ amount: 575n })), "money in fails the outer all");
  assert(!conditionsMatch(g, subject({ description: "BLUE CAFE" })), "cafe needs the card account");
  assert(conditionsMatch(g, subject({ description: "BLUE CAFE", account_id: CARD })));
});

Deno.test("text operators: contains, starts_with, equals, regex; case and spacing", () => {
  const t = txn({ description: "AMZN  Mktp US*2K4 ", payee: "Amazon" });
  const m = (c: Condition) => conditionsMatch({ match: "all", conditions: [c] }, t);
  assert(m({ field: "description", op: "contains", value: "mktp us" }), "spaces collapse, any case");
  assert(!m({ field: "description", op: "contains", value: "mktp us", case_sensitive: true }));
  assert(m({ field: "description", op: "contains", value: "Mktp US", case_sensitive: true }));
  assert(m({ field: "description", op: "starts_with", value: "amzn" }));
  assert(!m({ field: "description", op: "starts_with", value: "mktp" }));
  assert(m({ field: "payee", op: "equals", value: "AMAZON" }));
  assert(!m({ field: "payee", op: "equals", value: "Amazon Inc" }));
  assert(m({ field: "description", op: "regex", value: "^amzn\\s+mktp" }));
  assert(!m({ field: "description", op: "regex", value: "^amzn\\s+mktp", case_sensitive: true }));
  assert(m({ field: "description", op: "regex", value: "US\\*\\w+" }));
});

Deno.test("amount operators compare the size in cents; sign gives the direction", () => {
  const m = (c: Condition, amount: bigint) => conditionsMatch({ match: "all", conditions: [c] }, txn({ amount }));
  assert(m({ field: "amount", op: "equals", value: "5.75" }, -575n));
  assert(m({ field: "amount", op: "equals", value: "5.75" }, 575n));
  assert(!m({ field: "amount", op: "equals", value: "5.7" }, -575n));
  assert(m({ field: "amount", op: "between", min: "5", max: "6" }, -575n));
  assert(m({ field: "amount", op: "between", min: "5.75" }, -575n), "bounds are inclusive");
  assert(!m({ field: "amount", op: "between", max: "5.74" }, -575n));
  assert(m({ field: "amount", op: "sign", value: "out" }, -1n));
  assert(!m({ field: "amount", op: "sign", value: "out" }, 0n));
  assert(m({ field: "amount", op: "sign", value: "in" }, 1n));
  assertEquals(toMinorUnits("12.5"), 1250n);
  assertEquals(toMinorUnits("1234567890123.99"), 123456789012399n);
});

Deno.test("account and date range", () => {
  const m = (c: Condition, o: Partial<RuleTransaction> = {}) =>
    conditionsMatch({ match: "all", conditions: [c] }, txn(o));
  assert(m({ field: "account", account_id: CHECKING }));
  assert(!m({ field: "account", account_id: CARD }));
  assert(m({ field: "date", from: "2025-03-14", to: "2025-03-14" }), "inclusive");
  assert(m({ field: "date", from: "2025-03-01" }));
  assert(!m({ field: "date", to: "2025-03-13" }));
});

Deno.test("conditions see earlier rules' payee, and running again changes nothing", () => {
  // The payee rule comes after the category rule that reads it: a second pass settles it.
  const byPayee = rule({ field: "payee", op: "equals", value: "Starbucks" }, [meals], { position: 10 });
  const setPayee = rule(starbucks, [{ type: "set_payee", payee: "Starbucks" }], { position: 20 });
  const t = txn();
  const out = applyRules([byPayee, setPayee], t);
  assertEquals(out.changes, { category_id: MEALS, payee: "Starbucks" });
  const again = applyRules([byPayee, setPayee], { ...t, ...out.changes });
  assertEquals(again.changes, {}, "idempotent");
  assertEquals(again.ruleId, null);
});
