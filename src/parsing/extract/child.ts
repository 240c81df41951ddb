/**
 * The extraction child process (see isolated.ts). Reads from stdin a 4-byte big-endian length,
 * that many bytes of JSON options ({ password?, maxPages? }) and then the PDF; writes one JSON
 * object to stdout: `{ ok: true, doc }` or `{ ok: false, state, message }`.
 * Runs without permissions: it only reads stdin and writes stdout. Started with `--warm` (a
 * spare child, see spare.ts), it first reads a small built-in PDF, so that its one real file
 * runs on compiled code.
 */
import { getResolvedPDFJS } from "unpdf";
import { DocumentError } from "../types.ts";
import { extractPdf } from "./pdf.ts";
import { warmUpPdf } from "./warmup.ts";

// Keep stdout for the answer alone: anything a library logs goes to stderr.
console.log =
  console.info =
  console.debug =
  console.warn =
    console.error;

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function writeAll(data: Uint8Array) {
  let at = 0;
  while (at < data.length) at += await Deno.stdout.write(data.subarray(at));
}

async function warmUp(): Promise<void> {
  await getResolvedPDFJS();
  if (Deno.args.includes("--warm")) await extractPdf(await warmUpPdf());
}

async function run(): Promise<unknown> {
  // Load PDF.js while the parent is still sending the file (a spare: until it does).
  const warming = warmUp().catch(() => {});
  const input = await readAll(Deno.stdin.readable);
  // No input (for a spare, its parent is gone): stop without waiting for the warm-up.
  if (input.length < 4) return { ok: false, state: "failed", message: "The PDF could not be read: no input" };
  await warming;
  const headerLength = new DataView(input.buffer, input.byteOffset, 4).getUint32(0);
  const options = JSON.parse(new TextDecoder().decode(input.subarray(4, 4 + headerLength)));
  const bytes = input.subarray(4 + headerLength);
  try {
    const doc = await extractPdf(bytes, { password: options.password, maxPages: options.maxPages });
    return { ok: true, doc };
  } catch (error) {
    if (error instanceof DocumentError) return { ok: false, state: error.state, message: error.message };
    return { ok: false, state: "unreadable", message: "The file is not a valid PDF (it is damaged or truncated)" };
  }
}

await writeAll(new TextEncoder().encode(JSON.stringify(await run())));
Deno.exit(0);
