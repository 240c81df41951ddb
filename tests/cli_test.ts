/**
 * The command line as a user runs it: bad configuration, the full `start` lifecycle on the
 * embedded PostgreSQL (serve, a second command shares the server, restart keeps data, Ctrl-C leaves
 * no postgres process), and
 * concurrent `migrate` runs.
 */
import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { createTestDatabase } from "./support/db.ts";
import { waitFor } from "./support/wait.ts";
import { generateSecrets } from "../src/secrets.ts";

const MAIN = new URL("../src/main.ts", import.meta.url).pathname;
const secrets = await generateSecrets();
const KEYS = {
  LEDGERFLOW_ENCRYPTION_KEYS: secrets.encryptionKeys,
  LEDGERFLOW_SIGNING_KEYS: secrets.signingKeys,
};

function cli(args: string[], env: Record<string, string>) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { NO_COLOR: "1", LOG_LEVEL: "warn", ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

Deno.test("a bad setting stops start-up with one line and a non-zero exit", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = await cli(["start"], { PATH: Deno.env.get("PATH") ?? "", PORT: "abc", LEDGERFLOW_DATA_DIR: dir })
      .output();
    assertEquals(out.code, 2);
    const lines = text(out.stderr).trim().split("\n");
    assertEquals(lines, ['ledgerflow: configuration error: PORT="abc" must be a whole number; e.g. PORT=8080']);
    const unknown = await cli(["frobnicate"], {}).output();
    assertEquals(unknown.code, 2);
    assertMatch(text(unknown.stderr), /unknown command "frobnicate"; usage: ledgerflow <start\|web\|worker/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

function postgresProcessesFor(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).replaceAll("\0", " ");
      if (cmdline.includes("postgres") && cmdline.includes(dir)) pids.push(Number(entry.name));
    } catch { /* exited */ }
  }
  return pids;
}

async function freePort(): Promise<number> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return await Promise.resolve(port);
}

/** Runs `start` until `url` answers; returns the child and its collected output. */
async function start(dataDir: string, port: number) {
  const child = cli(["start"], {
    PATH: Deno.env.get("PATH") ?? "",
    HOME: Deno.env.get("HOME") ?? "/tmp",
    PORT: String(port),
    LEDGERFLOW_DATA_DIR: dataDir,
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    SHUTDOWN_TIMEOUT_MS: "5000",
    ...KEYS,
  }).spawn();
  let stdout = "";
  const reading = (async () => {
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) stdout += chunk;
  })();
  const stderr = new Response(child.stderr).text();
  await waitFor(() => stdout.includes("LedgerFlow is running at"), { timeoutMs: 60_000, what: "start-up" });
  return {
    child,
    output: () => stdout,
    async stop(signal: Deno.Signal) {
      child.kill(signal);
      const status = await child.status;
      await reading;
      return { status, stderr: await stderr };
    },
  };
}

Deno.test("start: embedded PostgreSQL, serves, keeps data across restarts, Ctrl-C leaves nothing running", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "ledgerflow-cli-" });
  await Deno.chmod(dataDir, 0o755);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  try {
    const first = await start(dataDir, port);
    assertMatch(first.output(), new RegExp(`LedgerFlow is running at http://127\\.0\\.0\\.1:${port}`));
    assertEquals((await fetch(`${base}/`)).status, 200);
    const ready = await fetch(`${base}/readyz`);
    assertEquals(ready.status, 200, await ready.text());
    const probe = await (await fetch(`${base}/api/v1/status/queue-probes`, { method: "POST" })).json();
    await waitFor(async () =>
      (await (await fetch(`${base}/api/v1/status/queue-probes/${probe.id}`)).json()).completed_at
    );
    assert(postgresProcessesFor(dataDir).length > 0, "the embedded server runs under the data dir");
    // A second command on the same data dir (seed:demo, migrate) shares the running server and leaves it running.
    const migrate = await cli(["migrate"], {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "/tmp",
      LEDGERFLOW_DATA_DIR: dataDir,
      ...KEYS,
    }).output();
    assertEquals(migrate.code, 0, text(migrate.stderr));
    assertEquals((await fetch(`${base}/readyz`)).status, 200, "the running server still has its database");
    const stopped = await first.stop("SIGINT");
    assertEquals(stopped.status.code, 0, stopped.stderr);
    assertEquals(postgresProcessesFor(dataDir), [], "no postgres process survives Ctrl-C");

    const second = await start(dataDir, port);
    const again = await fetch(`${base}/api/v1/status/queue-probes/${probe.id}`);
    assertEquals(again.status, 200, "data survived the restart");
    assert((await again.json()).completed_at);
    const stoppedAgain = await second.stop("SIGTERM");
    assertEquals(stoppedAgain.status.code, 0, stoppedAgain.stderr);
    assertEquals(postgresProcessesFor(dataDir), []);
  } finally {
    for (const pid of postgresProcessesFor(dataDir)) Deno.kill(pid, "SIGKILL");
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("two concurrent `migrate` runs both succeed", async () => {
  const db = await createTestDatabase({ migrated: false });
  try {
    const env = { PATH: Deno.env.get("PATH") ?? "", DATABASE_URL: db.url, ...KEYS, LEDGERFLOW_DATA_DIR: "/tmp" };
    const [a, b] = await Promise.all([cli(["migrate"], env).output(), cli(["migrate"], env).output()]);
    assertEquals([a.code, b.code], [0, 0], text(a.stderr) + text(b.stderr));
    const said = [text(a.stdout), text(b.stdout)].sort();
    assertMatch(said.join("\n"), /Applied 00001_foundation\.sql/);
    assertMatch(said.join("\n"), /The database is up to date|Applied/);
    const [{ n }] = await db.sql`select count(*)::int as n from schema_migrations`;
    assert(n >= 1);
  } finally {
    await db.drop();
  }
});
