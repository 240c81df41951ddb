/** The page of one "apply to existing" run: its progress, polled until it is finished. */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { RuleRunJson } from "../src/rules/schema.ts";
import { RuleRunPanel } from "./RuleViews.tsx";

/** What the page shows. */
export interface RuleRunData {
  run: RuleRunJson;
  /** The rule's name, or null when it has been deleted. */
  ruleName: string | null;
  clientName: string;
}

/** The page body of /rule-runs/:id. */
export function RuleRunPage({ c, data }: { c: Context<AppEnv>; data: RuleRunData }) {
  const { t } = c.var.i18n;
  const { run, ruleName } = data;
  return (
    <>
      <p>
        {run.rule_id && ruleName
          ? <a href={`/rules/${run.rule_id}/edit`}>{t("rules.run.back")}</a>
          : <a href="/rules">{t("rules.back")}</a>}
      </p>
      <h1>{ruleName ? t("rules.run.title", { name: ruleName }) : t("rules.run.title_deleted")}</h1>
      <p class="lead">{data.clientName}</p>
      <RuleRunPanel c={c} run={run} />
    </>
  );
}
