/** The OpenAPI document (`/api/v1/openapi.json`) and its human-readable page (`/api/docs`). */
import { Hono } from "hono";
import type { RouteDeps } from "../app.ts";
import type { AppEnv } from "../http/env.ts";
import { guard } from "../http/policy.ts";
import { VERSION } from "../version.ts";
import { Layout } from "../../views/Layout.tsx";
import { ApiDocsPage } from "../../views/ApiDocsPage.tsx";

/** Mounts the API documentation routes. */
export function apiDocsRoutes({ api }: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let cached: Record<string, unknown> | undefined;
  const document = () =>
    cached ??= api.document({
      title: "LedgerFlow API",
      version: VERSION,
      description:
        "JSON API of LedgerFlow. Money is a decimal string in the account's currency; errors are RFC 9457 problem details.",
    });
  app.get("/api/v1/openapi.json", guard("public"), (c) => c.json(document()));
  app.get(
    "/api/docs",
    guard("public"),
    (c) => c.html(Layout({ c, title: c.var.i18n.t("api.title"), children: ApiDocsPage({ c, document: document() }) })),
  );
  return app;
}
