/** The page shell: head (our CSS and htmx only), skip link, navigation, main, footer. */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
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
  const nav = [
    { href: "/", label: t("nav.home") },
    { href: "/status", label: t("nav.status") },
    { href: "/api/docs", label: t("nav.api") },
  ];
  return (
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
                  <a href={item.href} aria-current={isCurrent(path, item.href) ? "page" : undefined}>{item.label}</a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <div id="flash" class="flash-region" aria-live="polite"></div>
        <main id="main" tabindex={-1}>{children}</main>
        <footer class="site-footer">
          <p>{t("footer.text")}</p>
        </footer>
      </body>
    </html>
  );
}

function isCurrent(path: string, href: string): boolean {
  return href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
}
