/**
 * `deno task test`: provides a PostgreSQL server (DATABASE_URL when set, else an embedded one
 * in a temporary directory), builds the migrated template once, prepares the browser, runs
 * `deno test --parallel` and ends with the line "N passed, N failed".
 */
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { createLogger } from "../src/logger.ts";
import { ensureChromium } from "./support/chromium.ts";
import { ensureCompose } from "./support/compose.ts";
import { ensureJournalTools } from "./support/journal_tools.ts";
import { ensureTemplate } from "./support/template.ts";

const logger = createLogger("warn");
const root = new URL("../", import.meta.url).pathname;
let adminUrl = Deno.env.get("DATABASE_URL");
let stopServer = async () => {};

if (!adminUrl) {
  const dir = await Deno.makeTempDir({ prefix: "ledgerflow-test-pg-" });
  await Deno.chmod(dir, 0o755);
  console.log(`Starting an embedded PostgreSQL for the tests in ${dir} …`);
  const server = await startEmbeddedPostgres({ dir: `${dir}/data`, port: 55432, database: "postgres", logger });
  adminUrl = server.url;
  stopServer = async () => {
    await server.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
}

let code = 1;
try {
  const template = await ensureTemplate(adminUrl);
  const browser = await ensureChromium();
  await ensureCompose();
  await ensureJournalTools();
  // Flags (e.g. --filter, --no-check) pass through; with no paths, everything runs.
  const flags = Deno.args.filter((a) => a.startsWith("-"));
  const paths = Deno.args.filter((a) => !a.startsWith("-"));
  const args = [...flags, ...(paths.length ? paths : ["src/", "jobs/", "views/", "tests/"])];
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--parallel", ...args],
    cwd: root,
    env: {
      LEDGERFLOW_TEST_ADMIN_URL: adminUrl,
      LEDGERFLOW_TEST_TEMPLATE: template,
      LEDGERFLOW_TEST_CHROMIUM: browser ?? "",
      LEDGERFLOW_ENV: "test",
      NO_COLOR: "1",
    },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  let tail = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    const text = decoder.decode(chunk, { stream: true });
    await Deno.stdout.write(chunk);
    tail = (tail + text).slice(-4000);
  }
  code = (await child.status).code;
  const summary =
    /(?:ok|FAILED) \| (\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed(?: \((\d+) steps?\))?(?: \| (\d+) ignored)?/
      .exec(tail);
  if (summary) {
    const [, passed, , failed, , ignored] = summary;
    console.log(`\n${passed} passed, ${failed} failed${ignored ? `, ${ignored} skipped` : ""}`);
  } else {
    console.log(`\n0 passed, 1 failed`);
    code ||= 1;
  }
} finally {
  await stopServer();
}
Deno.exit(code);
