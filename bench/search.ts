/**
 * Ledger search latency over 1,000,000 transactions of one client: `listTransactions` (the
 * query layer behind `GET /api/v1/clients/:id/transactions`: page, totals and highlights) as
 * the application role under row-level security, warm, p50/p95 of SEARCH_RUNS runs per query
 * type. Seeds with `insert … select from generate_series` (bench/support/search_seed.ts),
 * then VACUUM ANALYZE. Prints markdown and writes it to bench/README.md between the search
 * markers; `--explain` also writes EXPLAIN (ANALYZE, BUFFERS) of every statement to
 * bench/out/search_explain.txt.
 *
 *   deno task bench search      (DATABASE_URL → a scratch database on that server, else embedded)
 *
 * Environment: SEARCH_ROWS (default 1000000), SEARCH_RUNS (default 50), SEARCH_SHARED_BUFFERS
 * (embedded server only, default 1GB), SEARCH_DB_URL (a database this benchmark seeded before:
 * reuse it instead of creating and seeding one).
 */
import postgres from "postgres";
import { APP_ROLE, createSql } from "../src/db/client.ts";
import { withFirm } from "../src/db/tenant.ts";
import { listTransactions, parseTransactionQuery, type TransactionPage } from "../src/ledger/transactions.ts";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { createLogger } from "../src/logger.ts";
import { runMigrations } from "../src/runtime.ts";
import { openBenchDatabase } from "./support/database.ts";
import { formatMarkdown, machineSummary, replaceSection } from "./support/report.ts";
import { seedSearchData } from "./support/search_seed.ts";

const ROWS = Number(Deno.env.get("SEARCH_ROWS") ?? 1_000_000);
const RUNS = Number(Deno.env.get("SEARCH_RUNS") ?? 50);
const WARMUP = 3;
const TARGET_P95_MS = 50;
const README = new URL("./README.md", import.meta.url);
const OUT = new URL("./out/", import.meta.url);
const REPORT = new URL("search.json", OUT);
const EXPLAIN = Deno.args.includes("--explain");
const SHARED_BUFFERS = Deno.env.get("SEARCH_SHARED_BUFFERS") ?? "1GB";

const logger = createLogger("warn", () => {});
const cleanups: (() => Promise<unknown>)[] = [];
async function cleanup() {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((e) => console.error(`cleanup: ${e}`));
}
const onSignal = () => void cleanup().finally(() => Deno.exit(130));
Deno.addSignalListener("SIGINT", onSignal);

/** One query type: what it is and the list's query parameters. */
interface Case {
  what: string;
  params: Record<string, string>;
  /** Also fetch the second page (the cursor of the first), timing only that. */
  secondPage?: boolean;
}

const CASES: Case[] = [
  { what: "Plain page, no `q` (newest 100 + totals of all rows)", params: {} },
  { what: "Plain word: `chipotle`", params: { q: "chipotle" } },
  { what: "Multi-word websearch: `home depot`", params: { q: "home depot" } },
  { what: 'Quoted phrase: `"shake shack"`', params: { q: '"shake shack"' } },
  { what: "Exclude: `coffee -starbucks`", params: { q: "coffee -starbucks" } },
  { what: "OR: `delta OR united`", params: { q: "delta OR united" } },
  { what: "Prefix, 3 letters: `chi`", params: { q: "chi" } },
  { what: "Fuzzy misspelling: `chipolte` → chipotle", params: { q: "chipolte" } },
  { what: "`amount:>100`", params: { q: "amount:>100" } },
  { what: "Date range, whole months: `date:2025-01..2025-03`", params: { q: "date:2025-01..2025-03" } },
  { what: "Date range, any days: `date:2024-11-15..2025-02-14`", params: { q: "date:2024-11-15..2025-02-14" } },
  { what: "Category: `category:travel`", params: { q: "category:travel" } },
  {
    what: "Text + operators: `coffee amount:>20 date:2024 account:4821`",
    params: { q: "coffee amount:>20 date:2024 account:4821" },
  },
  { what: "Common word (9% of rows): `starbucks`", params: { q: "starbucks" } },
  { what: "Sort by relevance: `coffee`", params: { q: "coffee", sort: "relevance" } },
  { what: "Second page (cursor) of `chipotle`", params: { q: "chipotle" }, secondPage: true },
];

/** Nearest-rank percentile. */
const percentile = (xs: number[], p: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const ms = (n: number) => `${n < 100 ? n.toFixed(1) : n.toFixed(0)} ms`;

/** The 1-minute load average (Linux), to show how busy the machine was. */
async function loadAverage(): Promise<string> {
  try {
    return (await Deno.readTextFile("/proc/loadavg")).split(" ")[0];
  } catch {
    return "unknown";
  }
}

/**
 * A scratch database on DATABASE_URL's server (as configured there), or an embedded server
 * configured like a production one for this data: shared_buffers SEARCH_SHARED_BUFFERS (default
 * 1GB, about a quarter of a small server's memory) instead of PostgreSQL's 128MB default.
 */
async function openDatabase(): Promise<{ url: string; kind: string }> {
  if (Deno.env.get("DATABASE_URL")) {
    const db = await openBenchDatabase(logger, 55441);
    cleanups.push(() => db.close());
    return db;
  }
  const dir = await Deno.makeTempDir({ prefix: "ledgerflow-bench-pg-" });
  await Deno.chmod(dir, 0o755);
  cleanups.push(() => Deno.remove(dir, { recursive: true }));
  console.log(`Starting an embedded PostgreSQL in ${dir} …`);
  const options = { dir: `${dir}/data`, port: 55441, database: "ledgerflow", logger };
  const first = await startEmbeddedPostgres(options);
  const admin = postgres(first.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`alter system set shared_buffers = '${SHARED_BUFFERS.replace(/[^0-9A-Za-z]/g, "")}'`)
    .finally(() => admin.end());
  await first.stop();
  const server = await startEmbeddedPostgres(options);
  cleanups.push(() => server.stop());
  return { url: server.url, kind: "embedded" };
}

async function openSeeded(): Promise<{ url: string; kind: string; seedSeconds: number | null }> {
  const reuse = Deno.env.get("SEARCH_DB_URL");
  if (reuse) return { url: reuse, kind: "SEARCH_DB_URL (seeded earlier)", seedSeconds: null };
  const db = await openDatabase();
  await runMigrations({ url: db.url }, logger);
  const owner = createSql(db.url, { max: 2, applicationName: "ledgerflow-bench-seed" });
  try {
    console.log(`Seeding ${ROWS.toLocaleString("en-US")} transactions …`);
    const started = performance.now();
    await seedSearchData(owner, ROWS, (line) => console.log(line));
    return { url: db.url, kind: db.kind, seedSeconds: (performance.now() - started) / 1000 };
  } finally {
    await owner.end();
  }
}

async function main() {
  const { url, kind, seedSeconds } = await openSeeded();
  const owner = createSql(url, { max: 1 });
  cleanups.push(() => owner.end());
  const [ids] = await owner<{ firm_id: string; client_id: string; n: number }[]>`
    select c.firm_id, c.id as client_id, (select count(*)::int from transactions t where t.client_id = c.id) as n
      from clients c where c.name = 'Bench Client LLC' order by c.created_at desc limit 1`;
  if (!ids) throw new Error("Cannot find the bench client: is this a database seeded by bench/search.ts?");
  const [{ version, shared_buffers }] = await owner`
    select current_setting('server_version') as version, current_setting('shared_buffers') as shared_buffers`;

  const captured: { query: string; params: unknown[] }[] = [];
  const app = postgres(url, {
    max: 1,
    onnotice: () => {},
    transform: { undefined: null },
    connection: { application_name: "ledgerflow-bench", role: APP_ROLE } as Record<string, string>,
    debug: EXPLAIN ? (_c, query, params) => captured.push({ query, params: params as unknown[] }) : undefined,
  });
  cleanups.push(() => app.end());
  const list = (params: Record<string, string>) =>
    withFirm(app, ids.firm_id, (tx) => listTransactions(tx, ids.client_id, parseTransactionQuery(params)));
  const time = async (params: Record<string, string>) => {
    for (let i = 1; i < WARMUP; i++) await list(params);
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await list(params);
      runs.push(performance.now() - t);
    }
    return runs;
  };

  const loadAtStart = await loadAverage();
  const calibration: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await owner`select count(*) from generate_series(1, 5000000)`;
    calibration.push(performance.now() - t);
  }
  const results: { c: Case; runs: number[]; bare: number[]; first: TransactionPage }[] = [];
  const explains: string[] = [];
  for (const c of CASES) {
    let params = c.params;
    if (c.secondPage) {
      const first = await list(params);
      params = { ...params, cursor: first.next_cursor ?? "" };
    }
    const first = await list(params);
    const runs = await time(params);
    // What the page waits for while a search is typed: the rows, the totals following on their own.
    const bare = await time({ ...params, totals: "false" });
    results.push({ c, runs, bare, first });
    console.log(
      `${c.what}: rows p50 ${ms(percentile(bare, 50))}, p95 ${ms(percentile(bare, 95))}; with totals p50 ` +
        `${ms(percentile(runs, 50))}, p95 ${ms(percentile(runs, 95))}; ` +
        `${first.totals!.count.toLocaleString("en-US")} matches${first.fuzzy ? " (fuzzy)" : ""}`,
    );
    if (EXPLAIN) {
      captured.length = 0;
      await list(params);
      const statements = captured.filter((s) => /^\s*(select|with)\b/i.test(s.query) && !/set_config/.test(s.query));
      for (const s of statements) {
        const plan = await withFirm(app, ids.firm_id, async (tx) => {
          await tx`select set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true)`;
          return await tx.unsafe(`explain (analyze, buffers) ${s.query}`, s.params as never[]);
        });
        explains.push(
          `## ${c.what}\n\n${s.query.trim()}\n-- ${JSON.stringify(s.params)}\n\n` +
            plan.map((r) => r["QUERY PLAN"]).join("\n"),
        );
      }
    }
  }

  const report: Report = {
    date: new Date().toISOString().slice(0, 10),
    machine: await machineSummary(),
    deno: Deno.version.deno,
    postgres: version,
    kind,
    sharedBuffers: shared_buffers,
    transactions: ids.n,
    seedSeconds,
    runs: RUNS,
    load: [loadAtStart, await loadAverage()],
    calibrationMs: percentile(calibration, 50),
    results: results.map(({ c, runs, bare, first }) => ({
      what: c.what,
      params: c.params,
      matches: first.totals!.count,
      fuzzy: first.fuzzy,
      runs,
      bare,
    })),
  };
  await Deno.mkdir(OUT, { recursive: true });
  await Deno.writeTextFile(REPORT, JSON.stringify(report, null, 1));
  if (EXPLAIN) await Deno.writeTextFile(new URL("search_explain.txt", OUT), explains.join("\n\n"));
  await writeReadme(report);
  console.log(`Wrote bench/README.md and bench/out/search.json${EXPLAIN ? " and search_explain.txt" : ""}`);
}

/** What a run measured (bench/out/search.json). */
interface Report {
  date: string;
  machine: string;
  deno: string;
  postgres: string;
  kind: string;
  sharedBuffers: string;
  transactions: number;
  seedSeconds: number | null;
  runs: number;
  load: [string, string];
  /** Median of `select count(*) from generate_series(1, 5000000)` on the same server, before the runs. */
  calibrationMs?: number;
  results: {
    what: string;
    params: Record<string, string>;
    matches: number;
    fuzzy: boolean;
    /** With totals (the API's default). */
    runs: number[];
    /** With totals=false: the rows alone. */
    bare?: number[];
  }[];
}

/** How to run it, what it measures and what the numbers mean (above the table). */
const INTRO = `\`\`\`sh
deno task bench search                                   # seed 1,000,000 transactions (2-5 min), then measure
SEARCH_ROWS=100000 SEARCH_RUNS=20 deno task bench search # quicker
deno run -A bench/search.ts --explain                    # + EXPLAIN (ANALYZE, BUFFERS) → bench/out/search_explain.txt
deno run -A bench/search.ts --report                     # rewrite this section from bench/out/search.json
\`\`\`

The data (bench/support/search_seed.ts): one firm, one client, three accounts and 1,000,000 transactions over three
years in import order, from about 200 merchants with bank-style descriptors (store numbers, cities, \`SQ *\`/\`TST*\`
prefixes, codes such as \`AMZN MKTP US*2K4AB1\`, a few accented names), skewed like a real ledger: the most frequent
merchant has 9% of the rows, a typical one 0.3-0.7%. Signed amounts, Schedule C categories (15% uncategorized), 3%
flagged for review, tags and memos on a few percent. Loaded in bulk, then \`VACUUM ANALYZE\`.

Each run is one \`listTransactions\` call, as \`GET /api/v1/clients/:id/transactions\` makes it: a transaction as the
application role under row-level security, the tsquery and operator look-ups, the page of 100 rows with highlights;
timed from the client, one at a time, warm. **Rows** is the call with \`totals=false\`: what the transactions page waits
for while a search is typed (it then asks \`…/transactions/totals\` for the totals, shown a moment later). **With totals**
adds the exact totals (count, in, out, net) of every matching row, as the API gives by default and a full page load
shows.`;

/** What EXPLAIN ANALYZE showed during development, and what was changed (below the table). */
const NOTES =
  `Where the time goes. Lists filtered only by account, category, review flag and dates take their totals from monthly
rollups (\`transaction_rollups\`, kept by statement triggers), plus the covering date index for partial months, so they
cost the same for 10,000 or 1,000,000 rows. The rows of a text search in date order come from a walk down the date index
that keeps the matching rows and stops at a full page (at most 20,000 rows read), so a common word costs no more than a
rare one; a word too rare to fill a page in that walk goes through the GIN index instead. Exact totals of a text search
read every match (the GIN index finds them, each is a table page to visit), so they grow with the Matches column: a few
microseconds per match here; totals of 30,000 or 90,000 rows cannot be had without reading them, which is why the page
shows the rows first and asks for the totals on their own. \`amount:>100\` reads one range of the
\`abs(amount)\` index, 30% of the ledger. The machine was shared with other work (see the load average and the
\`generate_series\` yardstick above; a load average above 2 on 2 CPUs means processes queue for a core), so the numbers are
pessimistic for this hardware.

What EXPLAIN ANALYZE showed on the way, and the fix for each (migration \`00005_search_indexes.sql\`, src/ledger/search/):

- **Row-level security hid the GIN indexes.** A policy's check runs before any non-LEAKPROOF condition, and \`@@\`,
  pg_trgm's operators and \`@>\` are not leakproof, so every search walked all of the firm's rows: 940 ms for a rare word
  instead of 23 ms. Searches read \`transaction_search\`, a view owned by the table owner that filters on
  \`current_firm_id()\` itself, exactly like the policy (a query without a firm sees nothing).
- **A common word read all of its matches for one page**: \`starbucks\` (90,000 matches) collected and sorted every
  match to show the newest 100 (250-600 ms). The page now walks the date index and filters (8 ms), falling back to the
  GIN index only when 20,000 rows in date order hold less than a page of matches, i.e. for rare words; the totals are
  one aggregate over the GIN index, requested separately by the page while typing.
- **Rare words made the planner walk the date index** filtering \`search @@ …\` row by row (105 ms for a word in 0.25% of
  rows, against 20 ms through the GIN index). The matches are now collected once in a materialized CTE (narrow rows), and
  the totals and the sorted page read that.
- **\`account:\` and \`category:\` as sub-selects** were estimated at one row, so the planner chose a bitmap of the account's
  600,000 rows over the GIN index (555 ms). They are resolved to ids first and passed as constant arrays (66 ms).
- **Totals of the whole ledger** were a 1,000,000-row aggregate: 1.1-2 s as a sequential scan, 200-400 ms index-only
  (\`min(currency)\` under a collation alone added 0.8 s; it now compares in \`"C"\`). Monthly rollups: about 10 ms.
- **\`amount:>100\` was \`amount > x OR amount < -x\`**, which an index scan can only filter: all 1,000,000 entries (440 ms).
  It is now \`abs(amount) > x\`, one range of an expression index that also carries what totals read.
- **Partial months** fetched 27,000 table rows for their totals (126 ms); the date index now includes amount and currency.
- **The fuzzy fallback** with pg_trgm's \`<%\` over a million descriptions took 2.6 s for a misspelled common merchant
  (\`word_similarity\` computed for every candidate, twice). Misspelled words are now corrected against the client's
  vocabulary (\`search_terms\`, a few thousand words) by trigram similarity, then searched as full text.
- The tsquery is built in its own round trip so the main statement is planned with it as a constant, with
  \`plan_cache_mode = force_custom_plan\` (the selectivity of a search depends entirely on its words) and JIT off.`;

async function writeReadme(r: Report) {
  const yes = (p95: number) => (p95 < TARGET_P95_MS ? "yes" : "**no**");
  const rows = r.results.map((x) => {
    const bare = x.bare ?? x.runs;
    return `| ${x.what} | ${x.matches.toLocaleString("en-US")}${x.fuzzy ? " (fuzzy)" : ""} | ${
      ms(percentile(bare, 50))
    } | ${ms(percentile(bare, 95))} | ${yes(percentile(bare, 95))} | ${ms(percentile(x.runs, 50))} | ${
      ms(percentile(x.runs, 95))
    } | ${yes(percentile(x.runs, 95))} |`;
  });
  const met = r.results.filter((x) => percentile(x.bare ?? x.runs, 95) < TARGET_P95_MS).length;
  const metTotals = r.results.filter((x) => percentile(x.runs, 95) < TARGET_P95_MS).length;
  const markdown = [
    INTRO,
    "",
    `Measured ${r.date} on ${r.machine}, Deno ${r.deno}, PostgreSQL ${r.postgres} (${r.kind}, shared_buffers ` +
    `${r.sharedBuffers}), ${r.transactions.toLocaleString("en-US")} transactions of one client` +
    (r.seedSeconds === null ? "" : ` (seeded and indexed in ${r.seedSeconds.toFixed(0)} s)`) +
    `; ${r.runs} runs per row after ${WARMUP} warm-up runs; load average ${r.load[0]} at the start, ${r.load[1]} ` +
    `at the end` +
    (r.calibrationMs === undefined
      ? "."
      : `; \`select count(*) from generate_series(1, 5000000)\` took ${ms(r.calibrationMs)} on this server ` +
        `(a yardstick: time it on your machine to compare).`),
    "",
    "| Query | Matches | Rows p50 | Rows p95 | < 50 ms | With totals p50 | With totals p95 | < 50 ms |",
    "| --- | ---: | ---: | ---: | :---: | ---: | ---: | :---: |",
    ...rows,
    "",
    `Rows: ${met} of ${r.results.length} query types meet the target of p95 < ${TARGET_P95_MS} ms. With totals: ` +
    `${metTotals} of ${r.results.length}.`,
    "",
    NOTES,
  ].join("\n");
  console.log(`\n${markdown}\n`);
  await replaceSection(README, "search", markdown);
  await formatMarkdown(README);
}

try {
  if (Deno.args.includes("--report")) await writeReadme(JSON.parse(await Deno.readTextFile(REPORT)));
  else await main();
} finally {
  await cleanup();
  Deno.removeSignalListener("SIGINT", onSignal);
}
