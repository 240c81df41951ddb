/**
 * One client: its details with the masked tax id, the staff assigned to it and — for those
 * allowed — the edit, archive/restore and assignment controls. Plain forms; htmx boosts them.
 */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { can } from "../src/auth/permissions.ts";
import type { Member } from "../src/clients/clients.ts";
import type { ClientJson } from "../src/clients/schema.ts";
import type { AppEnv } from "../src/http/env.ts";
import { entityLabel, monthName, roleLabel } from "./ClientViews.tsx";

/** What the detail page shows. */
export type ClientDetailData = ClientJson & {
  /** Members assigned to the client. */
  assignees: Member[];
  /** All members of the firm (only loaded for those who may assign). */
  members: Member[];
};

/** The page body of /clients/:id. */
export function ClientDetailPage({ c, data }: { c: Context<AppEnv>; data: ClientDetailData }) {
  const { t, dateTime } = c.var.i18n;
  const role = c.var.principal?.role;
  const may = (action: Parameters<typeof can>[1]) => role !== undefined && can(role, action);
  const none = <span class="muted">{t("clients.none")}</span>;
  return (
    <>
      <p>
        <a href="/clients">{t("clients.back")}</a>
      </p>
      <div class="page-header">
        <h1>{data.name}</h1>
        {data.archived && <span class="badge badge-bad">{t("clients.archived")}</span>}
      </div>
      {data.archived && data.archived_at && (
        <p class="muted">{t("clients.detail.archived_on", { date: dateTime(data.archived_at) })}</p>
      )}
      <nav class="actions" aria-label={data.name}>
        <a class="button" href={`/clients/${data.id}/documents`}>{t("nav.documents")}</a>
        <a class="button button-secondary" href={`/clients/${data.id}/transactions`}>{t("transactions.title")}</a>
        <a class="button button-secondary" href={`/clients/${data.id}/reports`}>{t("nav.reports")}</a>
        <a class="button button-secondary" href={`/clients/${data.id}/documents/generate`}>
          {t("templates.generate")}
        </a>
      </nav>
      {(may("clients.update") || may("clients.archive")) && (
        <div class="actions client-actions">
          {may("clients.update") && (
            <a class="button button-secondary" href={`/clients/${data.id}/edit`}>{t("clients.edit")}</a>
          )}
          {may("clients.archive") && (
            <form
              method="post"
              action={`/clients/${data.id}/${data.archived ? "restore" : "archive"}`}
              class="inline-form"
            >
              <button type="submit" class={data.archived ? "button" : "button button-danger"}>
                {data.archived ? t("clients.restore") : t("clients.archive")}
              </button>
            </form>
          )}
        </div>
      )}
      <section class="card" aria-labelledby="client-details-heading">
        <h2 id="client-details-heading">{t("clients.detail.details")}</h2>
        <dl class="client-facts">
          <Fact label={t("clients.field.entity_type")}>{entityLabel(c, data.entity_type)}</Fact>
          <Fact label={t("clients.col.tax_id")}>
            {data.tax_id_masked ? <span class="client-tax-id">{data.tax_id_masked}</span> : none}
          </Fact>
          <Fact label={t("clients.field.contact_name")}>{data.contact_name || none}</Fact>
          <Fact label={t("clients.field.contact_email")}>
            {data.contact_email ? <a href={`mailto:${data.contact_email}`}>{data.contact_email}</a> : none}
          </Fact>
          <Fact label={t("clients.field.contact_phone")}>{data.contact_phone || none}</Fact>
          <Fact label={t("clients.field.fiscal_year_start")}>{monthName(c, data.fiscal_year_start)}</Fact>
          <Fact label={t("clients.detail.created")}>{dateTime(data.created_at)}</Fact>
          <Fact label={t("clients.detail.updated")}>{dateTime(data.updated_at)}</Fact>
        </dl>
        <h3>{t("clients.field.notes")}</h3>
        {data.notes ? <p class="client-notes">{data.notes}</p> : <p>{none}</p>}
      </section>
      <section class="card" aria-labelledby="client-staff-heading">
        <h2 id="client-staff-heading">{t("clients.assigned.title")}</h2>
        {data.assignees.length === 0 ? <p class="muted">{t("clients.assigned.none")}</p> : (
          <ul class="client-staff">
            {data.assignees.map((m) => (
              <li>
                {m.name || m.email} <span class="muted">· {roleLabel(c, m.role)}</span>
              </li>
            ))}
          </ul>
        )}
        {may("clients.assign") && <AssignmentsForm c={c} data={data} />}
      </section>
      {may("audit.read") && (
        <section class="card" aria-labelledby="client-history-heading">
          <h2 id="client-history-heading">{t("audit.history")}</h2>
          <div hx-get={`/audit/entity/client/${data.id}`} hx-trigger="load" hx-swap="innerHTML">
            <a href={`/audit/entity/client/${data.id}`}>{t("audit.history")}</a>
          </div>
        </section>
      )}
    </>
  );
}

function Fact({ label, children }: { label: string; children: Child }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function AssignmentsForm({ c, data }: { c: Context<AppEnv>; data: ClientDetailData }) {
  const { t } = c.var.i18n;
  const assigned = new Set(data.assigned_user_ids);
  return (
    <form method="post" action={`/clients/${data.id}/assignments`} class="client-assign">
      <fieldset class="client-fieldset">
        <legend>{t("clients.assign.legend")}</legend>
        <p class="hint muted">{t("clients.assign.hint")}</p>
        <ul class="client-checklist">
          {data.members.map((m) => (
            <li>
              <label>
                <input type="checkbox" name="user_ids" value={m.id} checked={assigned.has(m.id)} /> {m.name || m.email}
                {" "}
                <span class="muted">{m.name ? `${m.email} · ` : ""}{roleLabel(c, m.role)}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="button">{t("clients.assign.submit")}</button>
      </div>
    </form>
  );
}
