/**
 * queue_probe: enqueued by the AFTER INSERT trigger on queue_probes. Marks the probe done,
 * proving the path database trigger → queue → worker → database works end to end.
 */
import { z } from "zod";
import { defineTask } from "../src/worker/define_task.ts";

export const queueProbePayload = z.object({ probe_id: z.uuid() });

export default defineTask(queueProbePayload, async ({ probe_id }, { sql, workerId }, helpers) => {
  await sql`
    update queue_probes
       set completed_at = coalesce(completed_at, now()),
           worker_id = coalesce(worker_id, ${workerId}),
           attempts = attempts + 1
     where id = ${probe_id}`;
  helpers.logger.debug(`queue probe ${probe_id} done`);
});
