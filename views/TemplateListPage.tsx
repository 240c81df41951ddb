/**
 * The template list: built-in templates and the firm's own, with their format, and for
 * members who may manage templates the new, duplicate and archive controls. Plain forms.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { TemplateJson } from "../src/templates/json.ts";
import { formatLabel } from "./TemplateViews.tsx";

/** What the list shows. */
export interface TemplateListData {
  items: TemplateJson[];
  canManage: boolean;
}

/** The page body of /templates. */
export function TemplateListPage({ c, data }: { c: Context<AppEnv>; data: TemplateListData }) {
  const { t, dateTime } = c.var.i18n;
  const own = data.items.filter((i) => !i.builtin);
  return (
    <>
      <div class="page-header">
        <h1>{t("templates.title")}</h1>
        {data.canManage && <a class="button" href="/templates/new">{t("templates.new")}</a>}
      </div>
      <p class="lead">{t("templates.lead")}</p>
      <div class="table-scroll">
        <table id="template-list" class="template-table">
          <thead>
            <tr>
              <th scope="col">{t("templates.col.name")}</th>
              <th scope="col">{t("templates.col.format")}</th>
              <th scope="col">{t("templates.col.source")}</th>
              <th scope="col">{t("templates.col.updated")}</th>
              {data.canManage && (
                <th scope="col">
                  <span class="visually-hidden">{t("templates.open")}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => (
              <tr id={`template-${item.id}`}>
                <td>
                  <a href={`/templates/${item.id}`}>{item.name}</a>
                </td>
                <td>{formatLabel(c, item.format)}</td>
                <td>
                  {item.builtin
                    ? <span class="badge">{t("templates.source.builtin")}</span>
                    : t("templates.source.firm")}
                </td>
                <td class="muted">{item.updated_at ? dateTime(item.updated_at) : "—"}</td>
                {data.canManage && (
                  <td class="template-row-actions">
                    <form method="post" action={`/templates/${item.id}/duplicate`} class="inline-form">
                      <button type="submit" class="button button-secondary button-small">
                        {t("templates.duplicate")}
                      </button>
                    </form>
                    {!item.builtin && (
                      <form method="post" action={`/templates/${item.id}/archive`} class="inline-form">
                        <button type="submit" class="button button-danger button-small">
                          {t("templates.archive")}
                        </button>
                      </form>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {own.length === 0 && <p class="empty-state">{t("templates.none")}</p>}
    </>
  );
}
