/**
 * Finds Chromium for the browser tests, installing Debian's package when it is missing and
 * the machine allows it (root with apt-get). Returns its path, or undefined with a loud
 * message when it truly cannot be had.
 */
import { aptInstall, firstExisting } from "./apt.ts";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** Returns a Chromium executable path, installing it if possible. */
export async function ensureChromium(): Promise<string | undefined> {
  const override = Deno.env.get("CHROMIUM_PATH");
  if (override) return override;
  const found = await firstExisting(CANDIDATES);
  if (found) return found;
  if (Deno.uid() === 0) {
    console.log("Chromium is missing: installing Debian's chromium package for the browser tests …");
    if (await aptInstall(["chromium"])) {
      const installed = await firstExisting(CANDIDATES);
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
