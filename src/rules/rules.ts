/**
 * Rule queries. Every function takes the firm-scoped transaction first; "not found" is
 * `undefined`. A firm-wide rule (client_id null) is visible to every member who may read
 * clients; a client's rule only to those who may see that client.
 */
import { can } from "../auth/permissions.ts";
import { isUuid } from "../auth/principal.ts";
import type { Viewer } from "../clients/clients.ts";
import type { Tx } from "../db/tenant.ts";
import type { EngineRule } from "./engine.ts";
import type { Action, ConditionGroup, RuleJson, RuleRunJson } from "./schema.ts";

/** A rules row with its client's name. */
export interface RuleRow {
  id: string;
  firm_id: string;
  client_id: string | null;
  client_name: string | null;
  name: string;
  position: number;
  enabled: boolean;
  stop_processing: boolean;
  overwrite_human_edits: boolean;
  conditions: ConditionGroup;
  actions: Action[];
  created_at: Date;
  updated_at: Date;
}

/** A rule_runs row. */
export interface RuleRunRow {
  id: string;
  firm_id: string;
  client_id: string;
  rule_id: string | null;
  status: "queued" | "running" | "done" | "failed";
  total: number;
  processed: number;
  changed: number;
  error: string | null;
  requested_by: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const columns = (tx: Tx) =>
  tx`r.id, r.firm_id, r.client_id, c.name as client_name, r.name, r.position, r.enabled, r.stop_processing,
     r.overwrite_human_edits, r.conditions, r.actions, r.created_at, r.updated_at`;

/** Firm-wide rules, and client rules only for clients the viewer may see. */
const visible = (tx: Tx, viewer: Viewer) =>
  can(viewer.role, "clients.read_all") ? tx`true` : tx`(r.client_id is null or exists (
    select 1 from client_assignments a where a.client_id = r.client_id and a.user_id = ${viewer.userId}))`;

/** Filters for {@link listRules}. */
export interface RuleFilter {
  /** Firm-wide rules and this client's rules. */
  clientId?: string;
}

/** The rules the viewer may see, in the order they run. */
export async function listRules(tx: Tx, viewer: Viewer, filter: RuleFilter = {}): Promise<RuleRow[]> {
  return await tx<RuleRow[]>`
    select ${columns(tx)}
      from rules r left join clients c on c.id = r.client_id
     where ${visible(tx, viewer)}
       ${filter.clientId ? tx`and (r.client_id is null or r.client_id = ${filter.clientId})` : tx``}
     order by r.position, r.created_at, r.id`;
}

/** One rule the viewer may see; `forUpdate` locks it until the transaction ends. */
export async function getRule(
  tx: Tx,
  viewer: Viewer,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<RuleRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx<RuleRow[]>`
    select ${columns(tx)}
      from rules r left join clients c on c.id = r.client_id
     where r.id = ${id} and ${visible(tx, viewer)}
     ${opts.forUpdate ? tx`for update of r` : tx``}`;
  return row;
}

/** The enabled rules that apply to a client's transactions (firm-wide and the client's), in order. */
export async function rulesForClient(tx: Tx, clientId: string): Promise<EngineRule[]> {
  return await tx<EngineRule[]>`
    select id, position, enabled, stop_processing, overwrite_human_edits, conditions, actions
      from rules
     where enabled and (client_id is null or client_id = ${clientId})
     order by position, created_at, id`;
}

/** The firm's Transfer category (what mark_transfer sets), if it has one. */
export async function transferCategoryId(tx: Tx): Promise<string | null> {
  const [row] = await tx<{ id: string }[]>`
    select id from categories where kind = 'transfer' and archived_at is null
     order by system desc, position, created_at limit 1`;
  return row?.id ?? null;
}

/** The rule as the API returns it. */
export function toRuleJson(row: RuleRow): RuleJson {
  return {
    id: row.id,
    client_id: row.client_id,
    client_name: row.client_name,
    name: row.name,
    position: row.position,
    enabled: row.enabled,
    stop_processing: row.stop_processing,
    overwrite_human_edits: row.overwrite_human_edits,
    conditions: row.conditions,
    actions: row.actions,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** One run the viewer may see (its client must be visible to them). */
export async function getRuleRun(tx: Tx, viewer: Viewer, id: string): Promise<RuleRunRow | undefined> {
  if (!isUuid(id)) return undefined;
  const scope = can(viewer.role, "clients.read_all") ? tx`true` : tx`exists (
    select 1 from client_assignments a where a.client_id = rr.client_id and a.user_id = ${viewer.userId})`;
  const [row] = await tx<RuleRunRow[]>`select rr.* from rule_runs rr where rr.id = ${id} and ${scope}`;
  return row;
}

/** A run as the API returns it. */
export function toRuleRunJson(row: RuleRunRow): RuleRunJson {
  const percent = row.status === "done"
    ? 100
    : row.total > 0
    ? Math.min(99, Math.floor((row.processed / row.total) * 100))
    : 0;
  return {
    id: row.id,
    rule_id: row.rule_id,
    client_id: row.client_id,
    status: row.status,
    total: row.total,
    processed: row.processed,
    changed: row.changed,
    percent,
    error: row.error,
    created_at: row.created_at.toISOString(),
    finished_at: row.finished_at?.toISOString() ?? null,
  };
}
