/**
 * Runs graphile-worker inside this process: the task list from jobs/mod.ts, job metrics,
 * a heartbeat row so /readyz (in any process) can tell that a worker is alive, and a
 * bounded graceful stop.
 */
import { Logger as WorkerLogger, run, type Runner, type Task, type TaskList } from "graphile-worker";
import pg from "pg";
import { EventEmitter } from "node:events";
import { createTaskList } from "../../jobs/mod.ts";
import type { Metrics } from "../metrics.ts";
import { type JobDeps, PermanentJobError, type TaskFactory } from "./define_task.ts";

/** Options for {@link startWorker}. */
export interface WorkerOptions {
  connectionString: string;
  concurrency: number;
  deps: Omit<JobDeps, "workerId">;
  metrics: Metrics;
  /** Override the task list (tests). */
  tasks?: Record<string, TaskFactory>;
  /** Fallback poll interval in ms; jobs normally arrive by LISTEN/NOTIFY at once. */
  pollInterval?: number;
  heartbeatMs?: number;
  /** Seconds without a heartbeat after which another worker releases a worker's jobs. */
  deadAfterSeconds?: number;
}

/** A started worker. */
export interface WorkerHandle {
  id: string;
  /** Stops taking jobs, waits up to `timeoutMs` for running ones, then aborts them. */
  stop(timeoutMs: number): Promise<void>;
}

const HEARTBEAT_MS = 10_000;
/** A worker whose heartbeat is older than this is dead; its locked jobs are released. */
export const DEAD_AFTER_SECONDS = 45;

/** Starts a worker that shares the queue with any other worker processes. */
export async function startWorker(opts: WorkerOptions): Promise<WorkerHandle> {
  const id = `${Deno.hostname()}:${Deno.pid}:${crypto.randomUUID().slice(0, 8)}`;
  const deps: JobDeps = { ...opts.deps, workerId: id };
  const logger = deps.logger.child({ worker: id });
  const permanentlyFailed = new Set<string>();
  const taskList = withPermanentFailures(createTaskList(deps, opts.tasks), logger, permanentlyFailed);
  // Our own pool, so that stopping closes every connection (LISTEN included) before the
  // database may go away, and so that errors from dropped connections are logged, not thrown.
  const pool = new pg.Pool({ connectionString: opts.connectionString, max: opts.concurrency + 2 });
  let closing = false;
  pool.on("error", (error) => {
    if (!closing) logger.warn("worker database connection error", { error: error.message });
  });
  // Our emitter, passed in, so that no event is missed while run() is starting.
  const events = new EventEmitter();
  const jobWorkerIds = new Set<string>();
  events.on("worker:create", ({ worker }: { worker: { workerId: string } }) => jobWorkerIds.add(worker.workerId));
  // graphile-worker 0.16+ locks jobs with the pool's id (jobs.locked_by), not each worker's.
  events.on("pool:create", ({ workerPool }: { workerPool: { id: string } }) => jobWorkerIds.add(workerPool.id));
  const runner: Runner = await run({
    events: events as Runner["events"],
    pgPool: pool,
    concurrency: opts.concurrency,
    taskList,
    noHandleSignals: true,
    pollInterval: opts.pollInterval ?? 2000,
    logger: new WorkerLogger((scope) => (level, message) => {
      const fields = { scope: scope.label, job: scope.jobId, task: scope.taskIdentifier };
      if (level === "error") logger.error(message, fields);
      else if (level === "warning") logger.warn(message, fields);
      else logger.debug(message, fields);
    }),
  });
  const started = new Map<string, number>();
  runner.events.on("job:start", ({ job }) => started.set(job.id, performance.now()));
  const record = (jobId: string, task: string, outcome: string) => {
    const t0 = started.get(jobId);
    started.delete(jobId);
    opts.metrics.jobRuns.inc({ task, outcome });
    if (t0 !== undefined) opts.metrics.jobDuration.observe({ task, outcome }, (performance.now() - t0) / 1000);
  };
  runner.events.on("job:success", ({ job }) => {
    const outcome = permanentlyFailed.delete(job.id) ? "permanent_failure" : "success";
    record(job.id, job.task_identifier, outcome);
  });
  runner.events.on("job:error", ({ job }) => record(job.id, job.task_identifier, "error"));

  const { sql } = deps;
  const beat = async () => {
    try {
      await sql`
        insert into worker_heartbeats (id, host, pid, concurrency, started_at, seen_at, job_worker_ids)
        values (${id}, ${Deno.hostname()}, ${Deno.pid}, ${opts.concurrency}, now(), now(), ${[...jobWorkerIds]})
        on conflict (id) do update set seen_at = now(), job_worker_ids = excluded.job_worker_ids`;
      // Jobs locked by a worker process that died (kill -9, power loss) are released as soon
      // as its heartbeat is stale, so they run again within a minute.
      const [{ released }] = await sql<{ released: number }[]>`
        select release_dead_workers(${opts.deadAfterSeconds ?? DEAD_AFTER_SECONDS}) as released`;
      if (released) logger.warn("released jobs of dead workers", { workers: released });
    } catch (error) {
      logger.warn("cannot write worker heartbeat", { error: String(error) });
    }
  };
  await beat();
  const timer = setInterval(beat, opts.heartbeatMs ?? HEARTBEAT_MS);
  logger.info("worker started", { concurrency: opts.concurrency, tasks: Object.keys(taskList) });

  let stopping: Promise<void> | undefined;
  return {
    id,
    stop(timeoutMs) {
      return stopping ??= (async () => {
        clearInterval(timer);
        let timeout: ReturnType<typeof setTimeout> | undefined;
        const graceful = runner.stop("shutdown").then(() => true, () => true);
        const timedOut = new Promise<false>((resolve) => timeout = setTimeout(() => resolve(false), timeoutMs));
        if (!(await Promise.race([graceful, timedOut]))) {
          logger.warn("jobs still running after the shutdown timeout; aborting them", { timeout_ms: timeoutMs });
          await runner.kill("shutdown timeout").catch(() => {});
        }
        clearTimeout(timeout);
        closing = true;
        await pool.end().catch(() => {});
        await sql`delete from worker_heartbeats where id = ${id}`.catch(() => {});
        logger.info("worker stopped");
      })();
    },
  };
}

/** A PermanentJobError ends the job without retries; it is logged and counted. */
function withPermanentFailures(tasks: TaskList, logger: JobDeps["logger"], failed: Set<string>): TaskList {
  const wrapped: TaskList = {};
  for (const [name, task] of Object.entries(tasks)) {
    const inner = task as Task;
    wrapped[name] = async (payload, helpers) => {
      try {
        await inner(payload, helpers);
      } catch (error) {
        if (!(error instanceof PermanentJobError)) throw error;
        failed.add(helpers.job.id);
        logger.error("job failed permanently; not retrying", { task: name, job: helpers.job.id, error: error.message });
      }
    };
  }
  return wrapped;
}
