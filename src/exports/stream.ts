/**
 * A response body read from the database while its transaction stays open: `prepare` runs in a
 * firm-scoped, read-only, repeatable-read transaction (so everything it and the body read sees
 * one snapshot) and returns what the response needs to know up front plus the body's pieces.
 * The returned promise settles when `prepare` has: it rejects with prepare's error (nothing has
 * been sent yet, so the caller answers with a problem), or resolves with a ReadableStream that
 * pulls the next piece only when the reader wants more.
 *
 * The transaction ends when the body does: committed when it is read to the end or cancelled
 * (the client went away), rolled back when producing it fails, which errors the stream so the
 * response is cut off instead of looking complete. The transaction also limits how long it may
 * sit idle waiting for a reader (IDLE_TIMEOUT), so a reader that stops without leaving cannot
 * hold a connection for ever.
 */
import type { Sql } from "../db/client.ts";
import type { Tx } from "../db/tenant.ts";

/** Longest the transaction may wait between two pieces for the reader. */
export const IDLE_TIMEOUT = "5min";
/** Longest one statement (a cursor fetch, a summary) may run. */
export const STATEMENT_TIMEOUT = "5min";

/** What `prepare` returns. */
export interface Prepared<M> {
  meta: M;
  pieces: AsyncIterable<string | Uint8Array>;
}

/** What {@link streamInTransaction} resolves to. */
export interface Streamed<M> {
  meta: M;
  body: ReadableStream<Uint8Array>;
  /** Resolves when the transaction has ended: committed (no error), or rolled back with the error. */
  done: Promise<{ error?: unknown }>;
}

/** Runs `prepare` in a transaction that the returned body keeps open (see the module doc). */
export function streamInTransaction<M>(
  sql: Sql,
  firmId: string,
  prepare: (tx: Tx) => Promise<Prepared<M>>,
): Promise<Streamed<M>> {
  return new Promise((resolve, reject) => {
    let started = false;
    const done = sql.begin("isolation level repeatable read read only", async (tx) => {
      await tx`select set_config('app.firm_id', ${firmId}, true),
                      set_config('idle_in_transaction_session_timeout', ${IDLE_TIMEOUT}, true),
                      set_config('statement_timeout', ${STATEMENT_TIMEOUT}, true),
                      set_config('jit', 'off', true)`;
      const { meta, pieces } = await prepare(tx as unknown as Tx);
      const iterator = pieces[Symbol.asyncIterator]();
      const encoder = new TextEncoder();
      let finish!: (error?: unknown) => void;
      const finished = new Promise<void>((ok, fail) => {
        finish = (error) => (error === undefined ? ok() : fail(error));
      });
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            for (;;) {
              const next = await iterator.next();
              if (next.done) {
                controller.close();
                finish();
                return;
              }
              const bytes = typeof next.value === "string" ? encoder.encode(next.value) : next.value;
              if (bytes.length) {
                controller.enqueue(bytes);
                return;
              }
            }
          } catch (error) {
            controller.error(error);
            finish(error);
          }
        },
        async cancel() {
          try {
            await iterator.return?.();
            finish();
          } catch (error) {
            finish(error);
          }
        },
      }, { highWaterMark: 0 });
      started = true;
      resolve({ meta, body, done: done.then(() => ({}), (error) => ({ error })) });
      await finished;
    });
    done.catch((error) => {
      if (!started) reject(error);
    });
  });
}
