/** Queue probes: a row whose insert triggers the queue_probe job (see migration 00001). */
import type { Sql } from "../db/client.ts";

/** A probe as shown to users. */
export interface QueueProbe {
  id: string;
  requested_at: string;
  completed_at: string | null;
  worker_id: string | null;
  round_trip_ms: number | null;
}

interface ProbeRow {
  id: string;
  requested_at: Date;
  completed_at: Date | null;
  worker_id: string | null;
}

const toProbe = (r: ProbeRow): QueueProbe => ({
  id: r.id,
  requested_at: r.requested_at.toISOString(),
  completed_at: r.completed_at?.toISOString() ?? null,
  worker_id: r.worker_id,
  round_trip_ms: r.completed_at ? r.completed_at.getTime() - r.requested_at.getTime() : null,
});

/** Inserts a probe; its trigger enqueues the job in the same transaction. */
export async function createQueueProbe(sql: Sql): Promise<QueueProbe> {
  const [row] = await sql<ProbeRow[]>`
    insert into queue_probes default values returning id, requested_at, completed_at, worker_id`;
  return toProbe(row);
}

/** A probe by id, or undefined. */
export async function getQueueProbe(sql: Sql, id: string): Promise<QueueProbe | undefined> {
  const [row] = await sql<ProbeRow[]>`
    select id, requested_at, completed_at, worker_id from queue_probes where id = ${id}`;
  return row && toProbe(row);
}
