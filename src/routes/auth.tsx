/** Routes: auth. */
import { Hono } from "hono";
import type { RouteDeps } from "../app.ts";
import type { AppEnv } from "../http/env.ts";

/** Mounts the auth routes. */
export function authRoutes(_deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}
