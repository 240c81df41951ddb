/**
 * Debian packages for tests that need real outside tools (Chromium, bean-check, hledger):
 * found on the usual paths, installed with apt-get when missing and the machine allows it.
 */

/** The first of `paths` that exists. */
export async function firstExisting(paths: string[]): Promise<string | undefined> {
  for (const path of paths) {
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

/**
 * Installs Debian packages when running as root with apt-get: first from the package lists
 * the machine has, then after `apt-get update`. False when they cannot be installed here.
 */
export async function aptInstall(packages: string[]): Promise<boolean> {
  if (!packages.length) return true;
  if (Deno.uid() !== 0) return false;
  const install = () => run("apt-get", ["install", "-y", "-q", ...packages]);
  return await install() || (await run("apt-get", ["update", "-q"]) && await install());
}
