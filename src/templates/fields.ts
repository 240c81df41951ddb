/**
 * The schema of the data every template is rendered against (built by model.ts): the firm,
 * the client, the period, totals, Schedule C lines, categories, transactions, statement
 * coverage and open review items. Validation checks tags against it, and the "fields you can
 * use" panel lists it with a description of each field (i18n keys "templates.field.<path>").
 */
import { type Field, list, listFields, object, value } from "./schema.ts";

/** The template data model. */
export const MODEL_SCHEMA: Field = object({
  firm: object({ name: value("text") }),
  client: object({
    name: value("text"),
    entity_type: value("text", true),
    contact_name: value("text"),
    contact_email: value("text"),
    fiscal_year_start: value("text", true),
    tax_id_last4: value("text", true),
  }),
  period: object({
    label: value("text", true),
    from: value("date"),
    to: value("date"),
    from_iso: value("date"),
    to_iso: value("date"),
  }),
  today: value("date"),
  today_iso: value("date"),
  currency: value("text", true),
  totals: object({
    income: value("money"),
    expenses: value("money"),
    net_profit: value("money"),
    uncategorized: value("money"),
    income_raw: value("decimal"),
    expenses_raw: value("decimal"),
    net_profit_raw: value("decimal"),
    uncategorized_raw: value("decimal"),
    is_loss: value("boolean"),
  }),
  schedule_c: object({
    lines: list(object({
      part: value("text", true),
      line: value("text", true),
      name: value("text"),
      total: value("money"),
      total_raw: value("decimal"),
      count: value("integer"),
    })),
    gross_income: value("money"),
    total_expenses: value("money"),
    net_profit: value("money"),
  }),
  categories: list(object({
    name: value("text"),
    line: value("text", true),
    kind: value("text", true),
    total: value("money"),
    total_raw: value("decimal"),
    count: value("integer"),
  })),
  transactions: list(object({
    date: value("date"),
    description: value("text"),
    payee: value("text"),
    category: value("text"),
    account: value("text"),
    amount: value("money"),
    amount_raw: value("decimal"),
  })),
  transaction_count: value("integer"),
  transactions_truncated: value("boolean"),
  coverage: object({
    accounts: list(object({
      name: value("text"),
      months_missing: list(value("text", true)),
      has_missing: value("boolean"),
    })),
    gaps: list(object({ account: value("text"), month: value("text", true) })),
    has_gaps: value("boolean"),
    gap_count: value("integer"),
  }),
  review: object({
    open_count: value("integer"),
    uncategorized_count: value("integer"),
    needs_review_count: value("integer"),
    documents: list(object({ filename: value("text"), status: value("text", true) })),
    has_documents: value("boolean"),
  }),
});

/** The field list of the model (for the help panel and the API). */
export const MODEL_FIELDS = listFields(MODEL_SCHEMA);
