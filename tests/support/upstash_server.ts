/**
 * A test-only HTTP server speaking the Upstash Redis REST protocol in front of a real Redis
 * (REDIS_URL, default redis://127.0.0.1:6379), so `npm:@upstash/redis` can be tested locally.
 *
 * - `POST /` with a JSON command array → `{"result": …}` or `{"error": …}` (HTTP 400).
 * - `POST /pipeline` and `POST /multi-exec` with an array of commands → `[{"result"}|{"error"}]`.
 * - `Authorization: Bearer <token>` is required (401 otherwise).
 * - With `Upstash-Encoding: base64`, bulk strings (also inside arrays) are base64 in the reply;
 *   simple strings such as "OK" stay plain, as the real service does.
 */
import { encodeBase64 } from "../../src/crypto/base64.ts";
import { RespClient, RespError, type RespValue } from "./resp_client.ts";

/** A running server; `close` stops it and its Redis connection. */
export interface UpstashServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

/** Commands that would change the state of the shared connection. */
const FORBIDDEN = new Set([
  "MULTI",
  "EXEC",
  "DISCARD",
  "WATCH",
  "UNWATCH",
  "SUBSCRIBE",
  "PSUBSCRIBE",
  "SSUBSCRIBE",
  "MONITOR",
  "QUIT",
  "RESET",
  "SELECT",
  "HELLO",
]);

const decoder = new TextDecoder();

function redisUrl(): string {
  return Deno.env.get("REDIS_URL") ?? "redis://127.0.0.1:6379";
}

/** Whether Redis at REDIS_URL answers PING. */
export async function redisAvailable(): Promise<boolean> {
  try {
    const client = await RespClient.connect(redisUrl());
    try {
      return (await client.send(["PING"])) === "PONG";
    } finally {
      await client.close();
    }
  } catch {
    return false;
  }
}

function parseCommand(raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new RespError("ERR command must be a non-empty JSON array");
  }
  const args = raw.map((arg) => {
    if (["string", "number", "boolean"].includes(typeof arg)) return String(arg);
    throw new RespError("ERR command arguments must be strings or numbers");
  });
  if (FORBIDDEN.has(args[0].toUpperCase())) {
    throw new RespError(`ERR command ${args[0]} is not allowed`);
  }
  return args;
}

function toJson(value: RespValue, base64: boolean): unknown {
  if (value instanceof Uint8Array) return base64 ? encodeBase64(value) : decoder.decode(value);
  if (Array.isArray(value)) return value.map((v) => toJson(v, base64));
  if (value instanceof RespError) return value.message;
  return value;
}

function toEntry(value: RespValue, base64: boolean): { result: unknown } | { error: string } {
  return value instanceof RespError ? { error: value.message } : { result: toJson(value, base64) };
}

async function execute(redis: RespClient, path: string, body: unknown, base64: boolean) {
  if (path === "/") {
    const reply = await redis.send(parseCommand(body));
    return { result: toJson(reply, base64) };
  }
  if (!Array.isArray(body) || body.length === 0) {
    throw new RespError("ERR pipeline body must be a non-empty array of commands");
  }
  const commands = body.map(parseCommand);
  if (path === "/pipeline") {
    return (await redis.batch(commands)).map((reply) => toEntry(reply, base64));
  }
  const replies = await redis.batch([["MULTI"], ...commands, ["EXEC"]]);
  const exec = replies[replies.length - 1];
  if (exec instanceof RespError) throw exec;
  if (!Array.isArray(exec)) throw new RespError("ERR transaction aborted");
  return exec.map((reply) => toEntry(reply, base64));
}

/** Starts the server on 127.0.0.1 with a random port; the token defaults to a random UUID. */
export async function startUpstashServer(
  opts: { token?: string } = {},
): Promise<UpstashServer> {
  const token = opts.token ?? crypto.randomUUID();
  const redis = await RespClient.connect(redisUrl());
  const json = (body: unknown, status = 200) => Response.json(body, { status });

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (req.method !== "POST") return json({ error: "Method not allowed" }, 405);
    if (req.headers.get("authorization") !== `Bearer ${token}`) {
      return json({ error: "Unauthorized" }, 401);
    }
    if (!["/", "/pipeline", "/multi-exec"].includes(path)) {
      return json({ error: `Not found: ${path}` }, 404);
    }
    let body: unknown;
    try {
      body = await req.json();
    } catch {
      return json({ error: "ERR request body is not valid JSON" }, 400);
    }
    const base64 = req.headers.get("upstash-encoding")?.toLowerCase() === "base64";
    try {
      return json(await execute(redis, path, body, base64));
    } catch (error) {
      if (error instanceof RespError) return json({ error: error.message }, 400);
      return json({ error: `ERR ${(error as Error).message}` }, 500);
    }
  });

  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    token,
    async close() {
      await server.shutdown();
      await redis.close();
    },
  };
}
