/**
 * Forward-only SQL migrations: numbered files in migrations/, applied in one transaction
 * under an advisory lock (so concurrent migrators serialize), recorded with a SHA-256
 * checksum. graphile-worker's own schema is installed first.
 */
import { Logger as WorkerLogger, runMigrations as runWorkerMigrations } from "graphile-worker";
import type { Sql } from "./client.ts";
import type { Logger } from "../logger.ts";

/** One migration file. */
export interface Migration {
  version: number;
  name: string;
  checksum: string;
  sql: string;
}

/** Thrown for a bad migrations folder or a database that disagrees with it. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

/** The folder of migrations shipped with LedgerFlow. */
export const MIGRATIONS_DIR = new URL("../../migrations/", import.meta.url);
const LOCK_KEY = 7_246_610_337;
const FILE_NAME = /^(\d{5})_([a-z0-9_]+)\.sql$/;

/** Reads and validates the migration files: numbered 00001, 00002, … with no gaps. */
export async function readMigrations(dir: URL | string = MIGRATIONS_DIR): Promise<Migration[]> {
  const out: Migration[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".sql")) continue;
    const match = FILE_NAME.exec(entry.name);
    if (!match) {
      throw new MigrationError(`Cannot read migration ${entry.name}: name it like 00001_create_things.sql`);
    }
    const sql = await Deno.readTextFile(new URL(entry.name, dir instanceof URL ? dir : `file://${dir}/`));
    out.push({ version: Number(match[1]), name: entry.name, checksum: await sha256(sql), sql });
  }
  out.sort((a, b) => a.version - b.version);
  out.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new MigrationError(`Cannot read migrations: expected version ${i + 1} but found ${m.name}`);
    }
  });
  return out;
}

/** What the database has applied compared with the files. */
export interface MigrationStatus {
  applied: number;
  pending: string[];
  current: boolean;
}

/** Compares the recorded migrations with the files; never writes. */
export async function migrationStatus(sql: Sql, migrations: Migration[]): Promise<MigrationStatus> {
  const [{ exists }] = await sql`select to_regclass('public.schema_migrations') is not null as exists`;
  const applied = exists ? await sql<{ version: number }[]>`select version from schema_migrations` : [];
  const done = new Set(applied.map((r) => r.version));
  const pending = migrations.filter((m) => !done.has(m.version)).map((m) => m.name);
  return { applied: done.size, pending, current: pending.length === 0 };
}

/**
 * Applies graphile-worker's migrations, then every pending LedgerFlow migration in one
 * transaction. Safe to run from several processes at once. Returns the names applied.
 */
export async function migrate(
  sql: Sql,
  opts: { connectionString: string; logger: Logger; migrations?: Migration[] },
): Promise<string[]> {
  const migrations = opts.migrations ?? await readMigrations();
  const lock = await sql.reserve();
  try {
    await lock`select pg_advisory_lock(${LOCK_KEY})`;
    await runWorkerMigrations({ connectionString: opts.connectionString, logger: quietWorkerLogger() });
    return await sql.begin(async (tx) => {
      await tx`create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`;
      const applied = await tx<{ version: number; name: string; checksum: string }[]>`
        select version, name, checksum from schema_migrations order by version`;
      const byVersion = new Map(migrations.map((m) => [m.version, m]));
      for (const row of applied) {
        const file = byVersion.get(row.version);
        if (!file) {
          throw new MigrationError(
            `Cannot migrate: the database has migration ${row.name}, which is not in migrations/; use a build that includes it`,
          );
        }
        if (file.checksum !== row.checksum) {
          throw new MigrationError(
            `Cannot migrate: ${file.name} was edited after it was applied (checksum ${
              row.checksum.slice(0, 12)
            } in the database, ${file.checksum.slice(0, 12)} on disk); restore it and add a new migration instead`,
          );
        }
      }
      const done = new Set(applied.map((r) => r.version));
      const names: string[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        try {
          await tx.unsafe(m.sql);
        } catch (error) {
          throw new MigrationError(`Cannot apply ${m.name}: ${(error as Error).message}`);
        }
        await tx`insert into schema_migrations (version, name, checksum) values (${m.version}, ${m.name}, ${m.checksum})`;
        names.push(m.name);
        opts.logger.info("applied migration", { migration: m.name });
      }
      return names;
    });
  } finally {
    await lock`select pg_advisory_unlock(${LOCK_KEY})`.catch(() => {});
    lock.release();
  }
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** graphile-worker logs through its own logger; keep it quiet during migrations. */
function quietWorkerLogger() {
  return new WorkerLogger(() => () => {});
}
