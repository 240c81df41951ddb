/**
 * The results region of the workspace (what the filter bar refreshes): totals, the "close
 * matches" note, the bulk bar and the table with its sortable headers and infinite scroll.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import { type CategoryOption, MoreRow, type WorkspaceEnv, type WorkspaceItem, WorkspaceRow } from "./WorkspaceRow.tsx";
import { ExportLinks } from "./ExportMenu.tsx";

type C = Context<AppEnv>;

/** Totals of the current filter (every matching transaction, not only the page), in minor units. */
export interface WorkspaceTotals {
  count: number;
  inflow: bigint;
  outflow: bigint;
  net: bigint;
  /** null when the transactions are in several currencies (then only the count is shown). */
  currency: string | null;
}

/** Everything the results region shows. */
export interface WorkspaceResultsData {
  env: WorkspaceEnv;
  /** Page path without query. */
  path: string;
  /** The current filter as a query string (no cursor), "" for none. */
  query: string;
  sort: string;
  items: WorkspaceItem[];
  nextCursor: string | null;
  totals: WorkspaceTotals | null;
  /** Where the totals come from when they are not inline (a broad search being typed). */
  totalsUrl?: string | null;
  fuzzy: boolean;
  /** With fuzzy: the corrected words that were searched. */
  suggestion: string | null;
  q: string;
  filtered: boolean;
  categories: CategoryOption[];
  /** Bulk form target (client pages only). */
  bulkUrl: string | null;
  /** Why the filters could not be applied (shown instead of results). */
  error?: string | null;
}

/** `path?query&extra` with empty parts left out. */
export function withQuery(path: string, query: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(query);
  for (const [k, v] of Object.entries(extra)) {
    if (v === "") params.delete(k);
    else params.set(k, v);
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Rows and the next sentinel: the infinite-scroll fragment. */
export function WorkspaceRows({ data }: { data: WorkspaceResultsData }) {
  const next = data.nextCursor
    ? withQuery(data.path, data.query, { cursor: data.nextCursor, ...(data.sort ? { sort: data.sort } : {}) })
    : null;
  return (
    <>
      {data.items.map((item) => <WorkspaceRow env={data.env} item={item} />)}
      {next ? <MoreRow env={data.env} url={next} fragmentUrl={next} /> : null}
    </>
  );
}

/** The totals section (also the fragment of GET …/transactions/totals). */
export function WorkspaceTotalsView({ c, totals }: { c: C; totals: WorkspaceTotals }) {
  const { t, money, number } = c.var.i18n;
  const currency = totals.currency;
  return (
    <section id="ws-totals" class="ws-totals" aria-label={t("ws.totals.label")}>
      <dl>
        <div>
          <dt>{t("ws.totals.count")}</dt>
          <dd>{number(totals.count)}</dd>
        </div>
        {currency
          ? (
            <>
              <div>
                <dt>{t("ws.totals.in")}</dt>
                <dd class="ws-in">{money(totals.inflow, currency)}</dd>
              </div>
              <div>
                <dt>{t("ws.totals.out")}</dt>
                <dd>{money(totals.outflow, currency)}</dd>
              </div>
              <div>
                <dt>{t("ws.totals.net")}</dt>
                <dd class={totals.net > 0n ? "ws-in" : totals.net < 0n ? "ws-out" : undefined}>
                  {money(totals.net, currency)}
                </dd>
              </div>
            </>
          )
          : null}
      </dl>
      {!currency && totals.count > 0 ? <p class="hint">{t("ws.totals.currencies")}</p> : null}
    </section>
  );
}

/** A sortable column header: a link (boosted) that flips the direction of its sort. */
function SortHeader(
  { data, label, asc, desc, className }: {
    data: WorkspaceResultsData;
    label: string;
    asc: string;
    desc: string;
    className?: string;
  },
) {
  const { t } = data.env.c.var.i18n;
  const current = data.sort === asc ? "ascending" : data.sort === desc ? "descending" : undefined;
  const next = data.sort === desc ? asc : desc;
  const href = withQuery(data.path, data.query, { sort: next === "date_desc" ? "" : next });
  return (
    <th scope="col" class={className} aria-sort={current}>
      <a href={href} class={`ws-sort${current ? " ws-sort-on" : ""}`} title={t("ws.sort.by", { column: label })}>
        {label}
        <span class="ws-sort-arrow" aria-hidden="true">{current === "ascending" ? "▲" : current ? "▼" : "↕"}</span>
        {current
          ? <span class="visually-hidden">{current === "ascending" ? t("ws.sort.asc") : t("ws.sort.desc")}</span>
          : null}
      </a>
    </th>
  );
}

function BulkBar({ data }: { data: WorkspaceResultsData }) {
  const { c, perms } = data.env;
  const { t } = c.var.i18n;
  if (!data.bulkUrl || (!perms.edit && !perms.review)) return null;
  return (
    <form
      id="ws-bulk"
      class="ws-bulk"
      method="post"
      action={data.bulkUrl}
      hx-post={data.bulkUrl}
      hx-target="#ws-status"
      hx-swap="innerHTML"
      aria-label={t("ws.bulk.label")}
      data-count="0"
    >
      <span
        id="ws-selected-count"
        class="ws-count"
        aria-live="polite"
        data-one={t("ws.bulk.selected.one")}
        data-other={t("ws.bulk.selected.other")}
      >
        {t("ws.bulk.selected.other", { count: 0 })}
      </span>
      {perms.edit
        ? (
          <>
            <span class="ws-bulk-group">
              <label for="ws-bulk-category" class="visually-hidden">{t("ws.bulk.category")}</label>
              <select id="ws-bulk-category" name="category_id">
                <option value="">{t("ws.bulk.category")}…</option>
                {data.categories.map((cat) => <option value={cat.id}>{cat.name}</option>)}
              </select>
              <button type="submit" name="action" value="category" class="button button-small button-secondary">
                {t("ws.bulk.apply")}
              </button>
            </span>
            <span class="ws-bulk-group">
              <label for="ws-bulk-tag" class="visually-hidden">{t("ws.bulk.tag")}</label>
              <input id="ws-bulk-tag" name="tag" type="text" maxlength={50} placeholder={t("ws.bulk.tag")} />
              <button type="submit" name="action" value="tag" class="button button-small button-secondary">
                {t("ws.bulk.apply")}
              </button>
            </span>
          </>
        )
        : null}
      <span class="ws-bulk-group">
        <button type="submit" name="action" value="flag" class="button button-small button-secondary">
          {t("ws.bulk.flag")}
        </button>
        <button type="submit" name="action" value="unflag" class="button button-small button-secondary">
          {t("ws.bulk.unflag")}
        </button>
      </span>
    </form>
  );
}

/** The results region (`#ws-results`). */
export function WorkspaceResults({ data, fragment }: { data: WorkspaceResultsData; fragment?: boolean }) {
  const { c, perms } = data.env;
  const { t } = c.var.i18n;
  const selectable = perms.edit || perms.review;
  return (
    <div id="ws-results" class="ws-results">
      {data.error ? <p class="flash flash-error" role="alert">{data.error}</p> : null}
      {data.totals ? <WorkspaceTotalsView c={c} totals={data.totals} /> : data.totalsUrl
        ? (
          <section
            id="ws-totals"
            class="ws-totals ws-totals-pending"
            aria-label={t("ws.totals.label")}
            aria-busy="true"
            hx-get={data.totalsUrl}
            hx-trigger="load"
            hx-swap="outerHTML"
          >
            <p class="muted">{t("ws.totals.pending")}</p>
          </section>
        )
        : null}
      {data.fuzzy
        ? <p class="ws-fuzzy" role="status">{t("ws.fuzzy", { q: data.q, suggestion: data.suggestion ?? data.q })}</p>
        : null}
      <BulkBar data={data} />
      {data.error ? null : data.items.length === 0
        ? (
          <div class="card empty-state ws-empty">
            <p>{data.filtered ? t("ws.empty") : t("ws.empty.none")}</p>
            {data.filtered
              ? (
                <p>
                  <a href={data.path}>{t("ws.empty.clear")}</a>
                </p>
              )
              : null}
          </div>
        )
        : (
          <div class="card ws-table-card">
            <table class="ws-table" aria-label={t("ws.title")} aria-describedby="ws-keys-hint">
              <thead>
                <tr>
                  {selectable
                    ? (
                      <th scope="col" class="ws-check">
                        <input type="checkbox" id="ws-select-all" aria-label={t("ws.row.select_all")} />
                      </th>
                    )
                    : null}
                  <SortHeader data={data} label={t("ws.col.date")} asc="date_asc" desc="date_desc" />
                  <th scope="col">{t("ws.col.payee")}</th>
                  <th scope="col">{t("ws.col.category")}</th>
                  <SortHeader
                    data={data}
                    label={t("ws.col.amount")}
                    asc="amount_asc"
                    desc="amount_desc"
                    className="num"
                  />
                  <th scope="col">{t("ws.col.tags")}</th>
                  <th scope="col">{t("ws.col.review")}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t("ws.col.more")}</span>
                  </th>
                </tr>
              </thead>
              <tbody id="ws-rows">
                <WorkspaceRows data={data} />
              </tbody>
            </table>
          </div>
        )}
      <p id="ws-keys-hint" class="hint ws-keys-hint">{t("ws.keys.hint")}</p>
      {fragment ? <ViewQuery query={data.query} oob /> : null}
      {fragment ? <ExportLinks c={c} path={data.path} query={data.query} oob /> : null}
    </div>
  );
}

/** The current filter for "Save this view" (out of band when the results are refreshed). */
export function ViewQuery({ query, oob }: { query: string; oob?: boolean }) {
  return <input type="hidden" id="ws-view-query" name="query" value={query} hx-swap-oob={oob ? "true" : undefined} />;
}
