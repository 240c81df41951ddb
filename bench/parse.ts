/**
 * Statement parsing speed: a 20-page and a 100-page statement from the fixture generator (about
 * 25 transactions a page), written to a temporary directory and read back on every run.
 * Measured in one run, warm, median of N (7 for 20 pages, 5 for 100):
 *
 * - `pdftotext -layout` (poppler), one process per file: the reference;
 * - extraction in this process (`extractPdf`), and isolated (`extractInSubprocess`) both with a
 *   fresh child for the file and as the worker runs it (a pre-started, warmed spare child);
 * - the whole parse (`parseStatementPdf`: isolated extraction, choose, parse, verify);
 * - upload → rows committed for 20-page statements, through the API with an in-process worker
 *   (DATABASE_URL when set, else an embedded PostgreSQL), 5 distinct files;
 * - where the time of an isolated extraction goes (start-up, PDF.js, extraction, JSON).
 *
 * Prints markdown and writes it to bench/README.md between the parse markers.
 *
 *   deno task bench parse
 */
import { createLogger } from "../src/logger.ts";
import { extractInSubprocess } from "../src/parsing/extract/isolated.ts";
import { extractPdf } from "../src/parsing/extract/pdf.ts";
import { parseExtracted, parseStatementPdf } from "../src/parsing/parse_file.ts";
import { openBenchDatabase } from "./support/database.ts";
import { pdftotext, pdftotextVersion } from "./support/pdftotext.ts";
import { formatMarkdown, machineSummary, replaceSection } from "./support/report.ts";
import { type BenchStatement, statementOfPages } from "./support/statements.ts";
import { median, type Target, timeInterleaved, timeRuns } from "./support/timing.ts";
import { startUploadRig, type UploadTiming } from "./support/upload.ts";

const SIZES = [{ pages: 20, runs: 7 }, { pages: 100, runs: 5 }];
const UPLOADS = 5;
/** Idle time before every timed run of every row, so that no row inherits the previous one's background work. */
const PAUSE_MS = 1_000;
const TARGET_RATIO = 3;
/** How long to wait, at most, for other work on the machine to calm down before measuring. */
const QUIET_WAIT_MS = 90_000;
const REFERENCE = "`pdftotext -layout` (reference: a process per file)";
const TARGET_UPLOAD_MS = 1_000;
const README = new URL("./README.md", import.meta.url);
const OUT = new URL("./out/", import.meta.url);
const CHILD = new URL("../src/parsing/extract/child.ts", import.meta.url);
const PROBE = new URL("./support/extract_probe.ts", import.meta.url).pathname;
const BARE = new URL("./support/bare_child.ts", import.meta.url);
const CONFIG = new URL("../deno.json", import.meta.url).pathname;

const logger = createLogger("warn", () => {});
const cleanups: (() => Promise<unknown>)[] = [];
async function cleanup() {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((e) => console.error(`cleanup: ${e}`));
}
const onSignal = () => void cleanup().finally(() => Deno.exit(130));
Deno.addSignalListener("SIGINT", onSignal);

interface Row {
  what: string;
  pages: number;
  /** Wall-clock ms of each run. */
  runs: number[];
  /** CPU ms of each run (this process and the children it waited for). */
  cpu: number[];
  /** pdftotext's medians for the same file, for the ratios. */
  reference?: { wall: number; cpu: number };
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : "–";
const ms = (n: number) => `${fmt(n, n < 100 ? 1 : 0)} ms`;

function rowCells(r: Row): string[] {
  const m = median(r.runs);
  const cpu = median(r.cpu);
  const ratio = (a: number, b?: number) => (b ? `${fmt(a / b, 1)}×` : "–");
  const range = `${fmt(Math.min(...r.runs))}–${fmt(Math.max(...r.runs))}`;
  return [
    r.what,
    String(r.pages),
    String(r.runs.length),
    ms(m),
    range,
    fmt(m / r.pages, 1),
    fmt(r.pages / (m / 1000)),
    ratio(m, r.reference?.wall),
    r.cpu.length ? ms(cpu) : "–",
    ratio(cpu, r.reference?.cpu),
  ];
}

function table(head: string[], rows: string[][]): string {
  const align = head.map((_, i) => (i === 0 ? "---" : "--:"));
  return [head, align, ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

async function readPdf(path: string) {
  return await Deno.readFile(path);
}

/** Where a fresh child's time goes, from the probe (medians, ms). */
async function probeChild(path: string, runs: number) {
  const samples: Record<string, number>[] = [];
  await timeRuns(async (run) => {
    const t = performance.now();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--no-prompt", "--v8-flags=--max-old-space-size=512", "--config", CONFIG, PROBE],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(await readPdf(path));
    await writer.close();
    const out = await child.output();
    const wall = performance.now() - t;
    if (!out.success) throw new Error(`The extraction probe failed on ${path}`);
    if (run >= 0) samples.push({ wall, ...JSON.parse(new TextDecoder().decode(out.stdout)) });
  }, { runs, pauseMs: PAUSE_MS });
  const med = (k: string) => median(samples.map((s) => s[k]));
  return {
    wall: med("wall"),
    startup: median(samples.map((s) => s.wall - s.total)) + med("modules"),
    pdfjs: med("pdfjs"),
    read: med("read"),
    extract: med("extract"),
    json: med("json"),
    jsonBytes: med("bytes"),
  };
}

async function measureSize(dir: string, s: BenchStatement, runs: number, hasReference: boolean) {
  const path = `${dir}/statement_${s.pages}p.pdf`;
  await Deno.writeFile(path, s.pdf);
  const label = `${s.pages} pages, ${s.truth.transactions.length} transactions`;
  console.log(`\n${label} (${fmt(s.pdf.length / 1024)} KiB), ${runs} rounds …`);
  const check = (doc: { pages: number }) => {
    if (doc.pages !== s.pages) throw new Error(`Extracted ${doc.pages} pages, expected ${s.pages}`);
  };
  const targets: Target[] = [];
  if (hasReference) {
    const text = await pdftotext(path);
    const pages = text.split("\f").length - 1;
    if (pages !== s.pages || !text.includes(s.truth.institution)) {
      throw new Error(`pdftotext read ${pages} pages of ${s.pages}, or not the statement: the reference failed`);
    }
    targets.push({ name: REFERENCE, fn: () => pdftotext(path) });
  }
  targets.push(
    {
      name: "Extraction in this process (`extractPdf`, warm)",
      fn: async () => check(await extractPdf(await readPdf(path))),
    },
    {
      name: "Extraction, isolated: a fresh child process for the file",
      fn: async () => check(await extractInSubprocess(await readPdf(path), {}, { childScript: CHILD })),
    },
    {
      name: "Extraction, isolated, as the worker runs it (`extractInSubprocess`)",
      fn: async () => check(await extractInSubprocess(await readPdf(path))),
    },
    {
      name: "Whole parse (`parseStatementPdf`: isolated extraction, choose, parse, verify)",
      fn: async () => {
        const result = await parseStatementPdf(await readPdf(path));
        if (result.transactions.length !== s.truth.transactions.length || result.verification.status !== "passed") {
          throw new Error(
            `parseStatementPdf found ${result.transactions.length} of ${s.truth.transactions.length} transactions, ` +
              `verification ${result.verification.status}`,
          );
        }
      },
    },
  );
  const times = await timeInterleaved(targets, { runs, pauseMs: PAUSE_MS });
  const ref = times.get(REFERENCE);
  const reference = ref ? { wall: median(ref.wall), cpu: median(ref.cpu) } : undefined;
  const rows: Row[] = targets.map((t) => ({
    what: t.name,
    pages: s.pages,
    runs: times.get(t.name)!.wall,
    cpu: times.get(t.name)!.cpu,
    reference: t.name === REFERENCE ? undefined : reference,
  }));
  for (const r of rows) console.log(`  ${r.what}: ${ms(median(r.runs))}`);
  const doc = await extractPdf(s.pdf);
  const parseOnly = await timeRuns(() => Promise.resolve(parseExtracted(doc)), { runs, warmup: 2 });
  const probe = await probeChild(path, Math.min(runs, 5));
  return { rows, parseOnly: median(parseOnly), probe };
}

async function measureUploads(): Promise<{ timings: UploadTiming[]; kind: string; pg: string; concurrency: number }> {
  const db = await openBenchDatabase(logger, 55450);
  cleanups.push(() => db.close());
  const rig = await startUploadRig(db.url, logger);
  cleanups.push(() => rig.close());
  const files: BenchStatement[] = [];
  for (let i = 0; i <= UPLOADS; i++) files.push(await statementOfPages(20, 5000 + i));
  const timings: UploadTiming[] = [];
  console.log(`\nUpload → rows committed: 1 warm-up + ${UPLOADS} uploads of distinct 20-page statements …`);
  for (const [i, f] of files.entries()) {
    await new Promise((r) => setTimeout(r, PAUSE_MS));
    const t = await rig.upload(`statement-${i}.pdf`, f.pdf);
    if (t.status !== "parsed" || t.transactions !== f.truth.transactions.length) {
      throw new Error(`Upload ${i} ended ${t.status} with ${t.transactions} of ${f.truth.transactions.length} rows`);
    }
    console.log(`  ${i === 0 ? "warm-up" : `upload ${i}`}: ${ms(t.committed)} (answered ${ms(t.answered)})`);
    if (i > 0) timings.push(t);
  }
  const { createSql } = await import("../src/db/client.ts");
  const sql = createSql(db.url, { max: 1 });
  const pg = ((await sql`show server_version`)[0].server_version as string).split(" ")[0];
  await sql.end();
  return { timings, kind: db.kind, pg, concurrency: rig.workerConcurrency };
}

/** Waits up to `ms` for the 1-minute load average to fall below the number of CPUs. */
async function waitForQuiet(maxMs: number): Promise<void> {
  const cpus = navigator.hardwareConcurrency;
  const until = Date.now() + maxMs;
  while (Deno.loadavg()[0] >= cpus && Date.now() < until) {
    console.log(`Load average ${fmt(Deno.loadavg()[0], 1)} on ${cpus} CPUs: waiting for a quieter machine …`);
    await new Promise((r) => setTimeout(r, 15_000));
  }
}

async function main() {
  await waitForQuiet(QUIET_WAIT_MS);
  const loadBefore = Deno.loadavg()[0];
  const version = await pdftotextVersion();
  if (!version) {
    console.log(
      "pdftotext is not installed or cannot run: skipping the reference rows and ratios " +
        "(install it with `apt-get install -y poppler-utils`)",
    );
  }
  const dir = await Deno.makeTempDir({ prefix: "ledgerflow-bench-parse-" });
  cleanups.push(() => Deno.remove(dir, { recursive: true }));
  const statements: BenchStatement[] = [];
  for (const size of SIZES) statements.push(await statementOfPages(size.pages, 7000 + size.pages));
  // The first extraction in a process compiles PDF.js (cold); the rows below are warm.
  const coldStart = performance.now();
  await extractPdf(statements[0].pdf);
  const coldMs = performance.now() - coldStart;

  const sizes = [];
  for (const [i, size] of SIZES.entries()) {
    sizes.push(await measureSize(dir, statements[i], size.runs, version !== undefined));
  }
  const bare = median(
    await timeRuns(() => extractInSubprocess(new Uint8Array(16), {}, { childScript: BARE }), {
      runs: 7,
      pauseMs: PAUSE_MS,
    }),
  );
  const uploads = await measureUploads();

  const rows = sizes.flatMap((s) => s.rows);
  const byWhat = (what: string, pages: number) => rows.find((r) => r.what.startsWith(what) && r.pages === pages);
  const up = uploads.timings;
  const upMedian = median(up.map((t) => t.committed));
  const upRow = [
    `Upload → rows committed (API + worker, ${UPLOADS} distinct files)`,
    "20",
    String(up.length),
    ms(upMedian),
    `${fmt(Math.min(...up.map((t) => t.committed)))}–${fmt(Math.max(...up.map((t) => t.committed)))}`,
    fmt(upMedian / 20, 1),
    fmt(20 / (upMedian / 1000)),
    "–",
    "–",
    "–",
  ];
  const head = [
    "What",
    "Pages",
    "Runs",
    "Median",
    "Range (ms)",
    "ms/page",
    "pages/s",
    "÷ pdftotext",
    "CPU",
    "CPU ÷ pdftotext",
  ];
  const mainTable = table(head, [...rows.map(rowCells), upRow]);

  const p20 = sizes[0].probe;
  const med = (f: (t: UploadTiming) => number | undefined) => median(up.map(f).filter((x) => x !== undefined));
  const profile = table(["Where the time goes (20 pages, medians)", "ms"], [
    ["Fresh child, spawn to exit (probe)", ms(p20.wall)],
    ["· of which Deno start-up and our modules (a child that answers at once: " + ms(bare) + ")", ms(p20.startup)],
    ["· of which loading PDF.js", ms(p20.pdfjs)],
    ["· of which PDF.js text + our lines, first extraction in the process (cold JIT)", ms(p20.extract)],
    ["· of which the answer as JSON (" + fmt(p20.jsonBytes / 1024) + " KiB)", ms(p20.json)],
    ["Same extraction in a warm process (`extractPdf`)", ms(median(byWhat("Extraction in this", 20)!.runs))],
    ["First `extractPdf` in this process (PDF.js compiled on first use)", ms(coldMs)],
    ["Choose + parse + verify (`parseExtracted`, warm)", ms(sizes[0].parseOnly)],
    ["Upload: POST answered (multipart, SHA-256, encrypt, store, insert + job)", ms(med((t) => t.answered))],
    ["Upload: job picked up (status `extracting`)", ms(med((t) => t.started - t.answered))],
    [
      "Upload: isolated extraction in the job (until status `parsing`)",
      ms(med((t) => t.parsing && t.parsing - t.started)),
    ],
    ["Upload: extraction + parse + verify in the job (the statement's `elapsed_ms`)", ms(med((t) => t.parseMs))],
    [
      "Upload: the rest of the job: read and decrypt the file, statuses, write 500 rows, commit",
      ms(med((t) => t.parseMs !== undefined ? t.committed - t.started - t.parseMs : undefined)),
    ],
    [
      "Upload: after the commit, until the jobs it queued (rules, links …) are done",
      ms(med((t) => t.settled - t.committed)),
    ],
  ]);

  const ratioOf = (r: Row | undefined, kind: "wall" | "cpu") =>
    r?.reference ? median(kind === "wall" ? r.runs : r.cpu) / r.reference[kind] : NaN;
  const verdict = (ok: boolean) => (ok ? "**met**" : "**missed**");
  const ratio = (what: string, kind: "wall" | "cpu" = "wall") =>
    SIZES.map(({ pages }) => {
      const r = ratioOf(byWhat(what, pages), kind);
      return `${fmt(r, 1)}× at ${pages} pages (${verdict(r <= TARGET_RATIO)})`;
    }).join(", ");
  const machine = await machineSummary();
  const markdown = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}, Deno ${Deno.version.deno}, ` +
    (version ? `pdftotext ${version}, ` : "pdftotext not installed, ") +
    `PostgreSQL ${uploads.pg} (${uploads.kind}), worker concurrency ${uploads.concurrency}. ` +
    `Warm medians; runs start ${PAUSE_MS / 1000} s apart. Load average ${fmt(loadBefore, 1)} before the run and ` +
    `${fmt(Deno.loadavg()[0], 1)} after it (other work shares the machine).`,
    "",
    mainTable,
    "",
    `Targets: isolated extraction ≤ ${TARGET_RATIO}× pdftotext per page — ` +
    (version
      ? `as the worker runs it, ${ratio("Extraction, isolated, as the worker")} in wall-clock time, and ` +
        `${ratio("Extraction, isolated, as the worker", "cpu")} in CPU time; with a fresh child per file, ` +
        `${ratio("Extraction, isolated: a fresh child")} (CPU: ` +
        `${ratio("Extraction, isolated: a fresh child", "cpu")}). `
      : "not measured (no pdftotext). ") +
    `Upload → rows committed < ${TARGET_UPLOAD_MS / 1000} s for 20 pages — ${ms(upMedian)} ` +
    `(${verdict(upMedian < TARGET_UPLOAD_MS)}).`,
    "",
    profile,
  ].join("\n");
  console.log(`\n${markdown}\n`);
  await replaceSection(README, "parse", markdown);
  await formatMarkdown(README);
  await Deno.mkdir(OUT, { recursive: true });
  await Deno.writeTextFile(
    new URL("parse.json", OUT),
    JSON.stringify({ machine, pdftotext: version, coldMs, bare, sizes, uploads }, null, 2),
  );
  console.log("Wrote bench/README.md and bench/out/parse.json");
}

try {
  await main();
} finally {
  await cleanup();
  Deno.removeSignalListener("SIGINT", onSignal);
}
