/**
 * PDF extraction speed and the cost of isolation: the `large_520` fixture (20+ pages) and a
 * one-page statement, extracted in-process (cold: first use loads PDF.js; warm: later calls) and
 * in a child process (extractInSubprocess, which loads PDF.js every time). Prints a table; no
 * database needed. `deno task bench extract`
 */
import { FIXTURES, generateStatement } from "../tests/fixtures/statements.ts";
import { extractPdf } from "../src/parsing/extract/pdf.ts";
import { extractInSubprocess } from "../src/parsing/extract/isolated.ts";

const RUNS = 7;
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

/** A child that starts Deno with the same flags and answers at once: the process cost alone. */
async function bareChild(): Promise<number> {
  const path = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(path, 'console.log(JSON.stringify({ ok: false, state: "failed", message: "x" }));');
  try {
    return await time(() => extractInSubprocess(new Uint8Array(10), {}, { childScript: path }).catch(() => {}));
  } finally {
    await Deno.remove(path);
  }
}

const large = FIXTURES.find((f) => f.name === "large_520") ?? FIXTURES[0];
const { pdf: big } = await generateStatement(large.spec);
const { pdf: small } = await generateStatement(FIXTURES[0].spec);

const cold = performance.now();
const doc = await extractPdf(big);
const coldMs = performance.now() - cold;
const warmBig = await time(() => extractPdf(big));
const warmSmall = await time(() => extractPdf(small));
const isoBig = await time(() => extractInSubprocess(big), 5);
const isoSmall = await time(() => extractInSubprocess(small));
const bare = await bareChild();
const smallPages = (await extractPdf(small)).pages;

const rows: [string, string][] = [
  [
    `${large.name}: ${doc.pages} pages, ${doc.lines.length} lines, in-process, first call (loads PDF.js)`,
    `${coldMs.toFixed(0)} ms`,
  ],
  [`${large.name}: in-process, warm`, `${warmBig.toFixed(0)} ms (${(warmBig / doc.pages).toFixed(1)} ms/page)`],
  [`${large.name}: in a child process`, `${isoBig.toFixed(0)} ms (${(isoBig / doc.pages).toFixed(1)} ms/page)`],
  [`${FIXTURES[0].name}: ${smallPages} pages, in-process, warm`, `${warmSmall.toFixed(0)} ms`],
  [`${FIXTURES[0].name}: in a child process`, `${isoSmall.toFixed(0)} ms`],
  ["child process overhead (child − warm in-process, small file)", `${(isoSmall - warmSmall).toFixed(0)} ms`],
  ["  of which: start Deno and answer, no PDF.js", `${bare.toFixed(0)} ms`],
];
for (const [what, value] of rows) console.log(`${what.padEnd(90)} ${value}`);
