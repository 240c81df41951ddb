/**
 * Running rules over stored transactions: after a document is parsed (all the firm's and the
 * client's rules, one transaction), for "apply to existing" (one rule over a client's
 * transactions in batches of 500, with progress in rule_runs), and as a preview that saves
 * nothing. Changed transactions get the winning rule in rule_id and one audit row each, by
 * the system actor "rules". Regex conditions are evaluated in a child process under a time budget.
 * Everything here is safe to run twice: the engine only reports real changes.
 */
import { diffChanges } from "../audit/audit.ts";
import type { Sql } from "../db/client.ts";
import { type Tx, withFirm } from "../db/tenant.ts";
import { toDecimalString } from "../i18n/mod.ts";
import type { Logger } from "../logger.ts";
import {
  applyRules,
  type EngineRule,
  payeesSetBy,
  regexConditions,
  type RuleChanges,
  type RuleOutcome,
  type RuleTransaction,
} from "./engine.ts";
import { budgetedMatcher, type RegexBudget, RegexRunner } from "./regex_budget.ts";
import { type RuleRunRow, rulesForClient, transferCategoryId } from "./rules.ts";
import type { RulePreview, RulePreviewChange, RulePreviewInput } from "./schema.ts";

/** The audit actor of automatic rule changes. */
export const RULES_ACTOR = { type: "system" as const, id: "rules", label: "rules" };

/** Transactions per batch of "apply to existing". */
export const BATCH_SIZE = 500;

/** How many changes a preview lists. */
export const PREVIEW_LIMIT = 100;

/** A transaction as rules read it, plus what a preview shows. */
export interface StoredTransaction extends RuleTransaction {
  currency: string;
}

interface Row extends Omit<StoredTransaction, "amount"> {
  amount: string;
}

const SELECT = (tx: Tx) =>
  tx`t.id, t.description, t.payee, t.amount::text as amount, t.currency, t.account_id, t.date::text as date,
     t.category_id, t.tags, t.business_pct, t.needs_review, t.edited_fields`;

const toStored = (r: Row): StoredTransaction => ({ ...r, amount: BigInt(r.amount) });

/** Options shared by the runs. */
export interface ApplyOptions {
  logger?: Logger;
  budget?: RegexBudget;
  /** Keeps one pattern process across batches. */
  runner?: RegexRunner;
}

/** Engine results for a batch, with regexes run under the budget. */
async function evaluate(
  rules: EngineRule[],
  transactions: StoredTransaction[],
  transferId: string | null,
  opts: ApplyOptions,
): Promise<{ outcomes: RuleOutcome[]; skipped: string[] }> {
  const patterns = regexConditions(rules);
  const budgeted = patterns.length
    ? await budgetedMatcher(
      patterns,
      [...transactions.flatMap((t) => [t.description, t.payee]), ...payeesSetBy(rules)],
      { ...opts.budget, runner: opts.runner },
    )
    : undefined;
  if (budgeted?.skipped.length) {
    opts.logger?.warn("rule patterns ran out of time and matched nothing", { patterns: budgeted.skipped });
  }
  const outcomes = transactions.map((t) =>
    applyRules(rules, t, { transferCategoryId: transferId, matcher: budgeted?.matcher })
  );
  return { outcomes, skipped: budgeted?.skipped ?? [] };
}

/** Category id → name, for audit rows and previews. */
async function categoryNames(tx: Tx): Promise<Map<string, string>> {
  const rows = await tx<{ id: string; name: string }[]>`select id, name from categories`;
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The changed fields before and after, in the shape previews and audit rows show. */
export function describeChange(
  t: StoredTransaction,
  changes: RuleChanges,
  names: Map<string, string>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const category = (id: string | null) => id ? { id, name: names.get(id) ?? "" } : null;
  for (const [field, value] of Object.entries(changes) as [keyof RuleChanges, unknown][]) {
    if (field === "category_id") {
      before.category = category(t.category_id);
      after.category = category(value as string | null);
    } else {
      before[field] = t[field];
      after[field] = value;
    }
  }
  return { before, after };
}

/**
 * Writes the outcomes that change something: the fields, rule_id and updated_at in one
 * statement, and one audit row per transaction. Returns how many changed.
 */
async function persist(
  tx: Tx,
  firmId: string,
  transactions: StoredTransaction[],
  outcomes: RuleOutcome[],
  details: Record<string, unknown>,
): Promise<number> {
  const changed = transactions.map((t, i) => ({ t, o: outcomes[i] })).filter(({ o }) => Object.keys(o.changes).length);
  if (!changed.length) return 0;
  await tx`
    update transactions t set
      category_id = case when x.changes ? 'category_id' then (x.changes->>'category_id')::uuid else t.category_id end,
      payee = case when x.changes ? 'payee' then x.changes->>'payee' else t.payee end,
      tags = case when x.changes ? 'tags'
                  then array(select jsonb_array_elements_text(x.changes->'tags')) else t.tags end,
      business_pct = case when x.changes ? 'business_pct'
                          then (x.changes->>'business_pct')::smallint else t.business_pct end,
      needs_review = case when x.changes ? 'needs_review'
                          then (x.changes->>'needs_review')::boolean else t.needs_review end,
      rule_id = x.rule_id,
      updated_at = now()
    from jsonb_to_recordset(${
    tx.json(changed.map(({ t, o }) => ({ id: t.id, rule_id: o.ruleId, changes: o.changes })) as never)
  }::jsonb) as x(id uuid, rule_id uuid, changes jsonb)
    where t.id = x.id`;
  const names = await categoryNames(tx);
  const audit = changed.map(({ t, o }) => {
    const { before, after } = describeChange(t, o.changes, names);
    return {
      id: t.id,
      changes: {
        ...diffChanges(auditFields(before), auditFields(after)),
        _details: { ...details, rule_id: o.ruleId, matched_rule_ids: o.matchedRuleIds },
      },
    };
  });
  await tx`
    insert into audit_log (firm_id, actor_type, actor_id, actor_label, action, entity_type, entity_id, changes)
    select ${firmId}, ${RULES_ACTOR.type}, ${RULES_ACTOR.id}, ${RULES_ACTOR.label}, 'transaction.rules_applied',
           'transaction', x.id, x.changes
      from jsonb_to_recordset(${tx.json(audit as never)}::jsonb) as x(id text, changes jsonb)`;
  return changed.length;
}

/** Audit rows name the category and keep its id: {category: "Travel", category_id: "…"}. */
function auditFields(v: Record<string, unknown>): Record<string, unknown> {
  if (!("category" in v)) return v;
  const category = v.category as { id: string; name: string } | null;
  return { ...v, category: category?.name ?? null, category_id: category?.id ?? null };
}

/**
 * Runs the client's rules over a document's transactions, in one transaction. Returns how
 * many changed, or undefined when the document no longer exists.
 */
export async function applyRulesToDocument(
  sql: Sql,
  documentId: string,
  opts: ApplyOptions = {},
): Promise<{ transactions: number; changed: number } | undefined> {
  const [{ firm_id: firmId }] = await sql<{ firm_id: string | null }[]>`
    select document_firm_id(${documentId}) as firm_id`;
  if (!firmId) return undefined;
  return await withFirm(sql, firmId, async (tx) => {
    const [doc] = await tx<{ id: string; client_id: string }[]>`
      select id, client_id from documents where id = ${documentId}`;
    if (!doc) return undefined;
    const rules = await rulesForClient(tx, doc.client_id);
    if (!rules.length) return { transactions: 0, changed: 0 };
    const rows = await tx<Row[]>`
      select ${SELECT(tx)} from transactions t where t.document_id = ${doc.id} order by t.id for update`;
    const transactions = rows.map(toStored);
    const { outcomes } = await evaluate(rules, transactions, await transferCategoryId(tx), opts);
    const changed = await persist(tx, firmId, transactions, outcomes, { document_id: doc.id });
    return { transactions: transactions.length, changed };
  });
}

/**
 * "Apply to existing": one rule over all of a client's transactions, newest first, in
 * batches; each batch commits its changes with the run's progress. A run that is already
 * done or failed is left alone; a retried run starts over (changes are only counted once,
 * since changed transactions no longer change).
 */
export async function runRuleRun(
  sql: Sql,
  runId: string,
  opts: ApplyOptions & { batchSize?: number } = {},
): Promise<RuleRunRow["status"] | undefined> {
  const [{ firm_id: firmId }] = await sql<{ firm_id: string | null }[]>`
    select rule_run_firm_id(${runId}) as firm_id`;
  if (!firmId) return undefined;
  const start = await withFirm(sql, firmId, async (tx) => {
    const [run] = await tx<RuleRunRow[]>`select * from rule_runs where id = ${runId} for update`;
    if (!run || run.status === "done" || run.status === "failed") return { run, rule: undefined };
    const [rule] = run.rule_id
      ? await tx<EngineRule[]>`
          select id, position, true as enabled, stop_processing, overwrite_human_edits, conditions, actions
            from rules where id = ${run.rule_id}`
      : [];
    if (!rule) {
      await tx`update rule_runs set status = 'failed', error = 'The rule was deleted before it could be applied',
                 finished_at = now() where id = ${run.id}`;
      return { run: { ...run, status: "failed" as const }, rule: undefined };
    }
    const [{ n }] = await tx<{ n: number }[]>`
      select count(*)::int as n from transactions where client_id = ${run.client_id}`;
    await tx`update rule_runs set status = 'running', total = ${n}, processed = 0 where id = ${run.id}`;
    return { run, rule, transferId: await transferCategoryId(tx) };
  });
  if (!start.run) return undefined;
  if (!start.rule) return start.run.status;
  const { run, rule, transferId } = start;
  const size = opts.batchSize ?? BATCH_SIZE;
  const runner = opts.runner ?? new RegexRunner(opts.budget);
  const batchOpts = { ...opts, runner };
  let cursor: { date: string; id: string } | undefined;
  try {
    for (;;) {
      const more = await withFirm(sql, firmId, async (tx) => {
        const rows = await tx<Row[]>`
        select ${SELECT(tx)} from transactions t
         where t.firm_id = ${firmId} and t.client_id = ${run.client_id}
           ${cursor ? tx`and (t.date, t.id) < (${cursor.date}::date, ${cursor.id}::uuid)` : tx``}
         order by t.date desc, t.id desc
         limit ${size}
         for update of t`;
        if (!rows.length) return false;
        const transactions = rows.map(toStored);
        const { outcomes } = await evaluate([rule], transactions, transferId ?? null, batchOpts);
        const changed = await persist(tx, firmId, transactions, outcomes, { run_id: run.id });
        await tx`update rule_runs set processed = processed + ${rows.length}, changed = changed + ${changed}
                where id = ${run.id}`;
        const last = rows[rows.length - 1];
        cursor = { date: last.date, id: last.id };
        return rows.length === size;
      });
      if (!more) break;
    }
  } finally {
    if (!opts.runner) await runner.close();
  }
  await withFirm(
    sql,
    firmId,
    (tx) =>
      tx`update rule_runs set status = 'done', processed = greatest(processed, total), finished_at = now()
        where id = ${run.id}`,
  );
  return "done";
}

/** Marks a run failed (the job's last attempt). */
export async function failRuleRun(sql: Sql, runId: string, reason: string): Promise<void> {
  const [{ firm_id: firmId }] = await sql<{ firm_id: string | null }[]>`
    select rule_run_firm_id(${runId}) as firm_id`;
  if (!firmId) return;
  await withFirm(sql, firmId, (tx) =>
    tx`update rule_runs set status = 'failed', error = ${reason}, finished_at = now()
        where id = ${runId} and status <> 'done'`);
}

/**
 * What a draft rule would change among a client's transactions, newest first, saving
 * nothing: exactly what "apply to existing" with the same rule would do now.
 */
export async function previewRule(tx: Tx, draft: RulePreviewInput, opts: ApplyOptions = {}): Promise<RulePreview> {
  const rule: EngineRule = {
    id: "preview",
    position: 0,
    enabled: true,
    stop_processing: false,
    overwrite_human_edits: draft.overwrite_human_edits,
    conditions: draft.conditions,
    actions: draft.actions,
  };
  const transferId = await transferCategoryId(tx);
  const names = await categoryNames(tx);
  const changes: RulePreviewChange[] = [];
  const skipped = new Set<string>();
  let matches = 0;
  let wouldChange = 0;
  let cursor: { date: string; id: string } | undefined;
  const size = 2000;
  const runner = opts.runner ?? new RegexRunner(opts.budget);
  try {
    for (;;) {
      const rows = await tx<Row[]>`
      select ${SELECT(tx)} from transactions t
       where t.client_id = ${draft.client_id}
         ${cursor ? tx`and (t.date, t.id) < (${cursor.date}::date, ${cursor.id}::uuid)` : tx``}
       order by t.date desc, t.id desc
       limit ${size}`;
      if (!rows.length) break;
      const transactions = rows.map(toStored);
      const result = await evaluate([rule], transactions, transferId, { ...opts, runner });
      result.skipped.forEach((p) => skipped.add(p));
      transactions.forEach((t, i) => {
        const o = result.outcomes[i];
        if (o.matchedRuleIds.length) matches++;
        if (!Object.keys(o.changes).length) return;
        wouldChange++;
        if (changes.length < PREVIEW_LIMIT) {
          changes.push({
            transaction_id: t.id,
            date: t.date,
            description: t.description,
            amount: toDecimalString(t.amount, 2),
            currency: t.currency,
            ...describeChange(t, o.changes, names),
          });
        }
      });
      if (rows.length < size) break;
      cursor = { date: rows[rows.length - 1].date, id: rows[rows.length - 1].id };
    }
  } finally {
    if (!opts.runner) await runner.close();
  }
  return { matches, would_change: wouldChange, changes, skipped_patterns: [...skipped] };
}
