/** The firm-wide review summary (/review): open items per client the member may see. */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { ReviewSummary } from "../src/review/schema.ts";

const COLUMNS = [
  ["documents", "review.section.documents"],
  ["uncategorized", "review.section.uncategorized"],
  ["transfers", "review.section.transfers"],
  ["duplicates", "review.section.duplicates"],
  ["gaps", "review.section.gaps"],
  ["rule_conflicts", "review.section.rule_conflicts"],
] as const;

/** The page body of /review. */
export function ReviewSummaryPage({ c, summary }: { c: Context<AppEnv>; summary: ReviewSummary }) {
  const { t, number } = c.var.i18n;
  const open = summary.clients.filter((cl) => cl.counts.total > 0);
  const done = summary.clients.length - open.length;
  return (
    <>
      <h1>{t("review.title")}</h1>
      <p class="lead">{t("review.summary.lead")}</p>
      {open.length === 0 ? <p class="empty-state">{t("review.summary.none")}</p> : (
        <div class="table-scroll">
          <table class="review-summary-table">
            <thead>
              <tr>
                <th scope="col">{t("review.summary.client")}</th>
                {COLUMNS.map(([, key]) => <th scope="col" class="num">{t(key)}</th>)}
                <th scope="col" class="num">{t("review.summary.total")}</th>
              </tr>
            </thead>
            <tbody>
              {open.map((cl) => (
                <tr data-client={cl.id}>
                  <th scope="row">
                    <a href={`/clients/${cl.id}/review`}>{cl.name}</a>
                  </th>
                  {COLUMNS.map(([id]) => <td class="num">{cl.counts[id] ? number(cl.counts[id]) : "—"}</td>)}
                  <td class="num">
                    <strong>{number(cl.counts.total)}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {done > 0 && <p class="muted">{t("review.summary.clear", { count: number(done) })}</p>}
    </>
  );
}
