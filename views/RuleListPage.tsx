/**
 * The rules list: filtered to a client (firm-wide rules plus theirs) or all, in the order
 * they run, with enable/disable and move up/down for members who may edit. Plain forms.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { RuleJson } from "../src/rules/schema.ts";
import { describeConditions, RuleActions, type RuleRefs } from "./RuleViews.tsx";

/** What the list shows. */
export interface RuleListData {
  items: RuleJson[];
  refs: RuleRefs;
  /** The client filter ("" for all). */
  clientId: string;
  canEdit: boolean;
}

/** The page body of /rules. */
export function RuleListPage({ c, data }: { c: Context<AppEnv>; data: RuleListData }) {
  const { t } = c.var.i18n;
  const { items, refs, clientId, canEdit } = data;
  const back = clientId ? `?client_id=${clientId}` : "";
  return (
    <>
      <div class="page-header">
        <h1>{t("rules.title")}</h1>
        {canEdit && <a class="button" href={`/rules/new${back}`}>{t("rules.new")}</a>}
      </div>
      <p class="lead">{t("rules.lead")}</p>
      <form class="toolbar" method="get" action="/rules">
        <div class="field">
          <label for="rules-client">{t("rules.filter.label")}</label>
          <select id="rules-client" name="client_id">
            <option value="">{t("rules.filter.all")}</option>
            {refs.clients.map((cl) => <option value={cl.id} selected={cl.id === clientId}>{cl.name}</option>)}
          </select>
        </div>
        <button type="submit" class="button button-secondary">{t("rules.filter.submit")}</button>
      </form>
      {items.length === 0 ? <p class="empty-state">{t("rules.empty")}</p> : (
        <div class="table-scroll">
          <table id="rule-list">
            <thead>
              <tr>
                <th scope="col" class="num">{t("rules.col.order")}</th>
                <th scope="col">{t("rules.col.name")}</th>
                <th scope="col">{t("rules.col.scope")}</th>
                <th scope="col">{t("rules.col.when")}</th>
                <th scope="col">{t("rules.col.then")}</th>
                <th scope="col">{t("rules.col.enabled")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((rule, i) => (
                <tr id={`rule-${rule.id}`} class={rule.enabled ? undefined : "muted"}>
                  <td class="num">
                    {i + 1}
                    {canEdit && (
                      <span class="rule-move">
                        <Move c={c} rule={rule} direction="up" clientId={clientId} disabled={i === 0} />
                        <Move
                          c={c}
                          rule={rule}
                          direction="down"
                          clientId={clientId}
                          disabled={i === items.length - 1}
                        />
                      </span>
                    )}
                  </td>
                  <td>
                    {canEdit ? <a href={`/rules/${rule.id}/edit`}>{rule.name}</a> : rule.name}
                  </td>
                  <td>{rule.client_name ?? t("rules.scope.firm")}</td>
                  <td>{describeConditions(c, refs, rule.conditions)}</td>
                  <td>
                    <RuleActions c={c} refs={refs} rule={rule} />
                  </td>
                  <td>
                    {canEdit
                      ? (
                        <form method="post" action={`/rules/${rule.id}/toggle`} class="inline-form">
                          <input type="hidden" name="client_filter" value={clientId} />
                          <button
                            type="submit"
                            class="button button-secondary button-small"
                            aria-pressed={rule.enabled ? "true" : "false"}
                            aria-label={t(rule.enabled ? "rules.toggle.disable" : "rules.toggle.enable", {
                              name: rule.name,
                            })}
                          >
                            {t(rule.enabled ? "rules.enabled.on" : "rules.enabled.off")}
                          </button>
                        </form>
                      )
                      : t(rule.enabled ? "rules.enabled.on" : "rules.enabled.off")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Move({ c, rule, direction, clientId, disabled }: {
  c: Context<AppEnv>;
  rule: RuleJson;
  direction: "up" | "down";
  clientId: string;
  disabled: boolean;
}) {
  const { t } = c.var.i18n;
  return (
    <form method="post" action={`/rules/${rule.id}/move`} class="inline-form">
      <input type="hidden" name="direction" value={direction} />
      <input type="hidden" name="client_filter" value={clientId} />
      <button
        type="submit"
        class="button button-secondary button-small"
        disabled={disabled}
        aria-label={t(direction === "up" ? "rules.move.up" : "rules.move.down", { name: rule.name })}
        title={t(direction === "up" ? "rules.move.up" : "rules.move.down", { name: rule.name })}
      >
        {direction === "up" ? "↑" : "↓"}
      </button>
    </form>
  );
}
