/** Report helpers for benchmarks: a one-line machine description and README sections. */

/** E.g. "AMD EPYC 7B13, 2 CPUs, 23.5 GiB RAM, Linux 6.1". */
export async function machineSummary(): Promise<string> {
  let cpu = "unknown CPU";
  try {
    const info = await Deno.readTextFile("/proc/cpuinfo");
    cpu = /^model name\s*:\s*(.+)$/m.exec(info)?.[1].trim() ?? cpu;
  } catch {
    // not Linux
  }
  const gib = Deno.systemMemoryInfo().total / 1024 ** 3;
  const kernel = Deno.osRelease().split("-")[0];
  return `${cpu}, ${navigator.hardwareConcurrency} CPUs, ${gib.toFixed(1)} GiB RAM, ${Deno.build.os} ${kernel}`;
}

/**
 * Replaces the text between `<!-- name:begin -->` and `<!-- name:end -->` in `file`, appending
 * a new section at the end when the markers are missing (and creating the file if needed).
 */
export async function replaceSection(file: URL, name: string, body: string): Promise<void> {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  let text = "";
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const block = `${begin}\n${body.trim()}\n${end}`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end, from);
  text = from >= 0 && to > from
    ? text.slice(0, from) + block + text.slice(to + end.length)
    : `${text.trimEnd()}${text ? "\n\n" : ""}## ${name}\n\n${block}\n`;
  await Deno.writeTextFile(file, text);
}

/** Runs `deno fmt` on the file, so a rewritten README passes `deno fmt --check`. */
export async function formatMarkdown(file: URL): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", file.pathname],
    cwd: new URL("../../", import.meta.url).pathname,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`Cannot format ${file.pathname}: ${new TextDecoder().decode(out.stderr)}`);
}
