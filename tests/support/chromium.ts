/**
 * Finds Chromium for the browser tests, installing Debian's package when it is missing and
 * the machine allows it (root with apt-get). Returns its path, or undefined with a loud
 * message when it truly cannot be had.
 */
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

async function firstExisting(): Promise<string | undefined> {
  for (const path of CANDIDATES) {
    try {
      await Deno.stat(path);
      return path;
    } catch { /* not here */ }
  }
}

async function run(cmd: string, args: string[]): Promise<boolean> {
  try {
    const out = await new Deno.Command(cmd, {
      args,
      stdout: "null",
      stderr: "piped",
      env: { DEBIAN_FRONTEND: "noninteractive" },
    }).output();
    if (!out.success) console.error(new TextDecoder().decode(out.stderr).slice(-2000));
    return out.success;
  } catch {
    return false;
  }
}

/** Returns a Chromium executable path, installing it if possible. */
export async function ensureChromium(): Promise<string | undefined> {
  const override = Deno.env.get("CHROMIUM_PATH");
  if (override) return override;
  const found = await firstExisting();
  if (found) return found;
  if (Deno.uid() === 0) {
    console.log("Chromium is missing: installing Debian's chromium package for the browser tests …");
    if (await run("apt-get", ["update", "-q"]) && await run("apt-get", ["install", "-y", "-q", "chromium"])) {
      const installed = await firstExisting();
      if (installed) return installed;
    }
  }
  console.warn(
    "\n" + "!".repeat(78) +
      "\n!! Chromium is not installed and cannot be installed here: BROWSER TESTS WILL BE SKIPPED.\n" +
      "!! Install it with `apt-get install chromium` (or set CHROMIUM_PATH) to run them.\n" + "!".repeat(78) + "\n",
  );
  return undefined;
}
