/**
 * One handler, two representations (DESIGN.md): a route computes its data once, then
 * `respond` serves JSON under /api (shaped by a zod schema) or HTML elsewhere — the full
 * page, or only the fragment when htmx asks (HX-Request), with `Vary: HX-Request`.
 */
import type { Context, Hono } from "hono";
import type { z } from "zod";
import type { AppEnv } from "./env.ts";
import type { ApiRegistry } from "./openapi.ts";
import { guard, type Policy } from "./policy.ts";
import { isApiRequest, isFragmentRequest } from "./request_kind.ts";

export { isApiRequest, isFragmentRequest };
import { Layout } from "../../views/Layout.tsx";

/** What hono/jsx components return. */
export type Html = ReturnType<typeof Layout>;

/** The two faces of a resource. */
export interface Representation<T> {
  /** The JSON shape (also the OpenAPI response schema). */
  schema: z.ZodType<T>;
  /** Page title (already translated). */
  title(data: T, c: Context<AppEnv>): string;
  /** The page body, placed inside the Layout. */
  page(data: T, c: Context<AppEnv>): Html;
  /** What htmx swaps in; defaults to the page body. */
  fragment?(data: T, c: Context<AppEnv>): Html;
}

/** Renders `data` as JSON (API) or HTML (page or fragment). */
export function respond<T>(
  c: Context<AppEnv>,
  rep: Representation<T>,
  data: T,
  status: 200 | 201 | 202 | 503 = 200,
): Response | Promise<Response> {
  c.header("Vary", "HX-Request", { append: true });
  if (isApiRequest(c)) return c.json(rep.schema.parse(data) as object, status);
  if (isFragmentRequest(c)) return c.html((rep.fragment ?? rep.page)(data, c), status);
  return c.html(
    Layout({ c, title: rep.title(data, c), children: rep.page(data, c) }),
    status,
  );
}

/** Options for {@link dualGet}. */
export interface DualGetSpec<T> {
  /** Page path, e.g. `/status`; the API path is `/api/v1` + this. */
  path: string;
  summary: string;
  tags: string[];
  /** Who may call it (see http/policy.ts). */
  policy: Policy;
  query?: z.ZodObject;
  representation: Representation<T>;
  /** Status for the response (e.g. 503 when the data says "not ready"). */
  status?: (data: T) => 200 | 503;
}

/** Registers GET `path` (HTML) and GET `/api/v1{path}` (JSON) on one loader, and documents the API. */
export function dualGet<T>(
  app: Hono<AppEnv>,
  api: ApiRegistry,
  spec: DualGetSpec<T>,
  load: (c: Context<AppEnv>) => Promise<T>,
): void {
  const apiPath = `/api/v1${spec.path}`;
  api.add({
    method: "get",
    path: apiPath,
    summary: spec.summary,
    tags: spec.tags,
    query: spec.query,
    responses: { 200: { description: spec.summary, schema: spec.representation.schema } },
  });
  app.get(spec.path, guard(spec.policy), async (c) => {
    const data = await load(c);
    return respond(c, spec.representation, data, spec.status?.(data) ?? 200);
  });
  app.get(apiPath, guard(spec.policy), async (c) => {
    const data = await load(c);
    return respond(c, spec.representation, data, spec.status?.(data) ?? 200);
  });
}
