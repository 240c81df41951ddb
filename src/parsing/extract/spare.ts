/**
 * One spare extraction child per process, started after an extraction so that the next one does
 * not wait for Deno to start, PDF.js to load and its code to compile: the spare does all that
 * (and reads a small built-in PDF, see warmup.ts) while it waits for a file on stdin. A spare
 * still reads exactly one file and exits, as a child started for the call would.
 *
 * The spare does not keep this process alive (it is unref'd); when this process ends, for any
 * reason, the spare's stdin closes and it exits.
 */

interface Spare {
  child: Deno.ChildProcess;
  exited: boolean;
}

let spare: Spare | undefined;

/** The process id of the waiting spare, if one is waiting (for diagnostics and tests). */
export function waitingSparePid(): number | undefined {
  return spare && !spare.exited ? spare.child.pid : undefined;
}

/** Takes the waiting spare, if it is still running; it is then the caller's alone. */
export function takeSpare(): Deno.ChildProcess | undefined {
  const s = spare;
  spare = undefined;
  if (!s || s.exited) return undefined;
  s.child.ref();
  return s.child;
}

/** Starts a spare with `spawn` unless one is waiting. Never throws: without a spare, the next call starts its own. */
export function prepareSpare(spawn: () => Deno.ChildProcess): void {
  if (spare && !spare.exited) return;
  spare = undefined;
  let child: Deno.ChildProcess;
  try {
    child = spawn();
  } catch {
    return;
  }
  child.unref();
  const s: Spare = { child, exited: false };
  child.status.then(() => {
    s.exited = true;
    if (spare !== s) return;
    // It ended before it was taken (killed from outside): release its pipes.
    spare = undefined;
    child.stdout.cancel().catch(() => {});
    child.stderr.cancel().catch(() => {});
    child.stdin.close().catch(() => {});
  }, () => {});
  spare = s;
}
