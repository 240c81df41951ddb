/**
 * Running rule regular expressions under a time budget. Patterns pass a static check first
 * (regex_safety.ts); what the check cannot rule out (a polynomial shape on a long text) is
 * stopped here. Each pattern is tested against all its texts in a child process, and a
 * pattern that runs past its budget has the process killed, matches nothing, and is reported
 * so the job can log it; the next pattern gets a fresh process. A process, not a Worker: V8
 * does not interrupt a regex that is backtracking, so a terminated Worker thread would keep
 * burning a core until the regex ends (minutes, or never); a killed process stops at once.
 */

/** One pattern and the texts to test it against. */
export interface RegexTask {
  key: string;
  source: string;
  flags: string;
  texts: string[];
}

/** What became of one task. */
export interface RegexOutcome {
  /** Indexes (into the task's texts) of the texts that match. */
  matched: Set<number>;
  /** The pattern ran out of time (or failed): it matches nothing. */
  timedOut: boolean;
  error?: string;
}

/** Options of {@link runRegexTasks}. */
export interface RegexBudget {
  /** Milliseconds one pattern may take over all its texts (default 500). */
  budgetMs?: number;
  /** Milliseconds a new process may take to start (default 30 s). */
  startMs?: number;
}

type Reply = { ready: true } | { key: string; matched: number[] } | { key: string; error: string };

const CHILD = new URL("./regex_child.js", import.meta.url);

/** A child process speaking JSON lines. */
class RegexProcess {
  private readonly child: Deno.ChildProcess;
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly reader: ReadableStreamDefaultReader<string>;
  private buffer = "";
  private ended = false;

  constructor() {
    this.child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--no-prompt", "--no-config", "--no-lock", CHILD.pathname],
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
      clearEnv: true,
    }).spawn();
    this.writer = this.child.stdin.getWriter();
    this.reader = this.child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** The next line, or "timeout" after `ms`, or "closed" when the process ended. */
  async next(ms: number): Promise<Reply | "timeout" | "closed"> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<"timeout">((resolve) => timer = setTimeout(() => resolve("timeout"), ms));
    try {
      for (;;) {
        const nl = this.buffer.indexOf("\n");
        if (nl >= 0) {
          const line = this.buffer.slice(0, nl);
          this.buffer = this.buffer.slice(nl + 1);
          return JSON.parse(line) as Reply;
        }
        if (this.ended) return "closed";
        const read = await Promise.race([this.reader.read(), deadline]);
        if (read === "timeout") return read;
        if (read.done) this.ended = true;
        else this.buffer += read.value;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  async send(task: RegexTask): Promise<void> {
    await this.writer.write(new TextEncoder().encode(`${JSON.stringify(task)}\n`));
  }

  /** Kills the process at once (a pattern is stuck) and reaps it. */
  async kill(): Promise<void> {
    try {
      this.child.kill("SIGKILL");
    } catch { /* already gone */ }
    await this.close();
  }

  /** Ends the process: closes its input, reaps it. */
  async close(): Promise<void> {
    await this.writer.close().catch(() => {});
    await this.reader.cancel().catch(() => {});
    await this.child.status;
  }
}

/**
 * Runs tasks in one child process kept across calls (a run of many batches starts one process,
 * not one per batch). A pattern that ran out of time is not tried again by the same runner.
 */
export class RegexRunner {
  private proc: RegexProcess | undefined;
  private readonly failed = new Map<string, string>();

  constructor(private readonly opts: RegexBudget = {}) {}

  /** Tests every task's pattern against its texts, each within the budget. */
  async run(tasks: RegexTask[]): Promise<Map<string, RegexOutcome>> {
    const budgetMs = this.opts.budgetMs ?? 500;
    const out = new Map<string, RegexOutcome>();
    for (const task of tasks) {
      const failure = this.failed.get(task.key);
      if (failure || task.texts.length === 0) {
        out.set(task.key, { matched: new Set(), timedOut: failure !== undefined, error: failure });
        continue;
      }
      const proc = await this.process();
      await proc.send(task);
      const answer = await proc.next(budgetMs);
      if (typeof answer === "string") {
        await proc.kill();
        this.proc = undefined;
        const error = answer === "timeout" ? `took longer than ${budgetMs} ms` : "the pattern process ended";
        this.failed.set(task.key, error);
        out.set(task.key, { matched: new Set(), timedOut: true, error });
      } else if ("error" in answer) {
        out.set(task.key, { matched: new Set(), timedOut: false, error: answer.error });
      } else if ("matched" in answer) {
        out.set(task.key, { matched: new Set(answer.matched), timedOut: false });
      }
    }
    return out;
  }

  /** Ends the child process, if one is running. */
  async close(): Promise<void> {
    await this.proc?.close();
    this.proc = undefined;
  }

  private async process(): Promise<RegexProcess> {
    if (this.proc) return this.proc;
    const proc = new RegexProcess();
    const ready = await proc.next(this.opts.startMs ?? 30_000);
    if (typeof ready === "string" || !("ready" in ready)) {
      await proc.kill();
      throw new Error(`Cannot run rule patterns: the pattern process did not start (${JSON.stringify(ready)})`);
    }
    return this.proc = proc;
  }
}

/** Tests every task's pattern against its texts, each within the budget, in a process of its own. */
export async function runRegexTasks(tasks: RegexTask[], opts: RegexBudget = {}): Promise<Map<string, RegexOutcome>> {
  const runner = new RegexRunner(opts);
  try {
    return await runner.run(tasks);
  } finally {
    await runner.close();
  }
}

/** A matcher whose answers were computed ahead, under the budget, for a known set of texts. */
export interface BudgetedMatcher {
  matcher: (pattern: string, caseSensitive: boolean, text: string) => boolean;
  /** Patterns that ran out of time (or failed) and match nothing. */
  skipped: string[];
}

/**
 * Tests each distinct pattern against each distinct text in a child process, under the budget, and
 * returns a matcher that answers from the results. Texts outside the set match nothing.
 */
export async function budgetedMatcher(
  patterns: { value: string; case_sensitive?: boolean }[],
  texts: Iterable<string>,
  opts: RegexBudget & { runner?: RegexRunner } = {},
): Promise<BudgetedMatcher> {
  const keyOf = (pattern: string, caseSensitive: boolean) => `${caseSensitive ? "u" : "iu"}/${pattern}`;
  const unique = [...new Set(texts)];
  const tasks = new Map<string, RegexTask>();
  for (const p of patterns) {
    const flags = p.case_sensitive ? "u" : "iu";
    tasks.set(keyOf(p.value, p.case_sensitive ?? false), {
      key: keyOf(p.value, p.case_sensitive ?? false),
      source: p.value,
      flags,
      texts: unique,
    });
  }
  const outcomes = !tasks.size
    ? new Map<string, RegexOutcome>()
    : opts.runner
    ? await opts.runner.run([...tasks.values()])
    : await runRegexTasks([...tasks.values()], opts);
  const index = new Map(unique.map((t, i) => [t, i]));
  const skipped = [...outcomes].filter(([, o]) => o.timedOut || o.error).map(([key]) =>
    key.slice(key.indexOf("/") + 1)
  );
  return {
    skipped,
    matcher: (pattern, caseSensitive, text) => {
      const outcome = outcomes.get(keyOf(pattern, caseSensitive));
      const i = index.get(text);
      return outcome !== undefined && i !== undefined && outcome.matched.has(i);
    },
  };
}
