/**
 * One transaction row of the workspace and its inline editors. Rows are swapped on their own
 * (after an edit, Esc, a bulk change or an undo), so everything a row needs travels in
 * {@link WorkspaceEnv}. Highlighted text comes from the search layer already HTML-escaped with
 * only `<mark>` added; everything else is escaped by JSX.
 */
import type { Context } from "hono";
import { raw } from "hono/html";
import type { AppEnv } from "../src/http/env.ts";
import type { TransactionJson } from "../src/ledger/transactions.ts";

type C = Context<AppEnv>;

/** What the member may do on the page (from src/auth/permissions.ts). */
export interface WorkspacePerms {
  /** "ledger.edit": every field, bulk edit, rules. */
  edit: boolean;
  /** "ledger.review" without edit: the review flag only. */
  review: boolean;
  /** "audit.read": the history drawer. */
  audit: boolean;
}

/** A category as offered in the pickers. */
export interface CategoryOption {
  id: string;
  name: string;
  line: string | null;
}

/** Shared by every row of a page. */
export interface WorkspaceEnv {
  c: C;
  perms: WorkspacePerms;
}

/** A transaction as listed: the JSON plus optional highlighted HTML. */
export interface WorkspaceItem {
  tx: TransactionJson;
  /** Escaped HTML with `<mark>` around matches, from the search layer. */
  html?: { description?: string; payee?: string; memo?: string };
}

/** Columns of the table (for colspans). */
export function columnCount(env: WorkspaceEnv): number {
  return 7 + (selectable(env) ? 1 : 0);
}

const selectable = (env: WorkspaceEnv) => env.perms.edit || env.perms.review;

/** Minor units from a decimal string ("-12.50" → -1250n). */
export function minorUnits(decimal: string): bigint {
  const negative = decimal.startsWith("-");
  const [whole, fraction = ""] = decimal.replace(/^[-+]/, "").split(".");
  const value = BigInt(whole || "0") * 100n + BigInt((fraction + "00").slice(0, 2));
  return negative ? -value : value;
}

/** A short name of the transaction for labels ("Change category of Blue Bottle…"). */
export function rowName(tx: TransactionJson): string {
  const name = tx.payee.trim() || tx.description.trim();
  return name.length > 60 ? `${name.slice(0, 57)}…` : name;
}

const editGet = (id: string, field: string, target: string) => ({
  "hx-get": `/transactions/${id}/edit/${field}`,
  "hx-target": target,
  "hx-swap": "innerHTML",
});

/** One row. `oob` marks it for an out-of-band swap (bulk edits and undo refresh rows that way). */
export function WorkspaceRow({ env, item, oob }: { env: WorkspaceEnv; item: WorkspaceItem; oob?: boolean }) {
  const { c, perms } = env;
  const { t, money, date } = c.var.i18n;
  const tx = item.tx;
  const what = rowName(tx);
  const amount = minorUnits(tx.amount);
  const payeeHtml = item.html?.payee ?? null;
  const descriptionHtml = item.html?.description ?? null;
  const memoHtml = item.html?.memo ?? null;
  return (
    <tr
      id={`tx-${tx.id}`}
      class={`ws-row${tx.needs_review ? " ws-row-review" : ""}`}
      data-id={tx.id}
      tabindex={-1}
      aria-selected={selectable(env) ? "false" : undefined}
      hx-swap-oob={oob ? "true" : undefined}
    >
      {selectable(env)
        ? (
          <td class="ws-check">
            <input
              type="checkbox"
              class="ws-select"
              name="ids"
              value={tx.id}
              form="ws-bulk"
              aria-label={t("ws.row.select", { what })}
            />
          </td>
        )
        : null}
      <td class="ws-date">
        <time datetime={tx.date}>{date(tx.date)}</time>
      </td>
      <td class="ws-payee">
        <div class="ws-payee-line">
          {perms.edit
            ? (
              <button
                type="button"
                class={`ws-cell-button${tx.payee ? "" : " ws-placeholder"}`}
                data-edit="payee"
                aria-label={t("ws.row.edit_payee", { what })}
                {...editGet(tx.id, "payee", "closest .ws-payee-line")}
              >
                {tx.payee ? (payeeHtml ? raw(payeeHtml) : tx.payee) : t("ws.row.no_payee")}
              </button>
            )
            : tx.payee
            ? <span class="ws-payee-name">{payeeHtml ? raw(payeeHtml) : tx.payee}</span>
            : null}
          {perms.edit && !tx.memo
            ? (
              <button
                type="button"
                class="ws-cell-button ws-add-memo ws-reveal"
                data-edit="memo"
                aria-label={t("ws.row.edit_memo", { what })}
                {...editGet(tx.id, "memo", `#ws-memo-${tx.id}`)}
              >
                {t("ws.row.add_memo")}
              </button>
            )
            : null}
        </div>
        <div class="ws-desc">{descriptionHtml ? raw(descriptionHtml) : tx.description}</div>
        <div class="ws-memo-line" id={`ws-memo-${tx.id}`}>
          {tx.memo
            ? perms.edit
              ? (
                <button
                  type="button"
                  class="ws-cell-button ws-memo"
                  data-edit="memo"
                  aria-label={t("ws.row.edit_memo", { what })}
                  {...editGet(tx.id, "memo", `#ws-memo-${tx.id}`)}
                >
                  {memoHtml ? raw(memoHtml) : tx.memo}
                </button>
              )
              : <span class="ws-memo">{memoHtml ? raw(memoHtml) : tx.memo}</span>
            : null}
        </div>
      </td>
      <td class="ws-cat">
        <CategoryCell env={env} tx={tx} what={what} />
      </td>
      <td class={`num ws-amount${amount > 0n ? " ws-in" : ""}`}>{money(amount, tx.currency)}</td>
      <td class="ws-tags">
        <div class="ws-tags-line">
          {tx.tags.map((tag) => <span class="ws-tag">{tag}</span>)}
          {perms.edit
            ? (
              <button
                type="button"
                class="ws-cell-button ws-tag-edit ws-reveal"
                data-edit="tags"
                aria-label={t("ws.row.edit_tags", { what })}
                {...editGet(tx.id, "tags", "closest .ws-tags-line")}
              >
                {tx.tags.length ? "✎" : t("ws.row.add_tags")}
              </button>
            )
            : null}
        </div>
      </td>
      <td class="ws-review">
        <ReviewCell env={env} tx={tx} what={what} />
      </td>
      <td class="ws-more">
        {perms.audit
          ? (
            <button
              type="button"
              class="ws-history button-link"
              hx-get={`/audit/entity/transaction/${tx.id}`}
              hx-target="#ws-drawer-body"
              hx-swap="innerHTML"
              data-title={t("ws.row.history_of", { what })}
              aria-label={t("ws.row.history_of", { what })}
              aria-controls="ws-drawer"
            >
              {t("ws.row.history")}
            </button>
          )
          : null}
      </td>
    </tr>
  );
}

function CategoryCell({ env, tx, what }: { env: WorkspaceEnv; tx: TransactionJson; what: string }) {
  const { t } = env.c.var.i18n;
  const none = !tx.category || tx.category.kind === "uncategorized";
  const chip = (
    <span class={`ws-chip${none ? " ws-chip-none" : ""}`}>
      {tx.category ? tx.category.name : t("ws.row.uncategorized")}
      {tx.category?.line ? <span class="ws-line">{tx.category.line}</span> : null}
    </span>
  );
  return (
    <>
      {env.perms.edit
        ? (
          <button
            type="button"
            class="ws-cell-button ws-cat-button"
            data-edit="category"
            aria-label={t("ws.row.edit_category", { what })}
            {...editGet(tx.id, "category", "closest td")}
          >
            {chip}
          </button>
        )
        : chip}
      {tx.has_splits ? <span class="ws-split">{t("ws.row.split")}</span> : null}
    </>
  );
}

function ReviewCell({ env, tx, what }: { env: WorkspaceEnv; tx: TransactionJson; what: string }) {
  const { t } = env.c.var.i18n;
  if (!env.perms.edit && !env.perms.review) {
    return tx.needs_review ? <span class="ws-flag-badge">{t("ws.row.flagged")}</span> : null;
  }
  const label = tx.needs_review ? t("ws.row.unflag", { what }) : t("ws.row.flag", { what });
  return (
    <form
      method="post"
      action={`/transactions/${tx.id}`}
      class="inline-form"
      hx-post={`/transactions/${tx.id}`}
      hx-target={`#tx-${tx.id}`}
      hx-swap="outerHTML"
    >
      <input type="hidden" name="field" value="needs_review" />
      <input type="hidden" name="needs_review" value={tx.needs_review ? "false" : "true"} />
      <button
        type="submit"
        class={`ws-flag${tx.needs_review ? " ws-flag-on" : ""}`}
        aria-pressed={tx.needs_review ? "true" : "false"}
        aria-label={label}
        title={label}
      >
        <span aria-hidden="true">⚑</span>
        {tx.needs_review ? <span class="ws-flag-text">{t("ws.row.flagged")}</span> : null}
      </button>
    </form>
  );
}

/** The sentinel that loads the next page when it scrolls into view (a plain link without JS). */
export function MoreRow({ env, url, fragmentUrl }: { env: WorkspaceEnv; url: string; fragmentUrl: string }) {
  const { t } = env.c.var.i18n;
  return (
    <tr id="ws-more" class="ws-more-row" hx-get={fragmentUrl} hx-trigger="revealed" hx-swap="outerHTML">
      <td colspan={columnCount(env)}>
        <a href={url}>{t("ws.more")}</a>
        <span class="ws-loading" aria-hidden="true">{t("ws.loading")}</span>
      </td>
    </tr>
  );
}

// Editors ------------------------------------------------------------------------------------

/**
 * The type-ahead category picker (an ARIA combobox over a listbox, driven by
 * static/js/workspace.js). `id` may be the placeholder `__ID__` (the page's template, which
 * the `c` key clones so the picker opens without a request).
 */
export function CategoryEditor(
  { c, id, what, categories, current }: {
    c: C;
    id: string;
    what?: string;
    categories: CategoryOption[];
    current?: string | null;
  },
) {
  const { t } = c.var.i18n;
  const input = `ws-cat-input-${id}`;
  const list = `ws-cat-list-${id}`;
  return (
    <form
      class="ws-inline-edit ws-category-form"
      method="post"
      action={`/transactions/${id}`}
      hx-post={`/transactions/${id}`}
      hx-target={`#tx-${id}`}
      hx-swap="outerHTML"
      data-row-id={id}
    >
      <input type="hidden" name="field" value="category" />
      <input type="hidden" name="category_id" value="" />
      <div class="ws-combobox">
        <label class="visually-hidden" for={input}>
          {what ? t("ws.editor.category", { what }) : t("ws.col.category")}
        </label>
        <input
          id={input}
          class="ws-combobox-input"
          name="category_name"
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls={list}
          aria-autocomplete="list"
          aria-describedby={`${input}-hint`}
          autocomplete="off"
          spellcheck={false}
          placeholder={t("ws.editor.category.placeholder")}
          autofocus
        />
        <ul id={list} class="ws-listbox" role="listbox" aria-label={t("ws.editor.categories")}>
          {categories.map((cat, i) => (
            <li
              id={`${list}-${i}`}
              role="option"
              aria-selected="false"
              data-value={cat.id}
              data-name={cat.name}
              data-line={cat.line ?? ""}
              class={cat.id === current ? "ws-current" : undefined}
            >
              <span>{cat.name}</span>
              {cat.line ? <span class="ws-line">{cat.line}</span> : null}
            </li>
          ))}
        </ul>
        <p class="ws-combobox-status" role="status" data-none={t("ws.editor.nomatch")}></p>
        <p class="ws-editor-hint" id={`${input}-hint`}>{t("ws.editor.category.hint")}</p>
      </div>
    </form>
  );
}

/** Fields edited as text. */
export type TextField = "payee" | "memo" | "tags";

/** A one-line text editor for payee, memo or tags: Enter saves, Esc cancels. */
export function TextEditor({ c, tx, field }: { c: C; tx: TransactionJson; field: TextField }) {
  const { t } = c.var.i18n;
  const what = rowName(tx);
  const id = `ws-edit-${field}-${tx.id}`;
  const value = field === "tags" ? tx.tags.join(", ") : tx[field];
  const label = field === "payee"
    ? t("ws.editor.payee", { what })
    : field === "memo"
    ? t("ws.editor.memo", { what })
    : t("ws.editor.tags", { what });
  return (
    <form
      class="ws-inline-edit ws-text-form"
      method="post"
      action={`/transactions/${tx.id}`}
      hx-post={`/transactions/${tx.id}`}
      hx-target={`#tx-${tx.id}`}
      hx-swap="outerHTML"
      data-row-id={tx.id}
    >
      <input type="hidden" name="field" value={field} />
      <label class="visually-hidden" for={id}>{label}</label>
      <input
        id={id}
        class="ws-inline-input"
        name={field}
        type="text"
        value={value}
        maxlength={field === "memo" ? 2000 : field === "payee" ? 200 : 1000}
        autocomplete="off"
        aria-describedby={`${id}-hint`}
        autofocus
      />
      <div class="ws-editor-actions">
        <span class="ws-editor-hint" id={`${id}-hint`}>{t("ws.editor.hint")}</span>
        <button type="submit" class="button button-small">{t("ws.editor.save")}</button>
        <button type="button" class="button button-small button-secondary ws-cancel">{t("ws.editor.cancel")}</button>
      </div>
    </form>
  );
}
