/**
 * A real HTTP server for end-to-end tests: a fresh test database, the app built as
 * tests/support/app.ts builds it, `Deno.serve` on a free port of 127.0.0.1 and, on request,
 * an in-process graphile-worker. `close()` undoes all of it, so test sanitizers stay on.
 */
import { createLogger } from "../../src/logger.ts";
import { startWorker, type WorkerHandle } from "../../src/worker/runner.ts";
import { createTestApp, type TestApp } from "./app.ts";

/** Options for {@link startTestServer}. */
export interface TestServerOptions {
  /** Also run a worker in this process, so jobs (and readiness) work. */
  worker?: boolean;
  /** Extra environment for the test configuration. */
  env?: Record<string, string>;
}

/** A running server: the test app (usable with tests/support/identity.ts) plus its URL. */
export interface TestServer extends TestApp {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:43125`. */
  url: string;
  /** The worker, when one was started. */
  worker?: WorkerHandle;
  /** Stops the worker, shuts the server down and drops the database. */
  close(): Promise<void>;
}

/** Starts the app (and optionally a worker) over HTTP on a fresh test database. */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const test = await createTestApp(opts.env);
  let worker: WorkerHandle | undefined;
  let server: Deno.HttpServer<Deno.NetAddr> | undefined;
  try {
    if (opts.worker) {
      worker = await startWorker({
        connectionString: test.db.url,
        concurrency: 2,
        deps: {
          // As in production (src/runtime.ts): the worker shares the app's role, not the owner's.
          sql: test.db.appSql,
          config: test.config,
          logger: createLogger("debug", (_level, line) => test.logs.push(JSON.parse(line))),
        },
        metrics: test.metrics,
        heartbeatMs: 1000,
        pollInterval: 500,
      });
    }
    server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, test.app.fetch);
  } catch (error) {
    await worker?.stop(5000);
    await test.close();
    throw error;
  }
  const { hostname, port } = server.addr;
  let closing: Promise<void> | undefined;
  return {
    ...test,
    url: `http://${hostname}:${port}`,
    worker,
    close() {
      return closing ??= (async () => {
        try {
          await server.shutdown();
          await worker?.stop(5000);
        } finally {
          await test.close();
        }
      })();
    },
  };
}
