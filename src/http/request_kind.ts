/** What kind of response a request wants. */
import type { Context } from "hono";

/** True for requests to the JSON API. */
export function isApiRequest(c: Context): boolean {
  return c.req.path === "/api" || c.req.path.startsWith("/api/");
}

/** True when htmx asks for a fragment (and not a boosted full navigation). */
export function isFragmentRequest(c: Context): boolean {
  return c.req.header("HX-Request") === "true" && c.req.header("HX-Boosted") !== "true";
}
