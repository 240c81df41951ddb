/**
 * The Postgres-triggered job mechanism later features rely on: a row insert enqueues exactly
 * one job (via the trigger), a worker runs it once, jobs wait for a worker, several workers
 * share one queue, and permanent failures are not retried.
 */
import { z } from "zod";
import { assert, assertEquals } from "./support/assert.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { testConfig } from "./support/app.ts";
import { waitFor } from "./support/wait.ts";
import { createLogger } from "../src/logger.ts";
import { Metrics } from "../src/metrics.ts";
import { startWorker, type WorkerHandle } from "../src/worker/runner.ts";
import { defineTask, PermanentJobError, type TaskFactory } from "../src/worker/define_task.ts";
import { TASKS } from "../jobs/mod.ts";

async function worker(db: TestDatabase, metrics = new Metrics(), tasks?: Record<string, TaskFactory>) {
  return await startWorker({
    connectionString: db.url,
    concurrency: 2,
    deps: { sql: db.appSql, logger: createLogger("error", () => {}), config: await testConfig() },
    metrics,
    tasks,
    pollInterval: 200,
    heartbeatMs: 200,
  });
}

async function probe(db: TestDatabase): Promise<string> {
  const [{ id }] = await db.sql`insert into queue_probes default values returning id`;
  return id;
}

const probeRow = async (db: TestDatabase, id: string) =>
  (await db.sql`select completed_at, attempts, worker_id from queue_probes where id = ${id}`)[0];

Deno.test("one insert enqueues one job (keyed by the row) and a worker runs it once", async () => {
  const db = await createTestDatabase();
  const metrics = new Metrics();
  let w: WorkerHandle | undefined;
  try {
    const id = await probe(db);
    const jobs = await db.sql`select task_identifier, key from graphile_worker.jobs`;
    assertEquals(jobs.map((j) => ({ ...j })), [{ task_identifier: "queue_probe", key: `queue_probe:${id}` }]);
    w = await worker(db, metrics);
    const row = await waitFor(async () => (await probeRow(db, id))?.completed_at && await probeRow(db, id));
    assertEquals(row.attempts, 1);
    assertEquals(row.worker_id, w.id);
    await waitFor(async () => (await db.sql`select count(*)::int as n from graphile_worker.jobs`)[0].n === 0);
    assertEquals(metrics.jobRuns.get({ task: "queue_probe", outcome: "success" }), 1);
    assert(metrics.render().includes('ledgerflow_job_duration_seconds_count{outcome="success",task="queue_probe"} 1'));
  } finally {
    await w?.stop(5000);
    await db.drop();
  }
});

Deno.test("a job enqueued while no worker runs is done when a worker starts", async () => {
  const db = await createTestDatabase();
  let w: WorkerHandle | undefined;
  try {
    const ids = [await probe(db), await probe(db), await probe(db)];
    await new Promise((r) => setTimeout(r, 300));
    for (const id of ids) assertEquals((await probeRow(db, id)).completed_at, null, "nothing runs without a worker");
    w = await worker(db);
    for (const id of ids) await waitFor(async () => (await probeRow(db, id)).completed_at, { what: `probe ${id}` });
  } finally {
    await w?.stop(5000);
    await db.drop();
  }
});

Deno.test("several workers share one queue and no job runs twice", async () => {
  const db = await createTestDatabase();
  const workers: WorkerHandle[] = [];
  try {
    workers.push(await worker(db), await worker(db), await worker(db));
    const ids = await Promise.all(Array.from({ length: 60 }, () => probe(db)));
    await waitFor(
      async () => (await db.sql`select count(*)::int as n from queue_probes where completed_at is null`)[0].n === 0,
      { timeoutMs: 20_000, what: "all probes" },
    );
    const rows = await db.sql`select attempts, worker_id from queue_probes where id = any(${ids}::uuid[])`;
    assertEquals(rows.length, 60);
    assert(rows.every((r) => r.attempts === 1), "every job ran exactly once");
    const [{ n }] = await db.sql`select count(*)::int as n from worker_heartbeats`;
    assertEquals(n, 3, "each worker keeps a heartbeat");
  } finally {
    await Promise.all(workers.map((w) => w.stop(5000)));
    await db.drop();
  }
});

Deno.test("permanent failures are not retried; other errors are", async () => {
  const db = await createTestDatabase();
  const metrics = new Metrics();
  const calls = { permanent: 0, transient: 0 };
  const tasks: Record<string, TaskFactory> = {
    permanent: defineTask(z.object({ n: z.number() }), () => {
      calls.permanent++;
      return Promise.reject(new PermanentJobError("Cannot parse statement: not a PDF"));
    }),
    transient: defineTask(z.object({ n: z.number() }), () => {
      calls.transient++;
      return Promise.reject(new Error("connection reset"));
    }),
  };
  let w: WorkerHandle | undefined;
  try {
    w = await worker(db, metrics, tasks);
    await db.sql`select graphile_worker.add_job('permanent', '{"n":1}')`;
    await db.sql`select graphile_worker.add_job('permanent', '{"n":"not a number"}')`;
    await db.sql`select graphile_worker.add_job('transient', '{"n":1}', max_attempts := 3)`;
    const transientJob = await waitFor(async () => {
      const [job] = await db
        .sql`select attempts, last_error from graphile_worker.jobs where task_identifier = 'transient'`;
      // attempts counts up when a worker takes the job; last_error is written when the run fails.
      return job?.attempts >= 1 && job.last_error !== null && job;
    });
    assertEquals(transientJob.last_error.includes("connection reset"), true, "kept for retry with its error");
    await waitFor(async () =>
      (await db.sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'permanent'`)[0].n ===
        0
    );
    assertEquals(calls.permanent, 1, "the invalid payload never reached the handler");
    assertEquals(metrics.jobRuns.get({ task: "permanent", outcome: "permanent_failure" }), 2);
    assertEquals(metrics.jobRuns.get({ task: "transient", outcome: "error" }) >= 1, true);
  } finally {
    await w?.stop(5000);
    await db.drop();
  }
});

Deno.test("the task list has one task per file in jobs/", async () => {
  const files: string[] = [];
  for await (const e of Deno.readDir(new URL("../jobs/", import.meta.url))) {
    if (e.name.endsWith(".ts") && e.name !== "mod.ts" && !e.name.endsWith("_test.ts")) files.push(e.name.slice(0, -3));
  }
  assertEquals(Object.keys(TASKS).sort(), files.sort());
});
