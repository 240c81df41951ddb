/**
 * The workspace's filter bar: a plain GET form (every filter lands in the URL), enhanced by
 * htmx to refresh only the results as you type (debounced) or change a field, pushing the URL
 * so that the back button restores earlier filters.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { CategoryOption } from "./WorkspaceRow.tsx";

type C = Context<AppEnv>;

/** The raw filter values as they appear in the URL (strings; absent = ""). */
export type FilterValues = Record<
  | "q"
  | "account"
  | "from"
  | "to"
  | "min"
  | "max"
  | "category"
  | "uncategorized"
  | "review"
  | "document"
  | "tag"
  | "sort",
  string
>;

/** Choices offered by the filter bar. */
export interface FilterChoices {
  accounts: { id: string; label: string }[];
  documents: { id: string; label: string }[];
  categories: CategoryOption[];
}

/** Props of {@link WorkspaceFilters}. */
export interface WorkspaceFiltersProps {
  c: C;
  /** Path of the page (`/clients/:id/transactions` or `/transactions`). */
  path: string;
  values: FilterValues;
  choices: FilterChoices;
  fieldErrors?: Record<string, string>;
  /** The page size from the URL, kept while filtering. */
  limit?: string;
}

const isOn = (v: string) => ["true", "1", "on", "yes"].includes(v);

/** Whether any filter other than the sort is set. */
export function hasFilters(values: FilterValues): boolean {
  return Object.entries(values).some(([k, v]) => k !== "sort" && v !== "");
}

/** The filter form. */
export function WorkspaceFilters({ c, path, values, choices, fieldErrors = {}, limit }: WorkspaceFiltersProps) {
  const { t } = c.var.i18n;
  const advanced = ["account", "from", "to", "min", "max", "category", "document", "tag"] as const;
  const openMore = advanced.some((k) => values[k] !== "") || advanced.some((k) => fieldErrors[k]);
  const field = (name: keyof FilterValues, label: string, input: unknown) => (
    <div class={`field ws-field${fieldErrors[name] ? " field-invalid" : ""}`}>
      <label for={`ws-f-${name}`}>{label}</label>
      {input}
      {fieldErrors[name] ? <p class="error-text" id={`ws-f-${name}-error`}>{fieldErrors[name]}</p> : null}
    </div>
  );
  const invalid = (name: string) =>
    fieldErrors[name] ? { "aria-invalid": "true", "aria-describedby": `ws-f-${name}-error` } : {};
  return (
    <form
      id="ws-filters"
      class="ws-filters card"
      method="get"
      action={path}
      role="search"
      aria-label={t("ws.filter.legend")}
      hx-get={path}
      hx-target="#ws-results"
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-trigger="input changed delay:250ms from:[name=q], change, submit"
      hx-sync="this:replace"
      hx-indicator="#ws-results"
    >
      <div class="ws-search">
        <label for="ws-f-q" class="visually-hidden">{t("ws.filter.q")}</label>
        <input
          id="ws-f-q"
          name="q"
          type="search"
          value={values.q}
          placeholder={t("ws.filter.q.placeholder")}
          autocomplete="off"
          spellcheck={false}
          maxlength={500}
          aria-describedby="ws-f-q-hint"
          {...invalid("q")}
        />
        <label class="ws-toggle">
          <input type="checkbox" name="review" value="true" checked={isOn(values.review)} />
          <span>{t("ws.filter.review")}</span>
        </label>
        <label class="ws-toggle">
          <input type="checkbox" name="uncategorized" value="true" checked={isOn(values.uncategorized)} />
          <span>{t("ws.filter.uncategorized")}</span>
        </label>
        <button type="submit" class="button ws-apply">{t("ws.filter.apply")}</button>
      </div>
      <p id="ws-f-q-hint" class="hint ws-hint">{t("ws.filter.q.hint")}</p>
      {fieldErrors.q ? <p class="error-text">{fieldErrors.q}</p> : null}
      <details class="ws-more-filters" open={openMore}>
        <summary>{t("ws.filter.more")}</summary>
        <div class="ws-filter-grid">
          {choices.accounts.length
            ? field(
              "account",
              t("ws.filter.account"),
              <select id="ws-f-account" name="account" {...invalid("account")}>
                <option value="">{t("ws.filter.any")}</option>
                {choices.accounts.map((a) => <option value={a.id} selected={a.id === values.account}>{a.label}
                </option>)}
              </select>,
            )
            : null}
          {field(
            "category",
            t("ws.filter.category"),
            <select id="ws-f-category" name="category" {...invalid("category")}>
              <option value="">{t("ws.filter.any")}</option>
              {choices.categories.map((cat) => (
                <option value={cat.id} selected={cat.id === values.category}>
                  {cat.line ? `${cat.name} (${cat.line})` : cat.name}
                </option>
              ))}
            </select>,
          )}
          {choices.documents.length
            ? field(
              "document",
              t("ws.filter.document"),
              <select id="ws-f-document" name="document" {...invalid("document")}>
                <option value="">{t("ws.filter.any")}</option>
                {choices.documents.map((d) => (
                  <option value={d.id} selected={d.id === values.document}>{d.label}</option>
                ))}
              </select>,
            )
            : null}
          {field(
            "tag",
            t("ws.filter.tag"),
            <input id="ws-f-tag" name="tag" type="text" value={values.tag} maxlength={100} {...invalid("tag")} />,
          )}
          {field(
            "from",
            t("ws.filter.from"),
            <input id="ws-f-from" name="from" type="date" value={values.from} {...invalid("from")} />,
          )}
          {field(
            "to",
            t("ws.filter.to"),
            <input id="ws-f-to" name="to" type="date" value={values.to} {...invalid("to")} />,
          )}
          {field(
            "min",
            t("ws.filter.min"),
            <input id="ws-f-min" name="min" type="text" inputmode="decimal" value={values.min} {...invalid("min")} />,
          )}
          {field(
            "max",
            t("ws.filter.max"),
            <input id="ws-f-max" name="max" type="text" inputmode="decimal" value={values.max} {...invalid("max")} />,
          )}
        </div>
      </details>
      {values.sort && values.sort !== "date_desc" ? <input type="hidden" name="sort" value={values.sort} /> : null}
      {limit ? <input type="hidden" name="limit" value={limit} /> : null}
      {hasFilters(values) ? <a class="ws-clear" href={path}>{t("ws.filter.clear")}</a> : null}
    </form>
  );
}
