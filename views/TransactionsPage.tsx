/** A client's transactions, newest first; more rows load as the last one scrolls into view. */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { TransactionJson } from "../src/ledger/transactions.ts";

type C = Context<AppEnv>;

/** Props of {@link TransactionsPage}. */
export interface TransactionsPageProps {
  c: C;
  client: { id: string; name: string };
  items: TransactionJson[];
  next_cursor: string | null;
  /** Only the rows (and the next loader), for infinite scroll. */
  fragment: boolean;
}

function Rows({ c, client, items, next_cursor }: TransactionsPageProps) {
  const { t, money } = c.var.i18n;
  const minor = (v: string) => BigInt(v.replace(".", ""));
  return (
    <>
      {items.map((tr) => (
        <tr>
          <td class="nowrap">{tr.date}</td>
          <td>{tr.description}</td>
          <td class="muted small">
            {tr.account.institution} {tr.account.number_last4 ? `…${tr.account.number_last4}` : ""}
          </td>
          <td class={`num ${tr.amount.startsWith("-") ? "" : "ok"}`}>{money(minor(tr.amount), tr.currency)}</td>
          <td>
            <a class="small" href={`/documents/${tr.document_id}`}>
              {tr.source ? t("documents.detail.page_ref", { page: tr.source.page }) : "↗"}
            </a>
          </td>
        </tr>
      ))}
      {next_cursor
        ? (
          <tr
            hx-get={`/clients/${client.id}/transactions?cursor=${encodeURIComponent(next_cursor)}`}
            hx-trigger="revealed"
            hx-swap="outerHTML"
          >
            <td colspan={5}>
              <a href={`/clients/${client.id}/transactions?cursor=${encodeURIComponent(next_cursor)}`}>
                {t("transactions.more")}
              </a>
            </td>
          </tr>
        )
        : null}
    </>
  );
}

/** The page (or just more rows). */
export function TransactionsPage(p: TransactionsPageProps) {
  const { t } = p.c.var.i18n;
  if (p.fragment) return <Rows {...p} />;
  return (
    <>
      <p>
        <a href={`/clients/${p.client.id}`}>{p.client.name}</a> ·{" "}
        <a href={`/clients/${p.client.id}/documents`}>{t("documents.title")}</a>
      </p>
      <h1>{t("transactions.title")}</h1>
      {p.items.length === 0 ? <p class="empty-state">{t("transactions.empty")}</p> : (
        <div class="card table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("transactions.col.date")}</th>
                <th scope="col">{t("transactions.col.description")}</th>
                <th scope="col">{t("transactions.col.account")}</th>
                <th scope="col" class="num">{t("transactions.col.amount")}</th>
                <th scope="col">
                  <span class="visually-hidden">{t("documents.detail.pages")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <Rows {...p} />
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
