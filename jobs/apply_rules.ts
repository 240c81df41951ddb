/**
 * apply_rules: queued when a document's transactions are saved (enqueue_apply_rules, at the
 * end of the save transaction) with {document_id}, and by the insert trigger on rule_runs
 * ("apply to existing") with {run_id}. Safe to run twice: the engine only makes changes that
 * are not already there, and a finished run is left alone.
 */
import { z } from "zod";
import { applyRulesToDocument, failRuleRun, runRuleRun } from "../src/rules/apply.ts";
import { defineTask } from "../src/worker/define_task.ts";

export const applyRulesPayload = z.union([
  z.object({ document_id: z.uuid() }).strict(),
  z.object({ run_id: z.uuid() }).strict(),
]);

export default defineTask(applyRulesPayload, async (payload, { sql, logger }, helpers) => {
  const log = logger.child({ job: "apply_rules", ...payload });
  if ("document_id" in payload) {
    const result = await applyRulesToDocument(sql, payload.document_id, { logger: log });
    log.info("rules applied to document", { ...result });
    return;
  }
  try {
    const status = await runRuleRun(sql, payload.run_id, { logger: log });
    log.info("rule run finished", { status });
  } catch (error) {
    if (helpers.job.attempts >= helpers.job.max_attempts) {
      await failRuleRun(sql, payload.run_id, "An unexpected error stopped the run; it has been logged");
    }
    throw error;
  }
});
