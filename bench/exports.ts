/**
 * Transaction exports at scale: rows per second and peak resident memory of the exporting
 * process, per format, for a client with 100,000 and one with 1,000,000 transactions (2% of them
 * split in two), each export in a fresh process (bench/support/exports_child.ts) so its memory is
 * its own. The reference, measured in the same run: PostgreSQL's own `COPY (select …) TO STDOUT`
 * of the same rows and columns through postgres.js. Constant memory shows as a peak RSS that
 * stays about the same from 100,000 to 1,000,000 rows. Prints markdown and writes it to
 * bench/README.md between the exports markers.
 *
 *   deno task bench exports      (DATABASE_URL → a scratch database on that server, else embedded)
 *
 * Environment: EXPORT_SIZES (default "100000,1000000"), EXPORT_FORMATS (default: all and copy).
 */
import { createSql } from "../src/db/client.ts";
import { EXPORT_FORMATS } from "../src/exports/mod.ts";
import { createLogger } from "../src/logger.ts";
import { runMigrations } from "../src/runtime.ts";
import { openBenchDatabase } from "./support/database.ts";
import { formatMarkdown, machineSummary, replaceSection } from "./support/report.ts";
import { seedSearchData } from "./support/search_seed.ts";

const SIZES = (Deno.env.get("EXPORT_SIZES") ?? "100000,1000000").split(",").map(Number);
const FORMATS = (Deno.env.get("EXPORT_FORMATS") ?? ["copy", ...EXPORT_FORMATS].join(",")).split(",");
const README = new URL("./README.md", import.meta.url);
const CHILD = new URL("./support/exports_child.ts", import.meta.url).pathname;

const logger = createLogger("warn", () => {});

interface Result {
  format: string;
  rows: number;
  bytes: number;
  seconds: number;
  rssBefore: number;
  peakRss: number;
}

async function runChild(url: string, firmId: string, clientId: string, format: string): Promise<Result> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CHILD, url, firmId, clientId, format],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`The ${format} export failed`);
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  return JSON.parse(lines.at(-1)!) as Result;
}

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(bytes < 10 * 1024 ** 2 ? 1 : 0)} MB`;
const rate = (r: Result) => Math.round(r.rows / r.seconds).toLocaleString("en-US");

async function main() {
  const db = await openBenchDatabase(logger, 55443);
  try {
    await runMigrations({ url: db.url }, logger);
    const owner = createSql(db.url, { max: 2, applicationName: "ledgerflow-bench-seed" });
    const clients: { rows: number; firmId: string; clientId: string }[] = [];
    try {
      for (const rows of SIZES) {
        console.log(`Seeding a client with ${rows.toLocaleString("en-US")} transactions …`);
        const seed = await seedSearchData(owner, rows);
        // 2% of the rows split in two parts, so the writers' split postings are exercised.
        await owner`
          insert into transaction_splits (firm_id, transaction_id, category_id, amount, position)
          select t.firm_id, t.id, t.category_id, p.amount, p.position
            from (select * from transactions where client_id = ${seed.clientId} and abs(amount) >= 2
                   order by id limit ${Math.floor(rows / 50)}) t
            cross join lateral (values (t.amount / 2, 0), (t.amount - t.amount / 2, 1)) as p(amount, position)`;
        await owner`vacuum analyze transactions`;
        await owner`vacuum analyze transaction_splits`;
        clients.push({ rows, firmId: seed.firmId, clientId: seed.clientId });
      }
    } finally {
      await owner.end();
    }

    const results = new Map<string, Result>();
    for (const c of clients) {
      for (const format of FORMATS) {
        const r = await runChild(db.url, c.firmId, c.clientId, format);
        if (r.rows !== c.rows) throw new Error(`${format}: exported ${r.rows} rows of ${c.rows}`);
        results.set(`${format}:${c.rows}`, r);
        console.log(
          `${format} × ${c.rows.toLocaleString("en-US")}: ${r.seconds.toFixed(1)} s, ${rate(r)} rows/s, ` +
            `${mb(r.bytes)}, peak RSS ${mb(r.peakRss)} (at start ${mb(r.rssBefore)})`,
        );
      }
    }

    const [small, large] = [Math.min(...SIZES), Math.max(...SIZES)];
    const fmt = (n: number) => n.toLocaleString("en-US");
    const rowsOf = FORMATS.map((format) => {
      const a = results.get(`${format}:${small}`)!, b = results.get(`${format}:${large}`)!;
      const name = format === "copy" ? "reference: `COPY … TO STDOUT`" : `\`${format}\``;
      return `| ${name} | ${rate(a)} | ${mb(a.bytes)} | ${mb(a.peakRss)} | ${rate(b)} | ${mb(b.bytes)} | ${
        mb(b.peakRss)
      } | ${(b.peakRss / a.peakRss).toFixed(2)}× |`;
    });
    const body = [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${await machineSummary()}; PostgreSQL: ${db.kind}. ` +
      "Each export runs in a fresh Deno process (bench/support/exports_child.ts) through `openTransactionExport` " +
      "— the code behind `GET /api/v1/clients/:id/transactions/export`: a read-only transaction, a server-side " +
      "cursor of 1,000 rows, the format's writer, a pull-driven `ReadableStream` — as the application role under " +
      "row-level security, and the body is read to the end. Data: bench/support/search_seed.ts (merchant " +
      "descriptors, payees, categories, tags, three accounts), 2% of rows split in two. Peak RSS is the child's " +
      "VmHWM (runtime, modules and connection included; about the RSS at start).",
      "",
      `| format | ${fmt(small)} rows: rows/s | size | peak RSS | ${fmt(large)} rows: rows/s | size | peak RSS | ` +
      "peak RSS growth |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...rowsOf,
      "",
      "Reproduce: `deno task bench exports` (`DATABASE_URL` for a scratch database on that server, otherwise an " +
      "embedded PostgreSQL; `EXPORT_SIZES`, `EXPORT_FORMATS` to narrow it).",
    ].join("\n");
    console.log(`\n${body}\n`);
    await replaceSection(README, "exports", body);
    await formatMarkdown(README);
  } finally {
    await db.close();
  }
}

if (import.meta.main) await main();
