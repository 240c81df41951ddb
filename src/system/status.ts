/**
 * System health: database, migrations, workers and queue. Plain functions over `sql`,
 * used by /readyz, the status page and /api/v1/status.
 */
import type { Sql } from "../db/client.ts";
import { type Migration, migrationStatus } from "../db/migrate.ts";

/** A worker is alive when its heartbeat is newer than this. */
export const WORKER_STALE_SECONDS = 30;

/** Everything the status page shows. */
export interface SystemStatus {
  ready: boolean;
  version: string;
  started_at: string;
  database: { reachable: boolean; latency_ms: number | null; server_version: string | null; error: string | null };
  migrations: { applied: number; pending: string[]; current: boolean };
  workers: { id: string; host: string; pid: number; concurrency: number; started_at: string; seen_at: string }[];
  queue: { waiting: number; running: number; failed: number };
  cache: { kind: "memory" | "upstash" };
}

/** Collects the status; a database failure is reported, not thrown. */
export async function getSystemStatus(
  sql: Sql,
  opts: { migrations: Migration[]; version: string; startedAt: Date; cacheKind: "memory" | "upstash" },
): Promise<SystemStatus> {
  const base = {
    version: opts.version,
    started_at: opts.startedAt.toISOString(),
    cache: { kind: opts.cacheKind },
  };
  const t0 = performance.now();
  try {
    // Independent queries run concurrently; workers and queue are read only once migrated.
    const noQueue = { waiting: 0, running: 0, failed: 0 };
    const [[{ version }], migrations, workers, queue] = await Promise.all([
      sql<{ version: string }[]>`select current_setting('server_version') as version`,
      migrationStatus(sql, opts.migrations),
      listLiveWorkers(sql).catch(() => []),
      getQueueDepth(sql).catch(() => noQueue),
    ]);
    const latency = Math.round((performance.now() - t0) * 10) / 10;
    return {
      ...base,
      ready: migrations.current && workers.length > 0,
      database: { reachable: true, latency_ms: latency, server_version: version, error: null },
      migrations,
      workers: migrations.current ? workers : [],
      queue: migrations.current ? queue : noQueue,
    };
  } catch (error) {
    return {
      ...base,
      ready: false,
      database: { reachable: false, latency_ms: null, server_version: null, error: (error as Error).message },
      migrations: { applied: 0, pending: [], current: false },
      workers: [],
      queue: { waiting: 0, running: 0, failed: 0 },
    };
  }
}

/** Workers whose heartbeat is recent. */
export async function listLiveWorkers(sql: Sql): Promise<SystemStatus["workers"]> {
  const rows = await sql<
    { id: string; host: string; pid: number; concurrency: number; started_at: Date; seen_at: Date }[]
  >`
    select id, host, pid, concurrency, started_at, seen_at
      from worker_heartbeats
     where seen_at > now() - make_interval(secs => ${WORKER_STALE_SECONDS})
     order by started_at`;
  return rows.map((r) => ({ ...r, started_at: r.started_at.toISOString(), seen_at: r.seen_at.toISOString() }));
}

/** Jobs by state: waiting (due, unlocked), running (locked), failed (out of attempts). */
export async function getQueueDepth(sql: Sql): Promise<SystemStatus["queue"]> {
  const [row] = await sql<{ waiting: number; running: number; failed: number }[]>`
    select waiting, running, failed from queue_depth()`;
  return row;
}
