/**
 * Rule conflicts: transactions where more than one enabled rule matched and those rules set
 * different categories (set_category, or mark_transfer meaning the Transfer category). The
 * rules engine records every rule that matched a transaction it changed in that change's
 * audit row (`_details.matched_rule_ids`, see src/rules/apply.ts); the latest such row with
 * more than one rule is read through a partial index (migrations/00008_review.sql). A
 * conflict is resolved when a person sets the category by hand (edited_fields), or when the
 * rules stop disagreeing (one is disabled, or its category changes).
 */
import type { Tx } from "../db/tenant.ts";
import type { RuleConflict } from "./schema.ts";
import { loadReviewTransactions } from "./transactions.ts";

interface ConflictRow {
  transaction_id: string;
  client_id: string;
  date: string;
  rules: { id: string; name: string; category_id: string; category_name: string | null }[];
}

/** The conflicts of the given clients, as a subquery. */
const conflicts = (tx: Tx, clientIds: string[]) =>
  tx`
    with matches as materialized (
      select distinct on (l.entity_id) l.entity_id, l.changes->'_details'->'matched_rule_ids' as rule_ids
        from audit_log l
       where l.action = 'transaction.rules_applied'
         and (case when jsonb_typeof(l.changes->'_details'->'matched_rule_ids') = 'array'
                   then jsonb_array_length(l.changes->'_details'->'matched_rule_ids') else 0 end) > 1
       order by l.entity_id, l.id desc
    ), transfer as (
      select id::text as id from categories where kind = 'transfer' and archived_at is null
       order by system desc, position, created_at limit 1
    ), sets as (
      select t.id as transaction_id, t.client_id, t.date, r.id as rule_id, r.name, r.position, r.created_at,
             coalesce(
               (select a->>'category_id' from jsonb_array_elements(r.actions) a
                 where a->>'type' = 'set_category' limit 1),
               (select tr.id from transfer tr
                 where exists (select 1 from jsonb_array_elements(r.actions) a where a->>'type' = 'mark_transfer'))
             ) as category_id
        from matches m
        join transactions t on t.id::text = m.entity_id
        cross join lateral jsonb_array_elements_text(m.rule_ids) as mr(rule_id)
        join rules r on r.id::text = mr.rule_id and r.enabled
       where t.client_id = any(${clientIds}::uuid[])
         and not (t.edited_fields && array['category_id', 'category', 'splits']::text[])
    )
    select s.transaction_id, s.client_id, s.date::text as date,
           jsonb_agg(jsonb_build_object('id', s.rule_id, 'name', s.name, 'category_id', s.category_id,
                                        'category_name', (select k.name from categories k where k.id::text = s.category_id))
                     order by s.position, s.created_at, s.rule_id) as rules
      from sets s
     where s.category_id is not null
     group by s.transaction_id, s.client_id, s.date
    having count(distinct s.category_id) > 1`;

/** A client's rule conflicts with their transactions. */
export async function listRuleConflicts(tx: Tx, clientId: string, limit = 100): Promise<RuleConflict[]> {
  const rows = await tx<ConflictRow[]>`
    select * from (${conflicts(tx, [clientId])}) c order by c.date desc, c.transaction_id limit ${limit}`;
  const transactions = await loadReviewTransactions(tx, rows.map((r) => r.transaction_id));
  return rows.flatMap((r) => {
    const transaction = transactions.get(r.transaction_id);
    if (!transaction) return [];
    return [{
      transaction,
      rules: r.rules.map((rule) => ({
        id: rule.id,
        name: rule.name,
        category: rule.category_name === null ? null : { id: rule.category_id, name: rule.category_name },
      })),
    }];
  });
}

/** Number of rule conflicts per client. */
export async function ruleConflictCounts(tx: Tx, clientIds: string[]): Promise<Map<string, number>> {
  if (!clientIds.length) return new Map();
  const rows = await tx<{ client_id: string; n: number }[]>`
    select c.client_id, count(*)::int as n from (${conflicts(tx, clientIds)}) c group by c.client_id`;
  return new Map(rows.map((r) => [r.client_id, r.n]));
}
