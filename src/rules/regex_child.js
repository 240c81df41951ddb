/**
 * The process that runs rule regular expressions (see regex_budget.ts). It reads one JSON
 * line per pattern on stdin — {key, source, flags, texts} — and answers one JSON line on
 * stdout with the indexes of the texts that match. The parent kills it (SIGKILL) when a
 * pattern runs past its time budget: a regex stuck in backtracking cannot be interrupted
 * inside a thread, but a process always ends. Plain JavaScript, no imports, no permissions.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const out = Deno.stdout.writable.getWriter();

/** @param {unknown} message */
const send = (message) => out.write(encoder.encode(`${JSON.stringify(message)}\n`));

/** @param {{ key: string; source: string; flags: string; texts: string[] }} task */
function run(task) {
  try {
    const re = new RegExp(task.source, task.flags);
    /** @type {number[]} */
    const matched = [];
    for (let i = 0; i < task.texts.length; i++) if (re.test(task.texts[i])) matched.push(i);
    return { key: task.key, matched };
  } catch (error) {
    return { key: task.key, error: String(error) };
  }
}

await send({ ready: true });
let buffer = "";
for await (const chunk of Deno.stdin.readable) {
  buffer += decoder.decode(chunk, { stream: true });
  for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
    const line = buffer.slice(0, nl);
    buffer = buffer.slice(nl + 1);
    if (line) await send(run(JSON.parse(line)));
  }
}
