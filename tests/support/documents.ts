/** Helpers for document tests: upload through the API, run a worker, wait for a final state. */
import type { TestApp } from "./app.ts";
import type { Member } from "./identity.ts";
import { waitFor } from "./wait.ts";
import { startWorker, type WorkerHandle } from "../../src/worker/runner.ts";
import { createLogger } from "../../src/logger.ts";
import { Metrics } from "../../src/metrics.ts";

/** Uploads bytes as multipart field `file`. */
export async function uploadFile(
  t: TestApp,
  who: Member,
  clientId: string,
  name: string,
  bytes: Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  const res = await t.request(`/api/v1/clients/${clientId}/documents`, {
    method: "POST",
    headers: { ...who.bearer, ...headers },
    body: form,
  });
  return { status: res.status, body: await res.json() };
}

/** Starts an in-process worker on the test database. */
export async function testWorker(t: TestApp): Promise<WorkerHandle> {
  return await startWorker({
    connectionString: t.db.url,
    concurrency: 2,
    deps: { sql: t.db.appSql, logger: createLogger("error", () => {}), config: t.config },
    metrics: new Metrics(),
    pollInterval: 200,
    heartbeatMs: 500,
  });
}

/** Polls the document until it reaches a final state; returns its JSON. */
export async function waitForFinal(t: TestApp, who: Member, documentId: string, timeoutMs = 60_000): Promise<any> {
  return await waitFor(async () => {
    const res = await t.request(`/api/v1/documents/${documentId}`, { headers: who.bearer });
    const body = await res.json();
    return body.final ? body : undefined;
  }, { timeoutMs, intervalMs: 100, what: `document ${documentId} to finish` });
}
