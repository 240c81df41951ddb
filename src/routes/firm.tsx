/** Routes: firm. */
import { Hono } from "hono";
import type { RouteDeps } from "../app.ts";
import type { AppEnv } from "../http/env.ts";

/** Mounts the firm routes. */
export function firmRoutes(_deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}
