/** Statement uploads: the upload zone, the list with live status rows, and the status badge. */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { DocumentJson } from "../src/documents/views_model.ts";
import type { MessageKey } from "../src/i18n/mod.ts";

type C = Context<AppEnv>;

/** A coloured status word; `progress` shows while work is under way. */
export function StatusBadge({ c, doc }: { c: C; doc: Pick<DocumentJson, "status" | "progress" | "final"> }) {
  const { t } = c.var.i18n;
  const tone = doc.status === "parsed" ? "ok" : doc.final ? "bad" : "busy";
  return (
    <span class={`badge badge-${tone}`} data-status={doc.status}>
      {doc.final ? null : <span class="spinner" aria-hidden="true"></span>}{" "}
      {t(`documents.status.${doc.status}` as MessageKey)}
      {doc.final ? null : ` ${doc.progress}%`}
    </span>
  );
}

/** One row of the document list; rows still being processed poll themselves until final. */
export function DocumentRow({ c, doc }: { c: C; doc: DocumentJson }) {
  const { number, dateTime } = c.var.i18n;
  return (
    <tr
      id={`doc-${doc.id}`}
      {...(doc.final ? {} : { "hx-get": `/documents/${doc.id}/row`, "hx-trigger": "every 1s", "hx-swap": "outerHTML" })}
    >
      <td>
        <a href={`/documents/${doc.id}`}>{doc.filename}</a> <span class="muted">{doc.kind.toUpperCase()}</span>
      </td>
      <td>
        <StatusBadge c={c} doc={doc} />
        {doc.reason && doc.status !== "parsed" ? <div class="muted small">{doc.reason}</div> : null}
      </td>
      <td class="num">{doc.final ? number(doc.transaction_count) : "…"}</td>
      <td>{dateTime(doc.created_at)}</td>
    </tr>
  );
}

/** The list of a client's documents. */
export function DocumentTable({ c, docs }: { c: C; docs: DocumentJson[] }) {
  const { t } = c.var.i18n;
  return (
    <div id="document-list" class="table-scroll">
      {docs.length === 0 ? <p class="empty-state">{t("documents.list.empty")}</p> : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("documents.col.file")}</th>
              <th scope="col">{t("documents.col.status")}</th>
              <th scope="col" class="num">{t("documents.col.transactions")}</th>
              <th scope="col">{t("documents.col.uploaded")}</th>
            </tr>
          </thead>
          <tbody>{docs.map((doc) => <DocumentRow c={c} doc={doc} />)}</tbody>
        </table>
      )}
    </div>
  );
}

/** The statements page of a client: upload zone and list. */
export function DocumentsPage({ c, client, docs, canUpload, maxMb }: {
  c: C;
  client: { id: string; name: string };
  docs: DocumentJson[];
  canUpload: boolean;
  maxMb: number;
}) {
  const { t } = c.var.i18n;
  return (
    <>
      <p>
        <a href={`/clients/${client.id}`}>{client.name}</a>
      </p>
      <h1>{t("documents.title")}</h1>
      <p class="lead">{t("documents.lead", { client: client.name })}</p>
      {canUpload
        ? (
          <section class="card">
            <h2>{t("documents.upload.title")}</h2>
            <form
              method="post"
              action={`/clients/${client.id}/documents`}
              enctype="multipart/form-data"
              class="upload-zone"
              data-upload-url={`/api/v1/clients/${client.id}/documents`}
              hx-boost="false"
            >
              <label class="upload-drop" for="upload-files">
                <strong>{t("documents.upload.drop")}</strong>
                <span class="muted">{t("documents.upload.limit", { mb: maxMb })}</span>
              </label>
              <input id="upload-files" type="file" name="file" multiple accept=".pdf,.csv,.ofx,.qfx,.txt" required />
              <div class="form-actions">
                <button type="submit" class="button">{t("documents.upload.submit")}</button>
              </div>
              <ul class="upload-progress" aria-live="polite"></ul>
            </form>
          </section>
        )
        : null}
      <section class="card">
        <h2>{t("documents.list.title")}</h2>
        <div
          hx-get={`/clients/${client.id}/documents/list`}
          hx-trigger="documents-changed from:body"
          hx-swap="innerHTML"
        >
          <DocumentTable c={c} docs={docs} />
        </div>
      </section>
    </>
  );
}
