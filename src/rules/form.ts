/**
 * The rule form of the pages, which works without JavaScript: one group ("all" or "any") of
 * up to five condition rows and one field per action, as flat form fields. Converts the
 * fields to the API's rule input (validated by the same zod schema) and back, and maps the
 * schema's error paths to the fields that show them. Rules with nested groups (made through
 * the API) keep their conditions in a hidden JSON field.
 */
import { type ConditionGroup, isGroup, type RuleJson } from "./schema.ts";

/** Condition rows the form offers. */
export const FORM_ROWS = 5;

/** What a condition row can test: field, operator and, for signs, the direction. */
export const CONDITION_KINDS = [
  "description.contains",
  "description.starts_with",
  "description.equals",
  "description.regex",
  "payee.contains",
  "payee.starts_with",
  "payee.equals",
  "payee.regex",
  "amount.equals",
  "amount.between",
  "amount.sign.out",
  "amount.sign.in",
  "account",
  "date",
] as const;
export type ConditionKind = typeof CONDITION_KINDS[number];

/** Form field values by name. */
export type FormValues = Record<string, string>;

const text = (v: unknown) => typeof v === "string" ? v.trim() : "";
const opt = (v: unknown) => text(v) || undefined;
const compact = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Whether the form's rows can show these conditions. */
export function fitsForm(group: ConditionGroup): boolean {
  return group.conditions.length <= FORM_ROWS && !group.conditions.some(isGroup);
}

/** The rule input (for RuleCreate/RulePreviewInput) and which form row each condition came from. */
export function ruleInputFromForm(form: FormValues): { input: Record<string, unknown>; rows: number[] } {
  const rows: number[] = [];
  let conditions: unknown;
  if (text(form.conditions_json)) {
    try {
      conditions = JSON.parse(form.conditions_json);
    } catch {
      conditions = null;
    }
  } else {
    const list: unknown[] = [];
    for (let i = 0; i < FORM_ROWS; i++) {
      const leaf = conditionFromRow(form, i);
      if (leaf) {
        list.push(leaf);
        rows.push(i);
      }
    }
    conditions = { match: form.match === "any" ? "any" : "all", conditions: list };
  }
  const actions: unknown[] = [];
  if (text(form.a_category)) actions.push({ type: "set_category", category_id: text(form.a_category) });
  if (form.a_transfer === "1") actions.push({ type: "mark_transfer" });
  if (text(form.a_payee)) actions.push({ type: "set_payee", payee: text(form.a_payee) });
  const tags = text(form.a_tags).split(",").map((t) => t.trim()).filter(Boolean);
  if (tags.length) actions.push({ type: "add_tags", tags });
  if (text(form.a_business_pct)) {
    const pct = Number(text(form.a_business_pct));
    actions.push({ type: "set_business_pct", pct: Number.isFinite(pct) ? pct : -1 });
  }
  if (form.a_review === "1") actions.push({ type: "flag_review" });
  return {
    input: {
      name: text(form.name),
      client_id: text(form.client_id) || null,
      enabled: form.enabled === "1",
      stop_processing: form.stop_processing === "1",
      overwrite_human_edits: form.overwrite_human_edits === "1",
      conditions,
      actions,
    },
    rows,
  };
}

function conditionFromRow(form: FormValues, i: number): Record<string, unknown> | undefined {
  const kind = text(form[`c${i}_kind`]) as ConditionKind | "";
  if (!kind) return undefined;
  const f = (name: string) => form[`c${i}_${name}`];
  if (kind === "account") return { field: "account", account_id: text(f("account")) };
  if (kind === "date") return compact({ field: "date", from: opt(f("from")), to: opt(f("to")) });
  if (kind === "amount.equals") return { field: "amount", op: "equals", value: text(f("value")) };
  if (kind === "amount.between") {
    return compact({ field: "amount", op: "between", min: opt(f("min")), max: opt(f("max")) });
  }
  if (kind === "amount.sign.in" || kind === "amount.sign.out") {
    return { field: "amount", op: "sign", value: kind.endsWith("in") ? "in" : "out" };
  }
  const [field, op] = kind.split(".");
  return {
    field,
    op,
    // Patterns keep their spaces; other text is compared with spaces collapsed anyway.
    value: op === "regex" ? (f("value") ?? "") : text(f("value")),
    ...(f("case") === "1" ? { case_sensitive: true } : {}),
  };
}

/** The form field that shows an error at a schema path. */
export function formFieldOf(path: string, rows: number[], actions: { type: string }[]): string {
  const cond = /^conditions\.conditions\.(\d+)(?:\.(\w+))?/.exec(path);
  if (cond && rows.length) {
    const row = rows[Number(cond[1])] ?? 0;
    const leaf = cond[2];
    const name = leaf === "account_id"
      ? "account"
      : leaf && ["value", "min", "max", "from", "to"].includes(leaf)
      ? leaf
      : "kind";
    return `c${row}_${name}`;
  }
  if (path.startsWith("conditions")) return "conditions";
  const act = /^actions\.(\d+)/.exec(path);
  if (act) {
    const type = actions[Number(act[1])]?.type;
    return {
      set_category: "a_category",
      mark_transfer: "a_transfer",
      set_payee: "a_payee",
      add_tags: "a_tags",
      set_business_pct: "a_business_pct",
      flag_review: "a_review",
    }[type ?? ""] ?? "actions";
  }
  return path.split(".")[0] || "form";
}

/** The form values that show a saved rule. */
export function formFromRule(rule: Pick<RuleJson, keyof RuleJson>): FormValues {
  const v: FormValues = {
    name: rule.name,
    client_id: rule.client_id ?? "",
    enabled: rule.enabled ? "1" : "",
    stop_processing: rule.stop_processing ? "1" : "",
    overwrite_human_edits: rule.overwrite_human_edits ? "1" : "",
    match: rule.conditions.match,
  };
  if (fitsForm(rule.conditions)) {
    rule.conditions.conditions.forEach((c, i) => {
      if (isGroup(c)) return;
      const set = (name: string, value: string | undefined) => v[`c${i}_${name}`] = value ?? "";
      if (c.field === "account") {
        set("kind", "account");
        set("account", c.account_id);
      } else if (c.field === "date") {
        set("kind", "date");
        set("from", c.from);
        set("to", c.to);
      } else if (c.field === "amount") {
        if (c.op === "sign") set("kind", `amount.sign.${c.value}`);
        else if (c.op === "equals") {
          set("kind", "amount.equals");
          set("value", c.value);
        } else {
          set("kind", "amount.between");
          set("min", c.min);
          set("max", c.max);
        }
      } else {
        set("kind", `${c.field}.${c.op}`);
        set("value", c.value);
        if (c.case_sensitive) set("case", "1");
      }
    });
  } else {
    v.conditions_json = JSON.stringify(rule.conditions);
  }
  for (const a of rule.actions) {
    if (a.type === "set_category") v.a_category = a.category_id;
    if (a.type === "mark_transfer") v.a_transfer = "1";
    if (a.type === "set_payee") v.a_payee = a.payee;
    if (a.type === "add_tags") v.a_tags = a.tags.join(", ");
    if (a.type === "set_business_pct") v.a_business_pct = String(a.pct);
    if (a.type === "flag_review") v.a_review = "1";
  }
  return v;
}
