/**
 * The count badge beside "Review" in the navigation. The layout loads it after the page
 * (hx-trigger="load", so the page itself never waits for the count); confirming or rejecting
 * a suggestion sends it again out of band.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";

/** The badge id the layout's placeholder and out-of-band updates share. */
export const REVIEW_BADGE_ID = "review-badge";

/** The badge: the number of open items ("99+" beyond 99), hidden at zero. */
export function ReviewBadge({ c, count, oob }: { c: Context<AppEnv>; count: number; oob?: boolean }) {
  const { t, number } = c.var.i18n;
  const label = t("review.badge.label", { count: number(count) });
  return (
    <span
      id={REVIEW_BADGE_ID}
      class="nav-badge"
      hidden={count === 0}
      title={label}
      data-count={String(count)}
      hx-swap-oob={oob ? "true" : undefined}
    >
      <span aria-hidden="true">{count > 99 ? "99+" : number(count)}</span>
      <span class="visually-hidden">{label}</span>
    </span>
  );
}
