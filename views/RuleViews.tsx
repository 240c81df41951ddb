/**
 * Rule building blocks shared by the rule pages: a rule's conditions and actions in words,
 * the "Test rule" results table, and the progress panel of "apply to existing".
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { MessageKey } from "../src/i18n/mod.ts";
import {
  type Action,
  type Condition,
  type ConditionGroup,
  isGroup,
  type RuleJson,
  type RulePreview,
  type RuleRunJson,
} from "../src/rules/schema.ts";

type C = Context<AppEnv>;

/** Names the rule pages show for ids: clients, categories and accounts the member may see. */
export interface RuleRefs {
  clients: { id: string; name: string }[];
  categories: { id: string; name: string }[];
  accounts: { id: string; client_id: string; label: string }[];
}

/** One condition in words. */
export function describeCondition(c: C, refs: RuleRefs, cond: Condition): string {
  const { t } = c.var.i18n;
  switch (cond.field) {
    case "description":
    case "payee": {
      const text = t("rules.when.text", {
        field: t(`rules.field.${cond.field}`),
        op: t(`rules.op.${cond.op}` as MessageKey),
        value: cond.value,
      });
      return cond.case_sensitive ? `${text} ${t("rules.when.case")}` : text;
    }
    case "amount":
      if (cond.op === "sign") return t(cond.value === "in" ? "rules.when.sign_in" : "rules.when.sign_out");
      if (cond.op === "equals") return t("rules.when.amount_equals", { value: cond.value });
      if (cond.min && cond.max) return t("rules.when.amount_between", { min: cond.min, max: cond.max });
      return cond.min ? t("rules.when.amount_min", { min: cond.min }) : t("rules.when.amount_max", { max: cond.max! });
    case "account":
      return t("rules.when.account", {
        account: refs.accounts.find((a) => a.id === cond.account_id)?.label ?? cond.account_id.slice(0, 8),
      });
    case "date":
      if (cond.from && cond.to) return t("rules.when.date_between", { from: cond.from, to: cond.to });
      return cond.from ? t("rules.when.date_from", { from: cond.from }) : t("rules.when.date_to", { to: cond.to! });
  }
}

/** A group of conditions in words: "A and B", "A or (B and C)". */
export function describeConditions(c: C, refs: RuleRefs, group: ConditionGroup, nested = false): string {
  const { t } = c.var.i18n;
  const parts = group.conditions.map((node) =>
    isGroup(node) ? describeConditions(c, refs, node, true) : describeCondition(c, refs, node)
  );
  const text = parts.join(` ${t(group.match === "all" ? "rules.and" : "rules.or")} `);
  return nested && parts.length > 1 ? `(${text})` : text;
}

/** One action in words. */
export function describeAction(c: C, refs: RuleRefs, action: Action): string {
  const { t } = c.var.i18n;
  switch (action.type) {
    case "set_category":
      return t("rules.then.category", {
        name: refs.categories.find((x) => x.id === action.category_id)?.name ?? "?",
      });
    case "set_payee":
      return t("rules.then.payee", { payee: action.payee });
    case "add_tags":
      return t("rules.then.tags", { tags: action.tags.join(", ") });
    case "set_business_pct":
      return t("rules.then.business_pct", { pct: action.pct });
    case "mark_transfer":
      return t("rules.then.transfer");
    case "flag_review":
      return t("rules.then.review");
  }
}

/** What a rule does, as a list. */
export function RuleActions(
  { c, refs, rule }: { c: C; refs: RuleRefs; rule: Pick<RuleJson, "actions" | "stop_processing"> },
) {
  return (
    <ul class="rule-actions">
      {rule.actions.map((a) => <li>{describeAction(c, refs, a)}</li>)}
      {rule.stop_processing ? <li class="muted">{c.var.i18n.t("rules.stop")}</li> : null}
    </ul>
  );
}

function fieldValue(c: C, field: string, value: unknown): string {
  const { t } = c.var.i18n;
  if (field === "category") return (value as { name: string } | null)?.name ?? t("rules.change.none");
  if (field === "tags") return (value as string[]).join(", ") || t("rules.change.none");
  if (field === "needs_review") return t(value ? "rules.change.yes" : "rules.change.no");
  if (field === "business_pct") return `${value}%`;
  return String(value ?? "") || t("rules.change.none");
}

/** The "Test rule" results: how many match and change, and the first changes. */
export function RulePreviewTable({ c, preview, error }: { c: C; preview?: RulePreview; error?: string }) {
  const { t, number } = c.var.i18n;
  if (error) return <div class="flash flash-error" role="alert">{error}</div>;
  if (!preview) return <div hidden></div>;
  return (
    <section aria-labelledby="rule-preview-heading">
      <h2 id="rule-preview-heading">{t("rules.preview.title")}</h2>
      <p role="status">
        {t("rules.preview.summary", { matches: number(preview.matches), changes: number(preview.would_change) })}
        {preview.would_change > preview.changes.length
          ? ` ${t("rules.preview.more", { shown: preview.changes.length })}`
          : ""}
      </p>
      {preview.skipped_patterns.length
        ? (
          <p class="banner banner-warning">
            {t("rules.preview.skipped", { patterns: preview.skipped_patterns.join(", ") })}
          </p>
        )
        : null}
      {preview.changes.length === 0 ? <p class="empty-state">{t("rules.preview.none")}</p> : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("rules.preview.col.date")}</th>
                <th scope="col">{t("rules.preview.col.description")}</th>
                <th scope="col" class="num">{t("rules.preview.col.amount")}</th>
                <th scope="col">{t("rules.preview.col.change")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.changes.map((ch) => (
                <tr data-transaction-id={ch.transaction_id}>
                  <td class="nowrap">{ch.date}</td>
                  <td>{ch.description}</td>
                  <td class="num nowrap">{ch.amount} {ch.currency}</td>
                  <td>
                    <ul class="changes">
                      {Object.keys(ch.after).map((field) => (
                        <li>
                          {t(`rules.change.${field}` as MessageKey)}: {fieldValue(c, field, ch.before[field])} →{" "}
                          <strong>{fieldValue(c, field, ch.after[field])}</strong>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Whether a run has finished (done or failed). */
export const runFinished = (run: Pick<RuleRunJson, "status">) => run.status === "done" || run.status === "failed";

/** The progress of "apply to existing"; polls itself every second until the run is finished. */
export function RuleRunPanel({ c, run }: { c: C; run: RuleRunJson }) {
  const { t, number } = c.var.i18n;
  const finished = runFinished(run);
  const tone = run.status === "done" ? "ok" : run.status === "failed" ? "bad" : "busy";
  return (
    <section
      id="rule-run"
      class="card"
      data-status={run.status}
      aria-live="polite"
      {...(finished ? {} : { "hx-get": `/rule-runs/${run.id}`, "hx-trigger": "every 1s", "hx-swap": "outerHTML" })}
    >
      <p>
        <span class={`badge badge-${tone}`}>
          {finished ? null : <span class="spinner" aria-hidden="true"></span>} {t(`rules.run.status.${run.status}`)}
        </span>
      </p>
      <progress max="100" value={String(run.percent)} aria-label={t(`rules.run.status.${run.status}`)}>
        {run.percent}%
      </progress>
      <p>
        {t("rules.run.counts", {
          processed: number(run.processed),
          total: number(run.total),
          changed: number(run.changed),
        })}
      </p>
      {run.error ? <p class="error-text">{run.error}</p> : null}
      {finished ? null : (
        <noscript>
          <a class="button button-secondary button-small" href={`/rule-runs/${run.id}`}>{t("rules.run.refresh")}</a>
        </noscript>
      )}
    </section>
  );
}
