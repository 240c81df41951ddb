/** The home page. */
import { Hono } from "hono";
import type { RouteDeps } from "../app.ts";
import type { AppEnv } from "../http/env.ts";
import { guard } from "../http/policy.ts";
import { Layout } from "../../views/Layout.tsx";
import { HomePage } from "../../views/HomePage.tsx";

/** GET / */
export function homeRoutes({ sql }: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", guard("public"), async (c) => {
    if (c.var.principal) return c.redirect("/clients", 303);
    // First run: an empty installation leads to "create your firm", not a sign-in wall.
    const [{ exists }] = await sql<{ exists: boolean }[]>`select any_firm_exists() as exists`;
    if (!exists) return c.redirect("/signup", 303);
    return c.html(Layout({ c, title: c.var.i18n.t("home.title"), children: HomePage({ c }) }));
  });
  return app;
}
