/**
 * Extraction in a child Deno process, so that a hostile PDF can neither take the worker down
 * (out of memory, a crash in the reader) nor hang it: the child runs without permissions, with a
 * V8 heap limit, a resident-memory watchdog and a wall-clock timeout, and is killed on any of them.
 */
import { fileURLToPath as fromFileUrl } from "node:url";
import { DocumentError, type ExtractedDocument } from "../types.ts";
import type { ExtractOptions } from "./pdf.ts";
import { prepareSpare, takeSpare } from "./spare.ts";

/** Bounds for {@link extractInSubprocess}. */
export interface IsolationOptions {
  /** Wall-clock limit (default 60 s). */
  timeoutMs?: number;
  /** V8 old-space limit of the child (default 512 MiB). */
  maxHeapMb?: number;
  /** Resident memory limit of the child, which also counts buffers outside the V8 heap (default 2×heap + 256 MiB). */
  maxRssMb?: number;
  /** Largest answer accepted from the child (default 256 MiB of JSON). */
  maxOutputBytes?: number;
  /** The child script (tests substitute one that misbehaves). */
  childScript?: string | URL;
}

export const OUT_OF_MEMORY = "The PDF could not be read: the reader ran out of memory";

const CHILD = new URL("./child.ts", import.meta.url);
const CONFIG = new URL("../../../deno.json", import.meta.url);
/** Environment the child needs to find Deno's cache; nothing else (no secrets) is passed on. */
const PASSED_ENV = ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR", "DENO_CERT", "NPM_CONFIG_REGISTRY"];

function childEnv(): Record<string, string> {
  const env: Record<string, string> = { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
  for (const name of PASSED_ENV) {
    try {
      const value = Deno.env.get(name);
      if (value !== undefined) env[name] = value;
    } catch {
      // no env permission: the child gets the defaults
    }
  }
  return env;
}

function pathOf(url: string | URL): string {
  const u = typeof url === "string" ? url : url.href;
  return u.startsWith("file:") ? fromFileUrl(u) : u;
}

function frame(bytes: Uint8Array, opts: ExtractOptions): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify({ password: opts.password, maxPages: opts.maxPages }));
  const out = new Uint8Array(4 + header.length + bytes.length);
  new DataView(out.buffer).setUint32(0, header.length);
  out.set(header, 4);
  out.set(bytes, 4 + header.length);
  return out;
}

async function readCapped(stream: ReadableStream<Uint8Array>, cap: number, onOverflow: () => void) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let overflow = false;
  for await (const chunk of stream) {
    if (overflow) continue; // drain
    size += chunk.length;
    if (size > cap) {
      overflow = true;
      chunks.length = 0;
      onOverflow();
      continue;
    }
    chunks.push(chunk);
  }
  const out = new Uint8Array(overflow ? 0 : size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return { bytes: out, overflow };
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

async function residentMb(pid: number): Promise<number | null> {
  try {
    const status = await Deno.readTextFile(`/proc/${pid}/status`);
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function spawnChild(args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    clearEnv: true,
    env: childEnv(),
  }).spawn();
}

/**
 * {@link extractPdf} in a child process. Throws {@link DocumentError}: the child's own errors as
 * they are; "failed" when the child times out, runs out of memory or crashes.
 *
 * Each file is read by its own child. With the default bounds (`iso` empty, as the parse job
 * calls it) that child is the spare started, and warmed up, after the previous call (spare.ts);
 * the bounds then apply from the moment it gets the file. Any bound set: a child started for the call.
 */
export async function extractInSubprocess(
  bytes: Uint8Array,
  opts: ExtractOptions = {},
  iso: IsolationOptions = {},
): Promise<ExtractedDocument> {
  const timeoutMs = iso.timeoutMs ?? 60_000;
  const maxHeapMb = iso.maxHeapMb ?? 512;
  const maxRssMb = iso.maxRssMb ?? 2 * maxHeapMb + 256;
  const maxOutputBytes = iso.maxOutputBytes ?? 256 * 1024 * 1024;
  const args = ["run", "--quiet", "--no-prompt", `--v8-flags=--max-old-space-size=${maxHeapMb}`];
  if (CONFIG.protocol === "file:") args.push("--config", fromFileUrl(CONFIG));
  args.push(pathOf(iso.childScript ?? CHILD));
  const defaults = [iso.timeoutMs, iso.maxHeapMb, iso.maxRssMb, iso.maxOutputBytes, iso.childScript]
    .every((v) => v === undefined);
  const child = (defaults ? takeSpare() : undefined) ?? spawnChild(args);

  let killedFor: "timeout" | "memory" | "output" | null = null;
  const kill = (why: typeof killedFor) => {
    if (killedFor) return;
    killedFor = why;
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => kill("timeout"), timeoutMs);
  let sampling = false;
  const watchdog = setInterval(async () => {
    if (sampling) return;
    sampling = true;
    const rss = await residentMb(child.pid);
    sampling = false;
    if (rss !== null && rss > maxRssMb) kill("memory");
  }, 100);

  const writer = child.stdin.getWriter();
  const feeding = writer.write(frame(bytes, opts)).then(() => writer.close()).catch(() => {});
  const stdout = readCapped(child.stdout, maxOutputBytes, () => kill("output"));
  const stderr = readCapped(child.stderr, 1024 * 1024, () => {});
  try {
    const [status, out, err] = await Promise.all([child.status, stdout, stderr, feeding]);
    if (killedFor === "timeout") {
      throw new DocumentError("failed", `The PDF took too long to read (over ${formatDuration(timeoutMs)})`);
    }
    if (killedFor === "memory") throw new DocumentError("failed", OUT_OF_MEMORY);
    if (killedFor === "output") throw new DocumentError("failed", "The PDF could not be read: it has too much text");
    if (status.success && out.bytes.length) {
      let answer;
      try {
        answer = JSON.parse(new TextDecoder().decode(out.bytes));
      } catch {
        answer = null;
      }
      if (answer?.ok === true) return answer.doc as ExtractedDocument;
      if (answer?.ok === false) throw new DocumentError(answer.state, answer.message);
    }
    const errText = new TextDecoder().decode(err.bytes);
    if (/out of memory|heap limit|allocation failed/i.test(errText)) throw new DocumentError("failed", OUT_OF_MEMORY);
    const how = status.signal ? `signal ${status.signal}` : `exit code ${status.code}`;
    throw new DocumentError("failed", `The PDF could not be read: the reader stopped unexpectedly (${how})`);
  } finally {
    clearTimeout(timer);
    clearInterval(watchdog);
    // Started after this child is done, so that the two do not compete for a CPU.
    if (defaults) prepareSpare(() => spawnChild([...args, "--warm"]));
  }
}
