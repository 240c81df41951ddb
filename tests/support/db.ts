/**
 * A fresh database per test file, cloned from the migrated template, so test files run in
 * parallel and never see each other's rows. `deno task test` provides the server.
 */
import { APP_ROLE, createSql, type Sql } from "../../src/db/client.ts";
import postgres from "postgres";
import { ensureTemplate, withDatabase } from "./template.ts";

/** A database for one test file. */
export interface TestDatabase {
  name: string;
  url: string;
  /** A pool on it as the owner, for setting up and inspecting (closed by `drop`). */
  sql: Sql;
  /** A pool as the application role, subject to row-level security (closed by `drop`). */
  appSql: Sql;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** The server tests use: set by tests/run.ts, or DATABASE_URL when a file runs on its own. */
export function testServerUrl(): string {
  const url = Deno.env.get("LEDGERFLOW_TEST_ADMIN_URL") ?? Deno.env.get("DATABASE_URL");
  if (!url) {
    throw new Error("Cannot create a test database: run the tests with `deno task test`, or set DATABASE_URL");
  }
  return url;
}

/** Creates a database cloned from the template (`migrated: false` gives an empty one). */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = testServerUrl();
  const template = opts.migrated === false
    ? "template0"
    : Deno.env.get("LEDGERFLOW_TEST_TEMPLATE") ?? await ensureTemplate(adminUrl);
  const name = `lf_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    for (let attempt = 1;; attempt++) {
      try {
        await admin.unsafe(`create database ${name} template ${template}`);
        break;
      } catch (error) {
        // Concurrent clones of one template can collide briefly; try again.
        if (attempt >= 5 || (error as { code?: string }).code !== "55006") throw error;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const sql = createSql(url, { max: 5, applicationName: "ledgerflow-test" });
  const appSql = createSql(url, { max: 5, applicationName: "ledgerflow-test-app", role: APP_ROLE });
  return {
    name,
    url,
    sql,
    appSql,
    async drop() {
      await appSql.end({ timeout: 5 });
      await sql.end({ timeout: 5 });
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}
