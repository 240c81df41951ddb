/**
 * The clients list: a search box (live with htmx, a plain GET form without it), the
 * active/archived toggle, and the results table or an empty state.
 */
import type { Context } from "hono";
import { can } from "../src/auth/permissions.ts";
import type { ClientJson } from "../src/clients/schema.ts";
import type { AppEnv } from "../src/http/env.ts";
import { entityLabel } from "./ClientViews.tsx";

/** What the list shows (the JSON of `GET /api/v1/clients`). */
export interface ClientListData {
  items: ClientJson[];
}

/** How the list is being viewed: the search, the toggle and what the viewer may do. */
interface ListView {
  q: string;
  archived: boolean;
  /** The viewer may add clients (shows "New client"). */
  canCreate: boolean;
  /** The viewer sees only the clients assigned to them. */
  assignedOnly: boolean;
}

function listView(c: Context<AppEnv>): ListView {
  const role = c.var.principal?.role;
  return {
    q: (c.req.query("q") ?? "").trim(),
    archived: c.req.query("archived") === "true",
    canCreate: role !== undefined && can(role, "clients.create"),
    assignedOnly: role === undefined || !can(role, "clients.read_all"),
  };
}

/** The full page body. */
export function ClientListPage({ c, data }: { c: Context<AppEnv>; data: ClientListData }) {
  const { t } = c.var.i18n;
  const view = listView(c);
  return (
    <>
      <div class="page-header">
        <h1 id="clients-heading">{t("clients.title")}</h1>
        {view.canCreate && <a class="button" href="/clients/new">{t("clients.new")}</a>}
      </div>
      <p class="lead">{view.assignedOnly ? t("clients.lead.assigned") : t("clients.lead")}</p>
      <form class="toolbar" method="get" action="/clients" role="search">
        {view.archived && <input type="hidden" name="archived" value="true" />}
        <div class="field client-search">
          <label for="client-search">{t("clients.search.label")}</label>
          <input
            id="client-search"
            type="search"
            name="q"
            value={view.q}
            maxlength={200}
            autocomplete="off"
            placeholder={t("clients.search.placeholder")}
            hx-get="/clients"
            hx-trigger="input changed delay:300ms, search"
            hx-target="#client-results"
            hx-swap="outerHTML"
            hx-push-url="true"
            hx-include="closest form"
          />
        </div>
        <button type="submit" class="button button-secondary">{t("clients.search.submit")}</button>
      </form>
      <ClientResults c={c} data={data} />
    </>
  );
}

/** The part htmx swaps while searching: the toggle, a count and the table (or an empty state). */
export function ClientResults({ c, data }: { c: Context<AppEnv>; data: ClientListData }) {
  const { t, number } = c.var.i18n;
  const view = listView(c);
  const href = (archived: boolean) => {
    const params = new URLSearchParams();
    if (view.q) params.set("q", view.q);
    if (archived) params.set("archived", "true");
    const query = params.toString();
    return query ? `/clients?${query}` : "/clients";
  };
  return (
    <div id="client-results" class="client-results">
      <nav class="client-toggle" aria-label={t("clients.filter.label")}>
        <a href={href(false)} aria-current={view.archived ? undefined : "page"}>{t("clients.filter.active")}</a>
        <a href={href(true)} aria-current={view.archived ? "page" : undefined}>{t("clients.filter.archived")}</a>
      </nav>
      <p class="muted" role="status">{t("clients.count", { count: number(data.items.length) })}</p>
      {data.items.length === 0 ? <EmptyState c={c} view={view} /> : (
        <div class="card client-table">
          <table aria-labelledby="clients-heading">
            <thead>
              <tr>
                <th scope="col">{t("clients.field.name")}</th>
                <th scope="col">{t("clients.field.entity_type")}</th>
                <th scope="col">{t("clients.col.contact")}</th>
                <th scope="col">{t("clients.col.tax_id")}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((client) => (
                <tr>
                  <th scope="row">
                    <a href={`/clients/${client.id}`}>{client.name}</a>
                  </th>
                  <td>{entityLabel(c, client.entity_type)}</td>
                  <td>
                    {client.contact_name || client.contact_email || client.contact_phone
                      ? (
                        <>
                          {client.contact_name && <span class="client-contact">{client.contact_name}</span>}
                          {[client.contact_email, client.contact_phone].filter(Boolean).length > 0 && (
                            <span class="muted client-contact">
                              {[client.contact_email, client.contact_phone].filter(Boolean).join(" · ")}
                            </span>
                          )}
                        </>
                      )
                      : <span class="muted">{t("clients.none")}</span>}
                  </td>
                  <td class="client-tax-id">
                    {client.tax_id_masked ?? <span class="muted">{t("clients.none")}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function EmptyState({ c, view }: { c: Context<AppEnv>; view: ListView }) {
  const { t } = c.var.i18n;
  let message: string;
  if (view.q) message = t("clients.empty.search", { q: view.q });
  else if (view.archived) message = t("clients.empty.archived");
  else if (view.canCreate) message = t("clients.empty");
  else if (view.assignedOnly) message = t("clients.empty.assigned");
  else message = t("clients.empty.read_only");
  const invite = !view.q && !view.archived && view.canCreate;
  return (
    <div class="card empty-state">
      <p class="client-empty-title">{message}</p>
      {invite && <a class="button" href="/clients/new">{t("clients.empty.cta")}</a>}
    </div>
  );
}
