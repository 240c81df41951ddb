/**
 * Statement coverage as an accessible table: accounts as rows, months as columns. A covered
 * month is a filled cell with a title (and text for screen readers); a partly covered month is
 * marked "part"; a gap is a marked cell that says so in words, so colour is never the only cue.
 * Months before an account's first or after its last statement are left blank.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { Coverage, CoverageGap, CoverageMonth } from "../src/review/schema.ts";

type C = Context<AppEnv>;

/** "2025-03" as "March 2025" (long) or "Mar" (short) in the user's language. */
export function monthLabel(locale: string, month: string, style: "long" | "short" = "long"): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  return style === "long"
    ? new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(d)
    : new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" }).format(d);
}

/** The month grid. */
export function CoverageGrid({ c, coverage }: { c: C; coverage: Coverage }) {
  const { t, locale } = c.var.i18n;
  if (!coverage.accounts.length) return <p class="empty-state">{t("review.coverage.empty")}</p>;
  return (
    <div class="table-scroll">
      <table class="coverage-grid">
        <caption class="visually-hidden">{t("review.coverage.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("review.coverage.account")}</th>
            {coverage.months.map((m) => (
              <th scope="col" abbr={monthLabel(locale, m)}>
                <span class="coverage-month">{monthLabel(locale, m, "short")}</span>
                <span class="coverage-year">{m.slice(0, 4)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {coverage.accounts.map((a) => {
            const byMonth = new Map(a.months.map((m) => [m.month, m]));
            return (
              <tr data-account={a.id}>
                <th scope="row">{a.name}</th>
                {coverage.months.map((m) => <Cell c={c} month={m} value={byMonth.get(m)} account={a.name} />)}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="coverage-legend muted">
        <span class="coverage-key coverage-full" aria-hidden="true"></span> {t("review.coverage.covered")}
        <span class="coverage-key coverage-partial" aria-hidden="true">{t("review.coverage.part_mark")}</span>{" "}
        {t("review.coverage.partial")}
        <span class="coverage-key coverage-gap" aria-hidden="true">{t("review.coverage.gap_mark")}</span>{" "}
        {t("review.coverage.gap")}
      </p>
    </div>
  );
}

function Cell({ c, month, value, account }: { c: C; month: string; value?: CoverageMonth; account: string }) {
  const { t, locale } = c.var.i18n;
  const when = monthLabel(locale, month);
  if (!value) return <td class="coverage-none" data-month={month}></td>;
  if (!value.covered) {
    const title = t("review.coverage.gap_title", { account, month: when });
    return (
      <td class="coverage-gap" data-month={month} data-state="gap" title={title}>
        <span aria-hidden="true">{t("review.coverage.gap_mark")}</span>
        <span class="visually-hidden">{t("review.coverage.gap")}</span>
      </td>
    );
  }
  const partial = value.partial;
  const title = t(partial ? "review.coverage.partial_title" : "review.coverage.covered_title", {
    account,
    month: when,
  });
  return (
    <td
      class={partial ? "coverage-partial" : "coverage-full"}
      data-month={month}
      data-state={partial ? "partial" : "covered"}
      title={title}
    >
      {partial ? <span aria-hidden="true">{t("review.coverage.part_mark")}</span> : null}
      <span class="visually-hidden">{t(partial ? "review.coverage.partial" : "review.coverage.covered")}</span>
    </td>
  );
}

/** The gaps as a list (also in the queue). */
export function GapList({ c, gaps, clientId }: { c: C; gaps: CoverageGap[]; clientId: string }) {
  const { t } = c.var.i18n;
  if (!gaps.length) return <p class="muted">{t("review.coverage.no_gaps")}</p>;
  return (
    <ul class="review-gaps">
      {gaps.map((g) => (
        <li data-account={g.account_id} data-month={g.month}>
          {g.message} <a href={`/clients/${clientId}/documents`}>{t("review.coverage.upload")}</a>
        </li>
      ))}
    </ul>
  );
}
