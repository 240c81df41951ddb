/**
 * One template: the form to create or change it (name, format, text with live checking, or a
 * file to upload), its problems with line and column, and the fields it can use. Built-in
 * templates, and members who may not manage templates, see it read-only.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { TemplateIssue } from "../src/templates/errors.ts";
import type { TemplateFields, TemplateJson } from "../src/templates/json.ts";
import { TEMPLATE_FORMATS } from "../src/templates/store.ts";
import { formatLabel, TemplateFieldPanel, TemplateIssues } from "./TemplateViews.tsx";

/** What the page shows. */
export interface TemplateFormData {
  /** The template being changed or viewed; undefined for a new one. */
  template?: TemplateJson & { body: string | null };
  values: { name: string; format: string; body: string };
  /** Problems found (undefined: not checked). */
  issues?: TemplateIssue[];
  /** Field errors (name, format, file…) by field. */
  errors: Record<string, string>;
  fields: TemplateFields["fields"];
  canManage: boolean;
  saved?: boolean;
}

/** The page body of /templates/new and /templates/:id. */
export function TemplateFormPage({ c, data }: { c: Context<AppEnv>; data: TemplateFormData }) {
  const { t } = c.var.i18n;
  const { template } = data;
  const editable = data.canManage && !template?.builtin && !template?.archived;
  return (
    <>
      <p>
        <a href="/templates">{t("templates.back")}</a>
      </p>
      <div class="page-header">
        <h1>{template ? template.name : t("templates.new")}</h1>
        {template?.builtin && <span class="badge">{t("templates.source.builtin")}</span>}
        {template?.archived && <span class="badge badge-bad">{t("templates.archived")}</span>}
      </div>
      {data.saved && <p class="flash flash-ok" role="status">{t("templates.saved")}</p>}
      {template?.builtin && <p class="lead">{t("templates.builtin_notice")}</p>}
      {template?.archived && <p class="lead">{t("templates.archived_notice")}</p>}
      {template && data.canManage && !template.archived && (
        <div class="actions">
          <form method="post" action={`/templates/${template.id}/duplicate`} class="inline-form">
            <button type="submit" class="button button-secondary">{t("templates.duplicate")}</button>
          </form>
          {!template.builtin && (
            <form method="post" action={`/templates/${template.id}/archive`} class="inline-form">
              <button type="submit" class="button button-danger">{t("templates.archive")}</button>
            </form>
          )}
        </div>
      )}
      <div class="template-layout">
        <div class="template-main">
          {editable ? <EditForm c={c} data={data} /> : <ReadOnly c={c} data={data} />}
        </div>
        <TemplateFieldPanel c={c} fields={data.fields} />
      </div>
    </>
  );
}

function ReadOnly({ c, data }: { c: Context<AppEnv>; data: TemplateFormData }) {
  const { t } = c.var.i18n;
  const template = data.template!;
  return (
    <section class="card">
      <p class="muted">{formatLabel(c, template.format)}</p>
      {template.format === "docx"
        ? <a href={`/templates/${template.id}/file`}>{t("templates.docx.download")}</a>
        : <pre class="template-source">{template.body}</pre>}
    </section>
  );
}

function EditForm({ c, data }: { c: Context<AppEnv>; data: TemplateFormData }) {
  const { t, number } = c.var.i18n;
  const { template, values, errors } = data;
  const action = template ? `/templates/${template.id}` : "/templates";
  const invalid = (name: string) => errors[name] ? "field field-invalid" : "field";
  const docx = values.format === "docx";
  return (
    <form method="post" action={action} enctype="multipart/form-data" class="card template-form">
      {template && <input type="hidden" name="template_id" value={template.id} />}
      <div class={invalid("name")}>
        <label for="template-name">{t("templates.form.name")}</label>
        <input id="template-name" name="name" value={values.name} required maxlength={120} />
        {errors.name && <p class="error-text">{errors.name}</p>}
      </div>
      <div class={invalid("format")}>
        <label for="template-format">{t("templates.form.format")}</label>
        <select id="template-format" name="format">
          {TEMPLATE_FORMATS.map((f) => <option value={f} selected={values.format === f}>{formatLabel(c, f)}</option>)}
        </select>
        {errors.format && <p class="error-text">{errors.format}</p>}
      </div>
      {docx && template?.format === "docx"
        ? (
          <p>
            {t("templates.docx.current", { size: `${number(template.size)} B` })} ·{" "}
            <a href={`/templates/${template.id}/file`}>{t("templates.docx.download")}</a>
          </p>
        )
        : (
          <div class={`${invalid("body")} template-body-field`}>
            <label for="template-body">{t("templates.form.body")}</label>
            <p class="hint" id="template-body-hint">{t("templates.form.body.hint")}</p>
            <textarea
              id="template-body"
              name="body"
              rows={24}
              spellcheck={false}
              aria-describedby="template-body-hint"
              class="template-body"
              hx-post="/templates/check"
              hx-trigger="input changed delay:400ms"
              hx-params="format,body"
              hx-target="#template-issues"
              hx-swap="outerHTML"
            >
              {values.body}
            </textarea>
            {errors.body && <p class="error-text">{errors.body}</p>}
          </div>
        )}
      <TemplateIssues c={c} issues={data.issues} />
      <div class={invalid("file")}>
        <label for="template-file">{t("templates.form.file")}</label>
        <p class="hint">{t("templates.form.file.hint")}</p>
        <input id="template-file" name="file" type="file" accept=".md,.markdown,.txt,.html,.htm,.docx" />
        {errors.file && <p class="error-text">{errors.file}</p>}
      </div>
      <div class="form-actions">
        <button type="submit" class="button">{template ? t("templates.save") : t("templates.create")}</button>
        <button type="submit" class="button button-secondary" formaction="/templates/check">
          {t("templates.check")}
        </button>
      </div>
    </form>
  );
}
