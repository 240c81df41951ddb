/**
 * The new-rule and edit-rule form: one group of up to five conditions and one field per
 * action, which works as a plain form. "Test rule" posts the same form to /rules/preview:
 * htmx swaps the results table in below; without JavaScript the page comes back with it.
 * On an existing rule: "Apply to existing" (a background run) and delete.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { MessageKey } from "../src/i18n/mod.ts";
import { CONDITION_KINDS, FORM_ROWS, type FormValues } from "../src/rules/form.ts";
import type { ConditionGroup, RuleJson, RulePreview } from "../src/rules/schema.ts";
import { Field, FormErrors, SelectField } from "./components/Form.tsx";
import { describeConditions, RulePreviewTable, type RuleRefs } from "./RuleViews.tsx";

type C = Context<AppEnv>;

/** What the form shows. */
export interface RuleFormData {
  /** The rule being edited; absent for a new one. */
  rule?: RuleJson;
  values: FormValues;
  /** Form field name → message. */
  errors: Record<string, string>;
  refs: RuleRefs;
  preview?: RulePreview;
  previewError?: string;
}

/** The page body of /rules/new and /rules/:id/edit. */
export function RuleFormPage({ c, data }: { c: C; data: RuleFormData }) {
  const { t } = c.var.i18n;
  const { rule, values, errors, refs } = data;
  const general = errors.conditions ?? errors.actions ?? errors.form;
  return (
    <>
      <p>
        <a href="/rules">{t("rules.back")}</a>
      </p>
      <h1>{rule ? t("rules.edit.title", { name: rule.name }) : t("rules.new.title")}</h1>
      <FormErrors message={Object.keys(errors).length ? general ?? t("rules.form.errors") : null} />
      <form method="post" action={rule ? `/rules/${rule.id}` : "/rules"} class="card rule-form">
        {rule ? <input type="hidden" name="rule_id" value={rule.id} /> : null}
        <Field
          label={t("rules.form.name")}
          name="name"
          value={values.name}
          error={errors.name}
          required
          maxlength={120}
          autocomplete="off"
          autofocus={!rule}
        />
        <SelectField
          label={t("rules.form.client")}
          name="client_id"
          value={values.client_id ?? ""}
          error={errors.client_id}
          options={[
            { value: "", label: t("rules.scope.firm") },
            ...refs.clients.map((cl) => ({ value: cl.id, label: cl.name })),
          ]}
        />
        <Conditions c={c} data={data} />
        <Actions c={c} data={data} />
        <fieldset class="rule-fieldset">
          <legend>{t("rules.form.options")}</legend>
          <Check name="enabled" label={t("rules.form.enabled")} values={values} />
          <Check name="stop_processing" label={t("rules.form.stop")} values={values} />
          <Check name="overwrite_human_edits" label={t("rules.form.overwrite")} values={values} />
        </fieldset>
        <SelectField
          label={t("rules.form.preview_client")}
          name="preview_client_id"
          value={values.preview_client_id ?? values.client_id ?? ""}
          error={errors.preview_client_id}
          options={[{ value: "", label: "—" }, ...refs.clients.map((cl) => ({ value: cl.id, label: cl.name }))]}
        />
        <div class="form-actions">
          <button type="submit" class="button">{t("rules.form.save")}</button>
          <button
            type="submit"
            class="button button-secondary"
            formaction="/rules/preview"
            hx-post="/rules/preview"
            hx-target="#rule-preview"
            hx-swap="innerHTML"
          >
            {t("rules.form.test")}
          </button>
          <a class="button button-secondary" href="/rules">{t("rules.form.cancel")}</a>
        </div>
        <div id="rule-preview" aria-live="polite">
          <RulePreviewTable c={c} preview={data.preview} error={data.previewError} />
        </div>
      </form>
      {rule ? <ApplyAndDelete c={c} rule={rule} refs={refs} /> : null}
    </>
  );
}

function Check({ name, label, values }: { name: string; label: string; values: FormValues }) {
  return (
    <div class="field client-checkbox">
      <label>
        <input type="checkbox" name={name} value="1" checked={values[name] === "1"} /> {label}
      </label>
    </div>
  );
}

function Conditions({ c, data }: { c: C; data: RuleFormData }) {
  const { t } = c.var.i18n;
  const { values, errors, refs } = data;
  if (values.conditions_json) {
    let summary = "";
    try {
      summary = describeConditions(c, refs, JSON.parse(values.conditions_json) as ConditionGroup);
    } catch { /* shown as is */ }
    return (
      <fieldset class="rule-fieldset">
        <legend>{t("rules.form.conditions")}</legend>
        <p class="hint">{t("rules.form.nested")}</p>
        <p>{summary || values.conditions_json}</p>
        <input type="hidden" name="conditions_json" value={values.conditions_json} />
      </fieldset>
    );
  }
  const kinds = [
    { value: "", label: t("rules.kind.none") },
    ...CONDITION_KINDS.map((k) => ({ value: k, label: t(`rules.kind.${k}` as MessageKey) })),
  ];
  const accounts = [
    { value: "", label: t("rules.form.account.none") },
    ...refs.accounts.map((a) => ({ value: a.id, label: a.label })),
  ];
  return (
    <fieldset class="rule-fieldset">
      <legend>{t("rules.form.conditions")}</legend>
      <p class="hint">{t("rules.form.hint")}</p>
      <SelectField
        label={t("rules.form.match")}
        name="match"
        value={values.match ?? "all"}
        options={[{ value: "all", label: t("rules.form.match.all") }, {
          value: "any",
          label: t("rules.form.match.any"),
        }]}
      />
      {Array.from({ length: FORM_ROWS }, (_, i) => {
        const name = (f: string) => `c${i}_${f}`;
        return (
          <fieldset class="rule-condition">
            <legend>{t("rules.form.condition", { n: i + 1 })}</legend>
            <div class="grid">
              <SelectField
                label={t("rules.form.kind")}
                name={name("kind")}
                value={values[name("kind")] ?? ""}
                options={kinds}
                error={errors[name("kind")]}
              />
              <Field
                label={t("rules.form.value")}
                name={name("value")}
                value={values[name("value")]}
                error={errors[name("value")]}
                maxlength={200}
                autocomplete="off"
              />
              <Field
                label={t("rules.form.min")}
                name={name("min")}
                value={values[name("min")]}
                error={errors[name("min")]}
                inputmode="text"
                maxlength={20}
              />
              <Field
                label={t("rules.form.max")}
                name={name("max")}
                value={values[name("max")]}
                error={errors[name("max")]}
                inputmode="text"
                maxlength={20}
              />
              <Field
                label={t("rules.form.from")}
                name={name("from")}
                type="date"
                value={values[name("from")]}
                error={errors[name("from")]}
              />
              <Field
                label={t("rules.form.to")}
                name={name("to")}
                type="date"
                value={values[name("to")]}
                error={errors[name("to")]}
              />
              <SelectField
                label={t("rules.form.account")}
                name={name("account")}
                value={values[name("account")] ?? ""}
                options={accounts}
                error={errors[name("account")]}
              />
              <Check name={name("case")} label={t("rules.form.case")} values={values} />
            </div>
          </fieldset>
        );
      })}
    </fieldset>
  );
}

function Actions({ c, data }: { c: C; data: RuleFormData }) {
  const { t } = c.var.i18n;
  const { values, errors, refs } = data;
  return (
    <fieldset class="rule-fieldset">
      <legend>{t("rules.form.actions")}</legend>
      <SelectField
        label={t("rules.action.category")}
        name="a_category"
        value={values.a_category ?? ""}
        error={errors.a_category}
        options={[
          { value: "", label: t("rules.action.category.none") },
          ...refs.categories.map((x) => ({ value: x.id, label: x.name })),
        ]}
      />
      <Check name="a_transfer" label={t("rules.action.transfer")} values={values} />
      {errors.a_transfer ? <p class="error-text">{errors.a_transfer}</p> : null}
      <Field
        label={t("rules.action.payee")}
        name="a_payee"
        value={values.a_payee}
        error={errors.a_payee}
        maxlength={200}
        autocomplete="off"
      />
      <Field
        label={t("rules.action.tags")}
        name="a_tags"
        value={values.a_tags}
        error={errors.a_tags}
        hint={t("rules.action.tags.hint")}
        maxlength={1000}
        autocomplete="off"
      />
      <Field
        label={t("rules.action.business_pct")}
        name="a_business_pct"
        type="number"
        value={values.a_business_pct}
        error={errors.a_business_pct}
        inputmode="numeric"
      />
      <Check name="a_review" label={t("rules.action.review")} values={values} />
    </fieldset>
  );
}

function ApplyAndDelete({ c, rule, refs }: { c: C; rule: RuleJson; refs: RuleRefs }) {
  const { t } = c.var.i18n;
  return (
    <>
      <section class="card" aria-labelledby="rule-apply-heading">
        <h2 id="rule-apply-heading">{t("rules.apply.title")}</h2>
        <p class="muted">{t("rules.apply.lead")}</p>
        <form method="post" action={`/rules/${rule.id}/apply`} class="toolbar">
          {rule.client_id ? <input type="hidden" name="client_id" value={rule.client_id} /> : (
            <div class="field">
              <label for="rule-apply-client">{t("rules.apply.client")}</label>
              <select id="rule-apply-client" name="client_id">
                {refs.clients.map((cl) => <option value={cl.id}>{cl.name}</option>)}
              </select>
            </div>
          )}
          <button type="submit" class="button">{t("rules.apply.submit")}</button>
        </form>
      </section>
      <section class="card danger-zone" aria-labelledby="rule-delete-heading">
        <h2 id="rule-delete-heading">{t("rules.delete.title")}</h2>
        <p class="muted">{t("rules.delete.lead")}</p>
        <form method="post" action={`/rules/${rule.id}/delete`} class="inline-form">
          <button type="submit" class="button button-danger">{t("rules.delete.submit")}</button>
        </form>
      </section>
    </>
  );
}
