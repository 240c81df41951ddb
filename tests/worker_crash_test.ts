/**
 * Acceptance: `kill -9` of the worker in the middle of parsing a statement. A real worker
 * process (`deno run -A src/main.ts worker`, 1 s heartbeats, dead after 3 s) takes the job of a
 * 150-page upload and is killed with its whole process group (the extraction child included)
 * while the document is being extracted. Nothing of the document is written; a second worker
 * process releases the dead one's job, runs it again and commits every transaction exactly once.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { api, createFirm } from "./support/identity.ts";
import { uploadFile } from "./support/documents.ts";
import { waitFor } from "./support/wait.ts";
import { FIXTURES, generateStatement, randomTransactions } from "./fixtures/statements.ts";
import { toCents } from "../src/parsing/money.ts";

const MAIN = new URL("../src/main.ts", import.meta.url).pathname;
const PAGES_WANTED = 150;
const ROWS = PAGES_WANTED * 25;
const FINAL = ["parsed", "needs_review", "needs_password", "needs_mapping", "unreadable", "failed"];

/** A worker process in its own process group (so that a kill reaches its extraction child too). */
interface WorkerProcess {
  pid: number;
  status: Promise<Deno.CommandStatus>;
  output(): string;
}

function startWorkerProcess(t: TestApp): WorkerProcess {
  const env: Record<string, string> = {
    NO_COLOR: "1",
    LEDGERFLOW_ENV: "test",
    LOG_LEVEL: "info",
    DATABASE_URL: t.db.url,
    LEDGERFLOW_DATA_DIR: t.config.dataDir,
    LEDGERFLOW_ENCRYPTION_KEYS: t.config.encryptionKeys,
    LEDGERFLOW_SIGNING_KEYS: t.config.signingKeys,
    WORKER_CONCURRENCY: "1",
    WORKER_HEARTBEAT_SECONDS: "1",
    WORKER_DEAD_AFTER_SECONDS: "3",
    SHUTDOWN_TIMEOUT_MS: "5000",
  };
  for (const name of ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "worker"],
    env,
    clearEnv: true,
    detached: true, // a new session and process group, led by the worker
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let log = "";
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) log = (log + decoder.decode(chunk, { stream: true })).slice(-20_000);
  };
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]);
  return {
    pid: child.pid,
    status: child.status.then(async (status) => (await drained, status)),
    output: () => log,
  };
}

/** Live (not zombie) processes in a process group. */
function processesInGroup(pgid: number): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      const [state, , group] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(group) !== pgid || state === "Z") continue;
      const cmd = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).replaceAll("\0", " ").trim();
      out.push(`${entry.name} ${cmd.slice(0, 160)}`);
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** SIGKILL to the whole group; waits (bounded) until the worker is reaped and nothing of the group runs. */
async function killGroup(w: WorkerProcess): Promise<void> {
  try {
    Deno.kill(-w.pid, "SIGKILL");
  } catch {
    // the group is already gone
  }
  await waitFor(() => Promise.race([w.status, new Promise<undefined>((r) => setTimeout(r, 100))]), {
    timeoutMs: 15_000,
    what: `worker ${w.pid} to be reaped`,
  });
  await waitFor(() => processesInGroup(w.pid).length === 0, {
    timeoutMs: 15_000,
    intervalMs: 50,
    what: `the processes of group ${w.pid} to end: ${processesInGroup(w.pid).join("; ")}`,
  });
}

/** What the queue and the heartbeats look like, for a failure message. */
async function diagnose(t: TestApp): Promise<string> {
  const jobs = await t.db.sql`
    select task_identifier, attempts, max_attempts, locked_by, locked_at, run_at, last_error from graphile_worker.jobs`;
  const beats = await t.db.sql`select id, seen_at, job_worker_ids from worker_heartbeats`;
  return `jobs ${JSON.stringify(jobs)}; heartbeats ${JSON.stringify(beats)}`;
}

async function documentRow(t: TestApp, id: string) {
  const [row] = await t.db.sql<{ status: string; reason: string | null }[]>`
    select status, reason from documents where id = ${id}`;
  return row;
}

async function rowCounts(t: TestApp, id: string) {
  const [counts] = await t.db.sql<{ transactions: number; fingerprints: number; lines: number; statements: number }[]>`
    select (select count(*)::int from transactions where document_id = ${id}) as transactions,
           (select count(distinct fingerprint)::int from transactions where document_id = ${id}) as fingerprints,
           (select count(distinct line_no)::int from transactions where document_id = ${id}) as lines,
           (select count(*)::int from statements where document_id = ${id}) as statements`;
  return counts;
}

Deno.test("kill -9 of the worker mid-parse: the job runs again and no partial rows remain", async () => {
  const t = await createTestApp();
  const workers: WorkerProcess[] = [];
  try {
    const owner = await createFirm(t);
    const client = await api(t, owner, "POST", "/api/v1/clients", { name: "Riverside Bakery LLC" });
    const base = FIXTURES.find((f) => f.name === "large_520")!.spec;
    const { start, end } = base.period;
    const transactions = randomTransactions(4242, ROWS, "checking", { start, end, opening: base.balances.opening });
    const { pdf, truth } = await generateStatement({ ...base, transactions });
    assert(truth.pages >= 100, `a large statement (${truth.pages} pages)`);

    const first = startWorkerProcess(t);
    workers.push(first);
    await waitFor(async () => {
      const [{ n }] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from worker_heartbeats`;
      return n > 0;
    }, { timeoutMs: 120_000, intervalMs: 100, what: `the first worker to start: ${first.output()}` });

    const up = await uploadFile(t, owner, client.body.id, "big.pdf", pdf);
    assertEquals(up.status, 201, JSON.stringify(up.body));
    const id = up.body.id as string;
    const seen = await waitFor(async () => {
      const row = await documentRow(t, id);
      assert(!FINAL.includes(row.status), `the document finished (${row.status}) before the worker could be killed`);
      return row.status === "extracting" || row.status === "parsing" ? row.status : undefined;
    }, { timeoutMs: 120_000, intervalMs: 20, what: `the worker to start parsing: ${first.output()}` });

    // While extracting, kill once the extraction child runs, so that the kill must reach it too.
    let group: string[] = [];
    if (seen === "extracting") {
      await waitFor(async () => {
        group = processesInGroup(first.pid);
        return group.length >= 2 || (await documentRow(t, id)).status !== "extracting";
      }, { timeoutMs: 30_000, intervalMs: 10, what: "the extraction child to start" });
    }
    await killGroup(first);
    const status = await first.status;
    assertEquals(status.signal, "SIGKILL", "the worker died by the kill, not on its own");
    const after = await documentRow(t, id);
    assert(["extracting", "parsing"].includes(after.status), `still in progress after the kill (${after.status})`);
    assertEquals(
      await rowCounts(t, id),
      { transactions: 0, fingerprints: 0, lines: 0, statements: 0 },
      `killed at ${seen}, group: ${group.join("; ")}`,
    );

    const second = startWorkerProcess(t);
    workers.push(second);
    const final = await waitFor(async () => {
      const row = await documentRow(t, id);
      return FINAL.includes(row.status) ? row : undefined;
    }, { timeoutMs: 240_000, intervalMs: 100, what: "the job to run again" }).catch(async (error) => {
      throw new Error(`${error.message}; ${await diagnose(t)}; second worker: ${second.output()}`);
    });
    assertEquals([final.status, final.reason], ["parsed", null]);
    const n = truth.transactions.length;
    assertEquals(await rowCounts(t, id), { transactions: n, fingerprints: n, lines: n, statements: 1 });
    const rows = await t.db.sql<{ date: string; amount: string }[]>`
      select to_char(date, 'YYYY-MM-DD') as date, amount::text from transactions
       where document_id = ${id} order by line_no`;
    assertEquals(
      rows.map((r) => `${r.date} ${r.amount}`),
      truth.transactions.map((tx) => `${tx.date} ${toCents(tx.amount)}`),
      "the rows are the statement's, in order",
    );
    const [{ jobs }] = await t.db.sql<{ jobs: number }[]>`
      select count(*)::int as jobs from graphile_worker.jobs where task_identifier = 'parse_document'`;
    assertEquals(jobs, 0, "the parse job completed and is gone");
    const doc = await api(t, owner, "GET", `/api/v1/documents/${id}`);
    assertEquals([doc.body.status, doc.body.transaction_count], ["parsed", n]);

    // Stop the second worker between jobs (parsing queues follow-up jobs, e.g. rules): a clean stop.
    await waitFor(async () => {
      const [{ busy }] = await t.db.sql<{ busy: number }[]>`
        select count(*)::int as busy from graphile_worker.jobs where locked_at is not null or (run_at <= now() and attempts < max_attempts)`;
      return busy === 0;
    }, { timeoutMs: 120_000, intervalMs: 100, what: "the follow-up jobs to finish" });
    Deno.kill(second.pid, "SIGTERM");
    const stopped = await Promise.race([second.status, new Promise<null>((r) => setTimeout(() => r(null), 20_000))]);
    assertEquals(stopped?.code, 0, `the second worker stops cleanly on SIGTERM: ${second.output()}`);
  } finally {
    for (const w of workers) await killGroup(w).catch((e) => console.error(`cleanup: ${e}`));
    await t.close();
  }
});
