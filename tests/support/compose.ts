/**
 * The deployment tests check docker-compose.yml with `docker compose config`. Where the docker
 * CLI exists but no Compose does, install Debian's docker-compose (as root) so they run.
 */
async function succeeds(cmd: string, args: string[]): Promise<boolean> {
  try {
    return (await new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output()).success;
  } catch {
    return false;
  }
}

/** Makes a Compose CLI available when the docker CLI is; returns whether one is. */
export async function ensureCompose(): Promise<boolean> {
  if (await succeeds("docker", ["compose", "version"]) || await succeeds("docker-compose", ["version"])) return true;
  if (!(await succeeds("docker", ["--version"])) || Deno.uid() !== 0) return false;
  console.log("The docker CLI has no Compose: installing Debian's docker-compose for the deployment tests …");
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update", "-q"], ["install", "-y", "-q", "docker-compose"]]) {
    const out = await new Deno.Command("apt-get", { args, env, stdout: "null", stderr: "piped" }).output()
      .catch(() => undefined);
    if (!out?.success) {
      console.warn("Cannot install docker-compose; the compose tests will be skipped");
      return false;
    }
  }
  return await succeeds("docker-compose", ["version"]);
}
