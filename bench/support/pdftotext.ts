/**
 * The reference extractor: poppler's `pdftotext -layout`, one process per file (as LedgerFlow
 * runs one extraction child per file), its text read from stdout.
 */

/** The `pdftotext -v` banner, or undefined when pdftotext cannot run. */
export async function pdftotextVersion(): Promise<string | undefined> {
  try {
    const out = await new Deno.Command("pdftotext", { args: ["-v"], stdout: "piped", stderr: "piped" }).output();
    const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    return /pdftotext version ([\d.]+)/.exec(text)?.[1] ?? "unknown version";
  } catch {
    return undefined;
  }
}

/** Extracts `path` with `pdftotext -layout` and returns the text; throws when it fails. */
export async function pdftotext(path: string): Promise<string> {
  const out = await new Deno.Command("pdftotext", {
    args: ["-layout", "-enc", "UTF-8", path, "-"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`pdftotext failed on ${path}: ${new TextDecoder().decode(out.stderr).trim()}`);
  }
  return new TextDecoder().decode(out.stdout);
}
