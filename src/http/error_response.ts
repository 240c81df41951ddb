/**
 * Maps any thrown value to a response: problem+json (RFC 9457) under /api, an HTML error
 * page elsewhere, or an error fragment for htmx. Unknown errors become a 500 with no detail.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import { AppError, ConflictError, ValidationError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { ErrorFragment, ErrorPage } from "../../views/ErrorPage.tsx";
import { Layout } from "../../views/Layout.tsx";
import type { AppEnv } from "./env.ts";
import { isApiRequest, isFragmentRequest } from "./represent.ts";

/** Turns an error into the AppError a user should see. */
export function toAppError(error: unknown, logger: Logger, requestId: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    return new ValidationError(
      "The request is not valid",
      error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  if (error instanceof HTTPException) {
    return new AppError(error.status, error.message || "Error", error.message || "The request cannot be handled");
  }
  if ((error as { code?: string })?.code === "23505") {
    return new ConflictError("That value is already taken");
  }
  logger.error("unhandled error", { error, request_id: requestId });
  return new AppError(500, "Internal Server Error", "An unexpected error occurred; it has been logged");
}

/** Renders an AppError for the kind of request at hand. */
export function errorResponse(c: Context<AppEnv>, error: AppError): Response | Promise<Response> {
  const requestId = c.var.requestId ?? "";
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  const status = error.status as 400;
  if (isApiRequest(c)) {
    const body = {
      type: error.type,
      title: error.title,
      status: error.status,
      detail: error.message,
      instance: c.req.path,
      request_id: requestId,
      ...error.extra,
    };
    return c.body(JSON.stringify(body), status, { "Content-Type": "application/problem+json" });
  }
  const props = { i18n: c.var.i18n, status: error.status, title: error.title, detail: error.message, requestId };
  c.header("Vary", "HX-Request", { append: true });
  if (isFragmentRequest(c)) {
    // htmx does not swap 4xx/5xx by default; target a flash area explicitly.
    c.header("HX-Retarget", "#flash");
    c.header("HX-Reswap", "innerHTML");
    return c.html(ErrorFragment(props), status);
  }
  return c.html(Layout({ c, title: error.title, children: ErrorPage(props) }), status);
}
