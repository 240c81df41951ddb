/** The page shell: head (our CSS and htmx only), skip link, navigation, main, footer. */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { can } from "../src/auth/permissions.ts";
import type { AppEnv } from "../src/http/env.ts";

/** Props of {@link Layout}. */
export interface LayoutProps {
  c: Context<AppEnv>;
  title: string;
  children: Child;
}

const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  historyCacheSize: 0,
  // Swap error responses too: the server retargets them into the #flash region.
  responseHandling: [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "[45]..", swap: true, error: true },
  ],
});

/** Wraps a page body in the full HTML document. */
export function Layout({ c, title, children }: LayoutProps) {
  const { t, locale } = c.var.i18n;
  const assets = c.var.assets;
  const path = c.req.path;
  const principal = c.var.principal;
  const nav = principal
    ? [
      { href: "/clients", label: t("nav.clients") },
      ...(can(principal.role, "clients.read") ? [{ href: "/review", label: t("nav.review"), badge: true }] : []),
      ...(can(principal.role, "ledger.edit") ? [{ href: "/rules", label: t("nav.rules") }] : []),
      ...(can(principal.role, "firm.settings") ? [{ href: "/templates", label: t("nav.templates") }] : []),
      ...(can(principal.role, "members.read") ? [{ href: "/firm", label: t("nav.firm") }] : []),
      ...(can(principal.role, "audit.read") ? [{ href: "/audit", label: t("nav.audit") }] : []),
      { href: "/account", label: t("nav.account") },
    ]
    : [
      { href: "/", label: t("nav.home") },
      { href: "/status", label: t("nav.status") },
      { href: "/api/docs", label: t("nav.api") },
    ];
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <title>{`${title} · ${t("app.name")}`}</title>
          <link rel="icon" href={assets.url("icons/logo.svg")} type="image/svg+xml" />
          <link rel="stylesheet" href={assets.url("css/app.css")} />
          <script src={assets.url("vendor/htmx.min.js")} defer></script>
          <script src={assets.url("js/upload.js")} defer></script>
          <script src={assets.url("js/workspace.js")} defer></script>
        </head>
        <body hx-boost="true">
          <a class="skip-link" href="#main">{t("nav.skip")}</a>
          <header class="site-header">
            <a class="brand" href="/">
              <img src={assets.url("icons/logo.svg")} alt="" width="28" height="28" />
              <span>{t("app.name")}</span>
            </a>
            <nav aria-label="Main">
              <ul>
                {nav.map((item) => (
                  <li>
                    <a href={item.href} aria-current={isCurrent(path, item.href) ? "page" : undefined}>
                      {item.label}
                      {"badge" in item && !(principal?.firmRequiresTwoFactor && !principal.twoFactorEnabled) && (
                        <span id="review-badge" hx-get="/review/badge" hx-trigger="load" hx-swap="outerHTML"></span>
                      )}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <div class="session">
              {principal
                ? (
                  <>
                    <span class="session-firm" title={principal.email}>
                      {principal.firmName} · {t(`role.${principal.role}`)}
                    </span>
                    <form method="post" action="/signout" class="inline-form">
                      <button type="submit" class="button button-secondary button-small">{t("auth.signout")}</button>
                    </form>
                  </>
                )
                : <a class="button button-small" href="/signin">{t("auth.signin.submit")}</a>}
            </div>
          </header>
          <div id="flash" class="flash-region" aria-live="polite"></div>
          <main id="main" tabindex={-1}>{children}</main>
          <footer class="site-footer">
            <p>{t("footer.text")}</p>
          </footer>
        </body>
      </html>
    </>
  );
}

function isCurrent(path: string, href: string): boolean {
  return href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
}
