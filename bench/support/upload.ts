/**
 * Upload to rows committed, as a user sees it: the LedgerFlow app (app.request, no socket) and
 * an in-process graphile-worker over a migrated database, one firm with one client. Each upload
 * is timed from the start of the multipart POST until the documents row is final (polled every
 * 10 ms): its transactions are written in the same database transaction as that status.
 */
import { signUp } from "../../src/auth/accounts.ts";
import { startSession } from "../../src/auth/sessions.ts";
import { TokenSigner } from "../../src/auth/tokens.ts";
import { createApp } from "../../src/app.ts";
import { MemoryCache } from "../../src/cache.ts";
import { loadConfig } from "../../src/config.ts";
import { parseKeyRing } from "../../src/crypto/keyring.ts";
import { APP_ROLE, createSql } from "../../src/db/client.ts";
import { readMigrations } from "../../src/db/migrate.ts";
import { withFirm } from "../../src/db/tenant.ts";
import { FINAL_STATES } from "../../src/documents/documents.ts";
import { loadStaticAssets } from "../../src/http/static_assets.ts";
import type { Logger } from "../../src/logger.ts";
import { LogMailer } from "../../src/mail.ts";
import { Metrics } from "../../src/metrics.ts";
import { runMigrations } from "../../src/runtime.ts";
import { generateSecrets } from "../../src/secrets.ts";
import { createFileStore } from "../../src/storage/file_store.ts";
import { startWorker } from "../../src/worker/runner.ts";

/** One timed upload, in ms from the start of the request. */
export interface UploadTiming {
  /** The POST answered (file encrypted, stored, row and job inserted). */
  answered: number;
  /** First poll that saw the job running ("extracting"). */
  started: number;
  /** First poll that saw extraction done ("parsing"), if a poll fell in that window. */
  parsing?: number;
  /** The row is final: status and transactions committed. */
  committed: number;
  status: string;
  transactions: number;
  /** The job's own extract + parse + verify time (the statement's elapsed_ms). */
  parseMs?: number;
  /** The queue is empty again: the jobs that follow a parse (rules, links …) are done too. */
  settled: number;
}

/** A running app + worker on one database. */
export interface UploadRig {
  upload(name: string, pdf: Uint8Array): Promise<UploadTiming>;
  workerConcurrency: number;
  close(): Promise<void>;
}

const POLL_MS = 10;
const TIMEOUT_MS = 120_000;

/** Waits (polling every 10 ms, bounded) until graphile-worker has no job left. */
async function queueIdle(sql: ReturnType<typeof createSql>, since: number): Promise<void> {
  for (;;) {
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs`;
    if (n === 0) return;
    if (performance.now() - since > TIMEOUT_MS) {
      throw new Error(`The job queue is not empty after ${TIMEOUT_MS / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Migrates the database at `url`, starts a worker and an app, and signs up a firm with a client. */
export async function startUploadRig(url: string, logger: Logger): Promise<UploadRig> {
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const fn of closers.splice(0).reverse()) await fn().catch((e) => console.error(`cleanup: ${e}`));
  };
  try {
    await runMigrations({ url }, logger);
    const sql = createSql(url, { max: 10, applicationName: "ledgerflow-bench", role: APP_ROLE });
    closers.push(() => sql.end({ timeout: 5 }));
    const owner = createSql(url, { max: 2, applicationName: "ledgerflow-bench-poll" });
    closers.push(() => owner.end({ timeout: 5 }));
    const dataDir = await Deno.makeTempDir({ prefix: "ledgerflow-bench-data-" });
    closers.push(() => Deno.remove(dataDir, { recursive: true }));
    const secrets = await generateSecrets();
    const config = await loadConfig({
      LEDGERFLOW_ENV: "development",
      LEDGERFLOW_DATA_DIR: dataDir,
      LEDGERFLOW_ENCRYPTION_KEYS: secrets.encryptionKeys,
      LEDGERFLOW_SIGNING_KEYS: secrets.signingKeys,
      DATABASE_URL: url,
    });
    const metrics = new Metrics();
    const worker = await startWorker({
      connectionString: url,
      concurrency: config.workerConcurrency,
      deps: { sql, logger, config },
      metrics,
    });
    closers.push(() => worker.stop(10_000));
    const signer = await TokenSigner.fromConfig(config.signingKeys);
    const keyring = parseKeyRing(config.encryptionKeys);
    const app = createApp({
      config,
      sql,
      cache: new MemoryCache({ maxEntries: 1000 }),
      logger,
      metrics,
      assets: await loadStaticAssets(),
      migrations: await readMigrations(),
      startedAt: new Date(),
      signer,
      keyring,
      files: createFileStore(config.dataDir, keyring),
      mailer: new LogMailer(logger),
    });

    const { user, firm } = await signUp(sql, {
      firmName: "Bench Bookkeeping",
      email: `bench.${Date.now().toString(36)}@example.test`,
      password: "correct horse battery staple 42",
      name: "Bench Owner",
    }, { ip: "127.0.0.1" });
    const tokens = await withFirm(sql, firm.id, (tx) =>
      startSession(tx, signer, {
        userId: user.id,
        firmId: firm.id,
        kind: "api",
        client: { ip: "127.0.0.1", userAgent: "bench" },
      }));
    const auth = { Authorization: `Bearer ${tokens.access_token}` };
    const res = await app.request("/api/v1/clients", {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Riverside Bakery LLC" }),
    });
    const client = await res.json();
    if (res.status !== 201) throw new Error(`Cannot create a client: ${res.status} ${JSON.stringify(client)}`);

    return {
      workerConcurrency: config.workerConcurrency,
      close,
      async upload(name, pdf) {
        // Each upload starts on an idle queue, so it measures its own path, not a backlog.
        await queueIdle(owner, performance.now());
        const form = new FormData();
        form.append("file", new Blob([pdf as Uint8Array<ArrayBuffer>], { type: "application/pdf" }), name);
        const t0 = performance.now();
        const up = await app.request(`/api/v1/clients/${client.id}/documents`, {
          method: "POST",
          headers: auth,
          body: form,
        });
        const body = await up.json();
        const answered = performance.now() - t0;
        if (up.status !== 201) throw new Error(`Upload of ${name} answered ${up.status}: ${JSON.stringify(body)}`);
        let started: number | undefined;
        let parsing: number | undefined;
        for (;;) {
          const [row] = await owner<{ status: string; result: any }[]>`
            select status, result from documents where id = ${body.id}`;
          const at = performance.now() - t0;
          if (row.status !== "queued" && row.status !== "received") started ??= at;
          if (row.status === "parsing") parsing ??= at;
          if (FINAL_STATES.has(row.status as never)) {
            const [{ n }] = await owner<{ n: number }[]>`
              select count(*)::int as n from transactions where document_id = ${body.id}`;
            await queueIdle(owner, t0);
            return {
              answered,
              started: started ?? at,
              parsing,
              committed: at,
              status: row.status,
              transactions: n,
              parseMs: row.result?.statements?.[0]?.elapsed_ms,
              settled: performance.now() - t0,
            };
          }
          if (at > TIMEOUT_MS) throw new Error(`Document ${name} was not final after ${TIMEOUT_MS / 1000} s`);
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
