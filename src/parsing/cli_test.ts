/**
 * `deno task parse` as a user runs it: a subprocess of src/main.ts with no configuration, no
 * database and an empty environment (PATH and HOME only, to find Deno and its cache).
 */
import { assert, assertEquals } from "../../tests/support/assert.ts";
import { encryptedStatement, FIXTURES, generateStatement } from "../../tests/fixtures/statements.ts";
import { makePdf } from "./extract/test_pdf.ts";
import { printable } from "./cli.ts";
import type { StatementResult } from "./types.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const dir = await Deno.makeTempDir({ prefix: "ledgerflow-cli-" });

function env(): Record<string, string> {
  const out: Record<string, string> = { NO_COLOR: "1" };
  for (const name of ["PATH", "HOME", "DENO_DIR"]) {
    const v = Deno.env.get(name);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

async function parse(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "parse", ...args],
    env: env(),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

async function file(name: string, bytes: Uint8Array): Promise<string> {
  const path = `${dir}/${name}`;
  await Deno.writeFile(path, bytes);
  return path;
}

const page = { texts: [{ x: 72, y: 700, text: "Opening balance" }, { x: 300, y: 700, text: "12.00" }] };

Deno.test("parse prints the result as JSON and exits 0", async () => {
  const { pdf, truth } = await generateStatement(FIXTURES[0].spec);
  const path = await file("statement.pdf", pdf);
  const { code, stdout, stderr } = await parse(path);
  assertEquals([code, stderr], [0, ""]);
  const result = JSON.parse(stdout) as StatementResult;
  assertEquals(stdout, JSON.stringify(result, null, 2) + "\n");
  assertEquals([result.pages, result.transactions.length], [truth.pages, truth.transactions.length]);
  assertEquals(result.verification.status, "passed");
  assert(result.transactions.every((t) => !("source" in t)));
});

Deno.test("printable omits the source of each transaction", () => {
  const tx = { date: "2024-03-01", posted_date: null, description: "x", amount: "1.00", balance: null };
  const result = { transactions: [{ ...tx, source: { page: 1, lines: [2], y: 700 } }] } as StatementResult;
  assertEquals(printable(result).transactions, [tx]);
});

Deno.test("parse: an encrypted PDF needs --password", async () => {
  const { pdf, password } = await encryptedStatement();
  const path = await file("locked.pdf", pdf);
  const without = await parse(path);
  assertEquals([without.code, without.stdout, without.stderr], [
    1,
    "",
    `ledgerflow: Cannot parse ${path}: this PDF is password-protected; pass --password\n`,
  ]);
  const wrong = await parse(path, "--password", "nope");
  assertEquals([wrong.code, wrong.stderr], [1, `ledgerflow: Cannot parse ${path}: the password is not correct\n`]);
  const right = await parse(path, `--password=${password}`);
  assertEquals([right.code, right.stderr, JSON.parse(right.stdout).verification.status], [0, "", "passed"]);
});

Deno.test("parse: unreadable, unsupported and missing files fail with one line", async () => {
  const scan = await file("scan.pdf", makePdf([{ image: true }]));
  const csv = await file("export.csv", new TextEncoder().encode("Date,Amount\n2024-03-01,1.00\n"));
  const cases: [string, string][] = [
    [scan, "this looks like a scanned image; it needs OCR, which LedgerFlow does not do yet"],
    [await file("letter.pdf", makePdf([page])), "no transaction table found"],
    [csv, "not a PDF"],
    [`${dir}/missing.pdf`, "no such file"],
    [dir, "it is a directory"],
  ];
  for (const [path, reason] of cases) {
    const { code, stdout, stderr } = await parse(path);
    assertEquals([code, stdout, stderr], [1, "", `ledgerflow: Cannot parse ${path}: ${reason}\n`]);
  }
});

Deno.test("parse: usage errors exit 2; --help and --list-parsers exit 0", async () => {
  const path = await file("usage.pdf", makePdf([page]));
  const unknown = await parse(path, "--parser", "nope");
  assertEquals(unknown.code, 2);
  assert(unknown.stderr.startsWith('ledgerflow: Unknown parser "nope"; available: generic'), unknown.stderr);
  assertEquals(unknown.stderr.trim().split("\n").length, 1);
  const none = await parse();
  assertEquals(none.code, 2);
  assertEquals(none.stderr.trim().split("\n").length, 1);
  const bogus = await parse(path, "--frobnicate");
  assertEquals([bogus.code, bogus.stderr], [
    2,
    'ledgerflow: unknown option "--frobnicate"; see deno task parse --help\n',
  ]);
  const help = await parse("--help");
  assertEquals(help.code, 0);
  assert(help.stdout.startsWith("usage: deno task parse <file.pdf> [--password P] [--parser ID]"));
  const list = await parse("--list-parsers");
  assertEquals(list.code, 0);
  assert(list.stdout.startsWith("generic "));
});

Deno.test({
  name: "cleanup",
  fn: () => Deno.remove(dir, { recursive: true }),
});
