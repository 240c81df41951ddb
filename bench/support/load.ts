/**
 * A closed-loop HTTP load generator: `concurrency` fetch loops, each sending its next request
 * as soon as the previous response body has been read, for a warm-up and then a measured
 * window. Bounded: every loop stops at the end of the window and every request times out.
 */

/** What to load and for how long. */
export interface LoadOptions {
  url: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Per-request timeout; a timed-out request counts as an error. */
  timeoutMs?: number;
}

/** The measured window's results (latencies in milliseconds). */
export interface LoadResult {
  url: string;
  requests: number;
  /** Non-2xx responses and failed requests. */
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Sent with every request, like a browser: compressible responses are compressed. */
export const HEADERS = { "Accept-Encoding": "gzip, br" };

/** Value at quantile `q` (0–1) of an ascending array, nearest-rank. */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** Runs the load and summarises the measured window. */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const client = Deno.createHttpClient({ poolMaxIdlePerHost: opts.concurrency });
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let errors = 0;
  const start = performance.now();
  const measureFrom = start + opts.warmupMs;
  const end = measureFrom + opts.durationMs;
  let lastDone = measureFrom;

  const record = (ms: number) => {
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = ms;
  };

  const loop = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      let ok = false;
      try {
        const res = await fetch(opts.url, { client, headers: HEADERS, signal: AbortSignal.timeout(timeoutMs) });
        await res.arrayBuffer();
        ok = res.status >= 200 && res.status < 300;
      } catch {
        ok = false;
      }
      const t1 = performance.now();
      if (t0 < measureFrom) continue;
      record(t1 - t0);
      if (!ok) errors++;
      lastDone = Math.max(lastDone, t1);
    }
  };

  try {
    await Promise.all(Array.from({ length: opts.concurrency }, loop));
  } finally {
    client.close();
  }
  const sorted = latencies.subarray(0, count).sort();
  const seconds = (lastDone - measureFrom) / 1000;
  return {
    url: opts.url,
    requests: count,
    errors,
    seconds,
    rps: seconds > 0 ? count / seconds : 0,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: count ? sorted[count - 1] : NaN,
  };
}
