/**
 * detect_links: queued for a client at the end of every document save (enqueue_detect_links,
 * in the save transaction) with {client_id}. Suggests transfer pairs and duplicates for a
 * person to confirm or reject (src/review/detect.ts). Safe to run twice: what is already
 * suggested, confirmed or rejected is never suggested again.
 */
import { z } from "zod";
import { detectLinksForClient } from "../src/review/detect.ts";
import { defineTask } from "../src/worker/define_task.ts";

export const detectLinksPayload = z.object({ client_id: z.uuid() }).strict();

export default defineTask(detectLinksPayload, async (payload, { sql, logger }) => {
  const result = await detectLinksForClient(sql, payload.client_id);
  logger.info("transfers and duplicates detected", { job: "detect_links", ...payload, ...result });
});
