import { assert, assertEquals, assertMatch, assertRejects } from "../tests/support/assert.ts";
import { ConfigError, loadConfig, parseEnvironment } from "./config.ts";
import { generateSecrets } from "./secrets.ts";

const generated = await generateSecrets();
const KEYS = {
  LEDGERFLOW_ENCRYPTION_KEYS: generated.encryptionKeys,
  LEDGERFLOW_SIGNING_KEYS: generated.signingKeys,
};

Deno.test("defaults apply when nothing is set", () => {
  const v = parseEnvironment({});
  assertEquals(v.PORT, 8080);
  assertEquals(v.LEDGERFLOW_ENV, "development");
  assertEquals(v.WORKER_CONCURRENCY, 2);
  assertEquals(v.LOG_LEVEL, "info");
});

Deno.test("a bad value is one line naming the variable, the problem and the fix", async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: "abc" }, /^PORT="abc" must be a whole number; e\.g\. PORT=8080$/],
    [{ PORT: "70000" }, /^PORT="70000" must be between 1 and 65535/],
    [{ LOG_LEVEL: "loud" }, /^LOG_LEVEL="loud" .*; use debug, info, warn or error$/],
    [{ WORKER_CONCURRENCY: "0" }, /^WORKER_CONCURRENCY="0" .*1 to 64$/],
    [{ DATABASE_URL: "mysql://x" }, /^DATABASE_URL="mysql:\/\/x" must start with postgres:\/\//],
    [{ PUBLIC_URL: "not a url" }, /^PUBLIC_URL="not a url" must be an absolute URL/],
  ];
  for (const [env, pattern] of cases) {
    await t.step(Object.keys(env)[0], () => {
      try {
        parseEnvironment(env);
        throw new Error("expected a ConfigError");
      } catch (error) {
        assert(error instanceof ConfigError);
        assertMatch(error.message, pattern);
        assert(!error.message.includes("\n"), "one line");
      }
    });
  }
});

Deno.test("production requires secrets and an external database", async () => {
  const error = await assertRejects(
    () => loadConfig({ LEDGERFLOW_ENV: "production", DATABASE_URL: "postgres://h/db" }),
    ConfigError,
  );
  assertMatch(error.message, /^LEDGERFLOW_ENCRYPTION_KEYS is required when LEDGERFLOW_ENV=production/);
  await assertRejects(() => loadConfig({ LEDGERFLOW_ENV: "production", ...KEYS }), ConfigError, "DATABASE_URL");
  const ok = await loadConfig({ LEDGERFLOW_ENV: "production", DATABASE_URL: "postgres://h/db", ...KEYS });
  assertEquals(ok.encryptionKeys, KEYS.LEDGERFLOW_ENCRYPTION_KEYS);
});

Deno.test("development generates secrets once into the data dir, with a warning", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const warnings: string[] = [];
    const first = await loadConfig({ LEDGERFLOW_DATA_DIR: dir }, (m) => warnings.push(m));
    assertEquals(warnings.length, 1);
    assertMatch(warnings[0], /generated development secrets/);
    assertMatch(first.encryptionKeys, /^1:[A-Za-z0-9+/]{43}=$/);
    assertEquals((await Deno.stat(`${dir}/secrets.json`)).mode! & 0o777, 0o600);
    const second = await loadConfig({ LEDGERFLOW_DATA_DIR: dir }, (m) => warnings.push(m));
    assertEquals(warnings.length, 1, "no second warning");
    assertEquals(second.encryptionKeys, first.encryptionKeys);
    assertEquals(second.signingKeys, first.signingKeys);
    const pkcs8 = Uint8Array.from(atob(second.signingKeys.split(":")[1]), (ch) => ch.charCodeAt(0));
    await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, false, ["sign"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Upstash needs both URL and token", async () => {
  await assertRejects(
    () => loadConfig({ ...KEYS, UPSTASH_REDIS_REST_URL: "https://x.upstash.io" }),
    ConfigError,
    "UPSTASH_REDIS_REST_TOKEN is missing",
  );
  const c = await loadConfig({
    ...KEYS,
    UPSTASH_REDIS_REST_URL: "https://x.upstash.io",
    UPSTASH_REDIS_REST_TOKEN: "t",
  });
  assertEquals(c.upstash, { url: "https://x.upstash.io", token: "t" });
});

Deno.test("bad key material is a configuration error naming the variable", async () => {
  const base = { LEDGERFLOW_ENV: "production", DATABASE_URL: "postgres://h/db", ...KEYS };
  const signing = await assertRejects(
    () => loadConfig({ ...base, LEDGERFLOW_SIGNING_KEYS: "k1:not-a-key" }),
    ConfigError,
  );
  assertMatch(signing.message, /^Cannot read LEDGERFLOW_SIGNING_KEYS: key "k1" is not a base64 PKCS#8 Ed25519/);
  const encryption = await assertRejects(
    () => loadConfig({ ...base, LEDGERFLOW_ENCRYPTION_KEYS: "1:c2hvcnQ=" }),
    ConfigError,
  );
  assertMatch(encryption.message, /LEDGERFLOW_ENCRYPTION_KEYS/);
  assert(!encryption.message.includes("c2hvcnQ"), "the key itself is not echoed");
});
