/**
 * The migrated template database that every test database is cloned from. Its name carries
 * a hash of the migrations, so a changed migration builds a new template.
 */
import postgres from "postgres";
import { migrate, readMigrations } from "../../src/db/migrate.ts";
import { createLogger } from "../../src/logger.ts";

/** Replaces the database name in a connection URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Returns the name of an up-to-date template on the server at `adminUrl`, building it if needed. */
export async function ensureTemplate(adminUrl: string): Promise<string> {
  const migrations = await readMigrations();
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(migrations.map((m) => m.checksum).join())),
  );
  const name = `lf_template_${Array.from(digest.subarray(0, 6), (b) => b.toString(16).padStart(2, "0")).join("")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [found] = await admin`select 1 from pg_database where datname = ${name}`;
    if (found) return name;
    const building = `${name}_build_${crypto.randomUUID().slice(0, 8)}`;
    await admin.unsafe(`create database ${building}`);
    const url = withDatabase(adminUrl, building);
    const sql = postgres(url, { max: 2, onnotice: () => {} });
    try {
      await migrate(sql, { connectionString: url, logger: createLogger("warn"), migrations });
    } finally {
      await sql.end();
    }
    try {
      await admin.unsafe(`alter database ${building} rename to ${name}`);
    } catch (error) {
      // Another run finished the same template first: use theirs.
      await admin.unsafe(`drop database if exists ${building}`);
      if ((error as { code?: string }).code !== "42P04") throw error;
    }
    return name;
  } finally {
    await admin.end();
  }
}
