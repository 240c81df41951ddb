/**
 * Request bodies for both faces of a route: JSON under /api, form fields on pages. The same
 * zod schema validates both; failures become a 422 ValidationError listing each field.
 */
import type { Context } from "hono";
import type { z } from "zod";
import { BadRequestError, ValidationError } from "../errors.ts";
import { isApiRequest } from "./represent.ts";

/** Largest JSON or form body accepted by these routes (uploads have their own limit). */
const MAX_BODY_BYTES = 1024 * 1024;

/** Parses and validates the body; throws 400 for unreadable bodies, 422 for invalid fields. */
export async function readInput<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const length = Number(c.req.header("Content-Length") ?? 0);
  if (length > MAX_BODY_BYTES) throw new BadRequestError("The request body is too large");
  let raw: unknown;
  if (isApiRequest(c)) {
    const type = c.req.header("Content-Type") ?? "";
    if (!type.includes("application/json")) {
      throw new BadRequestError("Send a JSON body (Content-Type: application/json)");
    }
    try {
      raw = await c.req.json();
    } catch {
      throw new BadRequestError("The request body is not valid JSON");
    }
  } else {
    try {
      const form = await c.req.parseBody({ all: true });
      raw = Object.fromEntries(Object.entries(form).map(([k, v]) => [k.replace(/\[\]$/, ""), v]));
    } catch {
      throw new BadRequestError("The form could not be read");
    }
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new ValidationError(
      "Some fields need attention",
      result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  return result.data;
}

/** Field errors of a ValidationError keyed by field name (for inline messages on pages). */
export function fieldErrors(error: ValidationError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of (error.extra.errors as { path: string; message: string }[]) ?? []) out[e.path] ??= e.message;
  return out;
}
