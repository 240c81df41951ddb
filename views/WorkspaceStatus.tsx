/**
 * The workspace's status line (`#ws-status`, a polite live region): "Saved", the result of a
 * bulk change or an undo, and the "Always categorize <payee> as <category>?" offer that
 * follows a manual categorization.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";

type C = Context<AppEnv>;

/** A rule offer after a manual categorization. */
export interface RuleOffer {
  transactionId: string;
  payee: string;
  category: { id: string; name: string };
}

function UndoButton({ c }: { c: C }) {
  return (
    <button
      type="button"
      class="button button-small button-secondary"
      hx-post="/transactions/undo"
      hx-target="#ws-status"
      hx-swap="innerHTML"
    >
      {c.var.i18n.t("ws.status.undo")} <kbd>u</kbd>
    </button>
  );
}

/** A message, optionally with an Undo button and a rule offer. */
export function WorkspaceStatus(
  { c, message, undo, offer }: { c: C; message: string; undo?: boolean; offer?: RuleOffer | null },
) {
  const { t } = c.var.i18n;
  return (
    <>
      <div class="ws-status-line">
        <span>{message}</span>
        {undo ? <UndoButton c={c} /> : null}
      </div>
      {offer
        ? (
          <form
            class="ws-suggestion"
            method="post"
            action={`/transactions/${offer.transactionId}/rule`}
            hx-post={`/transactions/${offer.transactionId}/rule`}
            hx-target="#ws-status"
            hx-swap="innerHTML"
          >
            <input type="hidden" name="category_id" value={offer.category.id} />
            <span>{t("ws.suggest", { payee: offer.payee, category: offer.category.name })}</span>
            <span class="ws-suggestion-actions">
              <button type="submit" class="button button-small">{t("ws.suggest.create")}</button>
              <button type="button" class="button button-small button-secondary ws-dismiss">
                {t("ws.suggest.dismiss")}
              </button>
            </span>
          </form>
        )
        : null}
    </>
  );
}

/**
 * The status line sent out of band with an updated row. It travels in a `<template>`: after a
 * `<tr>` the HTML parser is in table mode and would tear a `<form>` apart; htmx swaps the
 * out-of-band elements it finds in templates.
 */
export function WorkspaceStatusOob(props: { c: C; message: string; undo?: boolean; offer?: RuleOffer | null }) {
  return (
    <template>
      <div id="ws-status" hx-swap-oob="innerHTML">
        <WorkspaceStatus {...props} />
      </div>
    </template>
  );
}

/** "Rule created" with a link to the rules. */
export function RuleCreated({ c, name, id }: { c: C; name: string; id: string }) {
  const { t } = c.var.i18n;
  return (
    <div class="ws-status-line">
      <span>{t("ws.suggest.created", { name })}</span>
      <a href={`/rules/${id}/edit`}>{t("ws.suggest.view")}</a>
    </div>
  );
}
