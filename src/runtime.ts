/**
 * Process lifecycle shared by the `start`, `web`, `worker` and `migrate` commands: open the
 * database (embedded when DATABASE_URL is unset), migrate, run the web server and/or the
 * worker, and shut everything down in order on SIGINT/SIGTERM.
 */
import { createApp } from "./app.ts";
import { createCache } from "./cache.ts";
import type { Config } from "./config.ts";
import { APP_ROLE, createSql, type Sql } from "./db/client.ts";
import { type EmbeddedServer, startEmbeddedPostgres } from "./db/embedded.ts";
import { migrate, readMigrations } from "./db/migrate.ts";
import { loadStaticAssets } from "./http/static_assets.ts";
import { TokenSigner } from "./auth/tokens.ts";
import { parseKeyRing } from "./crypto/keyring.ts";
import { createFileStore } from "./storage/file_store.ts";
import { createMailer } from "./mail.ts";
import type { Logger } from "./logger.ts";
import { Metrics } from "./metrics.ts";
import { startWorker, type WorkerHandle } from "./worker/runner.ts";

/** A database connection string plus, for the embedded server, how to stop it. */
export interface Database {
  url: string;
  embedded?: EmbeddedServer;
}

/** Uses DATABASE_URL, or starts the embedded PostgreSQL under the data dir. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = await startEmbeddedPostgres({
    dir: `${config.dataDir}/postgres`,
    port: config.embeddedPostgresPort,
    database: "ledgerflow",
    logger,
  });
  logger.info("embedded PostgreSQL started", { port: embedded.port, dir: `${config.dataDir}/postgres` });
  return { url: embedded.url, embedded };
}

/** Applies pending migrations (graphile-worker's first). */
export async function runMigrations(db: Database, logger: Logger): Promise<string[]> {
  const sql = createSql(db.url, { max: 2, applicationName: "ledgerflow-migrate" });
  try {
    return await migrate(sql, { connectionString: db.url, logger });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Which parts run in this process. */
export interface Roles {
  web: boolean;
  worker: boolean;
}

/** Runs the web server and/or worker until a signal arrives, then shuts down gracefully. */
export async function runServices(config: Config, logger: Logger, roles: Roles): Promise<void> {
  const db = await openDatabase(config, logger);
  let sql: Sql | undefined;
  let worker: WorkerHandle | undefined;
  let server: Deno.HttpServer | undefined;
  let shuttingDown = false;

  const shutdown = async (reason: string) => {
    if (shuttingDown) {
      logger.warn("second signal: exiting now");
      await db.embedded?.stop().catch(() => {});
      Deno.exit(1);
    }
    shuttingDown = true;
    logger.info("shutting down", { reason, timeout_ms: config.shutdownTimeoutMs });
    const bounded = (p: Promise<unknown>) =>
      Promise.race([p.catch(() => {}), new Promise((r) => setTimeout(r, config.shutdownTimeoutMs))]);
    if (server) await bounded(server.shutdown());
    if (worker) await worker.stop(config.shutdownTimeoutMs);
    if (sql) await sql.end({ timeout: 5 }).catch(() => {});
    if (db.embedded) {
      await db.embedded.stop().catch((error) => logger.error("cannot stop embedded PostgreSQL", { error }));
      logger.info("embedded PostgreSQL stopped");
    }
    Deno.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => void shutdown(signal));
  }

  try {
    await runMigrations(db, logger);
    sql = createSql(db.url, { max: config.databasePoolSize, applicationName: "ledgerflow", role: APP_ROLE });
    const metrics = new Metrics();
    if (roles.worker) {
      worker = await startWorker({
        connectionString: db.url,
        concurrency: config.workerConcurrency,
        deps: { sql, logger, config },
        metrics,
        heartbeatMs: config.workerHeartbeatSeconds * 1000,
        deadAfterSeconds: config.workerDeadAfterSeconds,
      });
    }
    if (roles.web) {
      const app = createApp({
        config,
        sql,
        cache: createCache({ upstash: config.upstash, maxEntries: config.cacheMaxEntries }),
        logger,
        metrics,
        assets: await loadStaticAssets(),
        migrations: await readMigrations(),
        startedAt: new Date(),
        signer: await TokenSigner.fromConfig(config.signingKeys),
        keyring: parseKeyRing(config.encryptionKeys),
        files: createFileStore(config.dataDir, parseKeyRing(config.encryptionKeys)),
        mailer: createMailer(config.smtpUrl, logger),
      });
      server = Deno.serve({
        hostname: config.host,
        port: config.port,
        onListen: ({ hostname, port }) => {
          const url = config.publicUrl ?? `http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`;
          logger.info("LedgerFlow is running", { url });
          console.log(`\n  LedgerFlow is running at ${url}\n  Press Ctrl-C to stop.\n`);
        },
      }, app.fetch);
    }
  } catch (error) {
    logger.error("cannot start", { error });
    await worker?.stop(1000);
    await shutdownAfterFailure(db, sql);
    throw error;
  }
}

async function shutdownAfterFailure(db: Database, sql: Sql | undefined) {
  await sql?.end({ timeout: 1 }).catch(() => {});
  await db.embedded?.stop().catch(() => {});
}
