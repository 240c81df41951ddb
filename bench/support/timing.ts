/** Timing helpers for benchmarks: medians of repeated runs, with a pause between runs. */

/** The median (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Options of {@link timeRuns}. */
export interface RunOptions {
  /** Timed runs (the median is reported). */
  runs: number;
  /** Untimed runs first (default 1). */
  warmup?: number;
  /** Idle time before each run, so that background work of the previous one settles (default 0). */
  pauseMs?: number;
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed; returns every timed duration in ms. */
export async function timeRuns(fn: (run: number) => Promise<unknown>, opts: RunOptions): Promise<number[]> {
  const pause = () => opts.pauseMs ? new Promise((r) => setTimeout(r, opts.pauseMs)) : Promise.resolve();
  for (let i = 0; i < (opts.warmup ?? 1); i++) {
    await pause();
    await fn(-1 - i);
  }
  const out: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    await pause();
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

/**
 * CPU time used so far by this process and by its children that have ended (user + system, from
 * /proc/self/stat, in ms; 10 ms resolution). Unlike wall-clock time it hardly changes when other
 * work shares the machine. NaN where /proc is missing.
 */
export function cpuMs(): number {
  try {
    const stat = Deno.readTextFileSync("/proc/self/stat");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14–17 of proc(5) (utime, stime, cutime, cstime) are 11–14 after the ")": clock ticks of 10 ms.
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return NaN;
  }
}

/** A named thing to time. */
export interface Target {
  name: string;
  fn: () => Promise<unknown>;
}

/** Wall-clock and CPU durations of the timed runs, in ms. */
export interface Timings {
  wall: number[];
  cpu: number[];
}

/**
 * Times the targets round-robin (one run of each per round) so that a change in the machine's
 * load during the benchmark touches every target alike: `warmup` untimed rounds, then `runs` timed
 * ones, each run after `pauseMs` of idle time. The CPU time of a run counts the children it
 * waited for (a spare extraction child's warm-up included: it is reaped in the run that used it).
 */
export async function timeInterleaved(targets: Target[], opts: RunOptions): Promise<Map<string, Timings>> {
  const out = new Map(targets.map((t) => [t.name, { wall: [] as number[], cpu: [] as number[] }]));
  const warmup = opts.warmup ?? 1;
  for (let round = -warmup; round < opts.runs; round++) {
    for (const t of targets) {
      if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
      const cpu = cpuMs();
      const start = performance.now();
      await t.fn();
      const wall = performance.now() - start;
      if (round < 0) continue;
      out.get(t.name)!.wall.push(wall);
      out.get(t.name)!.cpu.push(cpuMs() - cpu);
    }
  }
  return out;
}
