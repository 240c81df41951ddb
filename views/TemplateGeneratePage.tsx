/**
 * Generating a document for a client: pick a template and a period (a suggested one, or a
 * custom range), see the preview in a sandboxed frame, download it in the template's format or
 * as PDF. A plain GET form; template problems are listed with their positions.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { GeneratePageData } from "../src/templates/generate.ts";
import { formatLabel, TemplateIssues } from "./TemplateViews.tsx";

/** What the page shows: the loaded data, and whether the member may edit templates. */
export type TemplateGenerateData = GeneratePageData & { canManage: boolean };

/** The page body of /clients/:id/documents/generate. */
export function TemplateGeneratePage({ c, data }: { c: Context<AppEnv>; data: TemplateGenerateData }) {
  const { t } = c.var.i18n;
  const { client, selected, params, period } = data;
  const custom = !params.period && !!(params.from || params.to);
  const query = new URLSearchParams(
    custom ? { from: params.from, to: params.to } : period?.key ? { period: period.key } : {},
  ).toString();
  const base = selected ? `/clients/${client.id}/templates/${selected.id}` : "";
  const ready = selected && period && data.issues?.length === 0;
  return (
    <>
      <p>
        <a href={`/clients/${client.id}`}>{t("templates.generate.back")}</a>
      </p>
      <h1>{t("templates.generate.title", { client: client.name })}</h1>
      <p class="lead">{t("templates.generate.lead")}</p>
      <form method="get" action={`/clients/${client.id}/documents/generate`} class="card template-generate-form">
        <div class="field">
          <label for="generate-template">{t("templates.generate.template")}</label>
          <select id="generate-template" name="template" required>
            {!selected && <option value="">—</option>}
            {data.templates.map((tpl) => (
              <option value={tpl.id} selected={tpl.id === selected?.id}>
                {tpl.name} ({formatLabel(c, tpl.format)})
              </option>
            ))}
          </select>
        </div>
        <div class={data.periodError ? "field field-invalid" : "field"}>
          <label for="generate-period">{t("templates.generate.period")}</label>
          <select id="generate-period" name="period">
            <option value="" selected={custom}>{t("templates.generate.custom")}</option>
            {data.periods.map((p) => (
              <option value={p.key ?? ""} selected={!custom && p.key === period?.key}>{p.label}</option>
            ))}
          </select>
          {data.periodError && <p class="error-text">{data.periodError}</p>}
        </div>
        <fieldset class="template-range">
          <legend>{t("templates.generate.custom")}</legend>
          <div class="field">
            <label for="generate-from">{t("templates.generate.from")}</label>
            <input id="generate-from" name="from" type="date" value={params.from} />
          </div>
          <div class="field">
            <label for="generate-to">{t("templates.generate.to")}</label>
            <input id="generate-to" name="to" type="date" value={params.to} />
          </div>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button">{t("templates.generate.preview")}</button>
        </div>
      </form>
      {!selected && <p class="empty-state">{t("templates.generate.choose")}</p>}
      {selected && data.issues && data.issues.length > 0 && (
        <section class="card template-generate-errors">
          <p>{t("templates.generate.error")}</p>
          <TemplateIssues c={c} issues={data.issues} />
          {data.canManage && !selected.builtin && (
            <a href={`/templates/${selected.id}`}>{t("templates.generate.edit_template")}</a>
          )}
        </section>
      )}
      {ready && (
        <section class="template-preview-section" aria-labelledby="template-preview-heading">
          <div class="page-header">
            <h2 id="template-preview-heading">{t("templates.generate.preview_title", { template: selected.name })}</h2>
            <div class="actions template-downloads" hx-boost="false">
              {selected.outputs.map((format) => (
                <a
                  class={format === "pdf" ? "button button-secondary" : "button"}
                  href={`${base}/render?${query}${query ? "&" : ""}format=${format}`}
                  download
                >
                  {format === "pdf"
                    ? t("templates.generate.download_pdf")
                    : t("templates.generate.download", { format: formatLabel(c, format) })}
                </a>
              ))}
            </div>
          </div>
          <iframe
            id="template-preview"
            class="template-preview"
            title={t("templates.generate.preview_title", { template: selected.name })}
            sandbox=""
            src={`${base}/preview${query ? `?${query}` : ""}`}
          >
          </iframe>
        </section>
      )}
    </>
  );
}
