/**
 * The CSV column-mapping page: the first rows of the file with their column names (and the
 * role each column has now), then a plain form — which column holds the date, description and
 * money, how dates and numbers are written, and the account the file belongs to.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { CsvPreviewJson } from "../src/documents/csv_import.ts";
import type { MessageKey } from "../src/i18n/mod.ts";
import { type CsvMapping, DATE_FORMATS } from "../src/parsing/csv/mod.ts";
import { Field, FormErrors, SelectField } from "./components/Form.tsx";

type C = Context<AppEnv>;

/** The form's fields as entered (strings, as a browser sends them). */
export interface MappingFormValues {
  delimiter: string;
  skip_rows: string;
  footer_rows: string;
  has_header: boolean;
  date: string;
  posted_date: string;
  description: string[];
  amount_mode: "amount" | "split";
  amount: string;
  debit: string;
  credit: string;
  balance: string;
  external_id: string;
  date_format: string;
  decimal: string;
  flip_sign: boolean;
  /** An account id, or "new". */
  account_id: string;
  institution: string;
  number_last4: string;
  type: string;
  currency: string;
}

/** Everything the page shows. */
export interface CsvMappingPageData {
  doc: { id: string; filename: string; status: string };
  client: { id: string; name: string };
  preview: CsvPreviewJson;
  values: MappingFormValues;
  /** Form field → message. */
  errors: Record<string, string>;
  /** A message above the form. */
  error?: string;
  /** The first rows that could not be read, and how many there were in all. */
  rowErrors: string[];
  rowErrorCount: number;
}

/** The form values for a mapping and an account choice. */
export function mappingFormValues(
  m: CsvMapping,
  account: Pick<MappingFormValues, "account_id" | "institution" | "number_last4" | "type" | "currency">,
): MappingFormValues {
  const col = (i: number | undefined) => (i === undefined ? "" : String(i));
  return {
    delimiter: m.delimiter,
    skip_rows: String(m.skipRows),
    footer_rows: String(m.footerRows ?? 0),
    has_header: m.hasHeader,
    date: col(m.date),
    posted_date: col(m.postedDate),
    description: m.description.map(String),
    amount_mode: m.amount === undefined && (m.debit !== undefined || m.credit !== undefined) ? "split" : "amount",
    amount: col(m.amount),
    debit: col(m.debit),
    credit: col(m.credit),
    balance: col(m.balance),
    external_id: col(m.externalId),
    date_format: m.dateFormat,
    decimal: m.decimal,
    flip_sign: m.flipSign,
    ...account,
  };
}

const ACCOUNT_TYPES = ["checking", "savings", "credit_card", "other"] as const;

/** Which role each column has in the form's current values (for the sample's header). */
function roles(v: MappingFormValues): Map<number, MessageKey[]> {
  const out = new Map<number, MessageKey[]>();
  const add = (value: string, key: MessageKey) => {
    if (value === "") return;
    const i = Number(value);
    out.set(i, [...(out.get(i) ?? []), key]);
  };
  add(v.date, "documents.mapping.role.date");
  add(v.posted_date, "documents.mapping.role.posted_date");
  for (const d of v.description) add(d, "documents.mapping.role.description");
  if (v.amount_mode === "amount") add(v.amount, "documents.mapping.role.amount");
  else {
    add(v.debit, "documents.mapping.role.debit");
    add(v.credit, "documents.mapping.role.credit");
  }
  add(v.balance, "documents.mapping.role.balance");
  add(v.external_id, "documents.mapping.role.external_id");
  return out;
}

function Sample({ c, data }: { c: C; data: CsvMappingPageData }) {
  const { t, number } = c.var.i18n;
  const { columns, sample } = data.preview;
  const byColumn = roles(data.values);
  return (
    <section class="card" aria-labelledby="csv-sample-title">
      <div class="page-header">
        <h2 id="csv-sample-title">{t("documents.mapping.sample")}</h2>
        <span class="muted small">
          {t("documents.mapping.sample_size", { rows: number(sample.length), columns: number(columns.length) })}
        </span>
      </div>
      <div class="table-scroll csv-sample">
        <table>
          <thead>
            <tr>
              {columns.map((name, i) => (
                <th scope="col" class={byColumn.has(i) ? "csv-mapped" : undefined}>
                  <span class="csv-col-index">{i + 1}</span> {name}
                  {(byColumn.get(i) ?? []).map((key) => <span class="csv-role">{t(key)}</span>)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sample.map((row) => (
              <tr>
                {row.map((cell, i) => <td class={byColumn.has(i) ? "csv-mapped" : undefined}>{cell}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.preview.notes.length
        ? (
          <div class="csv-notes" role="note">
            <strong>{t("documents.mapping.notes")}</strong>
            <ul>{data.preview.notes.map((n) => <li>{n}</li>)}</ul>
          </div>
        )
        : null}
    </section>
  );
}

function Columns({ c, data }: { c: C; data: CsvMappingPageData }) {
  const { t } = c.var.i18n;
  const { values: v, errors } = data;
  const named = data.preview.columns.map((name, i) => ({ value: String(i), label: `${i + 1}. ${name}` }));
  const optional = [{ value: "", label: t("documents.mapping.none") }, ...named];
  const required = [{ value: "", label: t("documents.mapping.choose") }, ...named];
  return (
    <section class="card" aria-labelledby="csv-columns-title">
      <h2 id="csv-columns-title">{t("documents.mapping.columns")}</h2>
      <div class="csv-grid">
        <SelectField
          label={t("documents.mapping.date")}
          name="date"
          options={required}
          value={v.date}
          error={errors.date}
        />
        <SelectField
          label={t("documents.mapping.posted_date")}
          name="posted_date"
          options={optional}
          value={v.posted_date}
          error={errors.posted_date}
        />
      </div>
      <fieldset class={`csv-fieldset${errors.description ? " field-invalid" : ""}`}>
        <legend>{t("documents.mapping.description")}</legend>
        <p class="hint">{t("documents.mapping.description_hint")}</p>
        <ul class="csv-checks">
          {named.map((o) => (
            <li>
              <label>
                <input
                  type="checkbox"
                  name="description"
                  value={o.value}
                  checked={v.description.includes(o.value)}
                />{" "}
                {o.label}
              </label>
            </li>
          ))}
        </ul>
        {errors.description ? <p class="error-text">{errors.description}</p> : null}
      </fieldset>
      <fieldset class={`csv-fieldset csv-money${errors.amount ? " field-invalid" : ""}`}>
        <legend>{t("documents.mapping.money")}</legend>
        <div class="csv-money-option">
          <label class="csv-radio">
            <input type="radio" name="amount_mode" value="amount" checked={v.amount_mode === "amount"} />{" "}
            {t("documents.mapping.mode_amount")}
          </label>
          <div class="csv-grid">
            <SelectField label={t("documents.mapping.amount")} name="amount" options={optional} value={v.amount} />
          </div>
        </div>
        <p class="csv-or" aria-hidden="true">{t("documents.mapping.or")}</p>
        <div class="csv-money-option">
          <label class="csv-radio">
            <input type="radio" name="amount_mode" value="split" checked={v.amount_mode === "split"} />{" "}
            {t("documents.mapping.mode_split")}
          </label>
          <div class="csv-grid">
            <SelectField label={t("documents.mapping.debit")} name="debit" options={optional} value={v.debit} />
            <SelectField label={t("documents.mapping.credit")} name="credit" options={optional} value={v.credit} />
          </div>
        </div>
        {errors.amount ? <p class="error-text">{errors.amount}</p> : null}
      </fieldset>
      <div class="csv-grid">
        <SelectField
          label={t("documents.mapping.balance")}
          name="balance"
          options={optional}
          value={v.balance}
          error={errors.balance}
        />
        <SelectField
          label={t("documents.mapping.external_id")}
          name="external_id"
          options={optional}
          value={v.external_id}
          error={errors.external_id}
        />
      </div>
    </section>
  );
}

function Format({ c, data }: { c: C; data: CsvMappingPageData }) {
  const { t } = c.var.i18n;
  const { values: v, errors } = data;
  return (
    <section class="card" aria-labelledby="csv-format-title">
      <h2 id="csv-format-title">{t("documents.mapping.format")}</h2>
      <div class="csv-grid">
        <SelectField
          label={t("documents.mapping.date_format")}
          name="date_format"
          options={DATE_FORMATS.map((f) => ({ value: f, label: f }))}
          value={v.date_format}
          error={errors.date_format}
        />
        <SelectField
          label={t("documents.mapping.decimal")}
          name="decimal"
          options={[
            { value: ".", label: t("documents.mapping.decimal_point") },
            { value: ",", label: t("documents.mapping.decimal_comma") },
          ]}
          value={v.decimal}
          error={errors.decimal}
        />
        <Field
          label={t("documents.mapping.skip_rows")}
          name="skip_rows"
          type="number"
          value={v.skip_rows}
          hint={t("documents.mapping.skip_rows_hint")}
          error={errors.skip_rows}
          inputmode="numeric"
        />
        <Field
          label={t("documents.mapping.footer_rows")}
          name="footer_rows"
          type="number"
          value={v.footer_rows}
          hint={t("documents.mapping.footer_rows_hint")}
          error={errors.footer_rows}
          inputmode="numeric"
        />
      </div>
      <div class="field csv-checkbox">
        <label>
          <input type="checkbox" name="has_header" value="1" checked={v.has_header} />{" "}
          {t("documents.mapping.has_header")}
        </label>
      </div>
      <div class="field csv-checkbox">
        <label>
          <input type="checkbox" name="flip_sign" value="1" checked={v.flip_sign} aria-describedby="flip-hint" />{" "}
          {t("documents.mapping.flip_sign")}
        </label>
        <p class="hint" id="flip-hint">{t("documents.mapping.flip_sign_hint")}</p>
      </div>
    </section>
  );
}

function Account({ c, data }: { c: C; data: CsvMappingPageData }) {
  const { t } = c.var.i18n;
  const { values: v, errors } = data;
  const typeLabel = (type: string) => t(`documents.mapping.type.${type}` as MessageKey);
  const options = [
    ...data.preview.accounts.map((a) => ({
      value: a.id,
      label: [a.institution || "—", a.number_last4 && `•••• ${a.number_last4}`, typeLabel(a.type), a.currency]
        .filter(Boolean).join(" · "),
    })),
    { value: "new", label: t("documents.mapping.account_new") },
  ];
  return (
    <section class="card" aria-labelledby="csv-account-title">
      <h2 id="csv-account-title">{t("documents.mapping.account")}</h2>
      <p class="muted">{t("documents.mapping.account_hint", { client: data.client.name })}</p>
      {data.preview.accounts.length
        ? (
          <SelectField
            label={t("documents.mapping.account_choice")}
            name="account_id"
            options={options}
            value={v.account_id}
            error={errors.account_id}
          />
        )
        : <input type="hidden" name="account_id" value="new" />}
      <fieldset class="csv-fieldset csv-new-account">
        <legend>{t("documents.mapping.new_account")}</legend>
        {data.preview.accounts.length ? <p class="hint">{t("documents.mapping.new_account_hint")}</p> : null}
        <div class="csv-grid">
          <Field
            label={t("documents.mapping.institution")}
            name="institution"
            value={v.institution}
            error={errors.institution}
            maxlength={200}
            autocomplete="off"
          />
          <Field
            label={t("documents.mapping.last4")}
            name="number_last4"
            value={v.number_last4}
            error={errors.number_last4}
            inputmode="numeric"
            maxlength={4}
            autocomplete="off"
          />
          <SelectField
            label={t("documents.mapping.type")}
            name="type"
            options={ACCOUNT_TYPES.map((type) => ({ value: type, label: typeLabel(type) }))}
            value={v.type}
            error={errors.type}
          />
          <Field
            label={t("documents.mapping.currency")}
            name="currency"
            value={v.currency}
            error={errors.currency}
            placeholder="USD"
            maxlength={3}
            autocomplete="off"
          />
        </div>
      </fieldset>
    </section>
  );
}

/** The page body of /documents/:id/mapping. */
export function CsvMappingPage({ c, data }: { c: C; data: CsvMappingPageData }) {
  const { t, number } = c.var.i18n;
  return (
    <>
      <p>
        <a href={`/documents/${data.doc.id}`}>{t("documents.mapping.back", { file: data.doc.filename })}</a>
      </p>
      <h1>{t("documents.mapping.title", { file: data.doc.filename })}</h1>
      <p class="csv-lead">{t("documents.mapping.lead", { client: data.client.name })}</p>
      <FormErrors message={data.error} />
      {data.rowErrors.length
        ? (
          <div class="flash flash-error csv-row-errors" role="alert">
            <p>{t("documents.mapping.error.rows", { count: number(data.rowErrorCount) })}</p>
            <ul>{data.rowErrors.map((e) => <li>{e}</li>)}</ul>
          </div>
        )
        : null}
      <Sample c={c} data={data} />
      <form method="post" action={`/documents/${data.doc.id}/mapping`} class="csv-mapping-form" hx-boost="false">
        <input type="hidden" name="delimiter" value={data.values.delimiter} />
        <Columns c={c} data={data} />
        <Format c={c} data={data} />
        <Account c={c} data={data} />
        <div class="form-actions">
          <button type="submit" class="button">{t("documents.mapping.submit")}</button>
          <a href={`/documents/${data.doc.id}`}>{t("documents.mapping.cancel")}</a>
        </div>
      </form>
    </>
  );
}
