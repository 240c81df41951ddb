/** Builds an isolated app on a fresh test database, capturing log lines for assertions. */
import { createApp } from "../../src/app.ts";
import { type Cache, MemoryCache } from "../../src/cache.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { readMigrations } from "../../src/db/migrate.ts";
import { loadStaticAssets } from "../../src/http/static_assets.ts";
import { createLogger } from "../../src/logger.ts";
import { Metrics } from "../../src/metrics.ts";
import { TokenSigner } from "../../src/auth/tokens.ts";
import { parseKeyRing } from "../../src/crypto/keyring.ts";
import { createFileStore } from "../../src/storage/file_store.ts";
import { LogMailer } from "../../src/mail.ts";
import { generateSecrets, type Secrets } from "../../src/secrets.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";

/** An app plus what it was built from. */
export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: TestDatabase;
  config: Config;
  metrics: Metrics;
  logs: Record<string, unknown>[];
  /** The app's cache (tests may pre-seed throttling counters). */
  cache: Cache;
  /** Mail the app "sent" (logged, not delivered). */
  mailer: LogMailer;
  /** Shorthand for `app.request`. */
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

let secrets: Promise<Secrets> | undefined;

/** A test configuration: fresh secrets (generated once per test file), nothing written to disk. */
export async function testConfig(env: Record<string, string> = {}): Promise<Config> {
  const generated = await (secrets ??= generateSecrets());
  return await loadConfig({
    LEDGERFLOW_ENV: "test",
    LEDGERFLOW_DATA_DIR: await Deno.makeTempDir({ prefix: "ledgerflow-test-data-" }),
    LEDGERFLOW_ENCRYPTION_KEYS: generated.encryptionKeys,
    LEDGERFLOW_SIGNING_KEYS: generated.signingKeys,
    LOG_LEVEL: "info",
    ...env,
  });
}

/** Creates a database and an app over it. */
export async function createTestApp(
  env: Record<string, string> = {},
  opts: { cache?: Cache } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = await testConfig(env);
  const logs: Record<string, unknown>[] = [];
  const metrics = new Metrics();
  const logger = createLogger("debug", (_level, line) => logs.push(JSON.parse(line)));
  const mailer = new LogMailer(logger);
  const cache = opts.cache ?? new MemoryCache({ maxEntries: 1000 });
  const app = createApp({
    config,
    sql: db.appSql,
    cache,
    logger,
    metrics,
    assets: await loadStaticAssets(),
    migrations: await readMigrations(),
    startedAt: new Date(),
    signer: await TokenSigner.fromConfig(config.signingKeys),
    keyring: parseKeyRing(config.encryptionKeys),
    files: createFileStore(config.dataDir, parseKeyRing(config.encryptionKeys)),
    mailer,
  });
  return {
    app,
    db,
    config,
    metrics,
    logs,
    mailer,
    cache,
    request: async (path, init) => await app.request(path, init),
    async close() {
      await db.drop();
      await Deno.remove(config.dataDir, { recursive: true }).catch(() => {});
    },
  };
}
