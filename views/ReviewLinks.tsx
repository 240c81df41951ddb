/**
 * Suggested transfers and duplicates on the review page: each pair side by side with why it
 * was suggested, and confirm/reject (merge/reject for duplicates) as plain forms that htmx
 * submits inline, replacing the item with the decision.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { LinkJson, ReviewTransaction } from "../src/review/schema.ts";

type C = Context<AppEnv>;

/** Decimal string → minor units ("-12.50" → -1250n); amounts always carry two decimals. */
export function minorUnits(decimal: string): bigint {
  const [whole, fraction = ""] = decimal.split(".");
  const negative = whole.startsWith("-");
  const units = BigInt(whole.replace("-", "") || "0") * 100n + BigInt((fraction + "00").slice(0, 2));
  return negative ? -units : units;
}

/** One transaction of a pair. */
export function TransactionSide({ c, tx, label }: { c: C; tx: ReviewTransaction; label: string }) {
  const { t, date, money } = c.var.i18n;
  return (
    <div class="review-side">
      <p class="review-side-label">{label}</p>
      <p class="review-side-main">
        <span class="num">{money(minorUnits(tx.amount), tx.currency)}</span> <span>{tx.description}</span>
      </p>
      <p class="review-side-meta">
        <time datetime={tx.date}>{date(tx.date)}</time> · {tx.account.name} ·{" "}
        {tx.category ? tx.category.name : t("review.uncategorized")}
      </p>
      {tx.sources.length > 0 && (
        <p class="review-side-meta">
          {t("review.sources")} {tx.sources.map((s, i) => (
            <>
              {i > 0 ? ", " : ""}
              <a href={`/documents/${s.document_id}`}>{s.filename}</a>
            </>
          ))}
        </p>
      )}
    </div>
  );
}

/** A suggested pair with its actions. */
export function LinkItem({ c, link, canEdit }: { c: C; link: LinkJson; canEdit: boolean }) {
  const { t } = c.var.i18n;
  const transfer = link.kind === "transfer";
  const names = { a: link.a.description, b: link.b.description };
  return (
    <li class="review-pair" id={`link-${link.id}`} data-link={link.id} data-kind={link.kind}>
      <div class="review-pair-sides">
        <TransactionSide c={c} tx={link.a} label={t(transfer ? "review.transfer.out" : "review.duplicate.keep")} />
        <span class="review-pair-arrow" aria-hidden="true">{transfer ? "→" : "="}</span>
        <TransactionSide c={c} tx={link.b} label={t(transfer ? "review.transfer.in" : "review.duplicate.remove")} />
      </div>
      <p class="review-pair-reason">
        <span class="badge">{t("review.score", { score: Math.round(link.score * 100) })}</span> {link.reason}
      </p>
      {canEdit && (
        <div class="review-pair-actions">
          <form
            method="post"
            action={`/links/${link.id}/confirm`}
            class="inline-form"
            hx-post={`/links/${link.id}/confirm`}
            hx-target={`#link-${link.id}`}
            hx-swap="outerHTML"
          >
            <button
              type="submit"
              class="button button-small"
              aria-label={t(transfer ? "review.transfer.confirm_label" : "review.duplicate.merge_label", names)}
            >
              {t(transfer ? "review.transfer.confirm" : "review.duplicate.merge")}
            </button>
          </form>
          <form
            method="post"
            action={`/links/${link.id}/reject`}
            class="inline-form"
            hx-post={`/links/${link.id}/reject`}
            hx-target={`#link-${link.id}`}
            hx-swap="outerHTML"
          >
            <button
              type="submit"
              class="button button-secondary button-small"
              aria-label={t(transfer ? "review.transfer.reject_label" : "review.duplicate.reject_label", names)}
            >
              {t("review.reject")}
            </button>
          </form>
        </div>
      )}
    </li>
  );
}

/** What replaces a pair once it is decided. */
export function DecidedItem({ c, link, merged }: { c: C; link: LinkJson; merged: boolean }) {
  const { t } = c.var.i18n;
  const key = link.status === "rejected"
    ? "review.decided.rejected"
    : merged
    ? "review.decided.merged"
    : "review.decided.confirmed";
  return (
    <li class="review-pair review-pair-decided" id={`link-${link.id}`} role="status">
      {t(key, { a: link.a.description, b: link.b.description })}
    </li>
  );
}

/** A section's list of pairs, or its empty state. */
export function LinkList(
  { c, links, canEdit, empty }: { c: C; links: LinkJson[]; canEdit: boolean; empty: string },
) {
  if (!links.length) return <p class="empty-state">{empty}</p>;
  return (
    <ul class="review-pairs">
      {links.map((link) => <LinkItem c={c} link={link} canEdit={canEdit} />)}
    </ul>
  );
}

/** A section count, sent again out of band after a decision. */
export function SectionCount({ c, id, count, oob }: { c: C; id: string; count: number; oob?: boolean }) {
  return (
    <span class="review-count" id={`count-${id}`} hx-swap-oob={oob ? "true" : undefined}>
      {c.var.i18n.number(count)}
    </span>
  );
}
