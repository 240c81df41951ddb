/**
 * One structured log line per request (method, route template, status, ms, request id)
 * and the HTTP duration histogram, labelled by route template so ids do not explode it.
 */
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { AppEnv } from "./env.ts";

/** Options for {@link requestLog}. */
export interface RequestLogOptions {
  logger: Logger;
  metrics: Metrics;
}

/** Logs and measures every request once it has a response. */
export function requestLog({ logger, metrics }: RequestLogOptions): MiddlewareHandler<AppEnv> {
  return async function requestLog(c, next) {
    const t0 = performance.now();
    await next();
    const ms = performance.now() - t0;
    const template = routePath(c, -1);
    const route = !template || template.endsWith("*") ? (c.res.status === 404 ? "unmatched" : template) : template;
    const status = c.res.status;
    metrics.httpDuration.observe({ method: c.req.method, route, status: String(status) }, ms / 1000);
    const fields = {
      method: c.req.method,
      route,
      path: c.req.path,
      status,
      ms: Math.round(ms * 100) / 100,
      request_id: c.var.requestId,
    };
    if (status >= 500) logger.error("request", fields);
    else logger.info("request", fields);
  };
}
