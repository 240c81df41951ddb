/** Routes: account. */
import { Hono } from "hono";
import type { RouteDeps } from "../app.ts";
import type { AppEnv } from "../http/env.ts";

/** Mounts the account routes. */
export function accountRoutes(_deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}
