/**
 * Report speed over REPORT_ROWS (default 100,000) transactions of one client: each report
 * computed cold (nothing cached: the queries and the assembly) and warm (the same request
 * again: the ledger-version look-up and a cache hit), through `getReport` — what
 * `GET /api/v1/clients/:id/reports/<name>` runs — as the application role under row-level
 * security, over a period that holds every row. The reference, timed in the same run, is the
 * least any report over these rows must do: one `count(*), sum(amount)` of the period.
 *
 *   deno task bench reports     (DATABASE_URL → a scratch database on that server, else embedded)
 *
 * Prints markdown and writes it to bench/README.md between the reports markers.
 * Environment: REPORT_ROWS (default 100000), REPORT_RUNS (default 30).
 */
import { MemoryCache } from "../src/cache.ts";
import { APP_ROLE, createSql } from "../src/db/client.ts";
import { withFirm } from "../src/db/tenant.ts";
import { createLogger } from "../src/logger.ts";
import { getReport } from "../src/reports/cached.ts";
import type { Period } from "../src/reports/period.ts";
import { REPORT_NAMES } from "../src/reports/registry.ts";
import { runMigrations } from "../src/runtime.ts";
import { openBenchDatabase } from "./support/database.ts";
import { formatMarkdown, machineSummary, replaceSection } from "./support/report.ts";
import { seedSearchData } from "./support/search_seed.ts";

const ROWS = Number(Deno.env.get("REPORT_ROWS") ?? 100_000);
const RUNS = Number(Deno.env.get("REPORT_RUNS") ?? 30);
const WARMUP = 3;
const TARGET_WARM_MS = 300;
const TARGET_COLD_MS = 1000;
const README = new URL("./README.md", import.meta.url);

const logger = createLogger("warn", () => {});
const percentile = (xs: number[], p: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0)} ms`;

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    out.push(performance.now() - started);
  }
  return out;
}

async function main() {
  const db = await openBenchDatabase(logger, 55442);
  try {
    await runMigrations({ url: db.url }, logger);
    const owner = createSql(db.url, { max: 2, applicationName: "ledgerflow-bench-seed" });
    const started = performance.now();
    console.log(`Seeding ${ROWS.toLocaleString("en-US")} transactions …`);
    await seedSearchData(owner, ROWS, (line) => console.log(line));
    // Some business-use shares and splits, so the report does all of its work.
    await owner`update transactions set business_pct = 50 where amount < 0 and id::text like '0%'`;
    await owner`
      insert into transaction_splits (firm_id, transaction_id, category_id, amount, position)
      select t.firm_id, t.id, t.category_id, part.amount, part.position
        from transactions t
       cross join lateral (values (t.amount / 2, 0), (t.amount - t.amount / 2, 1)) as part(amount, position)
       where t.id::text like 'f%' and t.category_id is not null`;
    await owner.unsafe("vacuum analyze");
    const seedSeconds = (performance.now() - started) / 1000;
    const [bench] = await owner<{ firm_id: string; client_id: string; first: string; last: string; n: number }[]>`
      select c.firm_id, c.id as client_id, min(t.date)::text as first, max(t.date)::text as last, count(*)::int as n
        from clients c join transactions t on t.client_id = c.id
       where c.name = 'Bench Client LLC' group by c.firm_id, c.id`;
    await owner.end();

    const app = createSql(db.url, { max: 2, applicationName: "ledgerflow-bench", role: APP_ROLE });
    const period: Period = { from: bench.first, to: bench.last, kind: "custom", label: "all", key: null };
    const inFirm = <T>(fn: Parameters<typeof withFirm<T>>[2]) => withFirm(app, bench.firm_id, fn);

    const reference = await time(() =>
      inFirm((tx) =>
        tx`select count(*), sum(amount) from transactions
            where client_id = ${bench.client_id} and date between ${period.from}::date and ${period.to}::date`
      )
    );
    const rows: string[][] = [];
    const verdicts: string[] = [];
    for (const name of REPORT_NAMES) {
      const cold = await time(() =>
        inFirm((tx) => getReport({ cache: new MemoryCache({ maxEntries: 10 }) }, tx, name, bench.client_id, period))
      );
      const cache = new MemoryCache({ maxEntries: 10 });
      const warm = await time(() => inFirm((tx) => getReport({ cache }, tx, name, bench.client_id, period)));
      const ref = percentile(reference, 50);
      rows.push([
        `\`${name}\``,
        ms(percentile(cold, 50)),
        ms(percentile(cold, 95)),
        `${(percentile(cold, 50) / ref).toFixed(1)}×`,
        ms(percentile(warm, 50)),
        ms(percentile(warm, 95)),
      ]);
      if (name === "schedule-c") {
        verdicts.push(
          `Schedule C over ${bench.n.toLocaleString("en-US")} transactions: warm p95 ${ms(percentile(warm, 95))} ` +
            `(target < ${TARGET_WARM_MS} ms: **${percentile(warm, 95) < TARGET_WARM_MS ? "met" : "missed"}**), cold ` +
            `p95 ${ms(percentile(cold, 95))} (target < ${TARGET_COLD_MS} ms: **${
              percentile(cold, 95) < TARGET_COLD_MS ? "met" : "missed"
            }**).`,
        );
      }
      console.log(rows[rows.length - 1].join("  "));
    }
    await app.end();

    const table = [
      "| Report | Cold p50 | Cold p95 | Cold ÷ reference | Warm p50 | Warm p95 |",
      "| ------ | -------: | -------: | ---------------: | -------: | -------: |",
      ...rows.map((r) => `| ${r.join(" | ")} |`),
      `| Reference: \`count(*), sum(amount)\` of the period | ${ms(percentile(reference, 50))} | ${
        ms(percentile(reference, 95))
      } | 1.0× | – | – |`,
    ].join("\n");
    const load = (await Deno.readTextFile("/proc/loadavg").catch(() => "? ")).split(" ")[0];
    const markdown = [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${await machineSummary()}, Deno ${Deno.version.deno}, ` +
      `PostgreSQL (${db.kind}), ${bench.n.toLocaleString("en-US")} transactions of one client over ` +
      `${period.from} – ${period.to} (seeded in ${seedSeconds.toFixed(0)} s), ${RUNS} runs per row after ` +
      `${WARMUP} warm-up runs, load average ${load}. Cold: a new cache for every run; warm: the same cache.`,
      "",
      table,
      "",
      verdicts.join(" "),
    ].join("\n");
    console.log(`\n${markdown}`);
    await replaceSection(README, "reports", markdown);
    await formatMarkdown(README);
  } finally {
    await db.close();
  }
}

if (import.meta.main) await main();
