/** Optional second opinion: runs `wrk` (when installed) and parses its latency report. */
import { HEADERS } from "./load.ts";

/** What wrk measured (latencies in milliseconds). */
export interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** True when a `wrk` binary runs. */
export async function wrkAvailable(): Promise<boolean> {
  try {
    const out = await new Deno.Command("wrk", { args: ["--version"], stdout: "null", stderr: "null" }).output();
    // wrk --version exits with 1 after printing its banner.
    return out.code === 0 || out.code === 1;
  } catch {
    return false;
  }
}

/** Converts wrk's "1.23ms" / "456.00us" / "1.02s" to milliseconds. */
export function wrkDuration(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === "us" ? n / 1000 : m[2] === "ms" ? n : m[2] === "s" ? n * 1000 : n * 60_000;
}

/** Parses the output of `wrk --latency`. */
export function parseWrk(output: string): WrkResult {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? NaN);
  const p50 = wrkDuration(/^\s+50%\s+(\S+)/m.exec(output)?.[1] ?? "");
  const p99 = wrkDuration(/^\s+99%\s+(\S+)/m.exec(output)?.[1] ?? "");
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return { rps, p50, p99, errors: non2xx + socketErrors };
}

/** Runs wrk against `url`; bounded by wrk's own duration plus a kill timer. */
export async function runWrk(
  url: string,
  opts: { connections: number; threads: number; seconds: number },
): Promise<WrkResult> {
  const child = new Deno.Command("wrk", {
    args: [
      `-t${opts.threads}`,
      `-c${opts.connections}`,
      `-d${opts.seconds}s`,
      ...Object.entries(HEADERS).flatMap(([k, v]) => ["-H", `${k}: ${v}`]),
      "--latency",
      url,
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), (opts.seconds + 30) * 1000);
  try {
    const out = await child.output();
    const text = new TextDecoder().decode(out.stdout);
    if (!out.success) throw new Error(`wrk failed: ${new TextDecoder().decode(out.stderr).trim()}`);
    return parseWrk(text);
  } finally {
    clearTimeout(timer);
  }
}
