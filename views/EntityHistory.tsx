/**
 * A compact timeline of the audit rows of one record (a client, a transaction, …), newest
 * first: when, who, what, and the changed fields. Used on record pages and served as an htmx
 * fragment at /audit/entity/:type/:id.
 */
import type { Context } from "hono";
import type { AuditRow } from "../src/audit/audit.ts";
import type { AppEnv } from "../src/http/env.ts";
import { AuditActorLabel, AuditChanges } from "./AuditChanges.tsx";

/** Props of {@link EntityHistory}. */
export interface EntityHistoryProps {
  c: Context<AppEnv>;
  rows: AuditRow[];
}

/** The timeline, or a short note when nothing was recorded yet. */
export function EntityHistory({ c, rows }: EntityHistoryProps) {
  const { t, dateTime } = c.var.i18n;
  if (!rows.length) return <p class="muted entity-history-empty">{t("audit.history.empty")}</p>;
  return (
    <ol class="timeline" aria-label={t("audit.history")}>
      {rows.map((row) => (
        <li class="timeline-item">
          <p class="timeline-head">
            <time datetime={row.at}>{dateTime(row.at)}</time> · <AuditActorLabel c={c} row={row} /> ·{" "}
            <code>{row.action}</code>
          </p>
          <AuditChanges c={c} changes={row.changes} />
        </li>
      ))}
    </ol>
  );
}
