import { assert, assertEquals, assertMatch, assertRejects } from "../../../tests/support/assert.ts";
import { DocumentError } from "../types.ts";
import { extractInSubprocess, type IsolationOptions, OUT_OF_MEMORY } from "./isolated.ts";
import { extractPdf, MESSAGES } from "./pdf.ts";
import { makePdf, manyPagesPdf, rawPdf } from "./test_pdf.ts";

const TIMEOUT_MS = 20_000;
const statement = makePdf([{
  texts: [
    { x: 72, y: 700, text: "Date" },
    { x: 130, y: 700, text: "Description" },
    { x: 400, y: 700, text: "Amount" },
    { x: 72, y: 680, text: "03/01" },
    { x: 130, y: 680, text: "ACH DEPOSIT" },
    { x: 400, y: 680, text: "1,234.56" },
  ],
}]);

/** Runs an extraction that must fail with a DocumentError within the time bound. */
async function failsWithin(bytes: Uint8Array, iso: IsolationOptions = {}): Promise<DocumentError> {
  const started = performance.now();
  const error = await assertRejects(
    () => extractInSubprocess(bytes, {}, { timeoutMs: TIMEOUT_MS, ...iso }),
    DocumentError,
  );
  const elapsed = performance.now() - started;
  assert(elapsed < (iso.timeoutMs ?? TIMEOUT_MS) + 2_000, `took ${elapsed} ms`);
  return error;
}

async function childScript(source: string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(path, source);
  return path;
}

Deno.test("extractInSubprocess returns what extractPdf returns", async () => {
  assertEquals(await extractInSubprocess(statement), await extractPdf(statement));
});

Deno.test("extractInSubprocess passes the password to the child and its errors back", async () => {
  const pdf = makePdf([{ texts: [{ x: 72, y: 700, text: "Opening balance 12.00" }] }], { userPassword: "pw" });
  const without = await failsWithin(pdf);
  assertEquals([without.state, without.message], ["needs_password", MESSAGES.needsPassword]);
  const wrong = await assertRejects(() => extractInSubprocess(pdf, { password: "nope" }), DocumentError);
  assertEquals([wrong.state, wrong.message], ["needs_password", MESSAGES.wrongPassword]);
  const doc = await extractInSubprocess(pdf, { password: "pw" });
  assertEquals(doc.lines.map((l) => l.text), ["Opening balance 12.00"]);
});

Deno.test("extractInSubprocess: hostile and broken files end in a DocumentError within bounds", async () => {
  const random = crypto.getRandomValues(new Uint8Array(64 * 1024));
  random.set(new TextEncoder().encode("%PDF-1.7\n"));
  const deepArrays = rawPdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /X ${"[".repeat(200_000)}${"]".repeat(200_000)} >>`,
  ]);
  const deepDicts = rawPdf([
    `<< /Type /Catalog /Pages 2 0 R /X ${"<< /A ".repeat(100_000)}${">> ".repeat(100_000)}>>`,
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
  ]);
  const cases: [string, Uint8Array, string][] = [
    ["truncated", statement.subarray(0, 300), MESSAGES.damaged],
    ["random bytes", crypto.getRandomValues(new Uint8Array(10_000)), MESSAGES.notPdf],
    ["random after a PDF header", random, MESSAGES.damaged],
    ["deeply nested arrays", deepArrays, MESSAGES.damaged],
    ["deeply nested dictionaries", deepDicts, MESSAGES.damaged],
    ["5000 pages", manyPagesPdf(5000), "The PDF has 5000 pages; the limit is 2000"],
    ["image only", makePdf([{ image: true }]), MESSAGES.scanned],
  ];
  for (const [name, bytes, message] of cases) {
    const error = await failsWithin(bytes);
    assertEquals([name, error.state, error.message], [name, "unreadable", message]);
  }
});

/** A FlateDecode content stream that inflates to `mb` MiB of spaces (about 1 MiB per GiB on disk). */
async function flateBomb(mb: number): Promise<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024).fill(32);
  let n = 0;
  const source = new ReadableStream<BufferSource>({
    pull(controller) {
      if (n++ < mb) controller.enqueue(chunk);
      else controller.close();
    },
  });
  const z = new Uint8Array(await new Response(source.pipeThrough(new CompressionStream("deflate"))).arrayBuffer());
  const enc = new TextEncoder();
  const head = enc.encode(
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" +
      "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n" +
      "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n" +
      `4 0 obj\n<< /Length ${z.length} /Filter /FlateDecode >>\nstream\n`,
  );
  const tail = enc.encode("\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
  const out = new Uint8Array(head.length + z.length + tail.length);
  out.set(head);
  out.set(z, head.length);
  out.set(tail, head.length + z.length);
  return out;
}

Deno.test("extractInSubprocess: a decompression bomb is stopped by the memory bound", async () => {
  const error = await failsWithin(await flateBomb(1200), { maxHeapMb: 256 });
  assertEquals([error.state, error.message], ["failed", OUT_OF_MEMORY]);
});

Deno.test("extractInSubprocess kills a child that takes too long", async () => {
  const error = await failsWithin(statement, { timeoutMs: 100 });
  assertEquals([error.state, error.message], ["failed", "The PDF took too long to read (over 100 ms)"]);
  const hang = await childScript("await new Promise(() => setInterval(() => {}, 1000));");
  const slow = await failsWithin(statement, { timeoutMs: 1_000, childScript: hang });
  assertEquals(slow.message, "The PDF took too long to read (over 1 s)");
});

Deno.test("extractInSubprocess maps a V8 heap exhaustion and a crash to failed", async () => {
  const hog = await childScript("const keep = []; for (;;) keep.push(new Array(1e5).fill({ a: keep.length }));");
  const oom = await failsWithin(statement, { maxHeapMb: 64, maxRssMb: 4096, childScript: hog });
  assertEquals([oom.state, oom.message], ["failed", OUT_OF_MEMORY]);
  const crash = await childScript("Deno.exit(3);");
  const crashed = await failsWithin(statement, { childScript: crash });
  assertEquals(crashed.state, "failed");
  assertMatch(crashed.message, /^The PDF could not be read: the reader stopped unexpectedly \(exit code 3\)$/);
});

Deno.test("extractInSubprocess runs the child without permissions", async () => {
  const probe = await childScript(`
    const q = (name) => Deno.permissions.querySync({ name }).state;
    const answer = { ok: false, state: "failed", message: [q("read"), q("write"), q("net"), q("env"), q("run")].join(",") };
    console.log(JSON.stringify(answer));`);
  const error = await failsWithin(statement, { childScript: probe });
  assertEquals(error.message, "prompt,prompt,prompt,prompt,prompt");
});
