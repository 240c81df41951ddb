/**
 * The cache: an in-memory LRU by default, Upstash Redis (REST) when configured.
 * Values are JSON; a missing or expired key reads as `undefined`.
 */
import { Redis } from "@upstash/redis";

/** Options for writes that may expire. `ttlSeconds` may be fractional (millisecond precision). */
export interface TtlOptions {
  ttlSeconds?: number;
}

/** A key-value cache of JSON values. */
export interface Cache {
  readonly kind: "memory" | "upstash";
  /** The value stored at `key`, or `undefined` when it is missing or expired. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Stores a JSON-serializable value, replacing any value and TTL already there. */
  set(key: string, value: unknown, opts?: TtlOptions): Promise<void>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Atomically adds 1 and returns the new count (a missing key starts at 1). The TTL is applied
   * only when the key has none, i.e. when `incr` creates it; later calls do not extend it.
   */
  incr(key: string, opts?: TtlOptions): Promise<number>;
  /** Releases resources, when the implementation holds any. */
  close?(): Promise<void>;
}

function serialize(key: string, value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) {
    throw new TypeError(`Cannot set cache key "${key}": value is not JSON-serializable`);
  }
  return text;
}

function deserialize<T>(key: string, text: string | null | undefined): T | undefined {
  if (text === null || text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new SyntaxError(`Cannot parse cache key "${key}": stored value is not JSON`);
  }
}

function ttlMillis(opts?: TtlOptions): number | undefined {
  const ttl = opts?.ttlSeconds;
  if (ttl === undefined) return undefined;
  if (!Number.isFinite(ttl) || ttl <= 0) {
    throw new RangeError(`Cannot use cache TTL: ttlSeconds must be a positive number, got ${ttl}`);
  }
  return Math.ceil(ttl * 1000);
}

interface Entry {
  text: string;
  expiresAt?: number;
}

/** An in-process LRU cache; expired entries are dropped when they are read. */
export class MemoryCache implements Cache {
  readonly kind = "memory";
  #entries = new Map<string, Entry>(); // insertion order = least to most recently used
  #maxEntries: number;
  #now: () => number;

  /** `now` (milliseconds) is injectable for tests; it defaults to `Date.now`. */
  constructor(opts: { maxEntries: number; now?: () => number }) {
    if (!Number.isInteger(opts.maxEntries) || opts.maxEntries < 1) {
      throw new RangeError(
        `Cannot create memory cache: maxEntries must be a positive integer, got ${opts.maxEntries}`,
      );
    }
    this.#maxEntries = opts.maxEntries;
    this.#now = opts.now ?? Date.now;
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.#now()) return undefined;
    this.#entries.set(key, entry); // move to the most recently used end
    return entry;
  }

  #store(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
  }

  get<T = unknown>(key: string): Promise<T | undefined> {
    return Promise.resolve().then(() => deserialize<T>(key, this.#live(key)?.text));
  }

  set(key: string, value: unknown, opts?: TtlOptions): Promise<void> {
    return Promise.resolve().then(() => {
      const ttl = ttlMillis(opts);
      const text = serialize(key, value);
      this.#store(key, { text, expiresAt: ttl === undefined ? undefined : this.#now() + ttl });
    });
  }

  delete(key: string): Promise<void> {
    this.#entries.delete(key);
    return Promise.resolve();
  }

  incr(key: string, opts?: TtlOptions): Promise<number> {
    return Promise.resolve().then(() => {
      const ttl = ttlMillis(opts);
      const entry = this.#live(key);
      if (!entry) {
        const expiresAt = ttl === undefined ? undefined : this.#now() + ttl;
        this.#store(key, { text: "1", expiresAt });
        return 1;
      }
      const count = Number(entry.text);
      if (!Number.isSafeInteger(count)) {
        throw new TypeError(`Cannot increment cache key "${key}": value is not an integer`);
      }
      entry.text = String(count + 1);
      // Like EXPIRE NX: a TTL is only added to a key that has none.
      if (ttl !== undefined && entry.expiresAt === undefined) entry.expiresAt = this.#now() + ttl;
      return count + 1;
    });
  }
}

/** A cache on Upstash Redis over REST; keys are namespaced by `prefix` (default "lf:"). */
export class UpstashCache implements Cache {
  readonly kind = "upstash";
  #redis: Redis;
  #prefix: string;

  constructor(opts: { url: string; token: string; prefix?: string }) {
    // We store JSON text ourselves, so the client must hand strings back untouched.
    this.#redis = new Redis({ url: opts.url, token: opts.token, automaticDeserialization: false });
    this.#prefix = opts.prefix ?? "lf:";
  }

  async #call<T>(action: string, key: string, run: (k: string) => Promise<T>): Promise<T> {
    try {
      return await run(this.#prefix + key);
    } catch (error) {
      // Upstash errors quote the whole command (values included): keep only the reason.
      const reason = String((error as Error)?.message ?? error).split(", command was:")[0];
      throw new Error(`Cannot ${action} cache key "${key}": ${reason}`);
    }
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const text = await this.#call("get", key, (k) => this.#redis.get<string>(k));
    return deserialize<T>(key, text);
  }

  async set(key: string, value: unknown, opts?: TtlOptions): Promise<void> {
    const ttl = ttlMillis(opts);
    const text = serialize(key, value);
    await this.#call(
      "set",
      key,
      (k) => ttl === undefined ? this.#redis.set(k, text) : this.#redis.set(k, text, { px: ttl }),
    );
  }

  async delete(key: string): Promise<void> {
    await this.#call("delete", key, (k) => this.#redis.del(k));
  }

  async incr(key: string, opts?: TtlOptions): Promise<number> {
    const ttl = ttlMillis(opts);
    const count = await this.#call("increment", key, async (k) => {
      if (ttl === undefined) return await this.#redis.incr(k);
      // One round trip, atomic: INCR, then PEXPIRE NX sets the TTL only if none is set yet.
      const [n] = await this.#redis.multi().incr(k).pexpire(k, ttl, "NX").exec();
      return n;
    });
    return Number(count);
  }
}

/** The Upstash cache when credentials are given, otherwise an in-memory LRU. */
export function createCache(
  opts: { upstash?: { url: string; token: string }; maxEntries: number },
): Cache {
  return opts.upstash ? new UpstashCache(opts.upstash) : new MemoryCache(opts);
}
