/** The audit log page: filters, the newest entries, "load older entries", and the CSV download. */
import type { Context } from "hono";
import type { AuditRow } from "../src/audit/audit.ts";
import type { AppEnv } from "../src/http/env.ts";
import { Field, SelectField } from "./components/Form.tsx";
import { AuditActorLabel, AuditChanges, entityTypeLabel, KNOWN_ENTITY_TYPES } from "./AuditChanges.tsx";

/** The filters as typed in the form. */
export interface AuditFilterValues {
  entity_type?: string;
  entity_id?: string;
  actor?: string;
  since?: string;
}

/** Props of {@link AuditPage} and {@link AuditRows}. */
export interface AuditPageProps {
  c: Context<AppEnv>;
  rows: AuditRow[];
  filters: AuditFilterValues;
  /** URL of the next (older) page, or null at the end. */
  nextUrl: string | null;
  /** URL of the CSV download with the same filters. */
  csvUrl: string;
}

/** The page body. */
export function AuditPage(p: AuditPageProps) {
  const { t } = p.c.var.i18n;
  const f = p.filters;
  const types: string[] = [...KNOWN_ENTITY_TYPES];
  if (f.entity_type && !types.includes(f.entity_type)) types.push(f.entity_type);
  const filtered = Boolean(f.entity_type || f.entity_id || f.actor || f.since);
  return (
    <>
      <header class="page-header">
        <div>
          <h1>{t("audit.title")}</h1>
          <p class="lead">{t("audit.lead")}</p>
        </div>
      </header>
      <form method="get" action="/audit" class="toolbar card" role="search" aria-label={t("audit.filters")}>
        <SelectField
          label={t("audit.filter.entity_type")}
          name="entity_type"
          value={f.entity_type ?? ""}
          options={[
            { value: "", label: t("audit.filter.any") },
            ...types.map((type) => ({ value: type, label: entityTypeLabel(p.c, type) })),
          ]}
        />
        <Field label={t("audit.filter.entity_id")} name="entity_id" value={f.entity_id} maxlength={200} />
        <Field
          label={t("audit.filter.actor")}
          name="actor"
          type="search"
          value={f.actor}
          hint={t("audit.filter.actor_hint")}
          maxlength={254}
        />
        <Field label={t("audit.filter.since")} name="since" type="date" value={f.since} />
        <div class="form-actions">
          <button class="button" type="submit">{t("audit.filter.apply")}</button>
          {filtered ? <a href="/audit">{t("audit.filter.reset")}</a> : null}
          <a class="button button-secondary" href={p.csvUrl} hx-boost="false" download>{t("audit.export")}</a>
        </div>
      </form>
      {p.rows.length === 0 ? <p class="empty-state card">{t("audit.empty")}</p> : (
        <div class="card table-scroll">
          <table class="audit-table">
            <thead>
              <tr>
                <th scope="col">{t("audit.col.time")}</th>
                <th scope="col">{t("audit.col.actor")}</th>
                <th scope="col">{t("audit.col.action")}</th>
                <th scope="col">{t("audit.col.entity")}</th>
                <th scope="col">{t("audit.col.changes")}</th>
              </tr>
            </thead>
            <tbody id="audit-rows">
              <AuditRows {...p} />
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Table rows, followed by a row that loads the next page in its place (the htmx fragment). */
export function AuditRows({ c, rows, nextUrl }: AuditPageProps) {
  const { t, dateTime } = c.var.i18n;
  return (
    <>
      {rows.map((row) => (
        <tr>
          <td>
            <time datetime={row.at}>{dateTime(row.at)}</time>
          </td>
          <td>
            <AuditActorLabel c={c} row={row} />
            {row.ip ? <span class="muted small">{t("audit.from_ip", { ip: row.ip })}</span> : null}
          </td>
          <td>
            <code>{row.action}</code>
          </td>
          <td>
            {entityTypeLabel(c, row.entity_type)}
            {row.entity_id
              ? (
                <a
                  class="entity-id"
                  href={`/audit?${new URLSearchParams({ entity_type: row.entity_type, entity_id: row.entity_id })}`}
                >
                  <code>{row.entity_id}</code>
                </a>
              )
              : null}
          </td>
          <td>
            <AuditChanges c={c} changes={row.changes} />
          </td>
        </tr>
      ))}
      {nextUrl
        ? (
          <tr class="load-more">
            <td colspan={5}>
              <a
                class="button button-secondary"
                href={nextUrl}
                hx-get={nextUrl}
                hx-trigger="revealed, click"
                hx-target="closest tr"
                hx-swap="outerHTML"
              >
                {t("audit.more")}
              </a>
            </td>
          </tr>
        )
        : null}
    </>
  );
}
