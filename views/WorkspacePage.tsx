/**
 * The transactions workspace page: heading, saved views, the filter bar, the results region,
 * and what the keyboard review mode needs (the category picker template, the key help dialog,
 * the history drawer and a status line). Behaviour lives in static/js/workspace.js.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { SavedViewJson } from "../src/workspace/saved_views.ts";
import { type FilterChoices, type FilterValues, WorkspaceFilters } from "./WorkspaceFilters.tsx";
import { ViewQuery, WorkspaceResults, type WorkspaceResultsData } from "./WorkspaceResults.tsx";
import { CategoryEditor } from "./WorkspaceRow.tsx";
import { ExportMenu } from "./ExportMenu.tsx";

type C = Context<AppEnv>;

/** Everything the page shows. */
export interface WorkspacePageData {
  results: WorkspaceResultsData;
  client: { id: string; name: string };
  values: FilterValues;
  choices: FilterChoices;
  views: SavedViewJson[];
  /** Where "Save this view" posts. */
  saveViewUrl: string;
  fieldErrors?: Record<string, string>;
  /** The page size from the URL. */
  limit?: string;
}

function SavedViews({ c, data }: { c: C; data: WorkspacePageData }) {
  const { t } = c.var.i18n;
  const currentQuery = data.results.query;
  return (
    <section class="ws-views" aria-labelledby="ws-views-title">
      <h2 id="ws-views-title" class="visually-hidden">{t("ws.views.title")}</h2>
      <ul class="ws-view-list">
        <li>
          <a href={data.results.path} class="ws-view" aria-current={currentQuery === "" ? "page" : undefined}>
            {t("ws.views.all")}
          </a>
        </li>
        {data.views.map((v) => (
          <li class="ws-view-item">
            <a href={v.url} class="ws-view" aria-current={v.query === currentQuery ? "page" : undefined}>{v.name}</a>
            <form method="post" action={`/views/${v.id}/delete`} class="inline-form">
              <button type="submit" class="ws-view-delete" aria-label={t("ws.views.delete", { name: v.name })}>
                <span aria-hidden="true">×</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
      <details class="ws-save-view">
        <summary class="button button-small button-secondary">{t("ws.views.save")}</summary>
        <form id="ws-save-view" method="post" action={data.saveViewUrl} class="ws-save-form">
          <label for="ws-view-name" class="visually-hidden">{t("ws.views.name")}</label>
          <input id="ws-view-name" name="name" type="text" required maxlength={80} placeholder={t("ws.views.name")} />
          <ViewQuery query={currentQuery} />
          <button type="submit" class="button button-small">{t("ws.views.submit")}</button>
        </form>
      </details>
    </section>
  );
}

function KeyHelp({ c, data }: { c: C; data: WorkspacePageData }) {
  const { t } = c.var.i18n;
  const { perms } = data.results.env;
  const keys: [string, string][] = [
    ["j", t("ws.keys.j")],
    ["k", t("ws.keys.k")],
    ...(perms.edit ? [["c", t("ws.keys.c")], ["e", t("ws.keys.e")], ["m", t("ws.keys.m")]] as [string, string][] : []),
    ...(perms.edit || perms.review
      ? [["x", t("ws.keys.x")], ["r", t("ws.keys.r")], ["u", t("ws.keys.u")]] as [string, string][]
      : []),
    ...(perms.audit ? [["h", t("ws.keys.h")]] as [string, string][] : []),
    ["/", t("ws.keys.slash")],
    ["Esc", t("ws.keys.esc")],
    ["?", t("ws.keys.help")],
  ];
  return (
    <dialog id="ws-help" class="ws-help" aria-labelledby="ws-help-title">
      <h2 id="ws-help-title">{t("ws.keys.title")}</h2>
      <p class="muted">{t("ws.keys.lead")}</p>
      <dl class="ws-keys">
        {keys.map(([key, label]) => (
          <div>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{label}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog" class="form-actions">
        <button type="submit" id="ws-help-close" class="button">{t("ws.keys.close")}</button>
      </form>
    </dialog>
  );
}

/** The page body. */
export function WorkspacePage({ c, data }: { c: C; data: WorkspacePageData }) {
  const { t } = c.var.i18n;
  const { perms } = data.results.env;
  const title = t("ws.title");
  return (
    <div
      id="workspace"
      class="ws"
      data-can-edit={perms.edit ? "true" : "false"}
      data-can-review={perms.review ? "true" : "false"}
    >
      <header class="ws-head">
        <div>
          <p class="ws-crumbs">
            <a href={`/clients/${data.client.id}`}>{data.client.name}</a>
            <span aria-hidden="true">/</span>
            <a href={`/clients/${data.client.id}/documents`}>{t("ws.statements")}</a>
          </p>
          <h1>{title}</h1>
        </div>
        <div class="ws-head-actions">
          <ExportMenu c={c} path={data.results.path} query={data.results.query} />
          {perms.edit || perms.review
            ? (
              <button
                type="button"
                id="ws-undo"
                class="button button-secondary button-small"
                hx-post="/transactions/undo"
                hx-target="#ws-status"
                hx-swap="innerHTML"
                aria-keyshortcuts="u"
              >
                <span aria-hidden="true">↶</span> {t("ws.undo")}
              </button>
            )
            : null}
          <button
            type="button"
            id="ws-help-open"
            class="button button-secondary button-small"
            aria-haspopup="dialog"
            aria-controls="ws-help"
            aria-keyshortcuts="?"
          >
            <kbd>?</kbd> {t("ws.keys.open")}
          </button>
        </div>
      </header>
      <SavedViews c={c} data={data} />
      <WorkspaceFilters
        c={c}
        path={data.results.path}
        values={data.values}
        choices={data.choices}
        fieldErrors={data.fieldErrors}
        limit={data.limit}
      />
      <WorkspaceResults data={data.results} />
      <div id="ws-status" class="ws-status" role="status" aria-live="polite"></div>
      {perms.edit
        ? (
          <template id="ws-category-editor">
            <CategoryEditor c={c} id="__ID__" categories={data.results.categories} />
          </template>
        )
        : null}
      <KeyHelp c={c} data={data} />
      {perms.audit
        ? (
          <aside id="ws-drawer" class="ws-drawer" aria-labelledby="ws-drawer-title" hidden>
            <div class="ws-drawer-head">
              <h2 id="ws-drawer-title">{t("ws.row.history")}</h2>
              <button type="button" id="ws-drawer-close" class="button button-small button-secondary">
                <span aria-hidden="true">×</span> <span class="visually-hidden">{t("ws.drawer.close")}</span>
              </button>
            </div>
            <div id="ws-drawer-body" class="ws-drawer-body"></div>
          </aside>
        )
        : null}
    </div>
  );
}
