/** The home page. */
import { Hono } from "hono";
import type { RouteDeps } from "../app.ts";
import type { AppEnv } from "../http/env.ts";
import { Layout } from "../../views/Layout.tsx";
import { HomePage } from "../../views/HomePage.tsx";

/** GET / */
export function homeRoutes(_deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", (c) => c.html(Layout({ c, title: c.var.i18n.t("home.title"), children: HomePage({ c }) })));
  return app;
}
