/** The body of an HTML error page (and the htmx error fragment). */
import type { I18n } from "../src/i18n/mod.ts";

/** Props of {@link ErrorPage}. */
export interface ErrorPageProps {
  i18n: I18n;
  status: number;
  title: string;
  detail: string;
  requestId: string;
}

/** A friendly error with the request id for support. */
export function ErrorPage({ i18n, status, title, detail, requestId }: ErrorPageProps) {
  return (
    <section class="error-page" role="alert">
      <p class="error-status">{status}</p>
      <h1>{title}</h1>
      <p>{detail}</p>
      <p class="muted">
        {i18n.t("error.request_id")}: <code>{requestId}</code>
      </p>
      <p>
        <a href="/">{i18n.t("error.back")}</a>
      </p>
    </section>
  );
}

/** The compact form htmx swaps into the page when a request fails. */
export function ErrorFragment({ title, detail }: ErrorPageProps) {
  return (
    <div class="flash flash-error" role="alert">
      <strong>{title}</strong> {detail}
    </div>
  );
}
