/**
 * `deno task bench [name…]`: runs bench/<name>.ts for each name given (`http`, `http.ts` and
 * `bench/http.ts` all work), or every bench/*.ts except this file when none is given. Each
 * runs as its own `deno run -A` subprocess, one after the other, killed if it overruns.
 */
const BENCH_DIR = new URL("./", import.meta.url);
const TIMEOUT_MS = 20 * 60_000;

/** The bench files to run for these command-line names. */
export async function selectBenches(names: string[]): Promise<string[]> {
  const all: string[] = [];
  for await (const entry of Deno.readDir(BENCH_DIR)) {
    if (entry.isFile && entry.name.endsWith(".ts") && entry.name !== "run.ts") all.push(entry.name);
  }
  all.sort();
  if (names.length === 0) return all;
  return names.map((name) => {
    const file = `${name.replace(/^(\.\/)?bench\//, "").replace(/\.ts$/, "")}.ts`;
    if (!all.includes(file)) {
      throw new Error(`Cannot run benchmark "${name}": no bench/${file} (have: ${all.join(", ") || "none"})`);
    }
    return file;
  });
}

async function runBench(file: string): Promise<boolean> {
  console.log(`\n=== bench/${file} ===`);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(file, BENCH_DIR).pathname],
    cwd: new URL("../", BENCH_DIR).pathname,
    stdin: "null",
  }).spawn();
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const timer = setTimeout(() => {
    console.error(`bench/${file} ran longer than ${TIMEOUT_MS / 60_000} minutes: stopping it`);
    child.kill("SIGINT");
    killTimer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  }, TIMEOUT_MS);
  try {
    return (await child.status).success;
  } finally {
    clearTimeout(timer);
    clearTimeout(killTimer);
  }
}

if (import.meta.main) {
  let files: string[];
  try {
    files = await selectBenches(Deno.args);
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(2);
  }
  const failed: string[] = [];
  for (const file of files) {
    if (!(await runBench(file))) failed.push(file);
  }
  if (failed.length) {
    console.error(`\nFailed: ${failed.map((f) => `bench/${f}`).join(", ")}`);
    Deno.exit(1);
  }
}
