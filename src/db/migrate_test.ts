import { assert, assertEquals, assertMatch, assertRejects } from "../../tests/support/assert.ts";
import { createTestDatabase } from "../../tests/support/db.ts";
import { createLogger } from "../logger.ts";
import { createSql } from "./client.ts";
import { migrate, MigrationError, migrationStatus, readMigrations } from "./migrate.ts";

const logger = createLogger("warn");

async function writeMigrations(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir();
  for (const [name, sql] of Object.entries(files)) await Deno.writeTextFile(`${dir}/${name}`, sql);
  return dir;
}

Deno.test("a fresh database gets graphile-worker's schema, then ours, recorded with checksums", async () => {
  const db = await createTestDatabase({ migrated: false });
  try {
    const migrations = await readMigrations();
    assertEquals((await migrationStatus(db.sql, migrations)).current, false);
    const applied = await migrate(db.sql, { connectionString: db.url, logger });
    assertEquals(applied, migrations.map((m) => m.name));
    const rows = await db.sql`select version, checksum from schema_migrations order by version`;
    assertEquals(rows.map((r) => r.checksum), migrations.map((m) => m.checksum));
    const [{ gw }] = await db.sql`select to_regclass('graphile_worker.jobs') is not null as gw`;
    assert(gw, "graphile-worker schema installed");
    assertEquals(await migrationStatus(db.sql, migrations), { applied: migrations.length, pending: [], current: true });
    assertEquals(await migrate(db.sql, { connectionString: db.url, logger }), [], "second run applies nothing");
  } finally {
    await db.drop();
  }
});

Deno.test("two processes migrating at once both succeed and apply each migration once", async () => {
  const db = await createTestDatabase({ migrated: false });
  const other = createSql(db.url, { max: 2 });
  try {
    const [a, b] = await Promise.all([
      migrate(db.sql, { connectionString: db.url, logger }),
      migrate(other, { connectionString: db.url, logger }),
    ]);
    const all = await readMigrations();
    assertEquals([...a, ...b].sort(), all.map((m) => m.name), "each applied by exactly one of them");
    const [{ n }] = await db.sql`select count(*)::int as n from schema_migrations`;
    assertEquals(n, all.length);
  } finally {
    await other.end();
    await db.drop();
  }
});

Deno.test("an applied migration that was edited stops migration with a clear message", async () => {
  const db = await createTestDatabase({ migrated: false });
  const dir = await writeMigrations({ "00001_one.sql": "create table one (id int);" });
  try {
    await migrate(db.sql, { connectionString: db.url, logger, migrations: await readMigrations(dir) });
    await Deno.writeTextFile(`${dir}/00001_one.sql`, "create table one (id bigint);");
    await Deno.writeTextFile(`${dir}/00002_two.sql`, "create table two (id int);");
    const error = await assertRejects(
      async () => migrate(db.sql, { connectionString: db.url, logger, migrations: await readMigrations(dir) }),
      MigrationError,
    );
    assertMatch(error.message, /00001_one\.sql was edited after it was applied .*add a new migration instead/);
    const [{ two }] = await db.sql`select to_regclass('public.two') is not null as two`;
    assertEquals(two, false, "nothing applied after the error");
  } finally {
    await Deno.remove(dir, { recursive: true });
    await db.drop();
  }
});

Deno.test("a failing migration rolls back every migration of that run", async () => {
  const db = await createTestDatabase({ migrated: false });
  const dir = await writeMigrations({
    "00001_ok.sql": "create table ok_table (id int);",
    "00002_bad.sql": "create table broken (id int; -- syntax error",
  });
  try {
    const error = await assertRejects(
      async () => migrate(db.sql, { connectionString: db.url, logger, migrations: await readMigrations(dir) }),
      MigrationError,
    );
    assertMatch(error.message, /^Cannot apply 00002_bad\.sql: /);
    const [{ ok }] = await db.sql`select to_regclass('public.ok_table') is not null as ok`;
    assertEquals(ok, false);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await db.drop();
  }
});

Deno.test("migration files must be numbered without gaps and named like 00001_name.sql", async () => {
  const gap = await writeMigrations({ "00001_a.sql": "", "00003_c.sql": "" });
  const badName = await writeMigrations({ "1_a.sql": "" });
  try {
    await assertRejects(() => readMigrations(gap), MigrationError, "expected version 2 but found 00003_c.sql");
    await assertRejects(() => readMigrations(badName), MigrationError, "name it like 00001_create_things.sql");
  } finally {
    await Deno.remove(gap, { recursive: true });
    await Deno.remove(badName, { recursive: true });
  }
});
