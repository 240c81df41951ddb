/**
 * Parts shared by the template pages: the list of problems of a template (line and column, or
 * paragraph and column of a DOCX, each with its message) and the "fields you can use" panel.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { MessageKey } from "../src/i18n/mod.ts";
import type { TemplateIssue } from "../src/templates/errors.ts";
import type { TemplateFields } from "../src/templates/json.ts";
import type { TemplateFormat } from "../src/templates/store.ts";

/** A format's name. */
export function formatLabel(c: Context<AppEnv>, format: TemplateFormat | "pdf"): string {
  return format === "pdf" ? "PDF" : c.var.i18n.t(`templates.format.${format}` as MessageKey);
}

/** Where a problem is, in words. */
export function issuePosition(c: Context<AppEnv>, issue: TemplateIssue): string {
  const { t } = c.var.i18n;
  const key = issue.unit === "paragraph" ? "templates.check.at_paragraph" : "templates.check.at_line";
  const where = t(key, { line: issue.line, column: issue.column });
  return issue.part ? `${where} ${t("templates.check.in_part", { part: issue.part })}` : where;
}

/**
 * The problems of a template (`issues` undefined: not checked yet). The region has a stable id
 * so that live checks can replace it.
 */
export function TemplateIssues({ c, issues }: { c: Context<AppEnv>; issues?: TemplateIssue[] }) {
  const { t } = c.var.i18n;
  return (
    <div id="template-issues" class="template-issues" aria-live="polite">
      {issues === undefined
        ? null
        : issues.length === 0
        ? <p class="template-issues-ok">{t("templates.check.ok")}</p>
        : (
          <>
            <p class="template-issues-title">{t("templates.check.count", { count: issues.length })}</p>
            <ol class="template-issue-list">
              {issues.map((issue) => (
                <li>
                  <span class="template-issue-at">{issuePosition(c, issue)}</span>{" "}
                  <span class="template-issue-message">{issue.message}</span>
                </li>
              ))}
            </ol>
          </>
        )}
    </div>
  );
}

/** The fields a template may use, grouped as the data model nests them. */
export function TemplateFieldPanel({ c, fields }: { c: Context<AppEnv>; fields: TemplateFields["fields"] }) {
  const { t } = c.var.i18n;
  const type = (f: TemplateFields["fields"][number]) =>
    t(`templates.fields.type.${f.kind === "value" ? f.type : f.kind}` as MessageKey);
  return (
    <details class="card template-fields" open>
      <summary>
        <h2>{t("templates.fields.title")}</h2>
      </summary>
      <p class="muted small">{t("templates.fields.lead")}</p>
      <table class="template-field-table">
        <thead>
          <tr>
            <th scope="col">{t("templates.fields.col.field")}</th>
            <th scope="col">{t("templates.fields.col.about")}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr class={`template-field-depth-${Math.min(f.depth, 2)}`}>
              <td>
                <code>
                  {f.kind === "list" ? `{{#${f.tag}}}…{{/${f.tag}}}` : f.kind === "object" ? f.tag : `{{${f.tag}}}`}
                </code>
              </td>
              <td>
                {f.description} <span class="muted">· {type(f)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
