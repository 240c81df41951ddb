/**
 * Web Worker entry for {@link runLoad}: the load runs on its own thread and event loop, so
 * the client does not steal time from the server it measures. Message in: LoadOptions;
 * message out: `{ result }` or `{ error }`.
 */
/// <reference lib="deno.worker" />
import { type LoadOptions, runLoad } from "./load.ts";

self.onmessage = async (event: MessageEvent<LoadOptions>) => {
  try {
    self.postMessage({ result: await runLoad(event.data) });
  } catch (error) {
    self.postMessage({ error: String((error as Error)?.stack ?? error) });
  }
};
