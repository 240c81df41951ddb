import assert from "node:assert/strict";
import { type Cache, createCache, MemoryCache, UpstashCache } from "./cache.ts";
import { redisAvailable, startUpstashServer } from "../tests/support/upstash_server.ts";
import { RespClient } from "../tests/support/resp_client.ts";

const REDIS_URL = Deno.env.get("REDIS_URL") ?? "redis://127.0.0.1:6379";
const hasRedis = await redisAvailable();
if (!hasRedis) {
  console.warn(
    `\n!!! Redis is not reachable at ${REDIS_URL}: SKIPPING the UpstashCache tests !!!\n`,
  );
}

/** A unique key prefix per test, so parallel runs never share keys. */
const runId = crypto.randomUUID().slice(0, 8);
let seq = 0;
const uniquePrefix = () => `lf-test:${runId}:${++seq}:`;

/** A cache under test plus a way to let time pass (fake clock or real sleep). */
interface Fixture {
  cache: Cache;
  advance(ms: number): Promise<void>;
}

function withMemory(fn: (f: Fixture) => Promise<void>): () => Promise<void> {
  return async () => {
    let clock = 1_000_000;
    const cache = new MemoryCache({ maxEntries: 100, now: () => clock });
    await fn({ cache, advance: (ms) => Promise.resolve(void (clock += ms)) });
  };
}

/** Deletes every key under `prefix` in the real Redis. */
async function dropKeys(prefix: string): Promise<void> {
  const redis = await RespClient.connect(REDIS_URL);
  try {
    const keys = await redis.send(["KEYS", `${prefix}*`]) as Uint8Array[];
    const names = keys.map((k) => new TextDecoder().decode(k));
    if (names.length > 0) await redis.send(["DEL", ...names]);
  } finally {
    await redis.close();
  }
}

type UpstashFn = (f: Fixture & { url: string; token: string; prefix: string }) => Promise<void>;

function withUpstash(fn: UpstashFn): () => Promise<void> {
  return async () => {
    const server = await startUpstashServer();
    const prefix = uniquePrefix();
    try {
      const cache = new UpstashCache({ url: server.url, token: server.token, prefix });
      const advance = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
      await fn({ cache, advance, url: server.url, token: server.token, prefix });
    } finally {
      await dropKeys(prefix);
      await server.close();
    }
  };
}

/** The behaviour every Cache must have. */
const suite: Record<string, (f: Fixture) => Promise<void>> = {
  "set/get round-trips objects and unicode strings": async ({ cache }) => {
    const doc = { id: 7, name: "Zoë Ødegård", tags: ["€", "日本", "🧾"], nested: { ok: true } };
    await cache.set("doc", doc);
    assert.deepEqual(await cache.get("doc"), doc);
    await cache.set("text", "naïve café — ✓ 🙂");
    assert.equal(await cache.get<string>("text"), "naïve café — ✓ 🙂");
    await cache.set("numeric-string", "42");
    assert.equal(await cache.get("numeric-string"), "42");
    await cache.set("falsy", 0);
    assert.equal(await cache.get("falsy"), 0);
  },
  "get of a missing key is undefined": async ({ cache }) => {
    assert.equal(await cache.get("nope"), undefined);
  },
  "delete removes a key": async ({ cache }) => {
    await cache.set("k", { a: 1 });
    await cache.delete("k");
    assert.equal(await cache.get("k"), undefined);
    await cache.delete("k"); // deleting a missing key is fine
  },
  "set with ttl expires": async ({ cache, advance }) => {
    await cache.set("short", "soon gone", { ttlSeconds: 0.3 });
    await cache.set("long", "stays");
    assert.equal(await cache.get("short"), "soon gone");
    await advance(450);
    assert.equal(await cache.get("short"), undefined);
    assert.equal(await cache.get("long"), "stays");
  },
  "incr is atomic under 50 concurrent calls": async ({ cache }) => {
    // Half with a TTL (Upstash: MULTI/EXEC requests), half without (auto-pipelined INCRs).
    const calls = Array.from({ length: 50 }, (_, i) => cache.incr("hits", i % 2 ? { ttlSeconds: 60 } : undefined));
    const counts = await Promise.all(calls);
    assert.deepEqual(counts.sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.equal(await cache.get("hits"), 50);
  },
  "incr with ttl expires and restarts at 1": async ({ cache, advance }) => {
    assert.equal(await cache.incr("rate", { ttlSeconds: 0.3 }), 1);
    assert.equal(await cache.incr("rate", { ttlSeconds: 0.3 }), 2);
    await advance(450);
    assert.equal(await cache.get("rate"), undefined);
    assert.equal(await cache.incr("rate", { ttlSeconds: 0.3 }), 1);
  },
  "incr does not extend the ttl set when the key was created": async ({ cache, advance }) => {
    await cache.incr("window", { ttlSeconds: 0.4 });
    await advance(250);
    assert.equal(await cache.incr("window", { ttlSeconds: 0.4 }), 2);
    await advance(250);
    assert.equal(await cache.get("window"), undefined);
  },
  "rejects values that are not JSON and bad ttls": async ({ cache }) => {
    await assert.rejects(cache.set("fn", () => 1), /Cannot set cache key "fn"/);
    await assert.rejects(cache.set("t", 1, { ttlSeconds: 0 }), RangeError);
    await assert.rejects(cache.incr("t", { ttlSeconds: -1 }), RangeError);
  },
};

for (const [name, body] of Object.entries(suite)) {
  Deno.test(`MemoryCache: ${name}`, withMemory(body));
  Deno.test({ name: `UpstashCache: ${name}`, ignore: !hasRedis, fn: withUpstash(body) });
}

Deno.test("MemoryCache: evicts the least recently used entry", async () => {
  const cache = new MemoryCache({ maxEntries: 3 });
  await cache.set("a", 1);
  await cache.set("b", 2);
  await cache.set("c", 3);
  assert.equal(await cache.get("a"), 1); // a is now the most recently used
  await cache.set("d", 4); // evicts b
  assert.equal(await cache.get("b"), undefined);
  assert.deepEqual(
    [await cache.get("a"), await cache.get("c"), await cache.get("d")],
    [1, 3, 4],
  );
  await cache.incr("e"); // incr counts as a write: evicts a (least recently read)
  assert.equal(await cache.get("a"), undefined);
});

Deno.test("MemoryCache: values are copies, not shared references", async () => {
  const cache = new MemoryCache({ maxEntries: 10 });
  const value = { list: [1] };
  await cache.set("v", value);
  value.list.push(2);
  assert.deepEqual(await cache.get("v"), { list: [1] });
});

Deno.test("createCache picks the backend from its options", () => {
  assert.equal(createCache({ maxEntries: 10 }).kind, "memory");
  const upstash = createCache({ maxEntries: 10, upstash: { url: "http://127.0.0.1:1", token: "t" } });
  assert.equal(upstash.kind, "upstash");
  assert.throws(() => createCache({ maxEntries: 0 }), RangeError);
});

Deno.test({
  name: "UpstashCache: stores JSON text under its prefix, isolated from other prefixes",
  ignore: !hasRedis,
  fn: withUpstash(async ({ cache, url, token, prefix }) => {
    const otherPrefix = uniquePrefix();
    const other = new UpstashCache({ url, token, prefix: otherPrefix });
    try {
      await cache.set("shared", { owner: "first" });
      assert.equal(await other.get("shared"), undefined);
      await other.set("shared", { owner: "second" });
      assert.deepEqual(await cache.get("shared"), { owner: "first" });
      assert.deepEqual(await other.get("shared"), { owner: "second" });
      await other.delete("shared");
      assert.deepEqual(await cache.get("shared"), { owner: "first" });

      const redis = await RespClient.connect(REDIS_URL);
      const raw = await redis.send(["GET", `${prefix}shared`]);
      await redis.close();
      assert.equal(new TextDecoder().decode(raw as Uint8Array), '{"owner":"first"}');
    } finally {
      await dropKeys(otherPrefix);
    }
  }),
});

Deno.test({
  name: "UpstashCache: a wrong token makes calls reject",
  ignore: !hasRedis,
  fn: withUpstash(async ({ url, prefix }) => {
    const cache = new UpstashCache({ url, token: "wrong-token", prefix });
    await assert.rejects(cache.get("k"), /Cannot get cache key "k": .*Unauthorized/);
    await assert.rejects(cache.set("k", { secret: 1 }), (error: Error) => {
      assert.match(error.message, /Unauthorized/);
      assert.doesNotMatch(error.message, /secret/); // the value is not echoed into the error
      return true;
    });
    await assert.rejects(cache.incr("k", { ttlSeconds: 5 }), /Unauthorized/);
  }),
});

Deno.test({
  name: "test server: speaks the Upstash REST protocol (base64, pipeline, multi-exec, errors)",
  ignore: !hasRedis,
  fn: withUpstash(async ({ url, token, prefix }) => {
    const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(url + path, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const key = `${prefix}raw`;
    assert.deepEqual(await post("/", ["SET", key, "héllo", "EX", 10]), {
      status: 200,
      body: { result: "OK" },
    });
    assert.deepEqual((await post("/", ["GET", key])).body, { result: "héllo" });
    const b64 = btoa(String.fromCharCode(...new TextEncoder().encode("héllo")));
    assert.deepEqual((await post("/", ["GET", key], { "upstash-encoding": "base64" })).body, {
      result: b64,
    });
    assert.deepEqual(
      (await post("/pipeline", [["MGET", key, `${prefix}none`], ["INCR", key]], {
        "upstash-encoding": "base64",
      })).body,
      [{ result: [b64, null] }, { error: "ERR value is not an integer or out of range" }],
    );
    assert.deepEqual(
      (await post("/multi-exec", [["INCR", `${prefix}n`], ["INCR", `${prefix}n`]]))
        .body,
      [{ result: 1 }, { result: 2 }],
    );
    assert.equal((await post("/", ["NOSUCHCOMMAND"])).status, 400);
    assert.equal((await post("/", ["MULTI"])).status, 400);
    const res = await fetch(url, { method: "POST", body: '["PING"]' });
    assert.equal(res.status, 401);
    await res.body?.cancel();
  }),
});
