import { assertEquals } from "../../tests/support/assert.ts";
import { fitsForm, formFieldOf, formFromRule, ruleInputFromForm } from "./form.ts";
import { RuleCreate, type RuleJson } from "./schema.ts";

const CAT = "00000000-0000-4000-8000-000000000001";
const ACC = "00000000-0000-4000-8000-0000000000aa";

Deno.test("form rows become one group of conditions; blank rows are skipped", () => {
  const { input, rows } = ruleInputFromForm({
    name: " Coffee ",
    client_id: "",
    match: "any",
    enabled: "1",
    c0_kind: "description.contains",
    c0_value: " starbucks ",
    c1_kind: "",
    c2_kind: "amount.between",
    c2_min: "1",
    c2_max: "",
    c3_kind: "amount.sign.out",
    c4_kind: "account",
    c4_account: ACC,
    a_category: CAT,
    a_tags: "coffee, meals,,",
    a_business_pct: "50",
    a_review: "1",
  });
  assertEquals(rows, [0, 2, 3, 4]);
  const parsed = RuleCreate.parse(input);
  assertEquals(parsed.name, "Coffee");
  assertEquals(parsed.client_id, null);
  assertEquals(parsed.conditions, {
    match: "any",
    conditions: [
      { field: "description", op: "contains", value: "starbucks" },
      { field: "amount", op: "between", min: "1" },
      { field: "amount", op: "sign", value: "out" },
      { field: "account", account_id: ACC },
    ],
  });
  assertEquals(parsed.actions, [
    { type: "set_category", category_id: CAT },
    { type: "add_tags", tags: ["coffee", "meals"] },
    { type: "set_business_pct", pct: 50 },
    { type: "flag_review" },
  ]);
  assertEquals(parsed.enabled, true);
  assertEquals(parsed.stop_processing, false);
});

Deno.test("errors land on the row and field that caused them", () => {
  const { input, rows } = ruleInputFromForm({
    name: "x",
    c1_kind: "payee.regex",
    c1_value: "(a+)+",
    c3_kind: "date",
    c3_from: "2025-02-30",
    a_business_pct: "150",
  });
  const r = RuleCreate.safeParse(input);
  assertEquals(r.success, false);
  const fields = r.error!.issues.map((i) => formFieldOf(i.path.join("."), rows, input.actions as { type: string }[]));
  assertEquals(fields.sort(), ["a_business_pct", "c1_value", "c3_from"]);
});

Deno.test("a saved rule fills the form and comes back the same", () => {
  const rule = {
    name: "Coffee",
    client_id: null,
    enabled: true,
    stop_processing: true,
    overwrite_human_edits: false,
    conditions: {
      match: "all" as const,
      conditions: [
        { field: "payee" as const, op: "regex" as const, value: "^star  bucks", case_sensitive: true },
        { field: "amount" as const, op: "equals" as const, value: "5.75" },
        { field: "date" as const, from: "2025-01-01" },
      ],
    },
    actions: [{ type: "mark_transfer" as const }, { type: "set_payee" as const, payee: "Starbucks" }],
  } as unknown as RuleJson;
  const values = formFromRule(rule);
  const back = RuleCreate.parse(ruleInputFromForm(values).input);
  assertEquals(back.conditions, rule.conditions);
  assertEquals(back.actions, rule.actions);
  assertEquals(back.stop_processing, true);
});

Deno.test("nested rules keep their conditions in a hidden field", () => {
  const conditions = {
    match: "all" as const,
    conditions: [{ match: "any" as const, conditions: [{ field: "account" as const, account_id: ACC }] }],
  };
  assertEquals(fitsForm(conditions), false);
  const values = formFromRule({ name: "n", conditions, actions: [{ type: "flag_review" }] } as unknown as RuleJson);
  assertEquals(JSON.parse(values.conditions_json), conditions);
  assertEquals(RuleCreate.parse(ruleInputFromForm(values).input).conditions, conditions);
});
