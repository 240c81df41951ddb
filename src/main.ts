/**
 * LedgerFlow command line: `start` (web + worker), `web`, `worker`, `migrate`, `seed-demo`,
 * `parse`. Bad configuration ends the process with one line and exit code 2.
 */
import { ConfigError, loadConfig } from "./config.ts";
import { MigrationError } from "./db/migrate.ts";
import { createLogger } from "./logger.ts";
import { openDatabase, runMigrations, runServices } from "./runtime.ts";
import { APP_ROLE, createSql } from "./db/client.ts";
import { parseKeyRing } from "./crypto/keyring.ts";
import { rotateKeys } from "./crypto/rotate.ts";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "./tasks/seed_demo.ts";

async function runRotation(url: string, encryptionKeys: string) {
  const sql = createSql(url, { max: 2 });
  try {
    const counts = await rotateKeys(sql, parseKeyRing(encryptionKeys), { onProgress: (m) => console.log(m) });
    for (const [column, n] of Object.entries(counts)) console.log(`${column}: ${n} value(s) re-encrypted`);
  } finally {
    await sql.end();
  }
}

async function runSeed(url: string, encryptionKeys: string) {
  const sql = createSql(url, { max: 2, role: APP_ROLE });
  try {
    const created = await seedDemo(sql, parseKeyRing(encryptionKeys));
    console.log(created ? 'Created the demo firm "Demo Bookkeeping".' : "The demo firm already exists.");
    console.log(`Sign in with any of these (password: ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(9)} ${u.email}`);
  } finally {
    await sql.end();
  }
}

const USAGE = "usage: ledgerflow <start|web|worker|migrate|seed-demo|rotate-keys|parse>";

async function main(args: string[]): Promise<number> {
  const command = args[0] ?? "start";
  if (!["start", "web", "worker", "migrate", "seed-demo", "rotate-keys", "parse"].includes(command)) {
    console.error(`ledgerflow: unknown command "${command}"; ${USAGE}`);
    return 2;
  }
  if (command === "parse") {
    // No configuration, database or secrets: parsing a file is self-contained.
    const { runParseCli } = await import("./parsing/cli.ts");
    return await runParseCli(args.slice(1));
  }
  const bootLog = createLogger("info");
  const config = await loadConfig(Deno.env.toObject(), (message) => bootLog.warn(message));
  const logger = createLogger(config.logLevel);

  if (command === "migrate" || command === "seed-demo" || command === "rotate-keys") {
    const db = await openDatabase(config, logger);
    try {
      const applied = await runMigrations(db, logger);
      console.log(applied.length ? `Applied ${applied.join(", ")}` : "The database is up to date");
      if (command === "seed-demo") await runSeed(db.url, config.encryptionKeys);
      if (command === "rotate-keys") await runRotation(db.url, config.encryptionKeys);
    } finally {
      await db.embedded?.stop();
    }
    return 0;
  }
  await runServices(config, logger, { web: command !== "worker", worker: command !== "web" });
  return -1; // keep running until a signal
}

try {
  const code = await main(Deno.args);
  if (code >= 0) Deno.exit(code);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`ledgerflow: configuration error: ${error.message}`);
    Deno.exit(2);
  }
  if (error instanceof MigrationError) {
    console.error(`ledgerflow: ${error.message}`);
    Deno.exit(1);
  }
  console.error(`ledgerflow: ${(error as Error).message ?? error}`);
  Deno.exit(1);
}
