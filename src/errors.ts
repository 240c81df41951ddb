/**
 * Typed errors. Handlers and domain code throw these; one `onError` in app.ts maps them to
 * problem+json (RFC 9457) under /api and to an HTML page or fragment elsewhere.
 */

/** Base class: an HTTP status, a short title and a detail a user can act on. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }
  /** A stable problem type URI for this error class. */
  get type(): string {
    return `https://ledgerflow.dev/problems/${this.title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  }
}

/** 400: the request cannot be understood. */
export class BadRequestError extends AppError {
  constructor(detail: string, extra?: Record<string, unknown>) {
    super(400, "Bad Request", detail, extra);
  }
}

/** 422: well-formed but invalid input; `errors` lists each field that is wrong. */
export class ValidationError extends AppError {
  constructor(detail: string, errors: { path: string; message: string }[]) {
    super(422, "Validation Failed", detail, { errors });
  }
}

/** 401: no or bad credentials. */
export class UnauthorizedError extends AppError {
  constructor(detail = "Sign in to continue") {
    super(401, "Unauthorized", detail);
  }
}

/** 403: signed in, but not allowed. */
export class ForbiddenError extends AppError {
  constructor(detail = "You do not have permission to do this") {
    super(403, "Forbidden", detail);
  }
}

/** 404: nothing there (or nothing the caller may see). */
export class NotFoundError extends AppError {
  constructor(detail = "The page or resource you asked for does not exist") {
    super(404, "Not Found", detail);
  }
}

/** 405: the path exists, the method does not. */
export class MethodNotAllowedError extends AppError {
  constructor(method: string, allowed: string[]) {
    super(405, "Method Not Allowed", `${method} is not supported here; use ${allowed.join(", ")}`, { allowed }, {
      Allow: allowed.join(", "),
    });
  }
}

/** 409: conflicts with the current state (e.g. a unique value already taken). */
export class ConflictError extends AppError {
  constructor(detail: string) {
    super(409, "Conflict", detail);
  }
}

/** 413: the body is larger than allowed. */
export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, "Payload Too Large", `The upload is larger than the limit of ${Math.round(limitBytes / 1048576)} MB`, {
      limit_bytes: limitBytes,
    });
  }
}

/** 415: a file type LedgerFlow does not accept. */
export class UnsupportedMediaTypeError extends AppError {
  constructor(detail: string) {
    super(415, "Unsupported Media Type", detail);
  }
}

/** 429: slow down; `retryAfter` seconds. */
export class TooManyRequestsError extends AppError {
  constructor(retryAfter: number, detail = "Too many attempts; try again later") {
    super(429, "Too Many Requests", detail, { retry_after: retryAfter }, { "Retry-After": String(retryAfter) });
  }
}

/** 503: a dependency is down. */
export class ServiceUnavailableError extends AppError {
  constructor(detail: string) {
    super(503, "Service Unavailable", detail);
  }
}
