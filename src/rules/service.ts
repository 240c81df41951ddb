/**
 * Changing rules: create, update, delete, reorder and "apply to existing", each checked
 * against what the member may see (clients, categories, accounts of the firm) and written
 * with its audit row in the caller's transaction.
 */
import { type AuditActor, writeAudit } from "../audit/audit.ts";
import type { Principal } from "../auth/principal.ts";
import { getClient } from "../clients/clients.ts";
import type { Tx } from "../db/tenant.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { getRule, listRules, type RuleRow, type RuleRunRow, transferCategoryId } from "./rules.ts";
import {
  type Action,
  type Condition,
  type ConditionGroup,
  isGroup,
  type RuleCreate,
  type RuleUpdate,
} from "./schema.ts";

/** Who is changing rules. */
export interface RuleEditor {
  principal: Pick<Principal, "userId" | "role" | "firmId">;
  actor: AuditActor;
}

const NOT_FOUND = "No rule with that id";

type Issue = { path: string; message: string };

/** The leaves of a condition tree with their paths (as zod reports them). */
function leaves(group: ConditionGroup, path = "conditions"): { leaf: Condition; path: string }[] {
  return group.conditions.flatMap((node, i) =>
    isGroup(node) ? leaves(node, `${path}.conditions.${i}`) : [{ leaf: node, path: `${path}.conditions.${i}` }]
  );
}

/**
 * Checks that the client, categories and accounts a rule refers to exist in the firm (and
 * that the member may see the client); throws a 422 listing each problem.
 */
export async function checkReferences(
  tx: Tx,
  editor: RuleEditor,
  rule: { client_id: string | null; conditions: ConditionGroup; actions: Action[] },
): Promise<void> {
  const issues: Issue[] = [];
  if (rule.client_id && !await getClient(tx, editor.principal, rule.client_id)) {
    issues.push({ path: "client_id", message: "No client with that id" });
  }
  const categoryIds = rule.actions.flatMap((a, i) => a.type === "set_category" ? [{ id: a.category_id, i }] : []);
  if (categoryIds.length) {
    const found = await tx<{ id: string }[]>`
      select id from categories where id = any(${categoryIds.map((c) => c.id)}::uuid[]) and archived_at is null`;
    for (const { id, i } of categoryIds) {
      if (!found.some((f) => f.id === id)) {
        issues.push({ path: `actions.${i}.category_id`, message: "No such category" });
      }
    }
  }
  const transferAt = rule.actions.findIndex((a) => a.type === "mark_transfer");
  if (transferAt >= 0 && !await transferCategoryId(tx)) {
    issues.push({ path: `actions.${transferAt}`, message: "This firm has no Transfer category to set" });
  }
  const accounts = leaves(rule.conditions).flatMap(({ leaf, path }) =>
    leaf.field === "account" ? [{ id: leaf.account_id, path: `${path}.account_id` }] : []
  );
  if (accounts.length) {
    const found = await tx<{ id: string; client_id: string }[]>`
      select id, client_id from accounts where id = any(${accounts.map((a) => a.id)}::uuid[])`;
    for (const { id, path } of accounts) {
      const account = found.find((f) => f.id === id);
      if (!account || !await getClient(tx, editor.principal, account.client_id)) {
        issues.push({ path, message: "No such account" });
      } else if (rule.client_id && account.client_id !== rule.client_id) {
        issues.push({ path, message: "The account belongs to another client" });
      }
    }
  }
  if (issues.length) throw new ValidationError(issues[0].message, issues);
}

/** Adds a rule at the end of the firm's order. */
export async function createRuleAudited(tx: Tx, editor: RuleEditor, input: RuleCreate): Promise<RuleRow> {
  const clientId = input.client_id ?? null;
  await checkReferences(tx, editor, { client_id: clientId, conditions: input.conditions, actions: input.actions });
  const [{ id }] = await tx<{ id: string }[]>`
    insert into rules (firm_id, client_id, name, position, enabled, conditions, actions, stop_processing,
                       overwrite_human_edits, created_by)
    values (${editor.principal.firmId}, ${clientId}, ${input.name},
            (select coalesce(max(position), 0) + 10 from rules), ${input.enabled},
            ${tx.json(input.conditions as never)}, ${tx.json(input.actions as never)}, ${input.stop_processing},
            ${input.overwrite_human_edits}, ${editor.principal.userId})
    returning id`;
  const row = (await getRule(tx, editor.principal, id))!;
  await writeAudit(tx, editor.principal.firmId, editor.actor, {
    action: "rule.create",
    entityType: "rule",
    entityId: row.id,
    after: auditable(row),
  });
  return row;
}

/** Changes some fields of a rule. */
export async function updateRuleAudited(tx: Tx, editor: RuleEditor, id: string, input: RuleUpdate): Promise<RuleRow> {
  const before = await getRule(tx, editor.principal, id, { forUpdate: true });
  if (!before) throw new NotFoundError(NOT_FOUND);
  const next = {
    client_id: input.client_id === undefined ? before.client_id : input.client_id,
    conditions: input.conditions ?? before.conditions,
    actions: input.actions ?? before.actions,
  };
  await checkReferences(tx, editor, next);
  await tx`
    update rules set
      name = ${input.name ?? before.name},
      client_id = ${next.client_id},
      enabled = ${input.enabled ?? before.enabled},
      stop_processing = ${input.stop_processing ?? before.stop_processing},
      overwrite_human_edits = ${input.overwrite_human_edits ?? before.overwrite_human_edits},
      conditions = ${tx.json(next.conditions as never)},
      actions = ${tx.json(next.actions as never)},
      updated_at = now()
    where id = ${before.id}`;
  const after = (await getRule(tx, editor.principal, before.id))!;
  await writeAudit(tx, editor.principal.firmId, editor.actor, {
    action: "rule.update",
    entityType: "rule",
    entityId: before.id,
    before: auditable(before),
    after: auditable(after),
  });
  return after;
}

/** Deletes a rule (its runs keep their counts; transactions keep what it did). */
export async function deleteRuleAudited(tx: Tx, editor: RuleEditor, id: string): Promise<RuleRow> {
  const before = await getRule(tx, editor.principal, id, { forUpdate: true });
  if (!before) throw new NotFoundError(NOT_FOUND);
  await tx`delete from rules where id = ${before.id}`;
  await writeAudit(tx, editor.principal.firmId, editor.actor, {
    action: "rule.delete",
    entityType: "rule",
    entityId: before.id,
    before: auditable(before),
  });
  return before;
}

/**
 * Puts the listed rules in the given order. They take the places the listed rules held
 * between them, so a reorder of one client's view leaves the other rules where they were.
 */
export async function reorderRulesAudited(tx: Tx, editor: RuleEditor, ids: string[]): Promise<RuleRow[]> {
  await tx`select id from rules order by id for update`;
  const all = await tx<{ id: string; position: number }[]>`
    select id, position from rules order by position, created_at, id`;
  const visibleIds = new Set((await listRules(tx, editor.principal)).map((r) => r.id));
  const unknown = ids.map((id, i) => ({ id, i })).filter(({ id }) => !visibleIds.has(id));
  if (unknown.length) {
    throw new ValidationError(
      "Some of the ids are not rules you can see",
      unknown.map(({ i }) => ({ path: `ids.${i}`, message: NOT_FOUND })),
    );
  }
  const wanted = new Set(ids);
  const slots = all.map((r, i) => wanted.has(r.id) ? i : -1).filter((i) => i >= 0);
  const order = all.map((r) => r.id);
  slots.forEach((slot, k) => order[slot] = ids[k]);
  const changed = order.map((id, i) => ({ id, position: (i + 1) * 10 }))
    .filter(({ id, position }) => all.find((r) => r.id === id)!.position !== position);
  if (changed.length) {
    await tx`
      update rules set position = x.position, updated_at = now()
        from jsonb_to_recordset(${tx.json(changed as never)}::jsonb) as x(id uuid, position integer)
       where rules.id = x.id`;
  }
  await writeAudit(tx, editor.principal.firmId, editor.actor, {
    action: "rule.reorder",
    entityType: "rule",
    details: { ids },
  });
  return await listRules(tx, editor.principal);
}

/** Moves a rule one place up or down among the rules of a list (firm-wide + a client's, or all). */
export async function moveRuleAudited(
  tx: Tx,
  editor: RuleEditor,
  id: string,
  direction: "up" | "down",
  clientId?: string,
): Promise<void> {
  const list = (await listRules(tx, editor.principal, { clientId })).map((r) => r.id);
  const at = list.indexOf(id);
  if (at < 0) throw new NotFoundError(NOT_FOUND);
  const other = direction === "up" ? at - 1 : at + 1;
  if (other < 0 || other >= list.length) return;
  await reorderRulesAudited(tx, editor, direction === "up" ? [id, list[other]] : [list[other], id]);
}

/**
 * "Apply to existing": records a run of the rule over a client's transactions; the insert
 * trigger queues the apply_rules job. A client rule runs on its own client only.
 */
export async function requestRuleRun(
  tx: Tx,
  editor: RuleEditor,
  ruleId: string,
  clientId: string | undefined,
): Promise<RuleRunRow> {
  const rule = await getRule(tx, editor.principal, ruleId);
  if (!rule) throw new NotFoundError(NOT_FOUND);
  const target = clientId ?? rule.client_id;
  if (!target) {
    throw new ValidationError("Choose the client whose transactions the rule applies to", [{
      path: "client_id",
      message: "Choose a client",
    }]);
  }
  if (rule.client_id && target !== rule.client_id) {
    throw new ValidationError("This rule is for another client", [{ path: "client_id", message: "another client" }]);
  }
  if (!await getClient(tx, editor.principal, target)) throw new NotFoundError("No client with that id");
  const [run] = await tx<RuleRunRow[]>`
    insert into rule_runs (firm_id, client_id, rule_id, requested_by)
    values (${editor.principal.firmId}, ${target}, ${rule.id}, ${editor.principal.userId})
    returning *`;
  await writeAudit(tx, editor.principal.firmId, editor.actor, {
    action: "rule.apply",
    entityType: "rule",
    entityId: rule.id,
    details: { run_id: run.id, client_id: target },
  });
  return run;
}

/** The fields of a rule the audit log records. */
function auditable(row: RuleRow): Record<string, unknown> {
  const { name, client_id, position, enabled, stop_processing, overwrite_human_edits, conditions, actions } = row;
  return { name, client_id, position, enabled, stop_processing, overwrite_human_edits, conditions, actions };
}
