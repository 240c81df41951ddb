/**
 * How a job file declares its task: a zod payload schema and a handler that receives the
 * validated payload plus the application's dependencies. No module-level state.
 */
import type { JobHelpers, Task } from "graphile-worker";
import type { z } from "zod";
import type { Sql } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import type { Config } from "../config.ts";

/** What every task may use. */
export interface JobDeps {
  sql: Sql;
  logger: Logger;
  config: Config;
  /** Identifies this worker process (also written to worker_heartbeats). */
  workerId: string;
}

/**
 * A failure that running the job again cannot fix (bad payload, unreadable input).
 * The runner records it and does not retry.
 */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

/** A task factory: given the dependencies, returns the graphile-worker task. */
export type TaskFactory = (deps: JobDeps) => Task;

/** Declares a task whose payload is checked with `schema` before `handler` runs. */
export function defineTask<S extends z.ZodType>(
  schema: S,
  handler: (payload: z.output<S>, deps: JobDeps, helpers: JobHelpers) => Promise<void>,
): TaskFactory {
  return (deps) => async (raw, helpers) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new PermanentJobError(
        `Cannot run ${helpers.job.task_identifier}: invalid payload (${parsed.error.issues[0]?.message})`,
      );
    }
    await handler(parsed.data, deps, helpers);
  };
}
