/**
 * The shapes of rules at the edges: conditions (a group of all/any over leaves, nested up to
 * three levels, at most 20 leaves), actions, the rule JSON the API returns (also the OpenAPI
 * schema), and the inputs that create, change, reorder, preview, apply and suggest rules.
 */
import { z } from "zod";
import { checkPattern } from "./regex_safety.ts";

/** Deepest nesting of groups (the top group is level 1). */
export const MAX_DEPTH = 3;
/** Most leaf conditions in one rule. */
export const MAX_LEAVES = 20;
/** Most actions in one rule. */
export const MAX_ACTIONS = 10;

const DECIMAL = /^\d{1,13}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const Money = z.string().trim().regex(DECIMAL, 'Use a positive decimal amount like "12.50"')
  .describe(
    'A positive decimal amount, e.g. "12.50"; compared with the size of the amount (use a sign condition for direction)',
  );
const Day = z.string().regex(DATE, "Use a date like 2025-01-31").refine(
  (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
  "Use a real date like 2025-01-31",
);

/** Text conditions on the description or the payee. */
export const TextCondition = z.object({
  field: z.enum(["description", "payee"]),
  op: z.enum(["contains", "starts_with", "equals", "regex"]),
  value: z.string().min(1, "Enter the text to look for").max(200, "Use at most 200 characters"),
  case_sensitive: z.boolean().optional().describe("Default false: letters match in any case"),
}).strict().superRefine((leaf, ctx) => {
  if (leaf.op !== "regex") return;
  const problem = checkPattern(leaf.value, leaf.case_sensitive ?? false);
  if (problem) ctx.addIssue({ code: "custom", path: ["value"], message: problem });
}).meta({ id: "RuleTextCondition" });

/** Amount conditions: the size of the amount equals or lies in a range, or its direction. */
export const AmountCondition = z.discriminatedUnion("op", [
  z.object({ field: z.literal("amount"), op: z.literal("equals"), value: Money }).strict(),
  z.object({ field: z.literal("amount"), op: z.literal("between"), min: Money.optional(), max: Money.optional() })
    .strict()
    .refine((c) => c.min !== undefined || c.max !== undefined, "Give a minimum, a maximum or both")
    .refine(
      (c) => c.min === undefined || c.max === undefined || Number(c.min) <= Number(c.max),
      "The minimum must not be above the maximum",
    ),
  z.object({
    field: z.literal("amount"),
    op: z.literal("sign"),
    value: z.enum(["in", "out"]).describe('"in": money in (positive amounts), "out": money out (negative amounts)'),
  }).strict(),
]).meta({ id: "RuleAmountCondition" });

/** The transaction's account. */
export const AccountCondition = z.object({ field: z.literal("account"), account_id: z.uuid("Choose an account") })
  .strict().meta({ id: "RuleAccountCondition" });

/** The transaction's date, within an inclusive range. */
export const DateCondition = z.object({ field: z.literal("date"), from: Day.optional(), to: Day.optional() })
  .strict()
  .refine((c) => c.from !== undefined || c.to !== undefined, "Give a start date, an end date or both")
  .refine((c) => c.from === undefined || c.to === undefined || c.from <= c.to, "The start must not be after the end")
  .meta({ id: "RuleDateCondition" });

/** One leaf condition. */
export const Condition = z.union([TextCondition, AmountCondition, AccountCondition, DateCondition]);
export type Condition = z.infer<typeof Condition>;
export type TextCondition = z.infer<typeof TextCondition>;

/** A group of conditions: all of them must hold, or any one. */
export interface ConditionGroup {
  match: "all" | "any";
  conditions: (Condition | ConditionGroup)[];
}

const GroupShape: z.ZodType<ConditionGroup> = z.lazy(() =>
  z.object({
    match: z.enum(["all", "any"]),
    conditions: z.array(z.union([GroupShape, Condition])).min(1, "Add at least one condition").max(MAX_LEAVES),
  }).strict()
).meta({ id: "RuleConditionGroup" }) as z.ZodType<ConditionGroup>;

/** Whether a node is a group. */
export const isGroup = (node: Condition | ConditionGroup): node is ConditionGroup => "match" in node;

/** Conditions of a rule: the top group, at most {@link MAX_DEPTH} deep and {@link MAX_LEAVES} leaves. */
export const Conditions = GroupShape.superRefine((group, ctx) => {
  let leaves = 0;
  let deepest = 0;
  const walk = (g: ConditionGroup, depth: number) => {
    deepest = Math.max(deepest, depth);
    for (const node of g.conditions) isGroup(node) ? walk(node, depth + 1) : leaves++;
  };
  walk(group, 1);
  if (deepest > MAX_DEPTH) ctx.addIssue({ code: "custom", message: `Nest groups at most ${MAX_DEPTH} levels deep` });
  if (leaves > MAX_LEAVES) ctx.addIssue({ code: "custom", message: `Use at most ${MAX_LEAVES} conditions` });
});

/** What a rule does to a matching transaction. */
export const Action = z.discriminatedUnion("type", [
  z.object({ type: z.literal("set_category"), category_id: z.uuid("Choose a category") }).strict(),
  z.object({ type: z.literal("set_payee"), payee: z.string().trim().min(1, "Enter a payee").max(200) }).strict(),
  z.object({
    type: z.literal("add_tags"),
    tags: z.array(
      z.string().trim().toLowerCase().min(1, "Tags cannot be empty").max(50, "Use at most 50 characters per tag"),
    ).min(1, "Enter at least one tag").max(20, "Use at most 20 tags")
      .refine((tags) => new Set(tags).size === tags.length, "List each tag once")
      .describe("Added to the transaction's tags (lower-cased, like tags set by hand)"),
  }).strict(),
  z.object({
    type: z.literal("set_business_pct"),
    pct: z.number().int("Use a whole percentage").min(0).max(100, "Use a percentage from 0 to 100"),
  }).strict(),
  z.object({ type: z.literal("mark_transfer") }).strict().describe("Sets the Transfer category"),
  z.object({ type: z.literal("flag_review") }).strict().describe("Flags the transaction for review"),
]).meta({ id: "RuleAction" });
export type Action = z.infer<typeof Action>;

/** The actions of a rule: each type at most once; the category is set one way only. */
export const Actions = z.array(Action).min(1, "Add at least one action").max(MAX_ACTIONS).superRefine(
  (actions, ctx) => {
    const types = actions.map((a) => a.type);
    if (new Set(types).size !== types.length) {
      ctx.addIssue({ code: "custom", message: "Use each kind of action at most once" });
    }
    if (types.includes("set_category") && types.includes("mark_transfer")) {
      ctx.addIssue({
        code: "custom",
        message: "Marking as a transfer sets the Transfer category: do not also set a category",
      });
    }
  },
);

/** A rule as the API returns it. */
export const Rule = z.object({
  id: z.uuid(),
  client_id: z.uuid().nullable().describe("The client the rule is for; null for a firm-wide rule"),
  client_name: z.string().nullable(),
  name: z.string(),
  position: z.number().int().describe("Rules run in ascending position"),
  enabled: z.boolean(),
  stop_processing: z.boolean().describe("When this rule matches, later rules do not run"),
  overwrite_human_edits: z.boolean().describe("Change fields a person set by hand (off by default)"),
  conditions: Conditions,
  actions: Actions,
  created_at: z.string(),
  updated_at: z.string(),
}).meta({ id: "Rule" });
export type RuleJson = z.infer<typeof Rule>;

/** `GET /api/v1/rules`. */
export const RuleList = z.object({ items: z.array(Rule) }).meta({ id: "RuleList" });

/** `GET /api/v1/rules` query. */
export const RuleListQuery = z.object({
  client_id: z.uuid("Not a client id").optional().describe("Firm-wide rules and this client's rules"),
});

const Name = z.string().trim().min(1, "Enter a name").max(120, "Use at most 120 characters");

/** `POST /api/v1/rules`. */
export const RuleCreate = z.object({
  name: Name,
  client_id: z.uuid("Choose a client").nullable().optional().describe("Omit or null for a firm-wide rule"),
  enabled: z.boolean().default(true),
  stop_processing: z.boolean().default(false),
  overwrite_human_edits: z.boolean().default(false),
  conditions: Conditions,
  actions: Actions,
}).strict().meta({ id: "RuleCreate" });
export type RuleCreate = z.infer<typeof RuleCreate>;

/** `PATCH /api/v1/rules/:id`: any of the fields. */
export const RuleUpdate = z.object({
  name: Name.optional(),
  client_id: z.uuid("Choose a client").nullable().optional(),
  enabled: z.boolean().optional(),
  stop_processing: z.boolean().optional(),
  overwrite_human_edits: z.boolean().optional(),
  conditions: Conditions.optional(),
  actions: Actions.optional(),
}).strict().meta({ id: "RuleUpdate" });
export type RuleUpdate = z.infer<typeof RuleUpdate>;

/** `POST /api/v1/rules/reorder`. */
export const RuleReorder = z.object({
  ids: z.array(z.uuid()).min(1).max(1000).refine((ids) => new Set(ids).size === ids.length, "List each rule once")
    .describe("Rule ids in their new order; rules not listed keep their places"),
}).strict();

/** `POST /api/v1/rules/preview`. */
export const RulePreviewInput = z.object({
  client_id: z.uuid("Choose a client"),
  conditions: Conditions,
  actions: Actions,
  overwrite_human_edits: z.boolean().default(false),
}).strict().meta({ id: "RulePreviewInput" });
export type RulePreviewInput = z.infer<typeof RulePreviewInput>;

const FieldValues = z.record(z.string(), z.unknown())
  .describe("Changed fields: category ({id, name} or null), payee, tags, business_pct, needs_review");

/** One transaction a rule would change. */
export const RulePreviewChange = z.object({
  transaction_id: z.uuid(),
  date: z.string(),
  description: z.string(),
  amount: z.string(),
  currency: z.string(),
  before: FieldValues,
  after: FieldValues,
}).meta({ id: "RulePreviewChange" });
export type RulePreviewChange = z.infer<typeof RulePreviewChange>;

/** `POST /api/v1/rules/preview` answer. */
export const RulePreview = z.object({
  matches: z.number().int().describe("Transactions the conditions match"),
  would_change: z.number().int().describe("Of those, how many the actions would change"),
  changes: z.array(RulePreviewChange).describe("The first 100 changes, newest first"),
  skipped_patterns: z.array(z.string()).describe("Patterns that ran out of time and matched nothing"),
}).meta({ id: "RulePreview" });
export type RulePreview = z.infer<typeof RulePreview>;

/** `POST /api/v1/rules/:id/apply`. */
export const RuleApplyInput = z.object({
  client_id: z.uuid("Choose a client").optional().describe("Required for a firm-wide rule"),
}).strict();

/** Progress of applying a rule to existing transactions. */
export const RuleRun = z.object({
  id: z.uuid(),
  rule_id: z.uuid().nullable(),
  client_id: z.uuid(),
  status: z.enum(["queued", "running", "done", "failed"]),
  total: z.number().int(),
  processed: z.number().int(),
  changed: z.number().int(),
  percent: z.number().int().min(0).max(100),
  error: z.string().nullable(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
}).meta({ id: "RuleRun" });
export type RuleRunJson = z.infer<typeof RuleRun>;

/** `POST /api/v1/rules/suggest`. */
export const RuleSuggestInput = z.object({ transaction_id: z.uuid(), category_id: z.uuid() }).strict();

/** `POST /api/v1/rules/suggest` answer: "always categorize <payee> as <category>?". */
export const RuleSuggestion = z.object({
  payee: z.string(),
  category: z.object({ id: z.uuid(), name: z.string() }),
  rule: RuleCreate.describe("A draft: POST it to /api/v1/rules to create the rule"),
  existing_rule_id: z.uuid().nullable().describe("An enabled rule that already does this, if any"),
}).meta({ id: "RuleSuggestion" });
export type RuleSuggestion = z.infer<typeof RuleSuggestion>;
