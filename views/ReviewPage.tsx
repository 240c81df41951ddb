/**
 * A client's review queue: a summary of the open items, then one section each for documents
 * that need a person, uncategorized transactions, suggested transfers and duplicates,
 * statement coverage (month grid and gaps) and rule conflicts.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { MessageKey } from "../src/i18n/mod.ts";
import type { Review, ReviewDocument, RuleConflict } from "../src/review/schema.ts";
import { CoverageGrid, GapList } from "./CoverageGrid.tsx";
import { LinkList, minorUnits, SectionCount } from "./ReviewLinks.tsx";

type C = Context<AppEnv>;

/** What the page shows. */
export interface ReviewPageData {
  review: Review;
  canEdit: boolean;
  /** A message after "look for transfers and duplicates". */
  notice?: string;
}

const SECTIONS = [
  { id: "documents", key: "review.section.documents" },
  { id: "uncategorized", key: "review.section.uncategorized" },
  { id: "transfers", key: "review.section.transfers" },
  { id: "duplicates", key: "review.section.duplicates" },
  { id: "gaps", key: "review.section.coverage" },
  { id: "rule_conflicts", key: "review.section.rule_conflicts" },
] as const;

/** The page body of /clients/:id/review. */
export function ReviewPage({ c, data }: { c: C; data: ReviewPageData }) {
  const { t } = c.var.i18n;
  const { review, canEdit } = data;
  const client = review.client;
  return (
    <>
      <p class="review-crumbs">
        <a href={`/clients/${client.id}`}>{client.name}</a> › {t("review.title")}
      </p>
      <div class="page-header">
        <h1>{t("review.client_title", { client: client.name })}</h1>
        {canEdit && (
          <form method="post" action={`/clients/${client.id}/review/detect`} class="inline-form">
            <button type="submit" class="button button-secondary">{t("review.detect")}</button>
          </form>
        )}
      </div>
      {data.notice ? <div class="flash flash-ok" role="status">{data.notice}</div> : null}
      <p class="lead">{t("review.lead")}</p>
      <nav aria-label={t("review.sections")} class="review-summary">
        <ul>
          {SECTIONS.map((s) => (
            <li>
              <a href={`#review-${s.id}`}>
                {t(s.key)} <SectionCount c={c} id={s.id} count={review.counts[s.id]} />
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <Section c={c} id="documents" count={review.counts.documents}>
        <Documents c={c} docs={review.documents} />
      </Section>

      <Section c={c} id="uncategorized" count={review.counts.uncategorized}>
        {review.uncategorized_count === 0 ? <p class="empty-state">{t("review.uncategorized.none")}</p> : (
          <p>
            {t("review.uncategorized.text", { count: c.var.i18n.number(review.uncategorized_count) })}{" "}
            <a class="button button-small" href={`/clients/${client.id}/transactions?uncategorized=true`}>
              {t("review.uncategorized.link")}
            </a>
          </p>
        )}
      </Section>

      <Section c={c} id="transfers" count={review.counts.transfers}>
        <p class="muted">{t("review.transfers.help")}</p>
        <LinkList c={c} links={review.transfers} canEdit={canEdit} empty={t("review.transfers.none")} />
      </Section>

      <Section c={c} id="duplicates" count={review.counts.duplicates}>
        <p class="muted">{t("review.duplicates.help")}</p>
        <LinkList c={c} links={review.duplicates} canEdit={canEdit} empty={t("review.duplicates.none")} />
      </Section>

      <Section c={c} id="gaps" count={review.counts.gaps}>
        <CoverageGrid c={c} coverage={review.coverage} />
        <h3>{t("review.coverage.gaps")}</h3>
        <GapList c={c} gaps={review.coverage.gaps} clientId={client.id} />
      </Section>

      <Section c={c} id="rule_conflicts" count={review.counts.rule_conflicts}>
        <Conflicts c={c} conflicts={review.rule_conflicts} clientId={client.id} />
      </Section>
    </>
  );
}

function Section(
  { c, id, count, children }: { c: C; id: typeof SECTIONS[number]["id"]; count: number; children: unknown },
) {
  const { t } = c.var.i18n;
  const key = SECTIONS.find((s) => s.id === id)!.key;
  return (
    <section class="card review-section" id={`review-${id}`} aria-labelledby={`review-${id}-title`}>
      <h2 id={`review-${id}-title`}>
        {t(key)} <SectionCount c={c} id={`${id}-heading`} count={count} />
      </h2>
      {children as never}
    </section>
  );
}

function Documents({ c, docs }: { c: C; docs: ReviewDocument[] }) {
  const { t, dateTime } = c.var.i18n;
  if (!docs.length) return <p class="empty-state">{t("review.documents.none")}</p>;
  return (
    <ul class="review-documents">
      {docs.map((d) => (
        <li data-document={d.id}>
          <p>
            <a href={`/documents/${d.id}`}>{d.filename}</a>{" "}
            <span class="badge badge-bad">{t(`documents.status.${d.status}` as MessageKey)}</span>{" "}
            <span class="muted">{dateTime(d.uploaded_at)}</span>
          </p>
          {d.reason ? <p class="review-reason">{d.reason}</p> : null}
          {d.failed_checks.length > 0 && (
            <ul class="review-checks">
              {d.failed_checks.map((ch) => (
                <li class="bad">
                  ✗ <strong>{ch.name}</strong> — {ch.detail}
                  {ch.rows.length > 0 && (
                    <>
                      {" "}
                      <a href={`/documents/${d.id}`}>
                        {t("review.documents.rows", { count: c.var.i18n.number(ch.rows.length) })}
                      </a>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

function Conflicts({ c, conflicts, clientId }: { c: C; conflicts: RuleConflict[]; clientId: string }) {
  const { t, date, money } = c.var.i18n;
  if (!conflicts.length) return <p class="empty-state">{t("review.conflicts.none")}</p>;
  return (
    <>
      <p class="muted">{t("review.conflicts.help")}</p>
      <div class="table-scroll">
        <table class="review-conflicts">
          <thead>
            <tr>
              <th scope="col">{t("review.conflicts.col.date")}</th>
              <th scope="col">{t("review.conflicts.col.transaction")}</th>
              <th scope="col" class="num">{t("review.conflicts.col.amount")}</th>
              <th scope="col">{t("review.conflicts.col.now")}</th>
              <th scope="col">{t("review.conflicts.col.rules")}</th>
            </tr>
          </thead>
          <tbody>
            {conflicts.map((k) => (
              <tr data-transaction={k.transaction.id}>
                <td>
                  <time datetime={k.transaction.date}>{date(k.transaction.date)}</time>
                </td>
                <td>
                  {k.transaction.description}
                  <br />
                  <span class="muted">{k.transaction.account.name}</span>
                </td>
                <td class="num">{money(minorUnits(k.transaction.amount), k.transaction.currency)}</td>
                <td>{k.transaction.category?.name ?? t("review.uncategorized")}</td>
                <td>
                  <ul class="review-rule-list">
                    {k.rules.map((r) => (
                      <li>
                        {r.name} → {r.category?.name ?? "—"}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={`/rules?client_id=${clientId}`}>{t("review.conflicts.rules")}</a>
      </p>
    </>
  );
}
