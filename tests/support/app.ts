/** Builds an isolated app on a fresh test database, capturing log lines for assertions. */
import { createApp } from "../../src/app.ts";
import { MemoryCache } from "../../src/cache.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { readMigrations } from "../../src/db/migrate.ts";
import { loadStaticAssets } from "../../src/http/static_assets.ts";
import { createLogger } from "../../src/logger.ts";
import { Metrics } from "../../src/metrics.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";

/** An app plus what it was built from. */
export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: TestDatabase;
  config: Config;
  metrics: Metrics;
  logs: Record<string, unknown>[];
  /** Shorthand for `app.request`. */
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** A test configuration: explicit secrets, nothing written to disk. */
export async function testConfig(env: Record<string, string> = {}): Promise<Config> {
  return await loadConfig({
    LEDGERFLOW_ENV: "test",
    LEDGERFLOW_DATA_DIR: await Deno.makeTempDir({ prefix: "ledgerflow-test-data-" }),
    LEDGERFLOW_ENCRYPTION_KEYS: "1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    LEDGERFLOW_SIGNING_KEYS: "k1:unused",
    LOG_LEVEL: "info",
    ...env,
  });
}

/** Creates a database and an app over it. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = await testConfig(env);
  const logs: Record<string, unknown>[] = [];
  const metrics = new Metrics();
  const app = createApp({
    config,
    sql: db.appSql,
    cache: new MemoryCache({ maxEntries: 1000 }),
    logger: createLogger("debug", (_level, line) => logs.push(JSON.parse(line))),
    metrics,
    assets: await loadStaticAssets(),
    migrations: await readMigrations(),
    startedAt: new Date(),
  });
  return {
    app,
    db,
    config,
    metrics,
    logs,
    request: async (path, init) => await app.request(path, init),
    async close() {
      await db.drop();
      await Deno.remove(config.dataDir, { recursive: true }).catch(() => {});
    },
  };
}
