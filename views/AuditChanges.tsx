/** Shared pieces of audit views: who acted, which record, and the changed fields "field: from → to". */
import type { Context } from "hono";
import type { AuditRow } from "../src/audit/audit.ts";
import type { AppEnv } from "../src/http/env.ts";
import type { MessageKey } from "../src/i18n/mod.ts";

/** Entity types with a translated name (the audit filter offers these). */
export const KNOWN_ENTITY_TYPES = [
  "firm",
  "user",
  "membership",
  "invite",
  "client",
  "session",
  "api_token",
  "document",
  "transaction",
  "rule",
] as const;

const MAX_VALUE_CHARS = 200;

/** The translated name of an entity type (the raw type when unknown). */
export function entityTypeLabel(c: Context<AppEnv>, type: string): string {
  return (KNOWN_ENTITY_TYPES as readonly string[]).includes(type)
    ? c.var.i18n.t(`audit.entity.${type}` as MessageKey)
    : type;
}

/** Who acted: the user's email, an API token's owner, the system or an anonymous caller. */
export function AuditActorLabel({ c, row }: { c: Context<AppEnv>; row: Pick<AuditRow, "actor_type" | "actor_label"> }) {
  const { t } = c.var.i18n;
  if (row.actor_type === "system") return <span class="actor">{row.actor_label || t("audit.actor.system")}</span>;
  if (row.actor_type === "anonymous") {
    return <span class="actor muted">{row.actor_label || t("audit.actor.anonymous")}</span>;
  }
  return <span class="actor">{row.actor_label}</span>;
}

/** The changed fields of one audit row as a list; extra details follow in muted text. */
export function AuditChanges({ c, changes }: { c: Context<AppEnv>; changes: Record<string, unknown> }) {
  const { t } = c.var.i18n;
  const fields = Object.entries(changes).filter(([key]) => key !== "_details");
  const details = changes._details && typeof changes._details === "object"
    ? Object.entries(changes._details as Record<string, unknown>)
    : [];
  if (!fields.length && !details.length) return null;
  const show = (value: unknown) => {
    if (value === null || value === undefined || value === "") {
      return <span class="muted">{t("audit.empty_value")}</span>;
    }
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return <span class="value">{text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text}</span>;
  };
  return (
    <ul class="changes">
      {fields.map(([field, change]) => {
        const isChange = change !== null && typeof change === "object" && "from" in change && "to" in change;
        const { from, to } = isChange ? change as { from: unknown; to: unknown } : { from: undefined, to: change };
        return (
          <li>
            <span class="field-name">{field}</span>: {isChange ? <>{show(from)} → {show(to)}</> : show(to)}
          </li>
        );
      })}
      {details.map(([key, value]) => (
        <li class="muted">
          <span class="field-name">{key}</span>: {show(value)}
        </li>
      ))}
    </ul>
  );
}
