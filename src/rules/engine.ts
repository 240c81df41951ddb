/**
 * The rules engine: a pure function from rules and one transaction to the changes the rules
 * make. Rules run in position order; each enabled rule whose conditions match applies its
 * actions, and a rule with stop_processing ends the run. Conditions see what earlier rules
 * did (a payee set by one rule can be matched by the next), later rules override earlier
 * ones, and fields a person edited by hand (edited_fields) are left alone unless the rule
 * says to overwrite them. The rules are run until nothing changes (at most a few passes), so
 * running them again on the result changes nothing: applying rules is idempotent.
 */
import { type Action, type Condition, type ConditionGroup, isGroup, type TextCondition } from "./schema.ts";
import { compileSafeRegex, regexFlags } from "./regex_safety.ts";

/** What the engine reads of a transaction. */
export interface RuleTransaction {
  id: string;
  description: string;
  payee: string;
  /** Integer minor units; negative is money out. */
  amount: bigint;
  account_id: string;
  /** YYYY-MM-DD. */
  date: string;
  category_id: string | null;
  tags: string[];
  business_pct: number;
  needs_review: boolean;
  /** Fields a person set by hand. */
  edited_fields: string[];
}

/** What the engine reads of a rule. */
export interface EngineRule {
  id: string;
  position: number;
  enabled: boolean;
  stop_processing: boolean;
  overwrite_human_edits: boolean;
  conditions: ConditionGroup;
  actions: Action[];
}

/** The fields rules change. */
export interface RuleChanges {
  category_id?: string | null;
  payee?: string;
  tags?: string[];
  business_pct?: number;
  needs_review?: boolean;
}

/** A changeable field. */
export type RuleField = keyof RuleChanges;

/** The fields rules change, in display order. */
export const RULE_FIELDS: RuleField[] = ["category_id", "payee", "tags", "business_pct", "needs_review"];

/** Names under which a hand edit of each field may be recorded in edited_fields. */
export const EDITED_FIELD_NAMES: Record<RuleField, string[]> = {
  // Splits set categories per part: a split transaction's category is a person's choice too.
  category_id: ["category_id", "category", "splits"],
  payee: ["payee"],
  tags: ["tags"],
  business_pct: ["business_pct"],
  needs_review: ["needs_review"],
};

/** The result for one transaction. */
export interface RuleOutcome {
  /** Only the fields whose value changes. */
  changes: RuleChanges;
  /** Rules whose conditions matched (in the final pass), in order. */
  matchedRuleIds: string[];
  /** The last rule that changed a field, or null when nothing changes. */
  ruleId: string | null;
}

/** Tests a rule pattern against a text. */
export type RegexMatcher = (pattern: string, caseSensitive: boolean, text: string) => boolean;

/** Options of {@link applyRules}. */
export interface EngineOptions {
  /** The firm's Transfer category (mark_transfer does nothing without it). */
  transferCategoryId?: string | null;
  /** How regex conditions are tested; by default, compiled here (after the safety check). */
  matcher?: RegexMatcher;
}

const MAX_PASSES = 4;

type State = Required<RuleChanges> & Pick<RuleTransaction, "description" | "amount" | "account_id" | "date">;

/** Applies the rules to one transaction; returns the changes without making them. */
export function applyRules(rules: EngineRule[], tx: RuleTransaction, opts: EngineOptions = {}): RuleOutcome {
  const matcher = opts.matcher ?? defaultMatcher;
  const ordered = rules.filter((r) => r.enabled).sort((a, b) => a.position - b.position);
  const state: State = {
    description: tx.description,
    amount: tx.amount,
    account_id: tx.account_id,
    date: tx.date,
    category_id: tx.category_id,
    payee: tx.payee,
    tags: [...tx.tags],
    business_pct: tx.business_pct,
    needs_review: tx.needs_review,
  };
  let matchedRuleIds: string[] = [];
  let ruleId: string | null = null;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const before = fingerprint(state);
    matchedRuleIds = [];
    for (const rule of ordered) {
      if (!groupMatches(rule.conditions, state, matcher)) continue;
      matchedRuleIds.push(rule.id);
      if (applyActions(rule, state, tx.edited_fields, opts.transferCategoryId ?? null)) ruleId = rule.id;
      if (rule.stop_processing) break;
    }
    if (fingerprint(state) === before) break;
  }
  const changes: RuleChanges = {};
  if (state.category_id !== tx.category_id) changes.category_id = state.category_id;
  if (state.payee !== tx.payee) changes.payee = state.payee;
  if (JSON.stringify(state.tags) !== JSON.stringify(tx.tags)) changes.tags = state.tags;
  if (state.business_pct !== tx.business_pct) changes.business_pct = state.business_pct;
  if (state.needs_review !== tx.needs_review) changes.needs_review = state.needs_review;
  return { changes, matchedRuleIds, ruleId: Object.keys(changes).length ? ruleId : null };
}

/** Whether the conditions match the transaction as it stands. */
export function conditionsMatch(
  group: ConditionGroup,
  tx: Pick<RuleTransaction, "description" | "payee" | "amount" | "account_id" | "date">,
  matcher: RegexMatcher = defaultMatcher,
): boolean {
  return groupMatches(group, tx, matcher);
}

function fingerprint(s: State): string {
  return JSON.stringify([s.category_id, s.payee, s.tags, s.business_pct, s.needs_review]);
}

type Subject = Pick<RuleTransaction, "description" | "payee" | "amount" | "account_id" | "date">;

function groupMatches(group: ConditionGroup, tx: Subject, matcher: RegexMatcher): boolean {
  const test = (node: Condition | ConditionGroup) =>
    isGroup(node) ? groupMatches(node, tx, matcher) : leafMatches(node, tx, matcher);
  // An empty group (only possible in rows written by hand) matches nothing, never everything.
  if (!group.conditions.length) return false;
  return group.match === "all" ? group.conditions.every(test) : group.conditions.some(test);
}

function leafMatches(c: Condition, tx: Subject, matcher: RegexMatcher): boolean {
  switch (c.field) {
    case "description":
    case "payee":
      return textMatches(c as TextCondition, c.field === "description" ? tx.description : tx.payee, matcher);
    case "amount": {
      const size = tx.amount < 0n ? -tx.amount : tx.amount;
      if (c.op === "sign") return c.value === "in" ? tx.amount > 0n : tx.amount < 0n;
      if (c.op === "equals") return size === toMinorUnits(c.value);
      return (c.min === undefined || size >= toMinorUnits(c.min)) &&
        (c.max === undefined || size <= toMinorUnits(c.max));
    }
    case "account":
      return tx.account_id === c.account_id;
    case "date":
      return (c.from === undefined || tx.date >= c.from) && (c.to === undefined || tx.date <= c.to);
  }
}

/** Spaces collapsed and trimmed, and folded to lower case unless case matters. */
function normalize(text: string, caseSensitive: boolean): string {
  const collapsed = text.replace(/\s+/g, " ").trim();
  return caseSensitive ? collapsed : collapsed.toLowerCase();
}

function textMatches(c: TextCondition, text: string, matcher: RegexMatcher): boolean {
  const cs = c.case_sensitive ?? false;
  if (c.op === "regex") return matcher(c.value, cs, text);
  const haystack = normalize(text, cs);
  const needle = normalize(c.value, cs);
  if (c.op === "contains") return haystack.includes(needle);
  if (c.op === "starts_with") return haystack.startsWith(needle);
  return haystack === needle;
}

/** "12.5" → 1250n (two decimal places, as the ledger stores money). */
export function toMinorUnits(decimal: string): bigint {
  const [whole, fraction = ""] = decimal.trim().split(".");
  return BigInt(whole) * 100n + BigInt((fraction + "00").slice(0, 2));
}

function applyActions(rule: EngineRule, s: State, edited: string[], transferId: string | null): boolean {
  const may = (field: RuleField) =>
    rule.overwrite_human_edits || !EDITED_FIELD_NAMES[field].some((name) => edited.includes(name));
  const before = fingerprint(s);
  for (const action of rule.actions) {
    switch (action.type) {
      case "set_category":
        if (may("category_id")) s.category_id = action.category_id;
        break;
      case "mark_transfer":
        if (transferId && may("category_id")) s.category_id = transferId;
        break;
      case "set_payee":
        if (may("payee")) s.payee = action.payee;
        break;
      case "add_tags":
        if (may("tags")) {
          for (const tag of action.tags) {
            if (!s.tags.some((t) => t.toLowerCase() === tag.toLowerCase())) s.tags = [...s.tags, tag];
          }
        }
        break;
      case "set_business_pct":
        if (may("business_pct")) s.business_pct = action.pct;
        break;
      case "flag_review":
        if (may("needs_review")) s.needs_review = true;
        break;
    }
  }
  return fingerprint(s) !== before;
}

const compiled = new Map<string, RegExp>();

/** Compiles (once, after the safety check) and tests in this thread: for tests and small inputs. */
export const defaultMatcher: RegexMatcher = (pattern, caseSensitive, text) => {
  const key = `${regexFlags(caseSensitive)}/${pattern}`;
  let re = compiled.get(key);
  if (!re) {
    re = compileSafeRegex(pattern, caseSensitive);
    if (compiled.size > 500) compiled.clear();
    compiled.set(key, re);
  }
  return re.test(text);
};

/** Every regex condition of the rules. */
export function regexConditions(rules: EngineRule[]): TextCondition[] {
  const out: TextCondition[] = [];
  const walk = (g: ConditionGroup) => {
    for (const node of g.conditions) {
      if (isGroup(node)) walk(node);
      else if ((node.field === "description" || node.field === "payee") && node.op === "regex") out.push(node);
    }
  };
  for (const rule of rules) if (rule.enabled) walk(rule.conditions);
  return out;
}

/** Payees rules may set (a regex on the payee can see them). */
export function payeesSetBy(rules: EngineRule[]): string[] {
  return rules.flatMap((r) => r.actions.flatMap((a) => a.type === "set_payee" ? [a.payee] : []));
}
