/**
 * The Export menu of a client's transactions page: one download link per format, each carrying
 * the current filters. A native <details> menu, so it works without JavaScript; the links are
 * not boosted by htmx (they are files). It sits in the page header; when the filter bar refreshes
 * the results region, the links come along out of band, so an open menu stays open and current.
 */
import type { Context } from "hono";
import { EXPORT_FORMATS, PAGING } from "../src/exports/mod.ts";
import type { AppEnv } from "../src/http/env.ts";

type C = Context<AppEnv>;

/** The export URL of a transactions page path and its filter query, for one format. */
export function exportUrl(path: string, query: string, format: string): string {
  const params = new URLSearchParams(query);
  for (const key of PAGING) params.delete(key);
  params.set("format", format);
  return `${path}/export?${params}`;
}

/** Whether `path` is a client's transactions page (the only place with exports). */
const exportable = (path: string) => /^\/clients\/[^/]+\/transactions$/.test(path);

/** The links, one per format; `oob` when the results region is refreshed (htmx out-of-band swap). */
export function ExportLinks({ c, path, query, oob }: { c: C; path: string; query: string; oob?: boolean }) {
  if (!exportable(path)) return null;
  const { t } = c.var.i18n;
  return (
    <ul id="ws-export-links" aria-label={t("exports.menu.label")} hx-swap-oob={oob ? "true" : undefined}>
      {EXPORT_FORMATS.map((format) => (
        <li>
          <a href={exportUrl(path, query, format)} hx-boost="false" download>{t(`exports.format.${format}`)}</a>
        </li>
      ))}
    </ul>
  );
}

/** The menu, on a client's transactions page (nothing elsewhere). */
export function ExportMenu({ c, path, query }: { c: C; path: string; query: string }) {
  if (!exportable(path)) return null;
  const { t } = c.var.i18n;
  return (
    <details class="ws-export">
      <summary class="button button-small button-secondary">
        <span aria-hidden="true">⤓</span> {t("exports.menu")}
      </summary>
      <div class="ws-export-menu">
        <ExportLinks c={c} path={path} query={query} />
        <p class="hint">{t("exports.menu.hint")}</p>
      </div>
    </details>
  );
}
