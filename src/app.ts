/**
 * createApp(deps) → the Hono application: middleware, route modules, error handling.
 * No module-level singletons: tests build as many isolated apps as they like.
 */
import { Hono } from "hono";
import { compress } from "hono/compress";
import { methodNotAllowed } from "hono/method-not-allowed";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { authenticate } from "./auth/authenticate.ts";
import type { TokenSigner } from "./auth/tokens.ts";
import type { Cache } from "./cache.ts";
import type { Config } from "./config.ts";
import type { Sql } from "./db/client.ts";
import type { Migration } from "./db/migrate.ts";
import type { KeyRing } from "./crypto/keyring.ts";
import { MethodNotAllowedError, NotFoundError } from "./errors.ts";
import type { AppEnv } from "./http/env.ts";
import { errorResponse, toAppError } from "./http/error_response.ts";
import { ApiRegistry } from "./http/openapi.ts";
import { sameOrigin } from "./http/csrf.ts";
import { requestLog } from "./http/request_log.ts";
import type { StaticAssets } from "./http/static_assets.ts";
import { createI18n, negotiateLocale } from "./i18n/mod.ts";
import type { Logger } from "./logger.ts";
import type { Mailer } from "./mail.ts";
import type { FileStore } from "./storage/file_store.ts";
import { documentRoutes } from "./routes/documents.tsx";
import { csvMappingRoutes } from "./routes/csv_mapping.tsx";
import { ledgerApiRoutes } from "./routes/ledger_api.tsx";
import type { Metrics } from "./metrics.ts";
import { accountRoutes } from "./routes/account.tsx";
import { auditRoutes } from "./routes/audit.tsx";
import { authRoutes } from "./routes/auth.tsx";
import { clientRoutes } from "./routes/clients.tsx";
import { firmRoutes } from "./routes/firm.tsx";
import { inviteRoutes } from "./routes/invites.tsx";
import { apiDocsRoutes } from "./routes/api_docs.tsx";
import { homeRoutes } from "./routes/home.tsx";
import { reportRoutes } from "./routes/reports.tsx";
import { reviewRoutes } from "./routes/review.tsx";
import { ruleRoutes } from "./routes/rules.tsx";
import { transactionRoutes } from "./routes/transactions.tsx";
import { templateRoutes } from "./routes/templates.tsx";
import { exportRoutes } from "./routes/exports.tsx";
import { systemRoutes } from "./routes/system.tsx";

/** Everything the web application depends on. */
export interface AppDeps {
  config: Config;
  sql: Sql;
  cache: Cache;
  logger: Logger;
  metrics: Metrics;
  assets: StaticAssets;
  migrations: Migration[];
  startedAt: Date;
  /** Signs and verifies access tokens. */
  signer: TokenSigner;
  /** Encrypts secrets and sensitive fields at rest. */
  keyring: KeyRing;
  mailer: Mailer;
  /** Where uploaded documents are stored (encrypted). */
  files: FileStore;
}

/** Route modules receive the deps and the API registry they document themselves in. */
export interface RouteDeps extends AppDeps {
  api: ApiRegistry;
}

const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Builds the application. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const api = new ApiRegistry();
  const routeDeps: RouteDeps = { ...deps, api };

  app.use(requestId({ headerName: "X-Request-Id" }));
  app.use(async (c, next) => {
    c.set("i18n", createI18n(negotiateLocale(c.req.header("Accept-Language"))));
    c.set("assets", deps.assets);
    await next();
  });
  app.use(requestLog({ logger: deps.logger, metrics: deps.metrics }));
  app.use(secureHeaders({
    contentSecurityPolicy: CSP,
    strictTransportSecurity: deps.config.publicUrl?.startsWith("https:")
      ? "max-age=63072000; includeSubDomains"
      : false,
    referrerPolicy: "same-origin",
    // A route may send a stricter policy of its own (the sandboxed template preview).
    overwrite: false,
  }));
  app.use(compress());
  app.use("/static/*", deps.assets.middleware());
  const secureCookies = deps.config.publicUrl?.startsWith("https:") ?? false;
  app.use(sameOrigin({ publicOrigin: deps.config.publicUrl ? new URL(deps.config.publicUrl).origin : undefined }));
  app.use(authenticate({ sql: deps.sql, signer: deps.signer, secureCookies }));
  app.use(methodNotAllowed({
    app,
    onMethodNotAllowed: (c, methods) => errorResponse(c, new MethodNotAllowedError(c.req.method, methods)),
  }));

  app.route("/", homeRoutes(routeDeps));
  app.route("/", systemRoutes(routeDeps));
  app.route("/", apiDocsRoutes(routeDeps));
  app.route("/", authRoutes(routeDeps));
  app.route("/", clientRoutes(routeDeps));
  app.route("/", firmRoutes(routeDeps));
  app.route("/", inviteRoutes(routeDeps));
  app.route("/", documentRoutes(routeDeps));
  app.route("/", csvMappingRoutes(routeDeps));
  app.route("/", ledgerApiRoutes(routeDeps));
  app.route("/", accountRoutes(routeDeps));
  app.route("/", auditRoutes(routeDeps));
  app.route("/", reviewRoutes(routeDeps));
  app.route("/", reportRoutes(routeDeps));
  app.route("/", ruleRoutes(routeDeps));
  app.route("/", transactionRoutes(routeDeps));
  app.route("/", templateRoutes(routeDeps));
  app.route("/", exportRoutes(routeDeps));

  app.notFound((c) => errorResponse(c, new NotFoundError()));
  app.onError((error, c) => errorResponse(c, toAppError(error, deps.logger, c.var.requestId)));
  return app;
}
