/**
 * Deployment files: docker-compose.yml as Compose resolves it, the Dockerfile's essentials,
 * and the container health check script. The compose tests need a Compose CLI (the docker
 * plugin, or a standalone docker-compose) and are ignored without one; no Docker engine is
 * needed, since `config` only reads and interpolates the file.
 */
import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import { VARIABLES } from "../src/config.ts";

const root = new URL("../", import.meta.url);
const decoder = new TextDecoder();

/** A Compose command line and its major version (1 is the old Python tool, without JSON output). */
interface Compose {
  command: string[];
  major: number;
}

async function findCompose(): Promise<Compose | undefined> {
  for (const command of [["docker", "compose"], ["docker-compose"]]) {
    try {
      const out = await new Deno.Command(command[0], {
        args: [...command.slice(1), "version", "--short"],
        stdout: "piped",
        stderr: "null",
      }).output();
      const major = Number(/^v?(\d+)\./.exec(decoder.decode(out.stdout).trim())?.[1]);
      if (out.success && major > 0) return { command, major };
    } catch {
      // not installed
    }
  }
  return undefined;
}

const compose = await findCompose();
const KEYS = { LEDGERFLOW_ENCRYPTION_KEYS: "1:dummy", LEDGERFLOW_SIGNING_KEYS: "k1:dummy" };

/** Runs `compose <args>` in the project root with only `vars` set (no .env file is read). */
async function runCompose(args: string[], vars: Record<string, string>) {
  const { command } = compose!;
  const emptyEnvFile = await Deno.makeTempFile({ suffix: ".env" });
  try {
    const out = await new Deno.Command(command[0], {
      args: [...command.slice(1), "--env-file", emptyEnvFile, "-f", "docker-compose.yml", ...args],
      cwd: root,
      clearEnv: true,
      env: { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "/tmp", ...vars },
      stdout: "piped",
      stderr: "piped",
    }).output();
    return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
  } finally {
    await Deno.remove(emptyEnvFile);
  }
}

interface Service {
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string | null>;
  ports?: { target: number; published?: string | number }[];
}

Deno.test({
  name: "docker-compose.yml resolves to postgres, redis, redis-http, migrate, web and worker",
  ignore: !compose,
  async fn() {
    // Compose v2 prints JSON on request; v1 (Debian's docker-compose) prints YAML.
    const args = compose!.major >= 2 ? ["config", "--format", "json"] : ["config"];
    const { code, stdout, stderr } = await runCompose(args, KEYS);
    assert.equal(code, 0, stderr);
    const services: Record<string, Service> = parseYaml(stdout).services;
    for (const name of ["postgres", "redis", "redis-http", "migrate", "web", "worker"]) {
      assert.ok(services[name], `service ${name} is missing`);
    }
    assert.equal(services.postgres.image, "postgres:17");
    assert.ok([services.web.command].flat().includes("web"), `web command: ${services.web.command}`);
    assert.ok([services.worker.command].flat().includes("worker"), `worker command: ${services.worker.command}`);
    assert.ok([services.migrate.command].flat().includes("migrate"), `migrate command: ${services.migrate.command}`);
    assert.ok(
      services.web.ports?.some((p) => p.target === 8080 && String(p.published) === "8080"),
      `web ports: ${JSON.stringify(services.web.ports)}`,
    );
    for (const name of ["migrate", "web", "worker"]) {
      const env = services[name].environment ?? {};
      assert.match(env.DATABASE_URL ?? "", /^postgres:\/\/[^@]+@postgres:5432\/ledgerflow$/, `${name} DATABASE_URL`);
      assert.equal(env.LEDGERFLOW_ENV, "production", `${name} LEDGERFLOW_ENV`);
      assert.equal(env.LEDGERFLOW_ENCRYPTION_KEYS, KEYS.LEDGERFLOW_ENCRYPTION_KEYS, `${name} encryption keys`);
    }
  },
});

Deno.test({
  name: "docker-compose.yml refuses to resolve without LEDGERFLOW_ENCRYPTION_KEYS",
  ignore: !compose,
  async fn() {
    const { code, stdout, stderr } = await runCompose(["config", "-q"], {
      LEDGERFLOW_SIGNING_KEYS: KEYS.LEDGERFLOW_SIGNING_KEYS,
    });
    assert.notEqual(code, 0, "compose config succeeded without LEDGERFLOW_ENCRYPTION_KEYS");
    assert.match(stdout + stderr, /LEDGERFLOW_ENCRYPTION_KEYS/);
  },
});

/** The Dockerfile's instructions, with comments dropped and continuation lines joined. */
function instructions(text: string): { keyword: string; args: string }[] {
  const joined = text.split("\n").filter((line) => !/^\s*#/.test(line)).join("\n").replace(/\\\n/g, " ");
  return joined.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
    const [keyword, ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
  });
}

Deno.test("Dockerfile pins the Deno image, runs as a non-root user and health-checks /healthz", async () => {
  const steps = instructions(await Deno.readTextFile(new URL("Dockerfile", root)));
  const from = steps.find((s) => s.keyword === "FROM")?.args ?? "";
  assert.match(from, /^denoland\/deno:[a-z-]*\d+\.\d+\.\d+$/, `FROM ${from} is not a pinned denoland/deno tag`);
  assert.doesNotMatch(from, /latest/);

  const users = steps.filter((s) => s.keyword === "USER").map((s) => s.args);
  assert.ok(users.length > 0, "no USER instruction");
  assert.doesNotMatch(users.at(-1)!, /^(root|0)(:|$)/, `the image runs as ${users.at(-1)}`);

  const healthcheck = steps.find((s) => s.keyword === "HEALTHCHECK")?.args ?? "";
  const script = /\bsrc\/\S+\.ts\b/.exec(healthcheck)?.[0];
  const scriptText = script ? await Deno.readTextFile(new URL(script, root)) : "";
  assert.match(healthcheck + scriptText, /\/healthz/, `HEALTHCHECK ${healthcheck} does not call /healthz`);

  for (const copy of steps.filter((s) => s.keyword === "COPY")) {
    const sources = copy.args.split(" ").filter((a) => !a.startsWith("--")).slice(0, -1);
    for (const source of sources) await Deno.stat(new URL(source, root)); // throws if missing
  }
});

Deno.test("the health check script exits 0 on HTTP 200 and 1 otherwise", async () => {
  let status = 200;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) =>
      new URL(req.url).pathname === "/healthz" ? new Response("ok", { status }) : new Response(null, { status: 404 }),
  );
  const check = async (port: number) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-net=127.0.0.1", "--allow-env=PORT", "src/tasks/healthcheck.ts"],
      cwd: root,
      env: { PORT: String(port) },
      stdout: "null",
      stderr: "null",
    }).output();
    return out.code;
  };
  try {
    assert.equal(await check(server.addr.port), 0);
    status = 503;
    assert.equal(await check(server.addr.port), 1);
  } finally {
    await server.shutdown();
  }
  assert.equal(await check(server.addr.port), 1, "no server listening");
});

Deno.test(".env.example documents every variable LedgerFlow reads, all commented out", async () => {
  const text = await Deno.readTextFile(new URL(".env.example", root));
  for (const name of Object.keys(VARIABLES)) {
    assert.match(text, new RegExp(`^# ${name}=`, "m"), `${name} is missing from .env.example`);
  }
  const active = text.split("\n").filter((line) => line.trim() && !line.startsWith("#"));
  assert.deepEqual(active, [], "a copied .env.example must change nothing");
});
