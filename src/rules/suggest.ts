/**
 * "Always categorize <payee> as <category>?": after someone categorizes a transaction by
 * hand, a draft rule that would do the same for the payee's other transactions. The payee is
 * the transaction's own, or one read from the description ("SQ *BLUE BOTTLE 1234 OAKLAND CA"
 * → "BLUE BOTTLE").
 */
import type { Viewer } from "../clients/clients.ts";
import { getClient } from "../clients/clients.ts";
import type { Tx } from "../db/tenant.ts";
import { normalizePayee } from "../ledger/payee.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { rulesForClient } from "./rules.ts";
import type { Condition, RuleCreate, RuleSuggestion } from "./schema.ts";

/** Card-processor and bank prefixes that are not part of the merchant's name. */
const PREFIXES = [
  /^(pos|debit card|debit|card|checkcard|check card|visa|purchase|pos purchase|recurring|online|ach|ach debit)\b[\s:-]*/i,
  /^(purchase|payment) (at|to)\b\s*/i,
  /^(sq|tst|pp|paypal|sp|dd|ic|in|py)\s*\*\s*/i,
];

/** Words after which a description no longer names the merchant. */
const STOP_WORDS = new Set(["store", "stores", "location", "purchase", "pos", "debit", "card", "ref", "id", "on"]);

/** The merchant a bank description names: its first words, before numbers, "*" or "#". */
export function payeeFromDescription(description: string): string {
  let text = description.replace(/\s+/g, " ").trim();
  for (let changed = true; changed;) {
    changed = false;
    for (const prefix of PREFIXES) {
      const next = text.replace(prefix, "");
      if (next !== text && next) {
        text = next;
        changed = true;
      }
    }
  }
  const words: string[] = [];
  for (const raw of text.split(/[*#]/)[0].split(" ")) {
    const word = raw.replace(/^[^\p{L}\p{N}&]+|[^\p{L}\p{N}&'.]+$/gu, "");
    if (!word || /\d/.test(word) || STOP_WORDS.has(word.toLowerCase())) break;
    words.push(word);
    if (words.length === 3) break;
  }
  return words.join(" ").replace(/[.,]+$/, "") || description.trim().split(" ")[0] || description.trim();
}

/** Words of the description that name the merchant, as they appear in it (spaces collapsed). */
export function descriptionWords(description: string): string {
  const words = payeeFromDescription(description).slice(0, 200);
  const haystack = description.replace(/\s+/g, " ").toLowerCase();
  return haystack.includes(words.toLowerCase()) ? words : description.trim().split(/\s+/)[0].slice(0, 200);
}

/** A draft rule for the transaction's payee and the category; 404 for what the viewer cannot see. */
export async function suggestRule(
  tx: Tx,
  viewer: Viewer,
  input: { transaction_id: string; category_id: string },
): Promise<RuleSuggestion> {
  const [t] = await tx<{ id: string; client_id: string; description: string; payee: string }[]>`
    select id, client_id, description, payee from transactions where id = ${input.transaction_id}`;
  if (!t || !await getClient(tx, viewer, t.client_id)) throw new NotFoundError("No transaction with that id");
  const [category] = await tx<{ id: string; name: string }[]>`
    select id, name from categories where id = ${input.category_id} and archived_at is null`;
  if (!category) {
    throw new ValidationError("No such category", [{ path: "category_id", message: "No such category" }]);
  }
  // The payee shown is the transaction's, or the ledger's normalized name for the description;
  // the condition needs text that is really in the description.
  const payee = t.payee.trim() || normalizePayee(t.description) || payeeFromDescription(t.description);
  const condition: Condition = t.payee.trim()
    ? { field: "payee", op: "equals", value: t.payee.trim().slice(0, 200) }
    : { field: "description", op: "contains", value: descriptionWords(t.description) };
  const rule: RuleCreate = {
    name: `Always categorize ${payee} as ${category.name}`.slice(0, 120),
    client_id: t.client_id,
    enabled: true,
    stop_processing: false,
    overwrite_human_edits: false,
    conditions: { match: "all", conditions: [condition] },
    actions: [{ type: "set_category", category_id: category.id }],
  };
  const same = JSON.stringify([rule.conditions, rule.actions]);
  const existing = (await rulesForClient(tx, t.client_id)).find((r) =>
    JSON.stringify([normalizeGroup(r.conditions), r.actions]) === same
  );
  return { payee, category, rule, existing_rule_id: existing?.id ?? null };
}

/** Conditions as stored (jsonb orders keys) compared in the draft's key order. */
function normalizeGroup(group: RuleCreate["conditions"]): RuleCreate["conditions"] {
  return {
    match: group.match,
    conditions: group.conditions.map((c) =>
      "match" in c ? normalizeGroup(c) : c.field === "payee" || c.field === "description"
        ? {
          field: c.field,
          op: c.op,
          value: c.value,
          ...(c.case_sensitive === undefined ? {} : { case_sensitive: c.case_sensitive }),
        }
        : c
    ),
  };
}
