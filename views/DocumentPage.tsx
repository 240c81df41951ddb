/**
 * One document: live status and progress, what to do next (password, column mapping,
 * re-parse), the statement summary with its reconciliation checks, and the transactions with
 * the page each came from. Rows named by a failing check are highlighted.
 */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { DocumentJson } from "../src/documents/views_model.ts";
import type { TransactionJson } from "../src/ledger/transactions.ts";
import type { MessageKey } from "../src/i18n/mod.ts";
import { StatusBadge } from "./DocumentViews.tsx";
import { Field, FormErrors } from "./components/Form.tsx";

type C = Context<AppEnv>;

/** Everything the page shows. */
export interface DocumentPageData {
  doc: DocumentJson;
  client: { id: string; name: string };
  transactions: TransactionJson[];
  parsers: { id: string; name: string }[];
  canEdit: boolean;
  error?: string;
}

const money = (c: C, value: string | null, currency: string | null) => {
  if (value === null) return "—";
  const [whole, fraction = ""] = value.replace("-", "").split(".");
  const minor = BigInt(whole + fraction.padEnd(2, "0").slice(0, 2)) * (value.startsWith("-") ? -1n : 1n);
  return c.var.i18n.money(minor, currency ?? "USD");
};

/** The live part: status, reason, next step. Polls itself until the document is final. */
export function DocumentStatusPanel({ c, data }: { c: C; data: DocumentPageData }) {
  const { t } = c.var.i18n;
  const { doc } = data;
  return (
    <section
      id="document-status"
      class="card"
      {...(doc.final
        ? {}
        : { "hx-get": `/documents/${doc.id}/status`, "hx-trigger": "every 1s", "hx-swap": "outerHTML" })}
    >
      <div class="page-header">
        <h2>{t("documents.col.status")}</h2>
        <StatusBadge c={c} doc={doc} />
      </div>
      {doc.final ? null : <progress max={100} value={doc.progress} aria-label={t("documents.col.status")}></progress>}
      {doc.reason ? <p>{doc.reason}</p> : null}
      {data.canEdit && doc.status === "needs_password" ? <PasswordForm c={c} data={data} /> : null}
      {data.canEdit && doc.kind === "csv" && doc.status === "needs_mapping"
        ? (
          <p class="form-actions">
            <a class="button" href={`/documents/${doc.id}/mapping`}>{t("documents.mapping.link")}</a>
          </p>
        )
        : null}
    </section>
  );
}

function PasswordForm({ c, data }: { c: C; data: DocumentPageData }) {
  const { t } = c.var.i18n;
  return (
    <form method="post" action={`/documents/${data.doc.id}/password`} hx-boost="false">
      <h3>{t("documents.password.title")}</h3>
      <p class="muted">{t("documents.password.lead")}</p>
      <FormErrors message={data.error} />
      <Field label={t("documents.password.field")} name="password" type="password" required autocomplete="off" />
      <button type="submit" class="button">{t("documents.password.submit")}</button>
    </form>
  );
}

function Summary({ c, data }: { c: C; data: DocumentPageData }) {
  const { t, number } = c.var.i18n;
  const s = data.doc.statement;
  if (!s) return null;
  const currency = s.account.currency;
  const failing = new Set(s.verification.checks.filter((ch) => !ch.ok).map((ch) => ch.name));
  return (
    <section class="card">
      <div class="page-header">
        <h2>{t("documents.detail.summary")}</h2>
        <span class={`badge ${s.verification.status === "passed" ? "badge-ok" : "badge-bad"}`}>
          {t(`documents.verification.${s.verification.status}` as MessageKey)}
        </span>
      </div>
      <dl class="client-facts">
        <div>
          <dt>{t("documents.detail.institution")}</dt>
          <dd>{s.institution ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("documents.detail.account")}</dt>
          <dd>{s.account.number ? `•••• ${s.account.number}` : "—"} · {s.account.type}</dd>
        </div>
        <div>
          <dt>{t("documents.detail.period")}</dt>
          <dd>{s.period.start ?? "?"} → {s.period.end ?? "?"}</dd>
        </div>
        <div>
          <dt>{t("documents.detail.opening")}</dt>
          <dd>{money(c, s.balances.opening, currency)}</dd>
        </div>
        <div>
          <dt>{t("documents.detail.closing")}</dt>
          <dd>{money(c, s.balances.closing, currency)}</dd>
        </div>
        <div>
          <dt>{t("documents.detail.parser")}</dt>
          <dd>{s.parser} · {t("documents.detail.pages")} {number(s.pages)}</dd>
        </div>
      </dl>
      <h3>{t("documents.detail.checks")}</h3>
      <ul class="checks">
        {s.verification.checks.map((ch) => (
          <li class={ch.ok ? "ok" : "bad"} data-check={ch.name}>
            {ch.ok ? "✓" : "✗"} <strong>{ch.name}</strong> — {ch.detail}
          </li>
        ))}
      </ul>
      {failing.size === 0 && s.warnings.length === 0 ? null : (
        <>
          <h3>{t("documents.warnings")}</h3>
          <ul>{s.warnings.map((w) => <li>{w}</li>)}</ul>
        </>
      )}
    </section>
  );
}

function Transactions({ c, data }: { c: C; data: DocumentPageData }) {
  const { t } = c.var.i18n;
  const bad = new Set(
    (data.doc.statement?.verification.checks ?? []).flatMap((ch) => ch.ok ? [] : ch.rows ?? []),
  );
  if (!data.doc.final) return null;
  return (
    <section class="card">
      <h2>{t("documents.detail.transactions")}</h2>
      {data.transactions.length === 0
        ? <p class="empty-state">{t("documents.detail.none")}</p>
        : (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("transactions.col.date")}</th>
                  <th scope="col">{t("transactions.col.description")}</th>
                  <th scope="col" class="num">{t("transactions.col.amount")}</th>
                  <th scope="col" class="num">{t("transactions.col.balance")}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t("documents.detail.pages")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.transactions.map((tr, i) => (
                  <tr class={bad.has(i) ? "row-bad" : undefined}>
                    <td class="nowrap">{tr.date}</td>
                    <td>{tr.description}</td>
                    <td class={`num ${tr.amount.startsWith("-") ? "" : "ok"}`}>{money(c, tr.amount, tr.currency)}</td>
                    <td class="num">{money(c, tr.balance, tr.currency)}</td>
                    <td class="muted small">
                      {tr.source ? t("documents.detail.page_ref", { page: tr.source.page }) : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}

function Actions({ c, data }: { c: C; data: DocumentPageData }) {
  const { t } = c.var.i18n;
  if (!data.canEdit || !data.doc.final) return null;
  return (
    <section class="card">
      <h2>{t("documents.reparse.title")}</h2>
      <form method="post" action={`/documents/${data.doc.id}/reparse`} class="toolbar" hx-boost="false">
        <div class="field">
          <label for="field-parser">{t("documents.reparse.parser")}</label>
          <select id="field-parser" name="parser">
            <option value="">{t("documents.reparse.auto")}</option>
            {data.parsers.map((p) => <option value={p.id} selected={p.id === data.doc.parser}>{p.name}</option>)}
          </select>
        </div>
        <button type="submit" class="button button-secondary">{t("documents.reparse.submit")}</button>
      </form>
      {data.doc.kind === "csv" && data.doc.status !== "needs_mapping"
        ? (
          <p>
            <a href={`/documents/${data.doc.id}/mapping`}>{t("documents.mapping.change")}</a>
          </p>
        )
        : null}
      <form
        method="post"
        action={`/documents/${data.doc.id}/delete`}
        hx-confirm={t("documents.delete.confirm")}
        hx-boost="false"
      >
        <button type="submit" class="button button-danger button-small">{t("documents.delete")}</button>
      </form>
    </section>
  );
}

/** The whole document page. */
export function DocumentPage({ c, data }: { c: C; data: DocumentPageData }) {
  const { t } = c.var.i18n;
  return (
    <>
      <p>
        <a href={`/clients/${data.client.id}/documents`}>{t("documents.detail.back", { client: data.client.name })}</a>
      </p>
      <h1>{data.doc.filename}</h1>
      <DocumentStatusPanel c={c} data={data} />
      <Summary c={c} data={data} />
      <Transactions c={c} data={data} />
      <Actions c={c} data={data} />
    </>
  );
}
