/** The task list: one entry per file in jobs/. The key is the task identifier used in SQL. */
import type { TaskList } from "graphile-worker";
import type { JobDeps, TaskFactory } from "../src/worker/define_task.ts";
import applyRules from "./apply_rules.ts";
import detectLinks from "./detect_links.ts";
import parseDocument from "./parse_document.ts";
import queueProbe from "./queue_probe.ts";

/** Every task LedgerFlow runs, by identifier. */
export const TASKS: Record<string, TaskFactory> = {
  apply_rules: applyRules,
  detect_links: detectLinks,
  parse_document: parseDocument,
  queue_probe: queueProbe,
};

/** Builds graphile-worker's task list with the given dependencies. */
export function createTaskList(deps: JobDeps, tasks: Record<string, TaskFactory> = TASKS): TaskList {
  return Object.fromEntries(Object.entries(tasks).map(([name, make]) => [name, make(deps)]));
}
