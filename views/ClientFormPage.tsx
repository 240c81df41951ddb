/** The new-client and edit-client forms, with inline errors and the values as entered. */
import type { Context } from "hono";
import type { ClientJson } from "../src/clients/schema.ts";
import type { AppEnv } from "../src/http/env.ts";
import type { MessageKey } from "../src/i18n/mod.ts";
import { Field, FormErrors, SelectField, TextArea } from "./components/Form.tsx";
import { entityOptions, monthOptions } from "./ClientViews.tsx";

/** What the form shows. */
export interface ClientFormData {
  /** The client being edited; absent for a new one. */
  client?: ClientJson;
  /** Field values (as entered after a failed submit). */
  values: Record<string, string>;
  /** Field name → the zod message; the page shows a translated message per field. */
  errors: Record<string, string>;
}

/** The form values of an existing client (the tax id is never filled in). */
export function clientFormValues(client: ClientJson): Record<string, string> {
  return {
    name: client.name,
    entity_type: client.entity_type,
    contact_name: client.contact_name,
    contact_email: client.contact_email,
    contact_phone: client.contact_phone,
    fiscal_year_start: String(client.fiscal_year_start),
    notes: client.notes,
  };
}

/** The page body of /clients/new and /clients/:id/edit. */
export function ClientFormPage({ c, data }: { c: Context<AppEnv>; data: ClientFormData }) {
  const { t } = c.var.i18n;
  const { client, values, errors } = data;
  const error = (field: string) => errors[field] ? t(`clients.error.${field}` as MessageKey) : undefined;
  const action = client ? `/clients/${client.id}` : "/clients";
  const cancel = client ? `/clients/${client.id}` : "/clients";
  return (
    <>
      <p>
        <a href={cancel}>{client ? t("clients.back_to", { name: client.name }) : t("clients.back")}</a>
      </p>
      <h1>{client ? t("clients.edit.title", { name: client.name }) : t("clients.new.title")}</h1>
      <FormErrors message={Object.keys(errors).length ? t("clients.error.summary") : null} />
      <form method="post" action={action} class="card client-form">
        <Field
          label={t("clients.field.name")}
          name="name"
          value={values.name}
          error={error("name")}
          required
          maxlength={200}
          autocomplete="off"
          autofocus={!client}
        />
        <SelectField
          label={t("clients.field.entity_type")}
          name="entity_type"
          options={entityOptions(c)}
          value={values.entity_type ?? "sole_proprietor"}
          error={error("entity_type")}
        />
        <Field
          label={t("clients.field.tax_id")}
          name="tax_id"
          value={values.tax_id}
          error={error("tax_id")}
          hint={client?.tax_id_masked
            ? t("clients.field.tax_id.keep", { masked: client.tax_id_masked })
            : t("clients.field.tax_id.hint")}
          autocomplete="off"
          inputmode="numeric"
          maxlength={11}
        />
        {client?.tax_id_masked && (
          <div class="field client-checkbox">
            <label>
              <input type="checkbox" name="clear_tax_id" value="1" checked={values.clear_tax_id === "1"} />{" "}
              {t("clients.field.clear_tax_id")}
            </label>
          </div>
        )}
        <fieldset class="client-fieldset">
          <legend>{t("clients.contact")}</legend>
          <Field
            label={t("clients.field.contact_name")}
            name="contact_name"
            value={values.contact_name}
            error={error("contact_name")}
            maxlength={200}
            autocomplete="off"
          />
          <Field
            label={t("clients.field.contact_email")}
            name="contact_email"
            type="email"
            value={values.contact_email}
            error={error("contact_email")}
            maxlength={254}
            autocomplete="off"
          />
          <Field
            label={t("clients.field.contact_phone")}
            name="contact_phone"
            type="tel"
            value={values.contact_phone}
            error={error("contact_phone")}
            maxlength={50}
            autocomplete="off"
          />
        </fieldset>
        <SelectField
          label={t("clients.field.fiscal_year_start")}
          name="fiscal_year_start"
          options={monthOptions(c)}
          value={values.fiscal_year_start ?? "1"}
          error={error("fiscal_year_start")}
        />
        <TextArea
          label={t("clients.field.notes")}
          name="notes"
          value={values.notes}
          error={error("notes")}
          rows={5}
          maxlength={10000}
        />
        <div class="form-actions">
          <button type="submit" class="button">{client ? t("clients.edit.submit") : t("clients.new.submit")}</button>
          <a href={cancel}>{t("clients.cancel")}</a>
        </div>
      </form>
    </>
  );
}
