/**
 * A stand-in for src/parsing/extract/child.ts that reports where its time goes: it is spawned
 * exactly like the real child (no permissions, same V8 flags), reads a raw PDF from stdin,
 * extracts it once and prints the durations of each step as JSON on stdout.
 */
import { getResolvedPDFJS } from "unpdf";
import { extractPdf } from "../../src/parsing/extract/pdf.ts";

// performance.now() counts from the runtime's start: this is start-up plus loading our modules.
const loaded = performance.now();
await getResolvedPDFJS();
const pdfjs = performance.now();
const bytes = new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer());
const read = performance.now();
const doc = await extractPdf(bytes);
const extracted = performance.now();
const json = JSON.stringify({ ok: true, doc });
const done = performance.now();
console.log(JSON.stringify({
  modules: loaded,
  pdfjs: pdfjs - loaded,
  read: read - pdfjs,
  extract: extracted - read,
  json: done - extracted,
  total: done,
  bytes: json.length,
}));
