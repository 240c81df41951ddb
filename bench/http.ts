/**
 * HTTP throughput and latency: a bare Hono `c.text("ok")` app (the reference), LedgerFlow's
 * /readyz and its /status page, all served by `Deno.serve` in this process on 127.0.0.1, over
 * a real, migrated PostgreSQL with an in-process worker (so /readyz is 200). A closed loop of
 * 50 concurrent fetches runs in a Web Worker; `wrk` adds a second opinion when installed.
 * Prints a markdown table and writes it to bench/README.md between the http markers.
 *
 *   deno task bench http        (DATABASE_URL is used when set, else an embedded PostgreSQL)
 */
import { Hono } from "hono";
import postgres from "postgres";
import { createApp } from "../src/app.ts";
import { MemoryCache } from "../src/cache.ts";
import { loadConfig } from "../src/config.ts";
import { APP_ROLE, createSql } from "../src/db/client.ts";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { readMigrations } from "../src/db/migrate.ts";
import { loadStaticAssets } from "../src/http/static_assets.ts";
import { createLogger } from "../src/logger.ts";
import { TokenSigner } from "../src/auth/tokens.ts";
import { createFileStore } from "../src/storage/file_store.ts";
import { parseKeyRing } from "../src/crypto/keyring.ts";
import { LogMailer } from "../src/mail.ts";
import { Metrics } from "../src/metrics.ts";
import { generateSecrets } from "../src/secrets.ts";
import { runMigrations } from "../src/runtime.ts";
import { startWorker } from "../src/worker/runner.ts";
import type { LoadOptions, LoadResult } from "./support/load.ts";
import { formatMarkdown, machineSummary, replaceSection } from "./support/report.ts";
import { runWrk, wrkAvailable, type WrkResult } from "./support/wrk.ts";

const CONCURRENCY = 50;
const WARMUP_MS = 1_000;
const DURATION_MS = 5_000;
const WRK_SECONDS = 3;
const README = new URL("./README.md", import.meta.url);
const OUT = new URL("./out/", import.meta.url);

/** Quiet logs, but the request log lines are still built (as in production) and then dropped. */
const logger = createLogger("info", () => {});
const cleanups: (() => Promise<unknown>)[] = [];
async function cleanup() {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((e) => console.error(`cleanup: ${e}`));
}
const onSignal = () => void cleanup().finally(() => Deno.exit(130));
Deno.addSignalListener("SIGINT", onSignal);

/** A scratch database on DATABASE_URL's server, or an embedded server in a temporary directory. */
async function openDatabase(): Promise<{ url: string; kind: string }> {
  const adminUrl = Deno.env.get("DATABASE_URL");
  if (adminUrl) {
    const name = `lf_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${name}`);
    } catch (error) {
      throw new Error(`Cannot create a scratch database on DATABASE_URL: ${(error as Error).message}`);
    } finally {
      await admin.end();
    }
    cleanups.push(async () => {
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${name} with (force)`).finally(() => admin.end());
    });
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return { url: url.toString(), kind: "DATABASE_URL" };
  }
  const dir = await Deno.makeTempDir({ prefix: "ledgerflow-bench-pg-" });
  await Deno.chmod(dir, 0o755);
  cleanups.push(() => Deno.remove(dir, { recursive: true }));
  console.log(`Starting an embedded PostgreSQL in ${dir} …`);
  const server = await startEmbeddedPostgres({ dir: `${dir}/data`, port: 55440, database: "ledgerflow", logger });
  cleanups.push(() => server.stop());
  return { url: server.url, kind: "embedded" };
}

/** Runs the Deno load loop in a Web Worker and returns its result. */
function load(opts: LoadOptions): Promise<LoadResult> {
  const worker = new Worker(new URL("./support/load_worker.ts", import.meta.url), { type: "module" });
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise<LoadResult>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Cannot finish the load on ${opts.url} in time`)), 60_000);
    worker.onmessage = (e) => e.data.error ? reject(new Error(e.data.error)) : resolve(e.data.result);
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(e.message));
    };
    worker.postMessage(opts);
  }).finally(() => {
    clearTimeout(timer);
    worker.terminate();
  });
}

interface Target {
  name: string;
  url: string;
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : "–";
const ms = (n: number) => `${fmt(n, n < 10 ? 2 : 1)} ms`;

function table(targets: Target[], results: LoadResult[], wrk: (WrkResult | undefined)[]): string {
  const withWrk = wrk.some(Boolean);
  const head = ["Target", "req/s", "p50", "p99", "vs reference", "errors"];
  if (withWrk) head.push("wrk req/s", "wrk p50", "wrk p99", "wrk vs reference");
  const rows = targets.map((t, i) => {
    const r = results[i];
    const w = wrk[i];
    const errors = `${r.errors}${w?.errors ? ` (wrk: ${w.errors})` : ""}`;
    const row = [t.name, fmt(r.rps), ms(r.p50), ms(r.p99), `${fmt(r.rps / results[0].rps, 2)}×`, errors];
    if (withWrk) {
      const ratio = w && wrk[0] ? `${fmt(w.rps / wrk[0].rps, 3)}×` : "–";
      row.push(w ? fmt(w.rps) : "–", w ? ms(w.p50) : "–", w ? ms(w.p99) : "–", ratio);
    }
    return row;
  });
  const align = head.map((_, i) => (i === 0 ? "---" : "--:"));
  return [head, align, ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

async function main() {
  const db = await openDatabase();
  await runMigrations({ url: db.url }, createLogger("warn"));
  const sql = createSql(db.url, { max: 10, applicationName: "ledgerflow-bench", role: APP_ROLE });
  cleanups.push(() => sql.end({ timeout: 5 }));
  const dataDir = await Deno.makeTempDir({ prefix: "ledgerflow-bench-data-" });
  cleanups.push(() => Deno.remove(dataDir, { recursive: true }));
  const secrets = await generateSecrets();
  const config = await loadConfig({
    LEDGERFLOW_ENV: "development",
    LEDGERFLOW_DATA_DIR: dataDir,
    LEDGERFLOW_ENCRYPTION_KEYS: secrets.encryptionKeys,
    LEDGERFLOW_SIGNING_KEYS: secrets.signingKeys,
    DATABASE_URL: db.url,
  });
  const metrics = new Metrics();
  const worker = await startWorker({
    connectionString: db.url,
    concurrency: 1,
    deps: { sql, logger, config },
    metrics,
  });
  cleanups.push(() => worker.stop(5_000));
  const app = createApp({
    config,
    sql,
    cache: new MemoryCache({ maxEntries: 1000 }),
    logger,
    metrics,
    assets: await loadStaticAssets(),
    migrations: await readMigrations(),
    startedAt: new Date(),
    signer: await TokenSigner.fromConfig(config.signingKeys),
    keyring: parseKeyRing(config.encryptionKeys),
    mailer: new LogMailer(logger),
    files: createFileStore(config.dataDir, parseKeyRing(config.encryptionKeys)),
  });
  const reference = new Hono().get("/", (c) => c.text("ok"));
  const serve = (fetch: (req: Request) => Response | Promise<Response>) => {
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, fetch);
    cleanups.push(() => server.shutdown());
    return `http://127.0.0.1:${server.addr.port}`;
  };
  const refUrl = serve(reference.fetch);
  const appUrl = serve(app.fetch);
  const targets: Target[] = [
    { name: 'Bare Hono `c.text("ok")` (reference)', url: `${refUrl}/` },
    { name: "LedgerFlow `/readyz` (JSON, checks the database)", url: `${appUrl}/readyz` },
    { name: "LedgerFlow `/status` (HTML page)", url: `${appUrl}/status` },
  ];
  for (const t of targets) {
    const res = await fetch(t.url);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${t.url} answered ${res.status}, expected 200: ${body.slice(0, 300)}`);
  }

  const results: LoadResult[] = [];
  for (const t of targets) {
    console.log(`Deno loop: ${t.url} — ${WARMUP_MS / 1000} s warm-up, ${DURATION_MS / 1000} s measured …`);
    results.push(await load({ url: t.url, concurrency: CONCURRENCY, warmupMs: WARMUP_MS, durationMs: DURATION_MS }));
  }
  const wrk: (WrkResult | undefined)[] = [];
  if (await wrkAvailable()) {
    for (const t of targets) {
      console.log(`wrk: ${t.url} — ${WRK_SECONDS} s …`);
      wrk.push(await runWrk(t.url, { connections: CONCURRENCY, threads: 1, seconds: WRK_SECONDS }));
    }
  } else {
    console.log("wrk is not installed: skipping the second opinion (apt-get install wrk)");
  }

  const pgVersion = (await sql`show server_version`)[0].server_version as string;
  const machine = await machineSummary();
  const markdown = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}, Deno ${Deno.version.deno}, ` +
    `PostgreSQL ${pgVersion.split(" ")[0]} (${db.kind}). ${CONCURRENCY} concurrent connections, ` +
    `${WARMUP_MS / 1000} s warm-up then ${DURATION_MS / 1000} s per target` +
    (wrk.length ? `; wrk: 1 thread, ${CONCURRENCY} connections, ${WRK_SECONDS} s per target.` : "."),
    "",
    table(targets, results, wrk),
  ].join("\n");
  console.log(`\n${markdown}\n`);
  await replaceSection(README, "http", markdown);
  await formatMarkdown(README);
  await Deno.mkdir(OUT, { recursive: true });
  await Deno.writeTextFile(new URL("http.json", OUT), JSON.stringify({ machine, targets, results, wrk }, null, 2));
  console.log(`Wrote bench/README.md and bench/out/http.json`);
}

try {
  await main();
} finally {
  await cleanup();
  Deno.removeSignalListener("SIGINT", onSignal);
}
